/**
 * Escalation vocabulary: what a deadline is about (due kinds), who hears of it (audiences), and the
 * kinds and levels of steps. Shared by the ladder configuration, the planner and the wording.
 */

import * as z from '#shared/schemas/zod.ts';

/** What the deadline is about; each kind has its own ladder. */
export const DueKind = z.enum([
  'questionnaire_response',
  'finding_remediation',
  'baa_expiry',
  'reassessment',
  'risk_acceptance_expiry',
  // BAA end of life and negotiation (docs/baa.md): the vendor's answer to a BAA request, the
  // periodic review of a BAA without an expiry, and return or destruction of PHI after termination.
  'baa_response',
  'baa_review',
  'baa_return_destroy',
  'clarification_response',
  /** A HIPAA breach-notice deadline of a vendor incident (docs/incidents.md). */
  'incident_deadline',
  // Assurance (docs/assurance.md): a SOC 2, certificate or policy going stale; the annual business
  // associate verification awaited from the vendor, and the next one falling due.
  'assurance_expiry',
  'verification_response',
  'verification_renewal',
]);
export type DueKind = z.infer<typeof DueKind>;

/** Who receives a step. The adapter resolves each audience to addresses for the item's vendor. */
export const Audience = z.enum([
  'vendor',
  'business_owner',
  'procurement',
  'compliance',
  'executive',
  'privacy_officer',
]);
export type Audience = z.infer<typeof Audience>;

export const StepKind = z.enum(['reminder', 'escalation', 'digest', 'lapse']);
export type StepKind = z.infer<typeof StepKind>;

/** 0 = not an escalation (reminder, lapse notice); 1 business owner / procurement; 2 compliance; 3 executive. */
export const EscalationLevel = z.literal([0, 1, 2, 3]);
export type EscalationLevel = z.infer<typeof EscalationLevel>;
