/**
 * Assessments. An assessment is stored as two kinds of item (docs/architecture.md, "Item layout"):
 *
 * - `ASSESSMENT#<id>` / `STATE`: everything that changes (status, answers, dates, scores, outcome,
 *   due-action fields), ~1–3 KB. Every change is one conditional write of this item only, and
 *   through ItemStore's remembered reads an UpdateItem of the changed attributes.
 * - the frozen questionnaire, written once at launch as its own immutable item (QuestionnaireStore),
 *   referenced from the state item by `questionnaireRef`.
 *
 * The two bulky attributes that are always read and written whole and never queried, `answers` and
 * `domainScores`, are stored gzip-compressed (`answersGz`, `domainScoresGz`): a 1.2 KB answer set
 * becomes ~0.3 KB, which keeps the state item under 2 KB through the review (each write of it
 * costs its size in write units, however little changed).
 *
 * Callers see one `Assessment` with its `questionnaire`, as before. A state item written by an
 * older version still carries its questionnaire inline; it is read as is and moved to the new
 * layout by its next save (and by the local migration on start).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { canonicalJson } from '../../domain/audit-chain.ts';
import type { Assessment } from '../../schemas/assessment.ts';
import { DOMAIN_LABELS, type DomainId } from '../../schemas/questionnaire.ts';
import type { ItemStore, ReadOptions } from './item-store.ts';
import { type QuestionnaireRef, QuestionnaireStore } from './questionnaire-store.ts';
import { keys, TABLE_KEYS } from './table-layout.ts';

/** The state item's attributes: the assessment without its questionnaire, with the reference. */
export type StoredAssessment = Omit<Assessment, 'questionnaire' | 'answers'> & {
  questionnaire?: Assessment['questionnaire'];
  questionnaireRef?: QuestionnaireRef;
  answers?: Assessment['answers'];
  answersGz?: Uint8Array;
  domainScoresGz?: Uint8Array;
};

const COMPRESSED = [
  ['answers', 'answersGz'],
  ['domainScores', 'domainScoresGz'],
] as const;

/** gzip of canonical JSON: deterministic, so an unchanged value compresses to the same bytes. */
const pack = (value: unknown) => gzipSync(canonicalJson(value), { level: 9 });
const unpack = (bytes: Uint8Array) => JSON.parse(gunzipSync(bytes).toString('utf8'));

/**
 * Domain scores are stored without their labels (the catalogue's, restored on read): ~150 bytes
 * that kept the reviewed state item just over 2 KB, i.e. one write unit more for every write of it.
 */
type DomainScore = NonNullable<Assessment['domainScores']>[number];
const withoutLabel = (d: DomainScore) => {
  const { label: _label, ...rest } = d;
  return rest;
};
const withLabel = (d: Omit<DomainScore, 'label'> & { label?: string }): DomainScore => ({
  ...d,
  label: d.label ?? DOMAIN_LABELS[d.domain as DomainId] ?? d.domain,
});

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
    const { questionnaireRef, ...rest } = stored as StoredAssessment & Record<string, unknown>;
    for (const [plain, packed] of COMPRESSED) {
      if (rest[packed] instanceof Uint8Array) rest[plain] = unpack(rest[packed] as Uint8Array);
      delete rest[packed];
    }
    if (Array.isArray(rest.domainScores)) rest.domainScores = rest.domainScores.map(withLabel);
    const assessment = { ...rest, answers: rest.answers ?? {} } as Assessment;
    if (!questionnaireRef) return assessment; // not frozen yet, or the older inline layout
    return { ...assessment, questionnaire: await this.questionnaires.get(questionnaireRef.sha256) };
  }

  /** The state item for `assessment`: its questionnaire stored (once) and replaced by a reference. */
  private async stateOf(assessment: Assessment): Promise<StoredAssessment> {
    const { questionnaire, ...rest } = assessment as StoredAssessment & Record<string, unknown>;
    const plainValues: Record<string, unknown> = {
      ...rest,
      ...(Array.isArray(rest.domainScores) ? { domainScores: rest.domainScores.map(withoutLabel) } : {}),
    };
    for (const [plain, packed] of COMPRESSED) {
      if (plainValues[plain] !== undefined) rest[packed] = pack(plainValues[plain]);
      delete rest[plain];
    }
    if (!questionnaire) return rest as StoredAssessment;
    return {
      ...(rest as StoredAssessment),
      questionnaireRef: await this.questionnaires.put(questionnaire, assessment.updatedAt),
    };
  }
}
