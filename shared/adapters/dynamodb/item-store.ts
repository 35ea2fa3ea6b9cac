/**
 * Single-item DynamoDB primitives every repository is built from. Each state change is one
 * conditional write: `create` fails if the item exists, `replace` fails unless the stored version is
 * the one the caller read (optimistic concurrency). dynalite has no transactions, so nothing here
 * relies on them.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
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
    if (error.name === 'ValidationException') {
      throw new AppError('invalid_request', 'The request refers to an id or page that cannot exist', 400);
    }
  }
  throw error;
}

export class ItemStore {
  readonly ddb: DynamoDBDocumentClient;
  readonly tableName: string;

  constructor(ddb: DynamoDBDocumentClient, tableName: string) {
    this.ddb = ddb;
    this.tableName = tableName;
  }

  async get<T>(key: Key): Promise<T | undefined> {
    const out = await this.ddb
      .send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))
      .catch(classify);
    return out.Item ? stripKeys<T>(out.Item) : undefined;
  }

  /** The stored item with its key attributes (for code that rewrites whole items, e.g. the sweep). */
  async getRaw(key: Key): Promise<(Item & Key) | undefined> {
    const out = await this.ddb
      .send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }))
      .catch(classify);
    return out.Item as (Item & Key) | undefined;
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
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      return classify(error);
    }
  }

  /**
   * Replaces an item whose stored `version` equals `expectedVersion`; the written item carries
   * `expectedVersion + 1`. Throws AppError `version_conflict` (409) when someone wrote in between.
   */
  async replace(item: Item & Key & { version: number }, expectedVersion: number): Promise<void> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...item, version: expectedVersion + 1 },
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
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
