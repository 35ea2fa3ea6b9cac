/**
 * A meter on the app's DynamoDB client, for the bench only: every call asks for
 * ReturnConsumedCapacity, and the meter records the call (command and input, to replay it as the
 * floor) and its read/write units.
 *
 * dynalite reports the table's units but none for global secondary indexes, which on AWS cost a
 * write each time an item they project is written. With `indexWrites` on, the meter reads the item
 * before and after each write (outside the meter) and adds the index writes AWS would bill: for
 * each GSI, a put of the projected item when it enters or changes, a delete when it leaves, both
 * when its index key changes; each ceil(projected size / 1 KB) units. The extra reads cost time,
 * so latency is measured with it off.
 */
import { createRequire } from 'node:module';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

const require = createRequire(import.meta.url);
/** dynalite's implementation of DynamoDB's item size rules (marshalled items). */
const { itemSize } = require('dynalite/db/index.js') as {
  itemSize: (item: Record<string, unknown>) => number;
};
const { marshall } = require('@aws-sdk/util-dynamodb') as {
  marshall: (item: Record<string, unknown>, o?: Record<string, unknown>) => Record<string, unknown>;
};

/** Low-level command name → the document client command that sends it. */
export const DOCUMENT_COMMANDS: Record<string, new (input: never) => unknown> = {
  GetItemCommand: GetCommand,
  PutItemCommand: PutCommand,
  UpdateItemCommand: UpdateCommand,
  DeleteItemCommand: DeleteCommand,
  QueryCommand: QueryCommand,
  ScanCommand: ScanCommand,
  BatchGetItemCommand: BatchGetCommand,
  BatchWriteItemCommand: BatchWriteCommand,
  TransactGetItemsCommand: TransactGetCommand,
  TransactWriteItemsCommand: TransactWriteCommand,
};
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);

export interface IndexDefinition {
  IndexName: string;
  KeySchema: { AttributeName: string; KeyType: string }[];
  Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
}
export interface TableShape {
  TableName: string;
  KeySchema: { AttributeName: string; KeyType: string }[];
  GlobalSecondaryIndexes?: IndexDefinition[];
}

export interface CallRecord {
  command: string;
  input: Record<string, unknown>;
  readUnits: number;
  writeUnits: number;
  /** Index writes AWS would bill (only with `indexWrites`). */
  indexWriteUnits: number;
}

type Item = Record<string, unknown>;

const units = (item: Item) => Math.ceil(itemSize(marshall(item, { removeUndefinedValues: true })) / 1024);

function projected(item: Item, index: IndexDefinition, table: TableShape): Item | undefined {
  if (!index.KeySchema.every((k) => item[k.AttributeName] !== undefined)) return undefined;
  const type = index.Projection.ProjectionType ?? 'ALL';
  if (type === 'ALL') return item;
  const keep = new Set([...table.KeySchema, ...index.KeySchema].map((k) => k.AttributeName));
  if (type === 'INCLUDE') for (const a of index.Projection.NonKeyAttributes ?? []) keep.add(a);
  return Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k)));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Index write units for one item going from `before` to `after` (either may be absent). */
export function indexWriteUnits(
  before: Item | undefined,
  after: Item | undefined,
  table: TableShape,
): number {
  let total = 0;
  for (const index of table.GlobalSecondaryIndexes ?? []) {
    const old = before && projected(before, index, table);
    const now = after && projected(after, index, table);
    if (!old && !now) continue;
    const keyOf = (i: Item) => index.KeySchema.map((k) => JSON.stringify(i[k.AttributeName])).join('|');
    if (old && now && keyOf(old) === keyOf(now)) {
      if (!same(old, now)) total += units(now);
      continue;
    }
    if (old) total += units(old);
    if (now) total += units(now);
  }
  return total;
}

