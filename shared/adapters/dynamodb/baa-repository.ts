/** BAAs: one item per agreement under its vendor; GSI1 `BAAS` lists them by status and expiry (the BAA register). */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { BaaRecord } from '../../schemas/baa-record.ts';
import type { ItemStore } from './item-store.ts';
import { keys, TABLE_KEYS } from './table-layout.ts';

export const baaKey = (b: Pick<BaaRecord, 'vendorId' | 'id'>) => keys.baa(b.vendorId, b.id);

export const toItem = (b: BaaRecord) => ({
  ...baaKey(b),
  ...keys.baaRegister(b.status, b.expiresAt ?? '-', b.vendorId, b.id),
  entity: 'Baa',
  ...b,
});

export class BaaRepository {
  private readonly store: ItemStore;
  constructor(store: ItemStore) {
    this.store = store;
  }

  get(vendorId: string, baaId: string): Promise<BaaRecord | undefined> {
    return this.store.get<BaaRecord>(keys.baa(vendorId, baaId));
  }

  createIfAbsent(baa: BaaRecord): Promise<boolean> {
    return this.store.create(toItem(baa));
  }

  async save(baa: BaaRecord): Promise<BaaRecord> {
    await this.store.replace(toItem(baa), baa.version);
    return { ...baa, version: baa.version + 1 };
  }

  async listByVendor(vendorId: string): Promise<BaaRecord[]> {
    const { items } = await this.store.query<BaaRecord>({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `VENDOR#${vendorId}`, ':prefix': 'BAA#' },
      ConsistentRead: true,
    });
    return items;
  }

  /** The register: every BAA, optionally of one status, ordered by expiry. */
  list(options: { status?: string; limit: number; cursor?: Record<string, unknown> }) {
    return this.store.queryItems<BaaRecord>(
      {
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: options.status
          ? 'GSI1PK = :pk AND begins_with(GSI1SK, :status)'
          : 'GSI1PK = :pk',
        ExpressionAttributeValues: {
          ':pk': 'BAAS',
          ...(options.status ? { ':status': `${options.status}#` } : {}),
        },
      },
      { limit: options.limit, cursor: options.cursor },
    );
  }

  /** Only after the retention check (baa-retention.ts) allows it. */
  async delete(baa: BaaRecord): Promise<void> {
    await this.store.ddb.send(
      new DeleteCommand({
        TableName: this.store.tableName,
        Key: baaKey(baa),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': baa.version },
      }),
    );
  }
}
