/**
 * The due-action state an item carries while a reminder or escalation is pending. The item also
 * carries `dueShard` and `nextActionAt`, the sparse index keys; clearing them takes the item out of
 * the index, which is how a fix, an acceptance or a submission stops a ladder at once.
 */
import { DueKind, LadderState, LadderStep } from '../domain/escalation-policy.ts';
import { IsoTime, Severity } from './core.ts';
import * as z from './zod.ts';

export const DueState = z.object({
  kind: DueKind,
  dueAt: IsoTime,
  severity: z.optional(Severity),
  ladder: z.optional(LadderState),
  /**
   * A step claimed by a sweep but not yet confirmed as sent. A sweep that dies between claim and
   * send leaves it here; the next sweep after the claim window resends it (nothing lost).
   */
  outbox: z.optional(z.object({ step: LadderStep, claimedAt: IsoTime, sweepId: z.string() })),
});
export type DueState = z.infer<typeof DueState>;

export interface DueFields {
  due?: DueState;
  dueShard?: string;
  nextActionAt?: string;
}
