/**
 * Offshore PHI: when compliance must review where a vendor keeps our data before it is approved.
 *
 * This is POLICY, not a HIPAA rule. HIPAA does not forbid storing or processing PHI outside the
 * United States; a business associate is bound wherever it works by its BAA (45 CFR 164.504(e),
 * 164.314(a)) and must bind its subcontractors to the same terms (164.502(e)(1)(ii), 164.308(b)(2)).
 * What offshore data changes is the covered entity's risk analysis (164.308(a)(1)(ii)(A)): the
 * BAA is harder to enforce abroad, breach investigation is slower, and other laws may reach the
 * data. So the default policy asks compliance to look, once, and record a decision with a reason;
 * docs/offshore-data.md has the table this module implements.
 *
 * Pure: no I/O. The approval gate `offshore_reviewed` (approval-gates.ts) asks `offshoreReview`.
 */
import type { DataLocation } from '../schemas/intake.ts';
import * as z from '../schemas/zod.ts';
import { countryNames } from './countries.ts';

/**
 * `requireReview`: the gate applies at all (default on). `requireWhenNotRecorded`: a PHI vendor
 * whose intake predates the data-location questions (or skipped them) also needs the review
 * (default off, so that records kept before the questions existed are not suddenly blocked; the
 * vendor page asks for the answers instead).
 */
export const OffshorePhiPolicy = z.object({
  requireReview: z._default(z.boolean(), true),
  requireWhenNotRecorded: z._default(z.boolean(), false),
});
export type OffshorePhiPolicy = z.infer<typeof OffshorePhiPolicy>;
export const DEFAULT_OFFSHORE_PHI_POLICY: OffshorePhiPolicy = OffshorePhiPolicy.parse({});

/**
 * The United States and its territories (Puerto Rico, Guam, the US Virgin Islands, American Samoa,
 * the Northern Mariana Islands, the minor outlying islands) count as onshore: HIPAA and US courts
 * reach them alike (policy).
 */
export const ONSHORE: ReadonlySet<string> = new Set(['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM']);

/** Why a review is needed, in words a page or mail can show. */
export interface OffshoreReason {
  kind:
    | 'vendor_offshore'
    | 'subcontractor_offshore'
    | 'offshore_support'
    | 'support_unknown'
    | 'not_recorded';
  text: string;
}

export interface OffshoreAssessment {
  /** Compliance must record a review before approval. */
  reviewRequired: boolean;
  reasons: OffshoreReason[];
}

/**
 * Whether the data location calls for an offshore review, and why. Only vendors that handle PHI
 * are in scope (HIPAA protects PHI; a non-PHI vendor's hosting is a matter for the questionnaire).
 * "Unknown" support access counts as possibly offshore: nobody has checked, which is what the
 * review is for.
 */
export function offshoreReview(
  handlesPhi: boolean,
  location: DataLocation | undefined,
  policy: OffshorePhiPolicy = DEFAULT_OFFSHORE_PHI_POLICY,
): OffshoreAssessment {
  if (!policy.requireReview || !handlesPhi) return { reviewRequired: false, reasons: [] };
  if (!location) {
    return policy.requireWhenNotRecorded
      ? {
          reviewRequired: true,
          reasons: [{ kind: 'not_recorded', text: 'Where the vendor keeps our data is not recorded' }],
        }
      : { reviewRequired: false, reasons: [] };
  }
  const reasons: OffshoreReason[] = [];
  const vendorAbroad = offshoreCountries(location.vendorCountries);
  if (vendorAbroad.length > 0) {
    reasons.push({
      kind: 'vendor_offshore',
      text: `The vendor stores or processes our data in ${countryNames(vendorAbroad)}`,
    });
  }
  const subAbroad = offshoreCountries(location.subcontractorCountries ?? []);
  if (subAbroad.length > 0) {
    reasons.push({
      kind: 'subcontractor_offshore',
      text: `Its subcontractors store or process our data in ${countryNames(subAbroad)}`,
    });
  }
  if (location.offshoreSupport === 'yes') {
    reasons.push({
      kind: 'offshore_support',
      text: 'Support staff outside the United States can access our data',
    });
  } else if (location.offshoreSupport === 'unknown') {
    reasons.push({
      kind: 'support_unknown',
      text: 'Whether support staff outside the United States can access our data is unknown',
    });
  }
  return { reviewRequired: reasons.length > 0, reasons };
}

/** The countries of a list that are outside the United States and its territories, in order. */
export function offshoreCountries(codes: readonly string[]): string[] {
  return codes.filter((c) => !ONSHORE.has(c));
}

/**
 * What a review was recorded against: the countries (sorted) and the support answer. A review
 * stands while the data location it looked at is unchanged; any change re-opens it.
 */
export function dataLocationFingerprint(location: DataLocation | undefined): string {
  if (!location) return 'not-recorded';
  const sorted = (codes: readonly string[]) => [...codes].sort().join(',');
  return `vendor:${sorted(location.vendorCountries)}|sub:${sorted(location.subcontractorCountries ?? [])}|support:${location.offshoreSupport}`;
}
