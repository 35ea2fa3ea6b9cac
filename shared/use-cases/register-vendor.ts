/** Procurement registers a vendor: validate the intake, tier it, store it, record it. */
import { toItem as baaItem } from '../adapters/dynamodb/baa-repository.ts';
import { incidentLinkItem } from '../adapters/dynamodb/incident-repository.ts';
import { toItem as linkItem } from '../adapters/dynamodb/link-repository.ts';
import { toItem as vendorItem } from '../adapters/dynamodb/vendor-repository.ts';
import type { Deps } from '../composition.ts';
import { tierVendor } from '../domain/tiering.ts';
import { DAY_MS } from '../domain/time.ts';
import { notFound } from '../errors.ts';
import { newLinkToken, newVendorId, sha256Hex } from '../ids.ts';
import { logger } from '../logger.ts';
import { RegisterVendorRequest, type Vendor } from '../schemas/vendor.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { MAIN_BAA, requestBaa } from './baa.ts';
import { newBaa } from './baa-records.ts';
import { newIncidentLink } from './incident-link.ts';
import { parseInput } from './validation.ts';

/** How long the BAA page link of the request email stays valid (as `issueBaaLink`'s default). */
const BAA_LINK_DAYS = 90;

export async function registerVendor(deps: Deps, actor: Actor, body: unknown): Promise<Vendor> {
  const request = parseInput(RegisterVendorRequest, body, 'vendor registration');
  const { tier, baaRequired, reasons } = tierVendor(request.intake);
  const now = deps.clock.now().toISOString();
  const vendor: Vendor = {
    id: newVendorId(),
    ...request,
    tier,
    tierReasons: reasons,
    baaRequired,
    baaStatus: baaRequired ? 'required' : 'not_required',
    stage: 'intake',
    createdAt: now,
    createdBy: actor.id,
    updatedAt: now,
    version: 1,
  };
  if (!vendor.baaRequired) {
    await deps.vendors.create(vendor);
    deps.audit.startTrail(vendor.id);
    await audit(deps, registered(vendor, actor));
    return vendor;
  }

  // PHI: the BAA request goes out at once. The vendor, its BAA record and the BAA page link are all
  // new keys made here, so they are written in one call; the email follows, then the BAA moves to
  // sent. If mail is down, the vendor is still registered and the launch workflow's RequestBaa step
  // sends it later (it is idempotent).
  const baa = newBaa(vendor, MAIN_BAA, { type: 'vendor', name: vendor.name }, now);
  const token = newLinkToken();
  // The standing incident link is printed in the request's footer: made here, in the same batch.
  const incident = newIncidentLink(deps, vendor.id, new Date(now));
  await deps.store.createAll([
    linkItem(incident.link),
    incidentLinkItem(incident.record),
    vendorItem(vendor),
    baaItem(baa),
    linkItem({
      tokenHash: sha256Hex(token),
      scope: 'baa',
      vendorId: vendor.id,
      createdAt: now,
      expiresAt: new Date(Date.parse(now) + BAA_LINK_DAYS * DAY_MS).toISOString(),
    }),
  ]);
  deps.audit.startTrail(vendor.id);
  await audit(deps, registered(vendor, actor));
  let requested: Awaited<ReturnType<typeof requestBaa>>;
  try {
    requested = await requestBaa(
      deps,
      { vendorId: vendor.id },
      { vendor, baa, portalUrl: `${deps.config.baseUrl}/portal/${token}/baa`, incidentUrl: incident.url },
    );
  } catch (error) {
    logger.warn('BAA request deferred', {
      vendorId: vendor.id,
      errorName: error instanceof Error ? error.name : 'Error',
    });
    return (await deps.vendors.get(vendor.id)) ?? vendor;
  }
  return (
    ('vendor' in requested ? requested.vendor : undefined) ?? (await deps.vendors.get(vendor.id)) ?? vendor
  );
}

const registered = (vendor: Vendor, actor: Actor) => ({
  vendorId: vendor.id,
  actor,
  action: 'vendor.registered',
  target: { type: 'vendor', id: vendor.id },
  summary: `Registered ${vendor.name}: tier ${vendor.tier}${vendor.baaRequired ? ', BAA required' : ''}`,
  after: { tier: vendor.tier, baaRequired: vendor.baaRequired, intake: vendor.intake },
});

export async function getVendor(deps: Deps, vendorId: string): Promise<Vendor> {
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  return vendor;
}
