/**
 * Escalation policy: for one item with a deadline, which reminder or escalation step is due now.
 *
 * Deadlines live in data (docs/escalation.md): every time-based obligation (questionnaire response,
 * finding remediation, BAA expiry, reassessment, risk-acceptance expiry) is one row of the due index,
 * and a sweep that runs every 15 minutes asks this policy what to do. The policy is pure and
 * deterministic, so two concurrent sweeps compute the same answer and the caller's conditional write
 * of the returned `ladder` lets exactly one of them claim the step.
 *
 * Ladders are data (offsets in days relative to the due date, negative = before), and the state of an
 * item is just the list of step ids already sent or skipped for its current due date. That gives:
 * - exactly once: a recorded id never fires again;
 * - restart on extension: a new due date starts with nothing done;
 * - no bursts after downtime: only the latest due step is sent, earlier missed ones are skipped.
 *
 * This module is the public entry point; the rules live in modules named after what they do:
 * - escalation-kinds.ts: due kinds, audiences, step kinds and levels;
 * - escalation-ladder-config.ts: one ladder's configuration schema and its checks;
 * - escalation-default-ladders.ts: the product's default ladders (tables in docs/escalation.md);
 * - escalation-policy-config.ts: the policy schema, its defaults and parser;
 * - escalation-ladder.ts: planning a ladder and deciding the step due now;
 * - escalation-wording.ts: the sentence that describes a step.
 */

export { Audience, DueKind, EscalationLevel, StepKind } from './escalation-kinds.ts';
export {
  EscalationItem,
  type LadderAction,
  LadderState,
  LadderStep,
  nextLadderAction,
  planLadder,
} from './escalation-ladder.ts';
export {
  DigestConfig,
  type LadderConfig,
  LadderStepConfig,
  SeverityOverride,
} from './escalation-ladder-config.ts';
export {
  DEFAULT_ESCALATION_POLICY,
  EscalationPolicyConfig,
  parseEscalationPolicy,
} from './escalation-policy-config.ts';
export { describeStep } from './escalation-wording.ts';
