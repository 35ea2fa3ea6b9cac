/**
 * Single-item DynamoDB primitives every repository is built from. Each state change is one
 * conditional write: `create` fails if the item exists, `replace` fails unless the stored version is
 * the one the caller read (optimistic concurrency). dynalite has no transactions, so nothing here
 * relies on them.
 *
 * Writes touch only what changed: `get` remembers the item it read (by key and version, a small
 * bounded cache), and `replace` of that version sends one UpdateItem that SETs the changed
 * attributes and REMOVEs the dropped ones. Without a remembered read it falls back to a full Put
 * (same condition, same result). Index writes on AWS follow only changed projected attributes, so
 * an update that leaves the index keys alone costs no index write at all.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '../../domain/audit-chain.ts';
import { AppError, TransientError } from '../../errors.ts';
import { TABLE_KEYS } from './table-layout.ts';

export type Key = { PK: string; SK: string };
export type Item = Record<string, unknown>;

const KEY_ATTRIBUTES = new Set<string>([
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  TABLE_KEYS.gsi1.partitionKey,
  TABLE_KEYS.gsi1.sortKey,
  TABLE_KEYS.gsi2.partitionKey,
  TABLE_KEYS.gsi2.sortKey,
  'entity',
]);

/** Removes the table's key attributes so callers see the entity only. */
export function stripKeys<T>(item: Item): T {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k)) out[k] = v;
  return out as T;
}

export const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof Error && error.name === 'ConditionalCheckFailedException');

/** Throttling and 5xx become TransientError so that workflows retry them by name. */
export function classifyDynamoError(error: unknown): never {
  return classify(error);
}

function classify(error: unknown): never {
  if (error instanceof Error) {
    const meta = (error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown }).$metadata;
    const status = meta?.httpStatusCode ?? 0;
    if (
      status >= 500 ||
      status === 429 ||
      /Throttl|ProvisionedThroughput|ECONNREFUSED|ECONNRESET/.test(`${error.name} ${error.message}`)
    ) {
      throw new TransientError(`DynamoDB is unavailable: ${error.name}`, { cause: error });
    }
    // Input the table refuses (a key over 1 KB, a malformed resume key) is the caller's mistake.
    if (error.name === 'ValidationException' && /Item size (to update )?has exceeded/.test(error.message)) {
      // A record past DynamoDB's 400 KB item limit (long texts in a document's fields): nothing was written.
      throw new AppError(
        'record_too_large',
        'This record would be larger than the 400 KB the database keeps per record: shorten the longest texts and try again',
        400,
      );
    }
    if (error.name === 'ValidationException') {
      throw new AppError('invalid_request', 'The request refers to an id or page that cannot exist', 400);
    }
  }
  throw error;
}

export interface ReadOptions {
  /**
   * false: an eventually consistent read (half the read units). Only for reads whose result is
   * shown, never for a read that decides a write (docs/architecture.md lists where).
   */
  consistent?: boolean;
}

/** BatchGetItem takes at most 100 keys per call. */
const BATCH_GET_MAX = 100;
/** Remembered reads for partial updates; a request reads a handful of items, so this stays small. */
const SNAPSHOTS_MAX = 500;

const snapshotKey = (key: Key, version: unknown) => `${key.PK}\u0000${key.SK}\u0000${String(version)}`;
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  }
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false; // not plain JSON (binary): write it
  }
}

