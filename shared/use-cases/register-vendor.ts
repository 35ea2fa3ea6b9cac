/** Procurement registers a vendor: validate the intake, tier it, store it, record it. */
import type { Deps } from '../composition.ts';
import { tierVendor } from '../domain/tiering.ts';
import { notFound } from '../errors.ts';
import { newVendorId } from '../ids.ts';
import { logger } from '../logger.ts';
import { RegisterVendorRequest, type Vendor } from '../schemas/vendor.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { requestBaa } from './baa.ts';
import { parseInput } from './validation.ts';

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

export async function getVendor(deps: Deps, vendorId: string): Promise<Vendor> {
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  return vendor;
}
