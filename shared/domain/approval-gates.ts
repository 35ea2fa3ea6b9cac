/**
 * Procurement decisions gated by policy. An approval needs a reviewed, current assessment, a signed
 * BAA in force for a PHI vendor (45 CFR 164.502(e), 164.308(b)) and no unresolved critical finding
 * (nor high, for a plain approval). Compliance alone may override the judgement gates with a
 * recorded reason (an admin administers the product; it does not decide risk); the BAA and the shape
 * of the request itself cannot be overridden. A vendor with a documented BAA exemption recorded by
 * compliance (baa-exemption.ts) needs no BAA.
 */

import { AppError } from '#shared/errors.ts';
import type { Role, Severity, Tier } from '#shared/schemas/core.ts';
import * as z from '#shared/schemas/zod.ts';
import { ASSESSMENT_STATUS_LABELS, BAA_STATUS_LABELS, labelOf } from '../labels.ts';

export const Decision = z.enum(['approve', 'approve_with_conditions', 'reject']);
export type Decision = z.infer<typeof Decision>;

/**
 * The schema checks shape only; the rules (conditions for a conditional approval, a reason for a
 * rejection or an override) are gates below, so that they answer with stable codes and messages.
 */
export const DecisionRequest = z.object({
  decision: Decision,
  conditions: z.optional(z.array(z.string().check(z.trim(), z.maxLength(500))).check(z.maxLength(50))),
  reason: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  override: z.optional(z.object({ reason: z.string().check(z.trim(), z.maxLength(2000)) })),
});
export type DecisionRequest = z.infer<typeof DecisionRequest>;

const Months = (fallback: number) => z._default(z.int().check(z.minimum(1), z.maximum(120)), fallback);

/** Months between reassessments by inherent-risk tier (docs/domain.md: 12 high, 24 moderate, 36 low). */
export const ReassessmentPolicy = z.object({
  monthsByTier: z._default(
    z.object({ critical: Months(12), high: Months(12), moderate: Months(24), low: Months(36) }),
    { critical: 12, high: 12, moderate: 24, low: 36 },
  ),
});
export type ReassessmentPolicy = z.infer<typeof ReassessmentPolicy>;
export const DEFAULT_REASSESSMENT_POLICY: ReassessmentPolicy = ReassessmentPolicy.parse({});

export type FindingStatus = 'open' | 'fix_reported' | 'verified' | 'accepted' | 'closed';

export interface GateFinding {
  id: string;
  /** What the finding is called: messages name it (the id only when no title is known). */
  title?: string;
  severity: Severity;
  status: FindingStatus;
  /** Expiry of a formal risk acceptance; an acceptance without one does not count. */
  acceptedUntil?: string;
}

export interface GateInput {
  /** `baaExempt`: compliance recorded a documented BAA exemption (reason and citation). */
  vendor: { handlesPhi: boolean; tier: Tier; baaExempt?: boolean };
  assessment: { status: string; submittedAt?: string; reviewedAt?: string } | null;
  findings: readonly GateFinding[];
  /**
   * `priorTerm`: during a renewal the BAA is back in negotiation, but the agreement being renewed
   * stays in force until its own expiry (45 CFR 164.504(e): the contract in force is what counts).
   */
  baa: { status: string; expiresAt?: string; priorTerm?: { expiresAt?: string; lapsedAt?: string } } | null;
  now: Date;
  policy: ReassessmentPolicy;
  /**
   * The annual BA verification (a proposed rule, on by policy; docs/assurance.md): `required` for a
   * PHI vendor when the policy is on; `currentUntil` of the accepted verification in force, if any.
   */
  verification?: { required: boolean; currentUntil: string | null };
  /**
   * The offshore data review (policy, on by default; offshore-data.ts): `required` when a PHI vendor
   * keeps or reaches our data outside the United States (or nobody knows), with the reasons in
   * words; `review` is compliance's last review and whether it still matches the data location.
   */
  offshore?: {
    required: boolean;
    reasons: readonly string[];
    review: { decision: 'accepted' | 'not_accepted'; reason: string; at: string; current: boolean } | null;
  };
}

