/**
 * Assessments. An assessment is stored as two kinds of item (docs/architecture.md, "Item layout"):
 *
 * - `ASSESSMENT#<id>` / `STATE`: everything that changes (status, answers, dates, scores, outcome,
 *   due-action fields), ~1–3 KB. Every change is one conditional write of this item only, and
 *   through ItemStore's remembered reads an UpdateItem of the changed attributes.
 * - the frozen questionnaire, written once at launch as its own immutable item (QuestionnaireStore),
 *   referenced from the state item by `questionnaireRef`.
 *
 * Callers see one `Assessment` with its `questionnaire`, as before. A state item written by an
 * older version still carries its questionnaire inline; it is read as is and moved to the new
 * layout by its next save (and by the local migration on start).
 */
import type { Assessment } from '../../schemas/assessment.ts';
import type { ItemStore, ReadOptions } from './item-store.ts';
import { type QuestionnaireRef, QuestionnaireStore } from './questionnaire-store.ts';
import { keys, TABLE_KEYS } from './table-layout.ts';

/** The state item's attributes: the assessment without its questionnaire, with the reference. */
export type StoredAssessment = Omit<Assessment, 'questionnaire'> & {
  questionnaire?: Assessment['questionnaire'];
  questionnaireRef?: QuestionnaireRef;
};

export const toItem = (a: StoredAssessment) => ({
  ...keys.assessment(a.id),
  ...keys.assessmentOfVendor(a.vendorId, a.createdAt, a.id),
  entity: 'Assessment',
  ...a,
});

export class AssessmentRepository {
  private readonly store: ItemStore;
  readonly questionnaires: QuestionnaireStore;
  constructor(store: ItemStore, questionnaires = new QuestionnaireStore(store)) {
    this.store = store;
    this.questionnaires = questionnaires;
  }

  /** Reads strongly consistent unless told otherwise (a read that only shows may pass `consistent: false`). */
  async get(assessmentId: string, options: ReadOptions = {}): Promise<Assessment | undefined> {
    const stored = await this.store.get<StoredAssessment>(keys.assessment(assessmentId), options);
    return stored ? this.hydrate(stored) : undefined;
  }

  async create(assessment: Assessment): Promise<void> {
    if (!(await this.store.create(toItem(await this.stateOf(assessment)))))
      throw new Error(`Assessment ${assessment.id} already exists`);
  }

  async save(assessment: Assessment): Promise<Assessment> {
    await this.store.replace(toItem(await this.stateOf(assessment)), assessment.version);
    return { ...assessment, version: assessment.version + 1 };
  }

  /** A vendor's assessments, newest first. */
  async listByVendor(vendorId: string): Promise<Assessment[]> {
    const { items } = await this.store.queryItems<StoredAssessment>({
      IndexName: TABLE_KEYS.gsi1.name,
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `VENDOR#${vendorId}`, ':prefix': 'ASSESSMENT#' },
      ScanIndexForward: false,
    });
    return Promise.all(items.map((s) => this.hydrate(s)));
  }

  private async hydrate(stored: StoredAssessment): Promise<Assessment> {
    const { questionnaireRef, ...rest } = stored;
    if (!questionnaireRef) return rest; // not frozen yet, or the older inline layout
    return { ...rest, questionnaire: await this.questionnaires.get(questionnaireRef.sha256) };
  }

  /** The state item for `assessment`: its questionnaire stored (once) and replaced by a reference. */
  private async stateOf(assessment: Assessment): Promise<StoredAssessment> {
    const { questionnaire, ...rest } = assessment as StoredAssessment;
    if (!questionnaire) return rest;
    return { ...rest, questionnaireRef: await this.questionnaires.put(questionnaire, assessment.updatedAt) };
  }
}
