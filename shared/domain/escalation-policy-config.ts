/**
 * The escalation policy schema: one ladder per due kind, each field defaulting to the product
 * default, every ladder checked by `ladderIssues`, and the parser that turns settings into a policy.
 */

import { AppError } from '#shared/errors.ts';
import * as z from '#shared/schemas/zod.ts';
import { DEFAULT_LADDERS } from './escalation-default-ladders.ts';
import { LADDER_FIELDS, type LadderConfig, ladderIssues } from './escalation-ladder-config.ts';

/** A ladder schema whose every field defaults to the given kind's default. */
function ladderSchema(defaults: LadderConfig) {
  return z._default(
    z
      .strictObject({
        steps: z._default(LADDER_FIELDS.steps, () => structuredClone(defaults.steps)),
        digest: z._default(LADDER_FIELDS.digest, () => structuredClone(defaults.digest)),
        severityOverrides: z._default(LADDER_FIELDS.severityOverrides, () =>
          structuredClone(defaults.severityOverrides),
        ),
      })
      .check(
        z.superRefine((ladder: LadderConfig, ctx) => {
          for (const issue of ladderIssues(ladder)) ctx.addIssue({ code: 'custom', input: ladder, ...issue });
        }),
      ),
    () => structuredClone(defaults),
  );
}

/**
 * The escalation policy: one ladder per due kind. Every field has a default, so `{}` parses to
 * `DEFAULT_ESCALATION_POLICY`; unknown keys are rejected so that a typo never silently drops a ladder.
 */
export const EscalationPolicyConfig = z.strictObject({
  questionnaire_response: ladderSchema(DEFAULT_LADDERS.questionnaire_response),
  finding_remediation: ladderSchema(DEFAULT_LADDERS.finding_remediation),
  baa_expiry: ladderSchema(DEFAULT_LADDERS.baa_expiry),
  reassessment: ladderSchema(DEFAULT_LADDERS.reassessment),
  risk_acceptance_expiry: ladderSchema(DEFAULT_LADDERS.risk_acceptance_expiry),
  baa_response: ladderSchema(DEFAULT_LADDERS.baa_response),
  baa_review: ladderSchema(DEFAULT_LADDERS.baa_review),
  baa_return_destroy: ladderSchema(DEFAULT_LADDERS.baa_return_destroy),
  clarification_response: ladderSchema(DEFAULT_LADDERS.clarification_response),
  incident_deadline: ladderSchema(DEFAULT_LADDERS.incident_deadline),
  assurance_expiry: ladderSchema(DEFAULT_LADDERS.assurance_expiry),
  verification_response: ladderSchema(DEFAULT_LADDERS.verification_response),
  verification_renewal: ladderSchema(DEFAULT_LADDERS.verification_renewal),
});
export type EscalationPolicyConfig = z.infer<typeof EscalationPolicyConfig>;

/** The parsed defaults. Frozen: derive a new config with `parseEscalationPolicy` instead of mutating. */
export const DEFAULT_ESCALATION_POLICY: EscalationPolicyConfig = deepFreeze(EscalationPolicyConfig.parse({}));

/**
 * Parses an escalation policy (e.g. from settings), throwing an `invalid_escalation_policy` AppError
 * whose message lists every problem with its path.
 */
export function parseEscalationPolicy(input: unknown): EscalationPolicyConfig {
  const result = EscalationPolicyConfig.safeParse(input);
  if (result.success) return result.data;
  throw new AppError('invalid_escalation_policy', z.prettifyError(result.error), 400, result.error.issues);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