export type Gate =
  | 'baa_signed'
  | 'no_open_critical'
  | 'assessment_current'
  | 'assessment_reviewed'
  | 'conditions_listed'
  | 'reason_given'
  | 'verification_current'
  | 'offshore_reviewed';

export interface GateFailure {
  gate: Gate;
  /** Plain English, naming the findings and dates involved. */
  message: string;
}

export interface GateResult {
  allowed: boolean;
  failed: GateFailure[];
}

export interface OverrideResult {
  allowed: boolean;
  /** Gates set aside by the override; the decision and its audit event should list them. */
  overridden: GateFailure[];
  /** Gates that still fail because no override can set them aside. */
  failed: GateFailure[];
}

/**
 * Not overridable: disclosing PHI without a BAA is a violation whoever signs off, and a conditional
 * approval without conditions or a rejection without a reason is an incomplete request, not a risk.
 */
export const NON_OVERRIDABLE_GATES: ReadonlySet<Gate> = new Set<Gate>([
  'baa_signed',
  'conditions_listed',
  'reason_given',
]);

const REVIEWED_STATUSES: ReadonlySet<string> = new Set(['reviewed']);
const BAA_IN_FORCE_STATUSES: ReadonlySet<string> = new Set(['signed', 'expiring']);

/**
 * Which gates the decision fails. A rejection is never held up by the BAA, findings or assessment,
 * but needs a reason. Both approvals need a reviewed assessment submitted within the tier's
 * reassessment period, a signed BAA in force for a PHI vendor, and no critical finding unresolved
 * (open, fix reported but not verified, or accepted with an expired or missing expiry); a plain
 * approval also needs no unresolved high finding, and a conditional one needs its conditions listed.
 */
export function evaluateGates(input: GateInput, request: DecisionRequest): GateResult {
  const failed: GateFailure[] = [];
  if (request.decision === 'reject') {
    if (!request.reason?.trim()) {
      failed.push({ gate: 'reason_given', message: 'A rejection needs a reason for the vendor file.' });
    }
    return { allowed: failed.length === 0, failed };
  }

  const { assessment, now } = input;
  if (!assessment) {
    failed.push({
      gate: 'assessment_reviewed',
      message: 'The vendor has no assessment; launch one and review it first.',
    });
    failed.push({ gate: 'assessment_current', message: 'The vendor has no submitted assessment.' });
  } else {
    const reviewed = checkReviewed(assessment);
    if (reviewed) failed.push({ gate: 'assessment_reviewed', message: reviewed });
    const current = checkCurrent(input.vendor.tier, assessment.submittedAt, now, input.policy);
    if (current) failed.push({ gate: 'assessment_current', message: current });
  }

  if (input.vendor.handlesPhi && !input.vendor.baaExempt) {
    const baa = checkBaa(input.baa, now);
    if (baa) failed.push({ gate: 'baa_signed', message: baa });
  }

  if (input.vendor.handlesPhi && input.verification?.required) {
    const verification = checkVerification(input.verification.currentUntil, now);
    if (verification) failed.push({ gate: 'verification_current', message: verification });
  }

  if (input.vendor.handlesPhi && input.offshore?.required) {
    const offshore = checkOffshore(input.offshore);
    if (offshore) failed.push({ gate: 'offshore_reviewed', message: offshore });
  }

  const findings = checkFindings(input.findings, request.decision, now);
  if (findings) failed.push({ gate: 'no_open_critical', message: findings });

  if (request.decision === 'approve_with_conditions') {
    const conditions = request.conditions ?? [];
    const blank = conditions.flatMap((c, i) => (c.trim() ? [] : [i + 1]));
    if (conditions.length === 0) {
      failed.push({
        gate: 'conditions_listed',
        message: 'An approval with conditions needs at least one condition.',
      });
    } else if (blank.length > 0) {
      failed.push({ gate: 'conditions_listed', message: `Condition ${blank.join(', ')} is blank.` });
    }
  }
  return { allowed: failed.length === 0, failed };
}

/**
 * Applies the request's override, if any, to a gate result. Only compliance may override, and only
 * with a reason; overridable gates are set aside, the others still fail. Returns
 * an AppError value (`override_forbidden`, `override_reason_required`) rather than throwing.
 */
