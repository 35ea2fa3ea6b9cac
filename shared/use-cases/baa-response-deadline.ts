/**
 * The response deadline of a BAA request: set when the request is emailed and again when changes
 * are requested, and scheduled on the due index (kind baa_response).
 */
import { baaKey } from '../adapters/dynamodb/baa-repository.ts';
import type { Deps } from '../composition.ts';
import { scheduleDue } from '../domain/due-index.ts';
import { DAY_MS } from '../domain/time.ts';

import type { BaaRecord } from '../schemas/baa-record.ts';
import { policiesOf } from './policies.ts';

/** The response deadline of a BAA request, unless a renewal's expiry ladder already holds the item. */
export function responseDue(deps: Deps, baa: BaaRecord, now: Date) {
  if (baa.due && baa.due.kind !== 'baa_response') return {};
  const responseDueAt = new Date(now.getTime() + policiesOf(deps).baa.responseDays * DAY_MS).toISOString();
  return {
    responseDueAt,
    ...scheduleDue(policiesOf(deps).escalation, baaKey(baa), { kind: 'baa_response', dueAt: responseDueAt }),
  };
}
