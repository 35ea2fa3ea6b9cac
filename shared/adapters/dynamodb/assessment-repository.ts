/**
 * Assessments: all mutable state of one assessment (frozen questions, answers, score, outcome)
 * lives in one item, so every change is one conditional write.
 */
import type { Assessment } from '../../schemas/assessment.ts';
import type { ItemStore } from './item-store.ts';
import { keys, TABLE_KEYS } from './table-layout.ts';

export const toItem = (a: Assessment) => ({
  ...keys.assessment(a.id),
  ...keys.assessmentOfVendor(a.vendorId, a.createdAt, a.id),
  entity: 'Assessment',
  ...a,
});

export class AssessmentRepository {
  private readonly store: ItemStore;
  constructor(store: ItemStore) {
    this.store = store;
  }

  get(assessmentId: string): Promise<Assessment | undefined> {
    return this.store.get<Assessment>(keys.assessment(assessmentId));
  }

  async create(assessment: Assessment): Promise<void> {
    if (!(await this.store.create(toItem(assessment))))
      throw new Error(`Assessment ${assessment.id} already exists`);
  }

  async save(assessment: Assessment): Promise<Assessment> {
    await this.store.replace(toItem(assessment), assessment.version);
    return { ...assessment, version: assessment.version + 1 };
  }

  /** A vendor's assessments, newest first. */
  async listByVendor(vendorId: string): Promise<Assessment[]> {
    const { items } = await this.store.query<Assessment>({
      IndexName: TABLE_KEYS.gsi1.name,
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `VENDOR#${vendorId}`, ':prefix': 'ASSESSMENT#' },
      ScanIndexForward: false,
    });
    return items;
  }
}