export function applyOverride(
  result: GateResult,
  request: DecisionRequest,
  actorRole: Role,
): OverrideResult | AppError {
  if (!request.override) return { allowed: result.allowed, overridden: [], failed: result.failed };
  if (actorRole !== 'compliance') {
    return new AppError(
      'override_forbidden',
      'Only compliance can override an approval gate: an admin administers the product, it does not decide risk.',
      403,
    );
  }
  if (!request.override.reason.trim()) {
    return new AppError(
      'override_reason_required',
      'An override needs a reason; it is kept with the decision in the audit trail.',
      400,
    );
  }
  const overridden = result.failed.filter((f) => !NON_OVERRIDABLE_GATES.has(f.gate));
  const failed = result.failed.filter((f) => NON_OVERRIDABLE_GATES.has(f.gate));
  return { allowed: failed.length === 0, overridden, failed };
}

/** When the next assessment is due: `fromIso` plus the tier's period in calendar months. */
export function reassessmentDueAt(
  tier: Tier,
  fromIso: string,
  policy: ReassessmentPolicy = DEFAULT_REASSESSMENT_POLICY,
): string {
  return addCalendarMonths(fromIso, policy.monthsByTier[tier]);
}

/**
 * Adds calendar months in UTC, keeping the time of day and clamping the day to the target month's
 * last day (Jan 31 + 1 month = Feb 28, or 29 in a leap year): a due date never slips into the month after.
 */
export function addCalendarMonths(iso: string, months: number): string {
  const from = new Date(iso);
  if (Number.isNaN(from.getTime())) throw new RangeError(`Not an ISO timestamp: ${iso}`);
  if (!Number.isInteger(months)) throw new RangeError(`Months must be a whole number: ${months}`);
  const monthIndex = from.getUTCMonth() + months;
  const year = from.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(from.getUTCDate(), lastDay),
      from.getUTCHours(),
      from.getUTCMinutes(),
      from.getUTCSeconds(),
      from.getUTCMilliseconds(),
    ),
  ).toISOString();
}

/**
 * Where an unreviewed assessment or an unsigned BAA stands, as a gate's sentence says it. The
 * catalogue's status labels read wrong mid-sentence ("its BAA is changes requested, not signed").
 */
const ASSESSMENT_NOT_REVIEWED: Record<string, string> = {
  launching: 'is being sent to the vendor',
  sent: 'is with the vendor',
  in_progress: 'is being answered by the vendor',
  submitted: 'is submitted and being scored',
  launch_failed: 'could not be sent to the vendor',
};
const BAA_NOT_SIGNED: Record<string, string> = {
  required: 'has not been sent to the vendor yet',
  sent: 'is with the vendor and not signed yet',
  under_review: 'is under our review and not signed yet',
  changes_requested: 'is back with the vendor for changes and not signed yet',
  expired: 'has expired',
  terminated: 'was terminated',
};

function checkReviewed(assessment: NonNullable<GateInput['assessment']>): string | null {
  if (!REVIEWED_STATUSES.has(assessment.status)) {
    const where =
      ASSESSMENT_NOT_REVIEWED[assessment.status] ??
      `is ${labelOf(ASSESSMENT_STATUS_LABELS, assessment.status).toLowerCase()}`;
    return `The assessment ${where}, not reviewed yet; decide once the review is done.`;
  }
  if (!assessment.reviewedAt) return 'The assessment is marked reviewed but has no review date.';
  return null;
}

function checkCurrent(
  tier: Tier,
  submittedAt: string | undefined,
  now: Date,
  policy: ReassessmentPolicy,
): string | null {
  if (!submittedAt) return 'The assessment has not been submitted by the vendor.';
  const dueAt = reassessmentDueAt(tier, submittedAt, policy);
  // Due means due: at the due instant the assessment is already stale.
  if (now.getTime() < Date.parse(dueAt)) return null;
  return (
    `The assessment submitted on ${day(submittedAt)} is older than the ${policy.monthsByTier[tier]}-month ` +
    `reassessment period for ${tier}-tier vendors (due ${day(dueAt)}); launch a reassessment.`
  );
}

