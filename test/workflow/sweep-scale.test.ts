/**
 * The sweep at scale, on the same synthesized Express definition the runner executes with Step
 * Functions' limits enforced (Express: 5 minutes; every execution's history is also counted as
 * Step Functions counts it and held under the Standard quota of 25,000 events). 5,000 due items are
 * seeded straight into the table (each due but with no step to send yet, so each is rescheduled;
 * one in a hundred is poisoned with a deadline kind no policy knows, so processing it throws): the
 * sweep pages through all of them in bounded continuation executions, the poisoned ones counted and
 * retried later, never stopping the paging.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dueShardFor } from '#shared/domain/due-index.ts';
import { useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const DUE_ITEMS = 5_000;
const POISONED = DUE_ITEMS / 100;

interface SweepResult {
  status: string;
  output: {
    summary?: { processed: number; failed: number };
    due?: unknown;
    probe?: Record<string, { count: number }>;
  };
  executions: number;
  events: number[];
}

async function seed(count: number, now: Date) {
  const dueAt = new Date(now.getTime() + 60 * 86_400_000).toISOString(); // first reminder is weeks away
  const nextActionAt = new Date(now.getTime() - 60_000).toISOString(); // …but the item is due now
  const items = Array.from({ length: count }, (_, i) => {
    const key = { PK: `SCALE#${String(i).padStart(5, '0')}`, SK: 'DEADLINE' };
    return {
      ...key,
      version: 1,
      title: `Scale item ${i}`,
      due: { kind: i % 100 === 7 ? 'no_such_kind' : 'finding_remediation', dueAt, severity: 'low' },
      dueShard: dueShardFor(key.PK, key.SK),
      nextActionAt,
    };
  });
  for (let i = 0; i < items.length; i += 25) {
    let requests: Record<string, unknown>[] | undefined = items
      .slice(i, i + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    while (requests?.length) {
      const out: { UnprocessedItems?: Record<string, Record<string, unknown>[]> } =
        await rt.deps.store.ddb.send(
          new BatchWriteCommand({ RequestItems: { [rt.deps.store.tableName]: requests as never } }),
        );
      requests = out.UnprocessedItems?.[rt.deps.store.tableName];
    }
  }
}

async function stillDue(now: string) {
  let due = 0;
  for (let shard = 0; shard < 4; shard++) {
    const { items } = await rt.deps.store.query(
      {
        IndexName: 'DueIndex',
        KeyConditionExpression: 'dueShard = :s AND nextActionAt <= :now',
        ExpressionAttributeValues: { ':s': `DUE#${shard}`, ':now': now },
      },
      { keepKeys: true },
    );
    due += items.length;
  }
  return due;
}

describe('the deadline sweep at scale', () => {
  it('with nothing due, only probes the due index (no task function runs)', async () => {
    const result = (await rt.sweepNow()) as SweepResult;
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output.due, 'FindDueItems ran although nothing was due').toBeUndefined();
    expect(Object.values(result.output.probe ?? {}).map((p) => p.count)).toEqual([0, 0, 0, 0]);
    // ExecutionStarted + Choice 2 + Pass 2 + 4 probes × 5 + Choice 2 + Succeed 2 + ExecutionSucceeded.
    expect(result.events).toEqual([30]);
  });

  it(`handles ${DUE_ITEMS} due items within the Express limit, in bounded executions, none over 25,000 history events`, async () => {
    const now = rt.deps.clock.now();
    await seed(DUE_ITEMS, now);
    expect(await stillDue(now.toISOString())).toBe(DUE_ITEMS);

    const started = performance.now();
    const result = (await rt.sweepNow()) as SweepResult;
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `sweep of ${DUE_ITEMS} due items: ${seconds.toFixed(1)} s in ${result.executions} executions, history events ${Math.min(...result.events)}–${Math.max(...result.events)}`,
    );

    expect(result.status).toBe('SUCCEEDED');
    expect(result.output.summary).toMatchObject({ processed: DUE_ITEMS, failed: POISONED });
    // 50 items a page, 10 pages an execution: 10 executions (+1 when the last page ends exactly on
    // a page boundary and an empty page confirms the end), each well under the history quota.
    expect(result.executions).toBeGreaterThanOrEqual(DUE_ITEMS / 500);
    expect(result.executions).toBeLessThanOrEqual(DUE_ITEMS / 500 + 1);
    for (const events of result.events) expect(events).toBeLessThan(25_000);
    // Nothing due at the sweep's start is left behind: the poisoned items wait for their retry.
    expect(await stillDue(now.toISOString())).toBe(0);
    const poisoned = await rt.deps.store.getRaw({ PK: 'SCALE#00007', SK: 'DEADLINE' });
    expect(poisoned?.sweepFailures).toMatchObject({ count: 1 });
    expect(String(poisoned?.nextActionAt) > now.toISOString()).toBe(true);
    for (const e of rt.runner.executions.values()) expect(e.status).not.toBe('TIMED_OUT');
  }, 300_000);
});
