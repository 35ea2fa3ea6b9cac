/**
 * The configuration of one escalation ladder (steps with offsets in days, the overdue digest and the
 * per-severity overrides), and the checks a schema cannot express per field (unique ids, increasing
 * offsets, overrides that only move existing levels). Pure; the policy schema in
 * escalation-policy-config.ts applies these checks to every kind's ladder.
 */

import { Severity } from '#shared/schemas/core.ts';
import * as z from '#shared/schemas/zod.ts';
import { Audience, EscalationLevel } from './escalation-kinds.ts';

const StepId = z.string().check(
  z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Step ids are kebab-case, e.g. reminder-7d or level-1'),
  z.refine(
    (id: string) => !/^digest-\d+$/.test(id),
    'Step ids digest-<n> are reserved for generated digests',
  ),
);

/** One configured step; digests are not listed here, they come from `digest`. */
export const LadderStepConfig = z.strictObject({
  id: StepId,
  kind: z.enum(['reminder', 'escalation', 'lapse']),
  level: EscalationLevel,
  audiences: z.array(Audience).check(z.minLength(1, 'A step needs at least one audience')),
  /** Days relative to the due date: negative before, 0 on the day, positive overdue. */
  offsetDays: z.int(),
});
export type LadderStepConfig = z.infer<typeof LadderStepConfig>;

/** Repeated notice while the item stays overdue after the last step. */
export const DigestConfig = z.strictObject({
  everyDays: z._default(z.int().check(z.positive('A digest repeats every 1 day or more')), 7),
  audiences: z._default(
    z.array(Audience).check(z.minLength(1, 'A digest needs at least one audience')),
    (): Audience[] => ['compliance'],
  ),
});
export type DigestConfig = z.infer<typeof DigestConfig>;

/** Moves escalation levels for one severity, e.g. critical findings reach compliance on the due date. */
export const SeverityOverride = z.strictObject({
  level1At: z.optional(z.int()),
  level2At: z.optional(z.int()),
  level3At: z.optional(z.int()),
});
export type SeverityOverride = z.infer<typeof SeverityOverride>;

export const LADDER_FIELDS = {
  steps: z.array(LadderStepConfig).check(z.minLength(1, 'A ladder needs at least one step')),
  digest: z.nullable(DigestConfig),
  severityOverrides: z.partialRecord(Severity, SeverityOverride),
};
/** A ladder as stored after parsing (every default applied). */
const LadderConfigShape = z.strictObject(LADDER_FIELDS);
export type LadderConfig = z.infer<typeof LadderConfigShape>;

const OVERRIDE_LEVELS = [
  ['level1At', 'level-1'],
  ['level2At', 'level-2'],
  ['level3At', 'level-3'],
] as const;

/** Applies a severity override to a ladder's steps (same order, offsets moved). */
export function applyOverride(steps: readonly LadderStepConfig[], override: SeverityOverride | undefined) {
  return steps.map((step) => {
    const moved = OVERRIDE_LEVELS.find(([, id]) => id === step.id);
    const offset = moved && override ? override[moved[0]] : undefined;
    return offset === undefined ? { ...step } : { ...step, offsetDays: offset };
  });
}

type Issue = { message: string; path: PropertyKey[] };

/** Checks what a schema cannot express per field; messages name the step and the rule. */
export function ladderIssues(ladder: LadderConfig): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  ladder.steps.forEach((step, i) => {
    if (seen.has(step.id)) {
      issues.push({
        message: `Step id '${step.id}' is used twice; step ids must be unique within a ladder`,
        path: ['steps', i, 'id'],
      });
    }
    seen.add(step.id);
    if (step.kind === 'reminder' && step.level !== 0) {
      issues.push({ message: `Reminder '${step.id}' must have level 0`, path: ['steps', i, 'level'] });
    }
    if (step.kind === 'escalation' && step.level === 0) {
      issues.push({
        message: `Escalation '${step.id}' must have level 1, 2 or 3`,
        path: ['steps', i, 'level'],
      });
    }
    const prev = ladder.steps[i - 1];
    if (prev && step.offsetDays <= prev.offsetDays) {
      issues.push({
        message:
          `Offsets must strictly increase along a ladder: step '${step.id}' (${step.offsetDays} days) ` +
          `must come after step '${prev.id}' (${prev.offsetDays} days)`,
        path: ['steps', i, 'offsetDays'],
      });
    }
  });
  const last = ladder.steps.at(-1);
  if (ladder.digest && last && last.offsetDays < 0) {
    issues.push({
      message: `A ladder with a digest must end on or after the due date; last step '${last.id}' is at ${last.offsetDays} days`,
      path: ['digest'],
    });
  }
  for (const severity of Severity.options) {
    const override = ladder.severityOverrides[severity];
    if (!override) continue;
    for (const [field, id] of OVERRIDE_LEVELS) {
      if (override[field] !== undefined && !seen.has(id)) {
        issues.push({
          message: `severityOverrides.${severity}.${field}: this ladder has no step '${id}'`,
          path: ['severityOverrides', severity, field],
        });
      }
    }
    // Overridden steps may coincide (they are then sent as one message) but never overtake each other.
    const moved = applyOverride(ladder.steps, override);
    moved.forEach((step, i) => {
      const prev = moved[i - 1];
      if (prev && step.offsetDays < prev.offsetDays) {
        issues.push({
          message:
            `severityOverrides.${severity}: step '${step.id}' (${step.offsetDays} days) ` +
            `would come before step '${prev.id}' (${prev.offsetDays} days)`,
          path: ['severityOverrides', severity],
        });
      }
    });
    const movedLast = moved.at(-1);
    if (ladder.digest && movedLast && movedLast.offsetDays < 0) {
      issues.push({
        message: `severityOverrides.${severity}: a ladder with a digest must end on or after the due date`,
        path: ['severityOverrides', severity],
      });
    }
  }
  return issues;
}
