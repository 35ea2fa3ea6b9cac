/**
 * Fixtures of the escalation policy tests: a due date, day offsets around it, and a sweep that asks
 * the default policy every 15 minutes and records what it sent.
 */
import {
  DEFAULT_ESCALATION_POLICY,
  type EscalationItem,
  type LadderAction,
  nextLadderAction,
} from '#shared/domain/escalation-policy.ts';
import { DAY_MS as DAY } from '#shared/domain/time.ts';

export const SWEEP = 15 * 60_000;
export const DUE = '2026-06-15T09:00:00.000Z';
export const dueMs = Date.parse(DUE);
export const day = (n: number, base = dueMs) => new Date(base + n * DAY);
export const iso = (n: number, base = dueMs) => day(n, base).toISOString();
export const policy = DEFAULT_ESCALATION_POLICY;

export interface Sent {
  id: string;
  /** Days relative to the due date at which the sweep sent it. */
  day: number;
  skip: string[];
}

/** Runs the sweep every `step` ms (15 minutes by default) from `fromDay` to `toDay` relative to `dueAt`. */
export function sweep(item: EscalationItem, fromDay: number, toDay: number, step = SWEEP) {
  const base = Date.parse(item.dueAt);
  let ladder = item.ladder;
  let last: LadderAction | undefined;
  const sent: Sent[] = [];
  for (let t = base + fromDay * DAY; t <= base + toDay * DAY; t += step) {
    last = nextLadderAction(policy, { ...item, ladder }, new Date(t));
    ladder = last.ladder;
    if (last.send) sent.push({ id: last.send.id, day: (t - base) / DAY, skip: last.skip });
  }
  return { sent, ladder, last: last! };
}

export const pairs = (sent: Sent[]) => sent.map((s) => [s.id, s.day]);
