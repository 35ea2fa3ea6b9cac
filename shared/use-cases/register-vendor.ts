/** Procurement registers a vendor: validate the intake, tier it, store it, record it. */
import type { Deps } from '../composition.ts';
import { tierVendor } from '../domain/tiering.ts';
import { notFound } from '../errors.ts';
import { newVendorId } from '../ids.ts';
import { RegisterVendorRequest, type Vendor } from '../schemas/vendor.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
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
  return vendor;
}

export async function getVendor(deps: Deps, vendorId: string): Promise<Vendor> {
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  return vendor;
}
