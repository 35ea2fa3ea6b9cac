/** Procurement registers a vendor: validate the intake, tier it, store it, record it. */

import { toItem as baaItem } from '../adapters/dynamodb/baa-repository.ts';
import { incidentLinkItem } from '../adapters/dynamodb/incident-repository.ts';
import { toItem as linkItem } from '../adapters/dynamodb/link-repository.ts';
import { toItem as vendorItem } from '../adapters/dynamodb/vendor-repository.ts';
import type { Deps } from '../composition.ts';
import { tierVendor } from '../domain/tiering.ts';
import { DAY_MS } from '../domain/time.ts';
import {
  emailDomain,
  findDuplicates,
  normaliseVendorName,
  type VendorIdentity,
} from '../domain/vendor-duplicates.ts';
import { AppError, notFound } from '../errors.ts';
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
  const { allowDuplicate, ...request } = parseInput(RegisterVendorRequest, body, 'vendor registration');
  if (!allowDuplicate) await refuseDuplicates(deps, request);
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
    // All new keys (a fresh random id): one batch.
    await deps.store.createAll([vendorItem(vendor), ...identityItems(vendor)]);
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
    ...identityItems(vendor),
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

/**
 * Identity markers: one item per normalised name and one per contact domain, written with the
 * vendor, so a duplicate check is two small queries (in parallel) instead of a read of every
 * vendor. Vendors registered before the markers existed are not matched (documented).
 */
const identityPartitions = (v: { name: string; contactEmail: string }) => {
  const domain = emailDomain(v.contactEmail);
  return [
    `VENDORIDENTITY#name:${normaliseVendorName(v.name)}`,
    ...(domain ? [`VENDORIDENTITY#domain:${domain}`] : []),
  ];
};

function identityItems(vendor: Vendor) {
  return identityPartitions(vendor).map((PK) => ({
    PK,
    SK: `VENDOR#${vendor.id}`,
    entity: 'VendorIdentity',
    id: vendor.id,
    name: vendor.name,
    contactEmail: vendor.contactEmail,
  }));
}

async function vendorIdentities(deps: Deps, request: { name: string; contactEmail: string }) {
  const pages = await Promise.all(
    identityPartitions(request).map((pk) =>
      deps.store.query<VendorIdentity>(
        { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } },
        { limit: 20 },
      ),
    ),
  );
  return pages.flatMap((p) => p.items);
}

const REASON_WORDS = {
  same_name: 'the same name',
  same_contact_domain: 'a contact at the same email domain',
};

async function refuseDuplicates(deps: Deps, request: { name: string; contactEmail: string }) {
  const duplicates = findDuplicates(request, await vendorIdentities(deps, request));
  const first = duplicates[0];
  if (!first) return;
  throw new AppError(
    'duplicate_vendor',
    `${first.vendor.name} is already registered with ${REASON_WORDS[first.reason]}. Open it instead, or register again with "allowDuplicate": true if this is a different vendor.`,
    409,
    {
      existing: duplicates.map((d) => ({
        id: d.vendor.id,
        name: d.vendor.name,
        contactEmail: d.vendor.contactEmail,
        reason: d.reason,
      })),
    },
  );
}

export async function getVendor(deps: Deps, vendorId: string): Promise<Vendor> {
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  return vendor;
}
