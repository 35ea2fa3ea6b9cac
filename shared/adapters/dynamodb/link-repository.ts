/**
 * Vendor portal links. The raw token exists only in the email; the table keeps its SHA-256 hash,
 * so a leaked table export or log line cannot be turned into a working link.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ItemStore } from './item-store.ts';
import { keys, TABLE_KEYS } from './table-layout.ts';

export interface PortalLink {
  tokenHash: string;
  /**
   * Assessment links open the questionnaire and findings (and the BAA page); BAA links only the BAA
   * page; the vendor's standing incident link only its incident page; documents links the vendor's
   * security documents and verification pages.
   */
  scope?: 'assessment' | 'baa' | 'incident' | 'documents';
  assessmentId?: string;
  vendorId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
}

export const toItem = (link: PortalLink) => ({
  ...keys.link(link.tokenHash),
  // Security-documents links (assurance.ts) are listed apart, so a new BAA email never revokes them.
  GSI1PK: link.assessmentId
    ? `ASSESSMENT#${link.assessmentId}`
    : link.scope === 'documents'
      ? `VENDORDOCS#${link.vendorId}`
      : `VENDORBAA#${link.vendorId}`,
  GSI1SK: `LINK#${link.createdAt}#${link.tokenHash}`,
  entity: 'PortalLink',
  ...link,
});

export class LinkRepository {
  private readonly store: ItemStore;
  constructor(store: ItemStore) {
    this.store = store;
  }

  async create(link: PortalLink): Promise<void> {
    if (!(await this.store.create(toItem(link)))) {
      throw new Error('Link token collision');
    }
  }

  get(tokenHash: string): Promise<PortalLink | undefined> {
    return this.store.get<PortalLink>(keys.link(tokenHash));
  }

  /** Every link ever issued for an assessment (invitations, reminders, remediation plans). */
  async listByAssessment(assessmentId: string): Promise<PortalLink[]> {
    const { items } = await this.store.queryItems<PortalLink>({
      IndexName: TABLE_KEYS.gsi1.name,
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `ASSESSMENT#${assessmentId}`, ':prefix': 'LINK#' },
    });
    return items;
  }

  /** Revokes every live BAA-only link of a vendor (a new BAA email replaces them). */
  async revokeAllBaa(vendorId: string, at: string): Promise<number> {
    const { items } = await this.store.queryItems<PortalLink>({
      IndexName: TABLE_KEYS.gsi1.name,
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `VENDORBAA#${vendorId}`, ':prefix': 'LINK#' },
    });
    // The vendor's standing incident link shares this index partition: it must outlive BAA emails.
    const live = items.filter((l) => !l.revokedAt && l.scope !== 'incident');
    await Promise.all(live.map((link) => this.revoke(link.tokenHash, at)));
    return live.length;
  }

  /** Revokes every live link of an assessment (resending an invitation replaces them all). */
  async revokeAll(assessmentId: string, at: string): Promise<number> {
    const live = (await this.listByAssessment(assessmentId)).filter((l) => !l.revokedAt);
    await Promise.all(live.map((link) => this.revoke(link.tokenHash, at)));
    return live.length;
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
