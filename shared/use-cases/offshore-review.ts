/**
 * Compliance reviews where a PHI vendor keeps our data (policy "offshorePhi", docs/offshore-data.md):
 * accepted or not, with a reason, audited. The review is bound to the data location it looked at;
 * when procurement later changes the countries or the support answer, the gate opens again.
 * Compliance only: an admin administers the product, it does not decide risk (403 compliance_only).
 */
import type { Deps } from '../composition.ts';
import { countryNames } from '../domain/countries.ts';
import { dataLocationFingerprint, offshoreReview } from '../domain/offshore-data.ts';
import { AppError, notFound } from '../errors.ts';
import { labelOf, OFFSHORE_REVIEW_LABELS, YES_NO_UNKNOWN_LABELS } from '../labels.ts';
import type { DataLocation } from '../schemas/intake.ts';
import { OffshoreReviewRequest, type Vendor } from '../schemas/vendor.ts';
import { type Actor, requireCompliance } from './actor.ts';
import { audit } from './audit.ts';
import { policiesOf } from './policies.ts';
import { parseInput } from './validation.ts';

export async function recordOffshoreReview(deps: Deps, actor: Actor, vendorId: string, body: unknown) {
  requireCompliance(actor, 'record an offshore data review');
  const request = parseInput(OffshoreReviewRequest, body, 'offshore data review');
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const location = vendor.intake.dataLocation;
  if (!location) {
    throw new AppError(
      'data_location_not_recorded',
      'Where the vendor keeps our data is not recorded on the intake: record the countries and support access first, then review them',
      409,
    );
  }
  const at = deps.clock.now().toISOString();
  const review: NonNullable<Vendor['offshoreReview']> = {
    ...request,
    reviewed: dataLocationFingerprint(location),
    by: actor.id,
    at,
  };
  const saved = await deps.vendors.save({ ...vendor, offshoreReview: review, updatedAt: at });
  await audit(deps, {
    vendorId,
    actor,
    action: 'vendor.offshore_reviewed',
    target: { type: 'vendor', id: vendorId },
    summary: `Offshore data review: ${labelOf(OFFSHORE_REVIEW_LABELS, request.decision).toLowerCase()} (${describeLocation(location)}): ${request.reason}`,
    before: vendor.offshoreReview
      ? { decision: vendor.offshoreReview.decision, at: vendor.offshoreReview.at }
      : { decision: null },
    after: { decision: request.decision, dataLocation: location },
  });
  return saved;
}

/** The offshore gate's input for a vendor (decide-vendor.ts, the vendor page's gate list). */
export function offshoreGateInput(deps: Deps, vendor: Vendor) {
  const policy = policiesOf(deps).offshorePhi;
  const { reviewRequired, reasons } = offshoreReview(
    vendor.intake.handlesPhi,
    vendor.intake.dataLocation,
    policy,
  );
  const review = vendor.offshoreReview;
  return {
    required: reviewRequired,
    reasons: reasons.map((r) => r.text.charAt(0).toLowerCase() + r.text.slice(1)),
    review: review
      ? {
          decision: review.decision,
          reason: review.reason,
          at: review.at,
          current: review.reviewed === dataLocationFingerprint(vendor.intake.dataLocation),
        }
      : null,
  };
}

/** "Stored or processed in United States, India; subcontractors: Ireland; offshore support: no". */
export function describeLocation(location: DataLocation): string {
  const subs = location.subcontractorCountries ?? [];
  return `vendor: ${countryNames(location.vendorCountries)}; subcontractors: ${subs.length ? countryNames(subs) : 'none'}; support from outside the United States: ${labelOf(YES_NO_UNKNOWN_LABELS, location.offshoreSupport).toLowerCase()}`;
}
