/**
 * Vendor identity markers: what the duplicate check at registration reads instead of every vendor.
 *
 * Each vendor has one marker per identity (its normalised name, its contact email's domain):
 * `VENDORIDENTITY#name:<n>` / `VENDOR#<vid>`. The first vendor of an identity also holds the fixed
 * key `VENDORIDENTITY#…` / `HOLDER`, so the check is ONE BatchGetItem of (at most) two known keys;
 * only when a holder is found (the 409 path) are the partitions queried to name every vendor that
 * shares the identity. All markers are new or idempotent items, written in the registration's
 * batch (no extra call).
 *
 * Vendors registered before the markers (or before the holders) existed have none:
 * `backfillVendorIdentities` writes them, idempotently. The local runtime runs it on start (local
 * data migration); on AWS: `npm run backfill:identities -- --table <name>` (bin/backfill-vendor-identities.ts).
 */
import type { Item, Key } from '../adapters/dynamodb/item-store.ts';
import { TABLE_KEYS } from '../adapters/dynamodb/table-layout.ts';
import type { Deps } from '../composition.ts';
import {
  emailDomain,
  findDuplicates,
  normaliseVendorName,
  type VendorIdentity,
} from '../domain/vendor-duplicates.ts';
import { AppError } from '../errors.ts';
import type { Vendor } from '../schemas/vendor.ts';

const HOLDER = 'HOLDER';

type Identity = { name: string; contactEmail: string };

/** The identity partitions of a vendor (or a registration): its name, and its domain unless public. */
export function identityPartitions(v: Identity): string[] {
  const domain = emailDomain(v.contactEmail);
  return [
    `VENDORIDENTITY#name:${normaliseVendorName(v.name)}`,
    ...(domain ? [`VENDORIDENTITY#domain:${domain}`] : []),
  ];
}

const marker = (PK: string, SK: string, v: Identity & { id: string }) => ({
  PK,
  SK,
  entity: 'VendorIdentity',
  id: v.id,
  name: v.name,
  contactEmail: v.contactEmail,
});

/**
 * The markers to write with a new vendor: one per identity, plus the holder of each identity that
 * has none yet (`held`: the partitions whose holder the check found).
 */
export function identityItems(vendor: Vendor, held: ReadonlySet<string>): (Item & Key)[] {
  return identityPartitions(vendor).flatMap((pk) => [
    marker(pk, `VENDOR#${vendor.id}`, vendor),
    ...(held.has(pk) ? [] : [marker(pk, HOLDER, vendor)]),
  ]);
}

/** The identity partitions that already have a holder: one BatchGetItem (strongly consistent). */
export async function heldIdentities(deps: Pick<Deps, 'store'>, request: Identity): Promise<Set<string>> {
  const found = await deps.store.batchGetRaw(identityPartitions(request).map((PK) => ({ PK, SK: HOLDER })));
  return new Set(found.map((i) => i.PK));
}

/** Every vendor that shares one of the held identities (the 409 path only). */
async function vendorsOf(deps: Pick<Deps, 'store'>, partitions: readonly string[]) {
  const pages = await Promise.all(
    partitions.map((pk) =>
      deps.store.query<VendorIdentity>(
        {
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :vendor)',
          ExpressionAttributeValues: { ':pk': pk, ':vendor': 'VENDOR#' },
          ConsistentRead: true,
        },
        { limit: 20 },
      ),
    ),
  );
  // The same vendor may match by name and by domain: listed once, by the first reason.
  return [...new Map(pages.flatMap((p) => p.items).map((v) => [v.id, v])).values()];
}

const REASON_WORDS = {
  same_name: 'the same name',
  same_contact_domain: 'a contact at the same email domain',
};

/**
 * Refuses a registration that duplicates a vendor we have (409 naming them). Returns the held
 * identities, which decide the markers the registration writes.
 */
export async function checkDuplicates(
  deps: Pick<Deps, 'store'>,
  request: Identity,
  allowDuplicate: boolean,
): Promise<Set<string>> {
  const held = await heldIdentities(deps, request);
  if (allowDuplicate || held.size === 0) return held;
  const duplicates = findDuplicates(request, await vendorsOf(deps, [...held]));
  const first = duplicates[0];
  if (!first) return held;
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

/**
 * Writes the markers of every vendor that lacks them (vendors registered before markers or holders
 * existed). Idempotent: a marker is the same item every time, and a holder is only created where
 * none exists (oldest vendor first), so running it twice changes nothing.
 */
export async function backfillVendorIdentities(
  deps: Pick<Deps, 'store'>,
): Promise<{ vendors: number; written: number }> {
  const vendors: Vendor[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await deps.store.queryItems<Vendor>(
      {
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': 'VENDORS' },
      },
      { limit: 500, cursor, consistent: true },
    );
    vendors.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  vendors.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));

  const wanted = vendors.flatMap((v) => identityPartitions(v).map((pk) => ({ pk, v })));
  const present = new Set(
    (
      await deps.store.batchGetRaw([
        ...wanted.map(({ pk, v }) => ({ PK: pk, SK: `VENDOR#${v.id}` })),
        ...[...new Set(wanted.map((w) => w.pk))].map((PK) => ({ PK, SK: HOLDER })),
      ])
    ).map((i) => `${i.PK}\u0000${i.SK}`),
  );
  const missing: (Item & Key)[] = [];
  for (const { pk, v } of wanted) {
    if (!present.has(`${pk}\u0000VENDOR#${v.id}`)) missing.push(marker(pk, `VENDOR#${v.id}`, v));
  }
  let written = missing.length;
  await deps.store.createAll(missing);
  // Holders: conditional creates, the oldest vendor of each identity first (a racing registration
  // that wrote a holder meanwhile keeps it).
  for (const { pk, v } of wanted) {
    if (present.has(`${pk}\u0000${HOLDER}`)) continue;
    if (await deps.store.create(marker(pk, HOLDER, v))) written++;
    present.add(`${pk}\u0000${HOLDER}`);
  }
  return { vendors: vendors.length, written };
}
