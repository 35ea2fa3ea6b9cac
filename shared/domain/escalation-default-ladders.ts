/**
 * The product's default escalation ladders, one per due kind, as data (docs/escalation.md has them
 * as tables). A deployment's settings may replace any of them (escalation-policy-config.ts).
 */

import type { Audience, DueKind } from './escalation-kinds.ts';
import type { DigestConfig, LadderConfig, LadderStepConfig } from './escalation-ladder-config.ts';

const reminder = (days: number, audiences: Audience[]): LadderStepConfig => ({
  id: `reminder-${days}d`,
  kind: 'reminder',
  level: 0,
  audiences,
  offsetDays: -days,
});
const escalation = (level: 1 | 2 | 3, offsetDays: number, audiences: Audience[]): LadderStepConfig => ({
  id: `level-${level}`,
  kind: 'escalation',
  level,
  audiences,
  offsetDays,
});
const WEEKLY_TO_COMPLIANCE: DigestConfig = { everyDays: 7, audiences: ['compliance'] };
const OWNER_AND_PROCUREMENT: Audience[] = ['business_owner', 'procurement'];
const EXECUTIVE_CC_COMPLIANCE: Audience[] = ['executive', 'compliance'];

/** The product defaults (docs/escalation.md has them as tables). */
export const DEFAULT_LADDERS: Record<DueKind, LadderConfig> = {
  questionnaire_response: {
    // Due 14 days after sending: reminders on day 7 and day 12.
    steps: [
      reminder(7, ['vendor']),
      reminder(2, ['vendor']),
      escalation(1, 0, OWNER_AND_PROCUREMENT),
      escalation(2, 7, ['compliance']),
      escalation(3, 21, EXECUTIVE_CC_COMPLIANCE),
    ],
    digest: WEEKLY_TO_COMPLIANCE,
    severityOverrides: {},
  },
  finding_remediation: {
    steps: [
      reminder(7, ['vendor']),
      reminder(1, ['vendor']),
      escalation(1, 0, OWNER_AND_PROCUREMENT),
      escalation(2, 7, ['compliance']),
      escalation(3, 21, EXECUTIVE_CC_COMPLIANCE),
    ],
    digest: WEEKLY_TO_COMPLIANCE,
    // A critical finding reaches compliance on the due date and the executive a week later.
    severityOverrides: { critical: { level2At: 0, level3At: 7 } },
  },
  baa_expiry: {
    steps: [
      reminder(60, ['vendor', 'business_owner']),
      // Compliance hears a month ahead, in time to renew or to stop the PHI.
      reminder(30, ['vendor', 'business_owner', 'compliance']),
      reminder(7, ['vendor', 'business_owner']),
      // On the day PHI loses its contract: the executive, with compliance.
      escalation(3, 0, EXECUTIVE_CC_COMPLIANCE),
    ],
    digest: WEEKLY_TO_COMPLIANCE,
    severityOverrides: {},
  },
  reassessment: {
    steps: [
      reminder(30, ['procurement', 'business_owner']),
      escalation(1, 0, ['procurement']),
      escalation(2, 14, ['compliance']),
    ],
    digest: WEEKLY_TO_COMPLIANCE,
    severityOverrides: {},
  },
  baa_response: {
    // A requested BAA is due back 30 days after the request (BAA policy responseDays).
    steps: [
      reminder(14, ['vendor']),
      reminder(3, ['vendor']),
      escalation(1, 0, ['procurement', 'business_owner']),
      escalation(2, 7, ['compliance']),
      escalation(3, 21, EXECUTIVE_CC_COMPLIANCE),
    ],
    digest: WEEKLY_TO_COMPLIANCE,
    severityOverrides: {},
  },
  baa_review: {
    // A BAA coterminous with the services agreement is reviewed every 12 months (BAA policy reviewMonths).
    steps: [reminder(30, ['compliance', 'business_owner']), escalation(2, 0, ['compliance'])],
    digest: WEEKLY_TO_COMPLIANCE,
    severityOverrides: {},
  },
  baa_return_destroy: {
    // After termination the vendor returns or destroys our PHI within 30 days and attests it.
    steps: [reminder(14, ['vendor']), reminder(3, ['vendor']), escalation(2, 0, ['compliance'])],
    digest: WEEKLY_TO_COMPLIANCE,
    severityOverrides: {},
  },
  assurance_expiry: {
    // The vendor is reminded 60, 30 and 7 days before a document goes stale; then compliance.
    steps: [
      reminder(60, ['vendor']),
      reminder(30, ['vendor']),
      reminder(7, ['vendor']),
      escalation(2, 0, ['compliance']),
    ],
    digest: WEEKLY_TO_COMPLIANCE,
    severityOverrides: {},
  },
  verification_response: {
    // The vendor's annual verification is due 30 days after the request (assurance policy).
    steps: [reminder(14, ['vendor']), reminder(3, ['vendor']), escalation(2, 0, ['compliance'])],
    digest: WEEKLY_TO_COMPLIANCE,
    severityOverrides: {},
  },
  verification_renewal: {
    // An accepted verification is current 12 months; compliance requests the next one in time.
    steps: [reminder(30, ['compliance']), escalation(2, 0, ['compliance'])],
    digest: WEEKLY_TO_COMPLIANCE,
    severityOverrides: {},
  },
  risk_acceptance_expiry: {
    // The lapse is terminal for this item: the caller reopens the finding, which gets its own deadline.
    steps: [
      reminder(14, ['compliance']),
      { id: 'lapse', kind: 'lapse', level: 0, audiences: ['compliance', 'business_owner'], offsetDays: 0 },
    ],
    digest: null,
    severityOverrides: {},
  },
  clarification_response: {
    // Policy: a reviewer's follow-up question is due 7 days after it is asked (CLARIFICATION_DAYS);
    // the vendor is reminded 3 days and 1 day before, then the questionnaire's escalation chain.
    steps: [
      reminder(3, ['vendor']),
      reminder(1, ['vendor']),
      escalation(1, 0, OWNER_AND_PROCUREMENT),
      escalation(2, 7, ['compliance']),
      escalation(3, 21, EXECUTIVE_CC_COMPLIANCE),
    ],
    digest: WEEKLY_TO_COMPLIANCE,
    severityOverrides: {},
  },
  incident_deadline: {
    // A legal deadline must not be missed, so the chain runs BEFORE it: the privacy officer is
    // reminded two weeks and one week out, compliance joins three days out, the executive the day before.
    steps: [
      reminder(14, ['privacy_officer']),
      reminder(7, ['privacy_officer']),
      escalation(1, -3, ['privacy_officer', 'compliance']),
      escalation(2, -1, ['compliance', 'privacy_officer']),
      escalation(3, 0, ['executive', 'compliance', 'privacy_officer']),
    ],
    digest: { everyDays: 7, audiences: ['compliance', 'privacy_officer'] },
    severityOverrides: {},
  },
};
