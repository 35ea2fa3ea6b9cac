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

import { humanDate } from '../labels.ts';
import { logger } from '../logger.ts';
import { RegisterVendorRequest, type Vendor } from '../schemas/vendor.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { MAIN_BAA, requestBaa } from './baa.ts';
import { newBaa } from './baa-records.ts';
import { newIncidentLink } from './incident-link.ts';
import { parseInput } from './validation.ts';
import { checkDuplicates, identityItems } from './vendor-identities.ts';

/** How long the BAA page link of the request email stays valid (as `issueBaaLink`'s default). */
const BAA_LINK_DAYS = 90;

export async function registerVendor(deps: Deps, actor: Actor, body: unknown): Promise<Vendor> {
  const { allowDuplicate, ...request } = parseInput(RegisterVendorRequest, body, 'vendor registration');
  // One BatchGetItem of the identity holders (vendor-identities.ts); they also decide the markers.
  const held = await checkDuplicates(deps, request, allowDuplicate === true);
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
    // New keys (a fresh random id) and the identity markers (idempotent; a holder only where the
    // check found none): one batch.
    await deps.store.createAll([vendorItem(vendor), ...identityItems(vendor, held)]);
    deps.audit.startTrail(vendor.id);
    await audit(deps, registered(vendor, actor));
    return vendor;
  }

  // PHI: the BAA request goes out at once. The vendor, its BAA record and the BAA page link are all
  // new keys made here, so they are written in one call with the identity markers; the email
  // follows, then the BAA moves to sent. If mail is down, the vendor is still registered and the
  // launch workflow's RequestBaa step sends it later (it is idempotent).
  const baa = newBaa(vendor, MAIN_BAA, { type: 'vendor', name: vendor.name }, now);
  const token = newLinkToken();
  // The standing incident link is printed in the request's footer: made here, in the same batch.
  const incident = newIncidentLink(deps, vendor.id, new Date(now));
  await deps.store.createAll([
    ...identityItems(vendor, held),
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
  // One audit event for the request: the registration, and the BAA request when it went out (its
  // own `baa.requested` event is for a request made later, e.g. by the launch workflow).
  let requested: Awaited<ReturnType<typeof requestBaa>>;
  try {
    requested = await requestBaa(
      deps,
      { vendorId: vendor.id },
      {
        vendor,
        baa,
        portalUrl: `${deps.config.baseUrl}/portal/${token}/baa`,
        incidentUrl: incident.url,
        audited: false,
      },
    );
  } catch (error) {
    logger.warn('BAA request deferred', {
      vendorId: vendor.id,
      errorName: error instanceof Error ? error.name : 'Error',
    });
    await audit(deps, registered(vendor, actor));
    return (await deps.vendors.get(vendor.id)) ?? vendor;
  }
  const stored = ('vendor' in requested ? requested.vendor : undefined) ?? vendor;
  await audit(deps, registered(vendor, actor, requested));
  return stored;
}

const registered = (
  vendor: Vendor,
  actor: Actor,
  baa?: { requested: boolean; status: string; responseDueAt?: string },
) => ({
  vendorId: vendor.id,
  actor,
  action: 'vendor.registered',
  target: { type: 'vendor', id: vendor.id },
  summary: `Registered ${vendor.name}: tier ${vendor.tier}${vendor.baaRequired ? ', BAA required' : ''}${
    baa?.requested
      ? `; emailed the BAA request${baa.responseDueAt ? `, due back ${humanDate(baa.responseDueAt)}` : ''}`
      : ''
  }`,
  after: {
    tier: vendor.tier,
    baaRequired: vendor.baaRequired,
    intake: vendor.intake,
    ...(baa?.requested ? { baaStatus: baa.status } : {}),
  },
});

export async function getVendor(deps: Deps, vendorId: string): Promise<Vendor> {
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  return vendor;
}
