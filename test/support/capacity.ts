/**
 * Records every DynamoDB call a runtime makes, with the capacity DynamoDB says it consumed
 * (ReturnConsumedCapacity TOTAL is added to each request). Tests assert the calls' shapes; the
 * capacity script reports write and read units per operation.
 *
 * dynalite reports the base table's units only (by item size, the larger of before/after for a
 * write); the index writes AWS adds are estimated by `indexWrites` from the synthesized projections.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface RecordedCall {
  command: string;
  input: Record<string, any>;
  wcu: number;
  rcu: number;
}

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);
const BATCHABLE = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchWriteItemCommand',
  'BatchGetItemCommand',
  'TransactWriteItemsCommand',
  'TransactGetItemsCommand',
]);

export interface CapacityRecorder {
  calls: RecordedCall[];
  /** Runs `fn` and returns the calls made while it ran (and its result). */
  during<T>(fn: () => Promise<T>): Promise<{ result: T; calls: RecordedCall[] }>;
  reset(): void;
  stop(): void;
}

export const totals = (calls: RecordedCall[]) => ({
  calls: calls.length,
  writes: calls.filter((c) => WRITES.has(c.command)).length,
  wcu: calls.reduce((s, c) => s + c.wcu, 0),
  rcu: calls.reduce((s, c) => s + c.rcu, 0),
});

export function recordCapacity(ddb: DynamoDBDocumentClient): CapacityRecorder {
  const calls: RecordedCall[] = [];
  let on = true;
  const name = 'capacityRecorder';
  ddb.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName ?? '');
      const input = args.input as Record<string, any>;
      if (on && BATCHABLE.has(command)) input.ReturnConsumedCapacity ??= 'TOTAL';
      const out = await next(args);
      if (on && BATCHABLE.has(command)) {
        const consumed = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
          CapacityUnits?: number;
        }[];
        const units = list.reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
        const write = WRITES.has(command);
        calls.push({
          command,
          input: structuredClone(input),
          wcu: write ? units : 0,
          rcu: write ? 0 : units,
        });
      }
      return out;
    },
    { step: 'serialize', priority: 'high', name, override: true },
  );
  return {
    calls,
    async during(fn) {
      const start = calls.length;
      const result = await fn();
      return { result, calls: calls.slice(start) };
    },
    reset() {
      calls.length = 0;
    },
    stop() {
      on = false;
      ddb.middlewareStack.remove(name);
    },
  };
}

/** The value of a key attribute in a recorded request, marshalled (`{ S: … }`) or not. */
const plain = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? v
    : typeof (v as { S?: unknown })?.S === 'string'
      ? (v as { S: string }).S
      : undefined;

/** The partition key a recorded single-item request (or a key-condition query's `:pk`) addresses. */
export function pkOf(call: RecordedCall): string | undefined {
  const i = call.input;
  return plain(i.Key?.PK) ?? plain(i.Item?.PK) ?? plain(i.ExpressionAttributeValues?.[':pk']);
}
