/**
 * Putting an item on the due index and taking it off: pure functions over the item's fields.
 * `nextActionAt` is the first ladder step of the due date (or now, when a step is already due).
 */

import type { Severity } from '../schemas/core.ts';
import type { DueFields, DueState } from '../schemas/due.ts';
import { type DueKind, type EscalationPolicyConfig, planLadder } from './escalation-policy.ts';

/** The due fields for a new or changed deadline: the ladder restarts for the new date. */
export function scheduleDue(
  config: EscalationPolicyConfig,
  key: { PK: string; SK: string },
  input: { kind: DueKind; dueAt: string; severity?: Severity },
): Required<DueFields> {
  const steps = planLadder(config, input);
  const first = steps[0]?.at ?? input.dueAt;
  const due: DueState = {
    kind: input.kind,
    dueAt: input.dueAt,
    ...(input.severity ? { severity: input.severity } : {}),
  };
  return { due, dueShard: dueShardFor(key.PK, key.SK), nextActionAt: first };
}

/** Fields that take an item off the due index (undefined attributes are dropped on write). */
export const clearDue = (): DueFields => ({ due: undefined, dueShard: undefined, nextActionAt: undefined });

/** Number of due-index partitions; items spread by a hash of their key so no partition runs hot. */
export const DUE_SHARDS = 4;

/** The due shard of an item: stable for its key, spread over DUE_SHARDS partitions. */
export function dueShardFor(pk: string, sk: string): string {
  let h = 0;
  for (const ch of `${pk}|${sk}`) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `DUE#${h % DUE_SHARDS}`;
}