function capacityOf(output: Record<string, unknown>) {
  const consumed = output.ConsumedCapacity;
  const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as {
    CapacityUnits?: number;
    ReadCapacityUnits?: number;
    WriteCapacityUnits?: number;
  }[];
  return list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

export class DynamoMeter {
  private records: CallRecord[] | undefined;
  /** Also account index writes (reads each written item before and after). */
  indexWrites = false;

  private readonly lookup: DynamoDBDocumentClient;
  private readonly table: TableShape;

  constructor(client: DynamoDBDocumentClient, lookup: DynamoDBDocumentClient, table: TableShape) {
    this.lookup = lookup;
    this.table = table;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const recording = this.records;
        const command = String(context.commandName);
        if (!recording || !DOCUMENT_COMMANDS[command]) return next(args);
        const input = args.input as Record<string, unknown>;
        const snapshot = structuredClone(input);
        input.ReturnConsumedCapacity = 'INDEXES';
        const key = this.indexWrites && WRITES.has(command) ? this.keyOf(command, input) : undefined;
        // A batch's puts and deletes are index writes too: each item before and after.
        const batchKeys =
          this.indexWrites && command === 'BatchWriteItemCommand' ? this.batchKeys(input) : [];
        const before = key ? await this.read(key) : undefined;
        const batchBefore = await Promise.all(batchKeys.map((k) => this.read(k)));
        const result = await next(args);
        const capacity = capacityOf(result.output as Record<string, unknown>);
        const after = key ? await this.read(key) : undefined;
        const batchAfter = await Promise.all(batchKeys.map((k) => this.read(k)));
        const batchIndexUnits = batchKeys.reduce(
          (sum, _, i) => sum + indexWriteUnits(batchBefore[i], batchAfter[i], this.table),
          0,
        );
        const write =
          WRITES.has(command) || command.startsWith('BatchWrite') || command.startsWith('TransactWrite');
        recording.push({
          command,
          input: snapshot,
          readUnits: write ? 0 : capacity,
          writeUnits: write ? capacity : 0,
          indexWriteUnits: (key ? indexWriteUnits(before, after, this.table) : 0) + batchIndexUnits,
        });
        return result;
      },
      { step: 'serialize', name: 'benchMeter', priority: 'high' },
    );
  }

  private keyOf(command: string, input: Record<string, unknown>): Item | undefined {
    if (input.TableName !== this.table.TableName) return undefined;
    const source = (command === 'PutItemCommand' ? input.Item : input.Key) as Item | undefined;
    if (!source) return undefined;
    return Object.fromEntries(this.table.KeySchema.map((k) => [k.AttributeName, source[k.AttributeName]]));
  }

  private batchKeys(input: Record<string, unknown>): Item[] {
    const requests = ((input.RequestItems as Record<string, unknown[]> | undefined)?.[this.table.TableName] ??
      []) as { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[];
    return requests.flatMap((r) => {
      const source = r.PutRequest?.Item ?? r.DeleteRequest?.Key;
      return source
        ? [Object.fromEntries(this.table.KeySchema.map((k) => [k.AttributeName, source[k.AttributeName]]))]
        : [];
    });
  }

  private async read(key: Item): Promise<Item | undefined> {
    const out = await this.lookup.send(
      new GetCommand({ TableName: this.table.TableName, Key: key, ConsistentRead: true }),
    );
    return out.Item;
  }

  /** Records every call until `stop()`. */
  start(): void {
    this.records = [];
  }

  stop(): CallRecord[] {
    const out = this.records ?? [];
    this.records = undefined;
    return out;
  }
}

export const sum = (records: CallRecord[]) => ({
  calls: records.length,
  readUnits: records.reduce((s, r) => s + r.readUnits, 0),
  writeUnits: records.reduce((s, r) => s + r.writeUnits, 0),
  indexWriteUnits: records.reduce((s, r) => s + r.indexWriteUnits, 0),
});

/**
 * The same calls, made directly with a plain document client, one after another as the app made
 * them (the latency floor). Conditions are dropped so a replayed write applies like the original
 * instead of failing on the version the original just bumped.
 */
export async function replay(client: DynamoDBDocumentClient, records: CallRecord[]): Promise<void> {
  for (const r of records) {
    const input = structuredClone(r.input);
    if (input.ConditionExpression) {
      delete input.ConditionExpression;
      pruneExpressionAttributes(input);
    }
    const Command = DOCUMENT_COMMANDS[r.command]!;
    await client.send(new Command(input as never) as never);
  }
}

/** Removes expression names and values no remaining expression mentions (DynamoDB rejects unused ones). */
function pruneExpressionAttributes(input: Record<string, unknown>) {
  const text = ['UpdateExpression', 'KeyConditionExpression', 'FilterExpression', 'ProjectionExpression']
    .map((k) => String(input[k] ?? ''))
    .join(' ');
  for (const field of ['ExpressionAttributeNames', 'ExpressionAttributeValues'] as const) {
    const map = input[field] as Record<string, unknown> | undefined;
    if (!map) continue;
    for (const token of Object.keys(map)) {
      if (!new RegExp(`${token.replace(/[$]/g, '\\$')}(?![A-Za-z0-9_])`).test(text)) delete map[token];
    }
    if (Object.keys(map).length === 0) delete input[field];
  }
}
