/**
 * Vendor portal links. The raw token exists only in the email; the table keeps its SHA-256 hash,
 * so a leaked table export or log line cannot be turned into a working link.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ItemStore } from './item-store.ts';
import { keys } from './table-layout.ts';

export interface PortalLink {
  tokenHash: string;
  assessmentId: string;
  vendorId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
}

export class LinkRepository {
  private readonly store: ItemStore;
  constructor(store: ItemStore) {
    this.store = store;
  }

  async create(link: PortalLink): Promise<void> {
    if (!(await this.store.create({ ...keys.link(link.tokenHash), entity: 'PortalLink', ...link }))) {
      throw new Error('Link token collision');
    }
  }

  get(tokenHash: string): Promise<PortalLink | undefined> {
    return this.store.get<PortalLink>(keys.link(tokenHash));
  }

  async revoke(tokenHash: string, at: string): Promise<void> {
    await this.store.ddb.send(
      new UpdateCommand({
        TableName: this.store.tableName,
        Key: keys.link(tokenHash),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}