function checkBaa(baa: GateInput['baa'], now: Date): string | null {
  if (!baa) return 'The vendor handles PHI but has no BAA; a signed BAA is required before approval.';
  if (!BAA_IN_FORCE_STATUSES.has(baa.status)) {
    const prior = baa.priorTerm;
    if (prior) {
      // A renewal under way: the old agreement counts until it lapses.
      if (!prior.lapsedAt && (!prior.expiresAt || isAfter(prior.expiresAt, now))) return null;
      return `The vendor handles PHI and the BAA being renewed lapsed on ${day(prior.lapsedAt ?? prior.expiresAt ?? '')}; its renewal ${BAA_NOT_SIGNED[baa.status] ?? 'is not signed yet'}.`;
    }
    const where =
      BAA_NOT_SIGNED[baa.status] ?? `is ${labelOf(BAA_STATUS_LABELS, baa.status).toLowerCase()}, not signed`;
    return `The vendor handles PHI and its BAA ${where}.`;
  }
  // No expiry: coterminous with the services agreement (reviewed periodically instead).
  if (!baa.expiresAt) return null;
  if (!isAfter(baa.expiresAt, now))
    return `The vendor handles PHI and its BAA expired on ${day(baa.expiresAt)}.`;
  return null;
}

function checkVerification(currentUntil: string | null, now: Date): string | null {
  if (currentUntil && isAfter(currentUntil, now)) return null;
  return currentUntil
    ? `The vendor's annual verification of HIPAA technical safeguards lapsed on ${day(currentUntil)}; request a new one (proposed rule, recommended practice).`
    : 'The vendor handles PHI and has no accepted annual verification of HIPAA technical safeguards on file; request one (proposed rule, recommended practice).';
}

function checkOffshore(offshore: NonNullable<GateInput['offshore']>): string | null {
  const why = offshore.reasons.length ? ` (${offshore.reasons.join('; ')})` : '';
  const { review } = offshore;
  if (!review) {
    return `Our data is kept or reachable outside the United States${why}: compliance must review and record whether that is acceptable before approval (policy).`;
  }
  if (!review.current) {
    return `The data location changed after compliance's offshore data review of ${day(review.at)}${why}: compliance must review it again (policy).`;
  }
  if (review.decision === 'not_accepted') {
    return `Compliance's offshore data review of ${day(review.at)} did not accept where the vendor keeps our data: ${review.reason}`;
  }
  return null;
}

function checkFindings(findings: readonly GateFinding[], decision: Decision, now: Date): string | null {
  const blocking: Severity[] = decision === 'approve' ? ['critical', 'high'] : ['critical'];
  const unresolved = findings.flatMap((f) => {
    if (!blocking.includes(f.severity)) return [];
    const why = unresolvedBecause(f, now);
    return why ? [{ finding: f, why }] : [];
  });
  if (unresolved.length === 0) return null;
  const list = unresolved
    .map(
      ({ finding, why }) =>
        `${finding.title ? `"${finding.title}"` : finding.id} (${finding.severity}, ${why})`,
    )
    .join('; ');
  if (decision === 'approve_with_conditions') {
    return `Critical findings must be resolved or formally accepted before approval: ${list}.`;
  }
  const onlyHigh = unresolved.every(({ finding }) => finding.severity === 'high');
  return (
    `A plain approval needs every critical and high finding resolved or formally accepted: ${list}.` +
    (onlyHigh ? ' Approve with conditions instead, or resolve them first.' : '')
  );
}

function unresolvedBecause(finding: GateFinding, now: Date): string | null {
  switch (finding.status) {
    case 'verified':
    case 'closed':
      return null;
    case 'accepted':
      if (!finding.acceptedUntil) return 'accepted without an expiry';
      return isAfter(finding.acceptedUntil, now)
        ? null
        : `risk acceptance expired on ${day(finding.acceptedUntil)}`;
    case 'fix_reported':
      return 'fix reported, not verified';
    default:
      return 'open';
  }
}

/** True when `iso` is a valid time strictly after `now`; an unreadable date counts as past. */
const isAfter = (iso: string, now: Date) => Date.parse(iso) > now.getTime();
const day = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : new Date(iso).toISOString().slice(0, 10));
