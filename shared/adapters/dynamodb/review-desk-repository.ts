/**
 * The reviewer's desk: clarification threads and verdicts, one item per question under the
 * assessment's partition (`CLARIFICATION#<questionId>`, `VERDICT#<questionId>`), so an assessment's
 * threads are one Query and the assessment item itself never grows with the conversation.
 */
import { AppError } from '../../errors.ts';
import type { Clarification, Verdict } from '../../schemas/review-desk.ts';
import type { ItemStore } from './item-store.ts';
import { keys } from './table-layout.ts';

export const clarificationKey = (c: Pick<Clarification, 'assessmentId' | 'questionId'>) =>
  keys.clarification(c.assessmentId, c.questionId);

export const toClarificationItem = (c: Clarification) => ({
  ...clarificationKey(c),
  entity: 'Clarification',
  id: `${c.assessmentId}/${c.questionId}`,
  ...c,
});

const toVerdictItem = (v: Verdict) => ({
  ...keys.verdict(v.assessmentId, v.questionId),
  entity: 'Verdict',
  ...v,
});

export class ReviewDeskRepository {
  private readonly store: ItemStore;
  constructor(store: ItemStore) {
    this.store = store;
  }

  getClarification(assessmentId: string, questionId: string): Promise<Clarification | undefined> {
    return this.store.get<Clarification>(keys.clarification(assessmentId, questionId));
  }

  /** Creates the thread; false when one exists already (the caller then appends to it). */
  createClarification(c: Clarification): Promise<boolean> {
    return this.store.create(toClarificationItem(c));
  }

  async saveClarification(c: Clarification): Promise<Clarification> {
    await this.store.replace(toClarificationItem(c), c.version);
    return { ...c, version: c.version + 1 };
  }

  async listClarifications(assessmentId: string): Promise<Clarification[]> {
    return this.listUnder<Clarification>(assessmentId, 'CLARIFICATION#');
  }

  getVerdict(assessmentId: string, questionId: string): Promise<Verdict | undefined> {
    return this.store.get<Verdict>(keys.verdict(assessmentId, questionId));
  }

  /** Writes a verdict: create-only when new (`version` 0 expected absent), else a versioned replace. */
  async saveVerdict(v: Verdict, isNew: boolean): Promise<Verdict> {
    if (isNew) {
      if (!(await this.store.create(toVerdictItem(v)))) {
        throw new AppError(
          'version_conflict',
          'Someone recorded a verdict on this question meanwhile; reload and try again',
          409,
        );
      }
      return v;
    }
    await this.store.replace(toVerdictItem(v), v.version);
    return { ...v, version: v.version + 1 };
  }

  listVerdicts(assessmentId: string): Promise<Verdict[]> {
    return this.listUnder<Verdict>(assessmentId, 'VERDICT#');
  }

  private async listUnder<T>(assessmentId: string, prefix: string): Promise<T[]> {
    const { items } = await this.store.query<T>({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `ASSESSMENT#${assessmentId}`, ':prefix': prefix },
      ConsistentRead: true,
    });
    return items;
  }
}