export class ItemStore {
  readonly ddb: DynamoDBDocumentClient;
  readonly tableName: string;
  private readonly snapshots = new Map<string, Item>();

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.ddb = ddb;
    this.tableName = tableName;
  }

  /** Remembers an item as read so that a `replace` of this version writes only the difference. */
  remember(item: Item): void {
    if (typeof item.PK !== 'string' || typeof item.SK !== 'string' || typeof item.version !== 'number')
      return;
    const id = snapshotKey(item as Key, item.version);
    this.snapshots.delete(id);
    this.snapshots.set(id, structuredClone(item));
    if (this.snapshots.size > SNAPSHOTS_MAX) this.snapshots.delete(this.snapshots.keys().next().value!);
  }

  async get<T>(key: Key, options: ReadOptions = {}): Promise<T | undefined> {
    const item = await this.getRaw(key, options);
    return item ? stripKeys<T>(item) : undefined;
  }

  /** The stored item with its key attributes (for code that rewrites whole items, e.g. the sweep). */
  async getRaw(key: Key, options: ReadOptions = {}): Promise<(Item & Key) | undefined> {
    const out = await this.ddb
      .send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: options.consistent ?? true }),
      )
      .catch(classify);
    if (out.Item) this.remember(out.Item);
    return out.Item as (Item & Key) | undefined;
  }

  /**
   * Many items by key, in the order of `keys` (missing ones left out), 100 keys per call, the
   * calls in parallel, unprocessed keys retried.
   */
  async batchGetRaw(keys: Key[], options: ReadOptions = {}): Promise<(Item & Key)[]> {
    const unique = [...new Map(keys.map((k) => [`${k.PK}\u0000${k.SK}`, { PK: k.PK, SK: k.SK }])).values()];
    const chunks: Key[][] = [];
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) chunks.push(unique.slice(i, i + BATCH_GET_MAX));
    const found = new Map<string, Item & Key>();
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending: Key[] = chunk;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
          if (attempt > 8) throw new TransientError('DynamoDB left keys unprocessed');
          const out = await this.ddb
            .send(
              new BatchGetCommand({
                RequestItems: {
                  [this.tableName]: { Keys: pending, ConsistentRead: options.consistent ?? true },
                },
              }),
            )
            .catch(classify);
          for (const item of (out.Responses?.[this.tableName] ?? []) as (Item & Key)[]) {
            found.set(`${item.PK}\u0000${item.SK}`, item);
            this.remember(item);
          }
          pending = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Key[];
        }
      }),
    );
    return keys.flatMap((k) => found.get(`${k.PK}\u0000${k.SK}`) ?? []);
  }

  /** Writes a new item; returns false when an item with that key already exists. */
  async create(item: Item & Key): Promise<boolean> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      this.remember(item);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      return classify(error);
    }
  }

  /**
   * Writes several NEW items in one call (BatchWriteItem: no conditions). Only for items whose keys
   * were generated in this request (a new vendor id, a fresh token), which nothing else can address
   * yet; anything that may exist goes through `create`.
   */
  async createAll(items: (Item & Key)[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        if (attempt > 8) throw new TransientError('DynamoDB left items unprocessed');
        const out = await this.ddb
          .send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }))
          .catch(classify);
        pending = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
      }
    }
    for (const item of items) this.remember(item);
  }

  /**
   * Replaces an item whose stored `version` equals `expectedVersion`; the written item carries
   * `expectedVersion + 1`. Throws AppError `version_conflict` (409) when someone wrote in between.
   */
  async replace(item: Item & Key & { version: number }, expectedVersion: number): Promise<void> {
    const id = snapshotKey(item, expectedVersion);
    const before = this.snapshots.get(id);
    const next = { ...item, version: expectedVersion + 1 };
    try {
      if (before) await this.ddb.send(new UpdateCommand(this.updateInput(before, next, expectedVersion)));
      else
        await this.ddb.send(
          new PutCommand({
            TableName: this.tableName,
            Item: next,
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
        );
      this.snapshots.delete(id);
      this.remember(next);
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new AppError(
          'version_conflict',
          'The record changed while you were editing it; reload and try again',
          409,
        );
      }
      classify(error);
    }
  }

  /** The UpdateItem that turns `before` into `after`: SET what changed, REMOVE what was dropped. */
  private updateInput(before: Item, after: Item, expectedVersion: number) {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':expected': expectedVersion };
    const set: string[] = [];
    const remove: string[] = [];
    let n = 0;
    for (const [name, value] of Object.entries(after)) {
      if (name === 'PK' || name === 'SK' || name === 'version' || value === undefined) continue;
      if (sameValue(before[name], value)) continue;
      names[`#a${n}`] = name;
      values[`:a${n}`] = value;
      set.push(`#a${n} = :a${n}`);
      n++;
    }
    for (const name of Object.keys(before)) {
      if (name === 'PK' || name === 'SK' || name === 'version') continue;
      if (before[name] === undefined || after[name] !== undefined) continue;
      names[`#a${n}`] = name;
      remove.push(`#a${n}`);
      n++;
    }
    values[':next'] = after.version;
    set.push('#version = :next');
    return {
      TableName: this.tableName,
      Key: { PK: after.PK, SK: after.SK },
      UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  /**
   * Queries an index for keys, then reads the items themselves (BatchGetItem): for indexes that
   * project only keys, so that index writes stay small and callers still get whole entities.
   */
  async queryItems<T>(
    input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit' | 'ProjectionExpression'>,
    options: { limit?: number; cursor?: Record<string, unknown> } & ReadOptions = {},
  ): Promise<{ items: T[]; cursor?: Record<string, unknown> }> {
    const page = await this.query<Key>(input, {
      limit: options.limit,
      cursor: options.cursor,
      keepKeys: true,
    });
    const items = await this.batchGetRaw(page.items, { consistent: options.consistent ?? false });
    return { items: items.map((i) => stripKeys<T>(i)), cursor: page.cursor };
  }

  /** Runs a query, following pages up to `limit` items; returns the items and a resume cursor. */
  async query<T>(
    input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>,
    options: { limit?: number; cursor?: Record<string, unknown>; keepKeys?: boolean } = {},
  ): Promise<{ items: T[]; cursor?: Record<string, unknown> }> {
    const items: T[] = [];
    let start = options.cursor;
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    do {
      const out = await this.ddb
        .send(
          new QueryCommand({
            ...input,
            TableName: this.tableName,
            ExclusiveStartKey: start,
            Limit: Number.isFinite(limit) ? Math.min(1000, limit - items.length) : undefined,
          }),
        )
        .catch(classify);
      for (const item of out.Items ?? []) items.push(options.keepKeys ? (item as T) : stripKeys<T>(item));
      start = out.LastEvaluatedKey;
    } while (start && items.length < limit);
    return { items, cursor: start };
  }
}
