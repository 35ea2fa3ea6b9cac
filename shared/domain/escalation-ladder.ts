/**
 * Escalation ladders in time: plans one item's ladder for its due date and decides which step is due
 * now (exactly once, restart on extension, no bursts after downtime; see escalation-policy.ts).
 */

import { IsoTime, Severity } from '#shared/schemas/core.ts';
import * as z from '#shared/schemas/zod.ts';
import { Audience, DueKind, EscalationLevel, StepKind } from './escalation-kinds.ts';
import { applyOverride, type DigestConfig, type LadderStepConfig } from './escalation-ladder-config.ts';
import type { EscalationPolicyConfig } from './escalation-policy-config.ts';
import { DAY_MS } from './time.ts';

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
