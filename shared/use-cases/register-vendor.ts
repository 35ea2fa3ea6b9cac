/** Procurement registers a vendor: validate the intake, tier it, store it, record it. */
import { TABLE_KEYS } from '../adapters/dynamodb/table-layout.ts';
import type { Deps } from '../composition.ts';
import { tierVendor } from '../domain/tiering.ts';
import { findDuplicates, type VendorIdentity } from '../domain/vendor-duplicates.ts';
import { AppError, notFound } from '../errors.ts';
import { newVendorId } from '../ids.ts';
import { logger } from '../logger.ts';
import { RegisterVendorRequest, type Vendor } from '../schemas/vendor.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { requestBaa } from './baa.ts';
import { parseInput } from './validation.ts';

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
  await deps.vendors.create(vendor);
  await audit(deps, {
    vendorId: vendor.id,
    actor,
    action: 'vendor.registered',
    target: { type: 'vendor', id: vendor.id },
    summary: `Registered ${vendor.name}: tier ${tier}${baaRequired ? ', BAA required' : ''}`,
    after: { tier, baaRequired, intake: vendor.intake },
  });
  if (vendor.baaRequired) {
    // PHI: the BAA request goes out at once. If mail is down, the vendor is still registered and
    // the launch workflow's RequestBaa step sends it later (it is idempotent).
    try {
      await requestBaa(deps, { vendorId: vendor.id });
    } catch (error) {
      logger.warn('BAA request deferred', {
        vendorId: vendor.id,
        errorName: error instanceof Error ? error.name : 'Error',
      });
    }
    return (await deps.vendors.get(vendor.id)) ?? vendor;
  }
  return vendor;
}

/** Every registered vendor's name and contact (the GSI1 list, projected), for duplicate checks. */
async function vendorIdentities(deps: Deps): Promise<VendorIdentity[]> {
  const out: VendorIdentity[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await deps.store.query<VendorIdentity>(
      {
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': 'VENDORS' },
        ProjectionExpression: 'id, #n, contactEmail',
        ExpressionAttributeNames: { '#n': 'name' },
      },
      { limit: 1000, ...(cursor ? { cursor } : {}) },
    );
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

const REASON_WORDS = {
  same_name: 'the same name',
  same_contact_domain: 'a contact at the same email domain',
};

async function refuseDuplicates(deps: Deps, request: { name: string; contactEmail: string }) {
  const duplicates = findDuplicates(request, await vendorIdentities(deps));
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
