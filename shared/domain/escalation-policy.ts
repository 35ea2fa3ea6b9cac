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
 */

import { AppError } from '#shared/errors.ts';
import { IsoTime, Severity } from '#shared/schemas/core.ts';
import * as z from '#shared/schemas/zod.ts';
import { DAY_MS } from './time.ts';

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

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

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

const LADDER_FIELDS = {
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
function applyOverride(steps: readonly LadderStepConfig[], override: SeverityOverride | undefined) {
  return steps.map((step) => {
    const moved = OVERRIDE_LEVELS.find(([, id]) => id === step.id);
    const offset = moved && override ? override[moved[0]] : undefined;
    return offset === undefined ? { ...step } : { ...step, offsetDays: offset };
  });
}

type Issue = { message: string; path: PropertyKey[] };

/** Checks what a schema cannot express per field; messages name the step and the rule. */
function ladderIssues(ladder: LadderConfig): Issue[] {
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
const DEFAULT_LADDERS: Record<DueKind, LadderConfig> = {
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

// ---------------------------------------------------------------------------------------------
// Ladders and state
// ---------------------------------------------------------------------------------------------

/** One planned step of an item's ladder, with its absolute time. */
export const LadderStep = z.object({
  /** Stable within a ladder: 'reminder-7d', 'level-2', 'digest-3', 'lapse'. */
  id: z.string(),
  kind: StepKind,
  level: EscalationLevel,
  audiences: z.array(Audience),
  at: IsoTime,
  /** Days relative to the due date (what `describeStep` words). */
  offsetDays: z.number(),
  /** 1-based rank among steps of the same kind (second reminder, third digest). */
  ordinal: z.number(),
});
export type LadderStep = z.infer<typeof LadderStep>;

/** What has been sent or skipped for one due date; stored on the item, written conditionally. */
export const LadderState = z.object({
  dueAt: IsoTime,
  done: z.array(z.string()),
});
export type LadderState = z.infer<typeof LadderState>;

/** One open item of the due index as the policy sees it. Closed items are never passed in. */
export const EscalationItem = z.object({
  kind: DueKind,
  dueAt: IsoTime,
  /** Findings only: may shorten the ladder (`severityOverrides`). */
  severity: z.optional(Severity),
  ladder: z.optional(LadderState),
});
export type EscalationItem = z.infer<typeof EscalationItem>;

export interface LadderAction {
  /** The one step to send now, or null. */
  send: LadderStep | null;
  /** Ids of due steps superseded by `send` (missed during downtime); they never fire. */
  skip: string[];
  /** State after recording `skip` and `send`; persist it with a conditional write before sending. */
  ladder: LadderState;
  /** When the next step falls due (strictly after now); null once the ladder is exhausted. */
  nextActionAt: string | null;
}

function instant(iso: string, name: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid ISO timestamp: ${iso}`);
  return ms;
}

const isoAt = (dueMs: number, offsetDays: number) => new Date(dueMs + offsetDays * DAY_MS).toISOString();

interface Plan {
  dueMs: number;
  steps: LadderStep[];
  digest: DigestConfig | null;
}

/** The non-digest steps for one due date, with coinciding steps merged. */
function plan(
  config: EscalationPolicyConfig,
  item: Pick<EscalationItem, 'kind' | 'dueAt' | 'severity'>,
): Plan {
  const ladder = config[item.kind];
  const dueMs = instant(item.dueAt, 'dueAt');
  const override = item.severity ? ladder.severityOverrides[item.severity] : undefined;
  // Stable sort keeps configured order among equal offsets, so the higher level comes last.
  const configured = applyOverride(ladder.steps, override).sort((a, b) => a.offsetDays - b.offsetDays);

  // Steps that coincide after an override (critical: level 1 and level 2 on the due date) become one
  // message under the higher step's id, addressed to everyone, so that nobody is skipped.
  const merged: LadderStepConfig[] = [];
  for (const step of configured) {
    const prev = merged.at(-1);
    if (prev && prev.offsetDays === step.offsetDays) {
      merged[merged.length - 1] = {
        ...step,
        level: Math.max(prev.level, step.level) as EscalationLevel,
        audiences: [...new Set([...step.audiences, ...prev.audiences])],
      };
    } else {
      merged.push(step);
    }
  }

  const counts = new Map<string, number>();
  const steps = merged.map((step): LadderStep => {
    const ordinal = (counts.get(step.kind) ?? 0) + 1;
    counts.set(step.kind, ordinal);
    return {
      id: step.id,
      kind: step.kind,
      level: step.level,
      audiences: [...step.audiences],
      at: isoAt(dueMs, step.offsetDays),
      offsetDays: step.offsetDays,
      ordinal,
    };
  });
  return { dueMs, steps, digest: ladder.digest };
}

/** Digest n: the item's level stays that of the last step; cadence anchored on the last step. */
function digestStep(p: Plan, digest: DigestConfig, n: number): LadderStep {
  const last = p.steps.at(-1)!;
  const offsetDays = last.offsetDays + n * digest.everyDays;
  return {
    id: `digest-${n}`,
    kind: 'digest',
    level: last.level,
    audiences: [...digest.audiences],
    at: isoAt(p.dueMs, offsetDays),
    offsetDays,
    ordinal: n,
  };
}

/**
 * The ladder of one item for its due date, in time order, up to and including the first digest
 * (later digests are generated on demand by `nextLadderAction`).
 */
export function planLadder(
  config: EscalationPolicyConfig,
  item: { kind: DueKind; dueAt: string; severity?: Severity | undefined },
): LadderStep[] {
  const p = plan(config, item);
  return p.digest ? [...p.steps, digestStep(p, p.digest, 1)] : p.steps;
}

/**
 * Decides the step due now for one item. Among due steps not yet done only the latest is sent and
 * the earlier ones are skipped; a changed due date restarts the ladder; once the last step is done,
 * digest n falls due at lastStep.at + n × everyDays for as long as the item stays open. Calling it
 * again with the returned `ladder` and the same `now` sends nothing.
 */
export function nextLadderAction(
  config: EscalationPolicyConfig,
  item: EscalationItem,
  now: Date,
): LadderAction {
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError('now is not a valid date');
  const p = plan(config, item);
  // Compared as instants: '…T00:00:00Z' and '…T00:00:00.000Z' are the same deadline.
  const previous =
    item.ladder && instant(item.ladder.dueAt, 'ladder.dueAt') === p.dueMs ? item.ladder.done : [];
  const done = new Set(previous);

  const due = p.steps.filter((s) => Date.parse(s.at) <= nowMs && !done.has(s.id));
  let send: LadderStep | null = due.at(-1) ?? null;
  const skip = due.slice(0, -1).map((s) => s.id);

  const last = p.steps.at(-1)!;
  const lastAtMs = Date.parse(last.at);
  const everyMs = p.digest ? p.digest.everyDays * DAY_MS : 0;
  if (p.digest && lastAtMs <= nowMs) {
    const pending: number[] = [];
    const count = Math.floor((nowMs - lastAtMs) / everyMs);
    for (let n = 1; n <= count; n++) if (!done.has(`digest-${n}`)) pending.push(n);
    const latest = pending.pop();
    if (send) {
      // The last step goes out late now; digests that fell due meanwhile would only repeat it.
      skip.push(...pending.map((n) => `digest-${n}`), ...(latest ? [`digest-${latest}`] : []));
    } else if (latest) {
      send = digestStep(p, p.digest, latest);
      skip.push(...pending.map((n) => `digest-${n}`));
    }
  }

  for (const id of skip) done.add(id);
  if (send) done.add(send.id);
  const recorded = [...previous, ...skip, ...(send ? [send.id] : [])];
  const ladder: LadderState = { dueAt: item.dueAt, done: [...new Set(recorded)] };

  let nextActionAt: string | null =
    p.steps.find((s) => !done.has(s.id) && Date.parse(s.at) > nowMs)?.at ?? null;
  if (nextActionAt === null && p.digest) {
    let n = Math.max(0, Math.floor((nowMs - lastAtMs) / everyMs)) + 1;
    while (done.has(`digest-${n}`)) n++;
    nextActionAt = digestStep(p, p.digest, n).at;
  }
  return { send, skip, ladder, nextActionAt };
}

// ---------------------------------------------------------------------------------------------
// Wording
// ---------------------------------------------------------------------------------------------

const AUDIENCE_LABEL: Record<Audience, string> = {
  vendor: 'vendor',
  business_owner: 'business owner',
  procurement: 'procurement',
  compliance: 'compliance',
  executive: 'executive',
  privacy_officer: 'privacy officer',
};

/** Expiry kinds are worded "expires/expired"; the others "due/overdue". */
const EXPIRY_SUBJECT: Partial<Record<DueKind, string>> = {
  baa_expiry: 'BAA',
  risk_acceptance_expiry: 'risk acceptance',
  assurance_expiry: 'document',
  verification_renewal: 'annual verification',
};

const ORDINALS = [
  'First',
  'Second',
  'Third',
  'Fourth',
  'Fifth',
  'Sixth',
  'Seventh',
  'Eighth',
  'Ninth',
  'Tenth',
];

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

function listOf(audiences: readonly Audience[]): string {
  const labels = audiences.map((a) => AUDIENCE_LABEL[a]);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

function timing(offsetDays: number, kind: DueKind): string {
  const subject = EXPIRY_SUBJECT[kind];
  if (subject) {
    if (offsetDays < 0) return `${subject} expires in ${days(-offsetDays)}`;
    if (offsetDays === 0) return `${subject} expired today`;
    return `${subject} expired ${days(offsetDays)} ago`;
  }
  if (offsetDays < 0) return `due in ${days(-offsetDays)}`;
  if (offsetDays === 0) return 'due today';
  return `${days(offsetDays)} overdue`;
}

/**
 * A short sentence for emails and the audit trail, e.g. "Second reminder: due in 1 day" or
 * "Escalation level 2 to compliance: 7 days overdue".
 */
export function describeStep(step: LadderStep, kind: DueKind): string {
  const when = timing(step.offsetDays, kind);
  switch (step.kind) {
    case 'reminder':
      return ORDINALS[step.ordinal - 1]
        ? `${ORDINALS[step.ordinal - 1]} reminder: ${when}`
        : `Reminder ${step.ordinal}: ${when}`;
    case 'escalation':
      return `Escalation level ${step.level} to ${listOf(step.audiences)}: ${when}`;
    case 'digest':
      return `Overdue digest ${step.ordinal} to ${listOf(step.audiences)}: ${when}`;
    case 'lapse':
      return `Lapsed, notice to ${listOf(step.audiences)}: ${when}`;
  }
}
