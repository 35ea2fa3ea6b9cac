/**
 * A documented BAA exemption: a vendor that handles PHI but needs no Business Associate Agreement,
 * for example a health care provider receiving PHI for the individual's treatment (the definition
 * of "business associate" excludes it) or a mere conduit that only transports PHI. Compliance alone
 * records it, at intake, with the reason and the citation it relies on; it is audited and shown on
 * the vendor page. It is not a gate override: the approval gate simply needs no BAA for the vendor.
 */
import type { Deps } from '../composition.ts';
import { clearDue } from '../domain/due-index.ts';
import { AppError, notFound } from '../errors.ts';
import { BAA_STATUS_LABELS, humanDate, labelOf } from '../labels.ts';
import { BaaExemptionRequest, BaaExemptionRevocation, type Vendor } from '../schemas/vendor.ts';
import { type Actor, requireCompliance } from './actor.ts';
import { audit } from './audit.ts';
import { requestBaa } from './baa.ts';
import { applyEvent, ensureMainBaa, MAIN_BAA, saveBaa } from './baa-records.ts';
import { parseInput } from './validation.ts';

/** Exemption bases offered to compliance, in plain words (the citation is compliance's to give). */
export const BAA_EXEMPTION_BASES: Record<BaaExemptionRequest['basis'], string> = {
  treatment_provider: 'A health care provider receiving PHI for the treatment of the individual',
  conduit: 'A mere conduit that transports PHI without routine access to it',
  other: 'Another documented exception',
};

/** BAA statuses an exemption may replace: nothing has been negotiated, let alone signed. */
const EXEMPTIBLE = new Set(['not_required', 'required', 'sent']);

export async function recordBaaExemption(deps: Deps, actor: Actor, vendorId: string, body: unknown) {
  requireCompliance(actor, 'record a BAA exemption');
  const request = parseInput(BaaExemptionRequest, body, 'BAA exemption');
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  if (!vendor.intake.handlesPhi) {
    throw new AppError(
      'exemption_not_needed',
      'This vendor handles no PHI: no BAA is required, so none is exempted',
      409,
    );
  }
  if (vendor.baaExemption) {
    throw new AppError(
      'exemption_exists',
      `A BAA exemption was already recorded on ${vendor.baaExemption.at.slice(0, 10)}`,
      409,
    );
  }
  const baa = await deps.baas.get(vendorId, MAIN_BAA);
  if (baa && !EXEMPTIBLE.has(baa.status)) {
    throw new AppError(
      'baa_in_progress',
      `The vendor's BAA is ${labelOf(BAA_STATUS_LABELS, baa.status).toLowerCase()}: an exemption is recorded at intake, before any agreement is negotiated or signed`,
      409,
    );
  }
  const at = deps.clock.now().toISOString();
  if (baa && baa.status !== 'not_required') {
    await saveBaa(deps, {
      ...applyEvent(baa, { type: 'unrequire' }, actor, at, `BAA exemption: ${request.reason}`),
      responseDueAt: undefined,
      ...clearDue(),
    });
  }
  const exemption: NonNullable<Vendor['baaExemption']> = { ...request, by: actor.id, at };
  const fresh = (await deps.vendors.get(vendorId))!;
  const saved = await deps.vendors.save({
    ...fresh,
    baaExemption: exemption,
    baaRequired: false,
    baaStatus: 'not_required',
    updatedAt: at,
  });
  await links(deps, vendorId, at);
  await audit(deps, {
    vendorId,
    actor,
    action: 'vendor.baa_exempted',
    target: { type: 'vendor', id: vendorId },
    summary: `Recorded a BAA exemption (${BAA_EXEMPTION_BASES[request.basis].toLowerCase()}): ${request.reason} [${request.citation}]`,
    before: { baaRequired: vendor.baaRequired, baaStatus: vendor.baaStatus },
    after: { baaRequired: false, basis: request.basis, citation: request.citation },
  });
  return saved;
}

/**
 * Compliance withdraws an exemption (the services changed, or the basis no longer holds): the
 * vendor needs a BAA again, so the request goes out as at registration, with its response deadline.
 * The exemption itself stays in the audit trail.
 */
export async function revokeBaaExemption(deps: Deps, actor: Actor, vendorId: string, body: unknown) {
  requireCompliance(actor, 'revoke a BAA exemption');
  const request = parseInput(BaaExemptionRevocation, body, 'BAA exemption revocation');
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const exemption = vendor.baaExemption;
  if (!exemption) {
    throw new AppError('no_exemption', 'This vendor has no BAA exemption to revoke', 409);
  }
  const at = deps.clock.now().toISOString();
  const baaRequired = vendor.intake.handlesPhi;
  const { baaExemption: _dropped, ...rest } = vendor;
  let current = await deps.vendors.save({ ...rest, baaRequired, updatedAt: at });
  let requested = false;
  if (baaRequired) {
    const baa = await ensureMainBaa(deps, current);
    if (baa?.status === 'not_required') {
      await saveBaa(
        deps,
        applyEvent(baa, { type: 'require' }, actor, at, `BAA exemption revoked: ${request.reason}`),
      );
    }
    const result = await requestBaa(deps, { vendorId });
    requested = result.requested;
    if ('vendor' in result && result.vendor) current = result.vendor;
  }
  await audit(deps, {
    vendorId,
    actor,
    action: 'vendor.baa_exemption_revoked',
    target: { type: 'vendor', id: vendorId },
    summary: `Revoked the BAA exemption recorded on ${humanDate(exemption.at)}: ${request.reason}${requested ? '; the BAA request was emailed to the vendor' : ''}`,
    before: { basis: exemption.basis, citation: exemption.citation },
    after: { baaRequired },
  });
  return current;
}

/** The vendor's BAA link no longer leads anywhere useful once no BAA is asked for. */
async function links(deps: Deps, vendorId: string, at: string) {
  await deps.links.revokeAllBaa(vendorId, at);
}
