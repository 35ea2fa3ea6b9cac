/**
 * Paging of the deadline sweep. The sweep state machine (infra/constructs/workflows.ts) calls
 * `findDue` for one page at a time and carries a cursor, so every page advances through the sparse
 * due index (never a Scan) and the sweep ends even if some items keep failing. `now` is fixed for
 * the whole sweep (its start), so what it processes is bounded by what was due when it started;
 * items rescheduled meanwhile (sent, retried, claimed) move past `now` and wait for the next sweep.
 *
 * Limits (docs/architecture.md, "The deadline sweep"): a page holds SWEEP_BATCH items; one
 * execution handles at most PAGES_PER_EXECUTION pages and then hands its cursor to a continuation
 * execution, so no execution grows with the backlog (Express: 5 minutes each).
 */
import { randomUUID } from 'node:crypto';
import type { Item, Key } from '../adapters/dynamodb/item-store.ts';
import { TABLE_KEYS } from '../adapters/dynamodb/table-layout.ts';
import type { Deps } from '../composition.ts';
import { DUE_SHARDS } from '../domain/due-index.ts';

/** Items per page (one Map state run). */
export const SWEEP_BATCH = 50;
/** Pages per execution before it hands over to a continuation execution. */
export const PAGES_PER_EXECUTION = 10;
/** A sweep (with its continuations) never runs more pages than this: a runaway guard. */
export const MAX_PAGES_PER_SWEEP = 2_000;

/** Where the sweep stands in the due index: a shard and the last key read in it. */
export interface SweepPosition {
  shard: number;
  start?: Record<string, unknown>;
}

export interface FindDueInput {
  /** Set once per sweep by the state machine: the sweep's start time and id. */
  sweep?: { now?: string; sweepId?: string };
  /** The previous page (cursor and page counters). */
  due?: { position?: SweepPosition; page?: number; pagesTotal?: number };
  /** @deprecated the older input shape; still accepted. */
  sweepId?: string;
}

/** One page of what is due at the sweep's `now`, from the sparse index. */
export async function findDue(deps: Deps, input: FindDueInput = {}) {
  const now = input.sweep?.now ?? deps.clock.now().toISOString();
  const sweepId = input.sweep?.sweepId ?? input.sweepId ?? randomUUID();
  let position: SweepPosition = input.due?.position ?? { shard: 0 };
  const items: Key[] = [];
  while (position.shard < DUE_SHARDS && items.length < SWEEP_BATCH) {
    const page = await deps.store.query<Item>(
      {
        IndexName: TABLE_KEYS.due.name,
        KeyConditionExpression: 'dueShard = :shard AND nextActionAt <= :now',
        ExpressionAttributeValues: { ':shard': `DUE#${position.shard}`, ':now': now },
        ProjectionExpression: 'PK, SK',
      },
      { limit: SWEEP_BATCH - items.length, keepKeys: true, cursor: position.start },
    );
    items.push(...(page.items as unknown as Key[]).map((k) => ({ PK: k.PK, SK: k.SK })));
    position = page.cursor ? { shard: position.shard, start: page.cursor } : { shard: position.shard + 1 };
  }
  const pagesTotal = (input.due?.pagesTotal ?? 0) + 1;
  const more = position.shard < DUE_SHARDS && pagesTotal < MAX_PAGES_PER_SWEEP;
  return {
    now,
    sweepId,
    items,
    count: items.length,
    more,
    position,
    page: (input.due?.page ?? 0) + 1,
    pagesTotal,
  };
}

export interface SummarizeInput {
  due: { more: boolean; count: number };
  processed?: { outcome?: { result?: string } }[];
  summary?: {
    processed?: number;
    failed?: number;
    quarantined?: number;
    pages?: number;
    counts?: Record<string, number>;
  };
}

/** Running totals over the sweep's pages (carried into continuations). */
export async function summarize(_deps: Deps, input: SummarizeInput) {
  const counts: Record<string, number> = { ...(input.summary?.counts ?? {}) };
  for (const p of input.processed ?? []) {
    const r = p.outcome?.result ?? 'unknown';
    counts[r] = (counts[r] ?? 0) + 1;
  }
  return {
    processed: (input.summary?.processed ?? 0) + input.due.count,
    failed: (counts.failed ?? 0) + (counts.quarantined ?? 0),
    quarantined: counts.quarantined ?? 0,
    pages: (input.summary?.pages ?? 0) + 1,
    more: input.due.more,
    counts,
  };
}
