/** Findings: one item per finding under its assessment; GSI1 lists a vendor's findings. */
import type { Finding } from '../../schemas/finding.ts';
import type { ItemStore } from './item-store.ts';
import { keys, TABLE_KEYS } from './table-layout.ts';

export const findingKey = (f: Pick<Finding, 'assessmentId' | 'id'>) => keys.finding(f.assessmentId, f.id);

export const toItem = (f: Finding) => ({
  ...findingKey(f),
  ...keys.findingOfVendor(f.vendorId, `${f.assessmentId}#${f.id}`),
  ...keys.findingRegister(f.status, f.dueAt, f.assessmentId, f.id),
  entity: 'Finding',
  ...f,
});

export class FindingRepository {
  private readonly store: ItemStore;
  constructor(store: ItemStore) {
    this.store = store;
  }

  get(assessmentId: string, findingId: string): Promise<Finding | undefined> {
    return this.store.get<Finding>(keys.finding(assessmentId, findingId));
  }

  /** Creates the finding unless it exists (a retried review step re-derives the same ids). */
  createIfAbsent(finding: Finding): Promise<boolean> {
    return this.store.create(toItem(finding));
  }

  async save(finding: Finding): Promise<Finding> {
    await this.store.replace(toItem(finding), finding.version);
    return { ...finding, version: finding.version + 1 };
  }

  async listByAssessment(assessmentId: string): Promise<Finding[]> {
    const { items } = await this.store.query<Finding>({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `ASSESSMENT#${assessmentId}`, ':prefix': 'FINDING#' },
      ConsistentRead: true,
    });
    return items;
  }

  /**
   * The findings register: one status, by due date; `dueBefore` keeps the overdue ones, `severity`
   * filters. A page at a time.
   */
  register(options: {
    status: string;
    severity?: string;
    dueBefore?: string;
    limit: number;
    cursor?: Record<string, unknown>;
  }) {
    return this.store.queryItems<Finding>(
      {
        IndexName: TABLE_KEYS.gsi2.name,
        KeyConditionExpression: options.dueBefore ? 'GSI2PK = :pk AND GSI2SK < :before' : 'GSI2PK = :pk',
        ...(options.severity ? { FilterExpression: 'severity = :severity' } : {}),
        ExpressionAttributeValues: {
          ':pk': `FINDINGS#${options.status}`,
          ...(options.dueBefore ? { ':before': options.dueBefore } : {}),
          ...(options.severity ? { ':severity': options.severity } : {}),
        },
      },
      { limit: options.limit, cursor: options.cursor },
    );
  }

  async listByVendor(vendorId: string): Promise<Finding[]> {
    const { items } = await this.store.queryItems<Finding>({
      IndexName: TABLE_KEYS.gsi1.name,
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `VENDOR#${vendorId}`, ':prefix': 'FINDING#' },
    });
    return items;
  }
}
