/**
 * Questionnaires: the versioned templates a vendor answers, the conditions that show or hide a
 * question, and the shape of the answers. A template is validated when it is loaded (ids unique,
 * conditions point backwards, choice questions offer options, scored questions cite a source), and a
 * deep copy of it is frozen into every assessment at send so later edits never change open work.
 */
import { noControlCharacters, Tier } from './core.ts';
import { SystemAccess } from './intake.ts';
import * as z from './zod.ts';

export const DomainId = z.enum([
  'governance',
  'baa_subcontractors',
  'asset_inventory',
  'hardening',
  'vulnerability_management',
  'access_control',
  'encryption',
  'physical_safeguards',
  'logging',
  'incident_response',
  'backup_contingency',
  'medical_devices',
  'workforce',
]);
export type DomainId = z.infer<typeof DomainId>;
/** Display and report order of the domains. */
export const DOMAIN_ORDER: readonly DomainId[] = DomainId.options;

export const DOMAIN_LABELS: Record<DomainId, string> = {
  governance: 'Governance and risk analysis',
  baa_subcontractors: 'BAA and subcontractors',
  asset_inventory: 'Asset inventory and decommissioning',
  hardening: 'Hardening and configuration',
  vulnerability_management: 'Vulnerability and patch management',
  access_control: 'Access control',
  encryption: 'Encryption',
  physical_safeguards: 'Physical safeguards',
  logging: 'Logging and monitoring',
  incident_response: 'Incident response',
  backup_contingency: 'Backup and contingency',
  medical_devices: 'Medical devices',
  workforce: 'Workforce',
};

export const QuestionType = z.enum([
  'yes_no',
  'single_choice',
  'multi_choice',
  'number',
  'date',
  'text',
  'evidence',
]);
export type QuestionType = z.infer<typeof QuestionType>;

/** The values a yes/no question accepts; `partial` and `na` only where the question allows them. */
export const YES_NO_VALUES = ['yes', 'no', 'partial', 'na'] as const;
export type YesNoValue = (typeof YES_NO_VALUES)[number];

/** Default and absolute caps on free text, so one answer cannot bloat an assessment item. */
export const DEFAULT_TEXT_MAX_LENGTH = 2000;
export const ABSOLUTE_STRING_MAX_LENGTH = 10_000;
export const MAX_EVIDENCE_FILES = 20;

/** Boolean intake facts a condition can test. */
export const IntakeFlag = z.enum(['handlesPhi', 'medicalDevice', 'criticalClinicalFunction']);
export type IntakeFlag = z.infer<typeof IntakeFlag>;

/**
 * When a question is shown. `question` conditions match when the earlier question's answer is one
 * of `in` (for multi-choice: when any selected value is); `all`/`any` combine conditions.
 */
export type Condition =
  | { intake: IntakeFlag; equals: boolean }
  | { intake: 'systemAccess'; in: SystemAccess[] }
  | { question: string; in: string[] }
  | { all: Condition[] }
  | { any: Condition[] };

// Strict objects: a condition with a typo'd extra key must fail rather than match a looser branch.
export const Condition: z.ZodMiniType<Condition, Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ intake: IntakeFlag, equals: z.boolean() }),
    z.strictObject({ intake: z.literal('systemAccess'), in: z.array(SystemAccess).check(z.minLength(1)) }),
    z.strictObject({
      question: z.string().check(z.minLength(1)),
      in: z.array(z.string()).check(z.minLength(1)),
    }),
    z.strictObject({ all: z.array(Condition).check(z.minLength(1)) }),
    z.strictObject({ any: z.array(Condition).check(z.minLength(1)) }),
  ]),
);

export const QuestionOption = z.object({
  value: z
    .string()
    .check(z.regex(/^[a-z0-9_]{1,40}$/, 'Option values are lower_snake_case (1-40 characters)')),
  label: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Fraction of full credit (0..1) this option earns. */
  score: z.number().check(z.gte(0), z.lte(1)),
  /** multi_choice only: an option that cannot be combined with others (e.g. "none of these"). */
  exclusive: z.optional(z.boolean()),
});
export type QuestionOption = z.infer<typeof QuestionOption>;

/**
 * Credit rule for a scored number question, where lower is better (days, hours):
 * value <= fullAtMost earns 1, value <= halfAtMost earns 0.5, anything higher earns 0.
 */
export const NumberCredit = z
  .object({ fullAtMost: z.number(), halfAtMost: z.number() })
  .check(z.refine((c) => c.fullAtMost <= c.halfAtMost, 'fullAtMost must not exceed halfAtMost'));
export type NumberCredit = z.infer<typeof NumberCredit>;

/**
 * A knock-out: answers that force the proposed outcome to at least `outcome` whatever the score
 * (refusing our BAA, no encryption of PHI at rest, no risk analysis). `reason` is shown to compliance.
 */
export const KnockOut = z.object({
  answers: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  outcome: z.enum(['reject', 'needs_review']),
  reason: z.string().check(z.minLength(1), z.maxLength(500)),
});
export type KnockOut = z.infer<typeof KnockOut>;

/**
 * Which confirmed, current assurance documents can answer a question (docs/assurance.md, "Evidence
 * reuse"): a document of one of `documents` (its fields matching `where`, e.g. a SOC 2 of report type
 * Type II) gives the answer `answer` — a fixed value (yes/no questions) or one of its date fields
 * (date questions). The vendor is offered it and confirms; it is never applied silently.
 */
export const AnswerFrom = z.strictObject({
  documents: z
    .array(
      z.strictObject({
        type: z.enum(['soc2', 'hitrust', 'iso27001', 'pen_test', 'cyber_insurance']),
        where: z.optional(z.record(z.string(), z.array(z.union([z.string(), z.number()])))),
      }),
    )
    .check(z.minLength(1)),
  answer: z.union([z.strictObject({ value: z.string() }), z.strictObject({ field: z.string() })]),
  /** Why such a document answers the question (shown to compliance and in the docs). */
  why: z.string().check(z.minLength(1), z.maxLength(500)),
});
export type AnswerFrom = z.infer<typeof AnswerFrom>;

export const Question = z.object({
  /** Stable kebab-case id; answers, findings (`f_q_<id>`) and evidence reuse key on it. */
  id: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Question ids are kebab-case'), z.maxLength(80)),
  domain: DomainId,
  /** Short name used in validation messages and finding titles ("MFA coverage"). */
  title: z.string().check(z.minLength(1), z.maxLength(80)),
  text: z.string().check(z.minLength(1), z.maxLength(1000)),
  help: z.string().check(z.maxLength(2000)),
  type: QuestionType,
  options: z.optional(z.array(QuestionOption)),
  allowPartial: z.optional(z.boolean()),
  allowNa: z.optional(z.boolean()),
  min: z.optional(z.number()),
  max: z.optional(z.number()),
  numberCredit: z.optional(NumberCredit),
  maxLength: z.optional(z.int().check(z.gte(1), z.lte(ABSOLUTE_STRING_MAX_LENGTH))),
  weight: z.int().check(z.gte(1), z.lte(5)),
  critical: z.boolean(),
  required: z._default(z.boolean(), true),
  citations: z.array(z.string().check(z.minLength(1))),
  showIf: z.optional(Condition),
  remediation: z.string().check(z.minLength(1), z.maxLength(2000)),
  scored: z.boolean(),
  knockOut: z.optional(KnockOut),
  /**
   * Only for vendors that handle PHI: never shown to, asked of or scored for any other vendor
   * (the questionnaire's own showIf may add further conditions).
   */
  phiOnly: z.optional(z.boolean()),
  /** Confirmed assurance documents that can answer this question (evidence reuse). */
  answerFrom: z.optional(AnswerFrom),
});
export type Question = z.infer<typeof Question>;
export type QuestionInput = z.input<typeof Question>;

const CHOICE_TYPES: readonly QuestionType[] = ['single_choice', 'multi_choice'];
const SCORABLE_TYPES: readonly QuestionType[] = ['yes_no', 'single_choice', 'multi_choice', 'number'];

/** The answer values a condition may compare an earlier question against. */
function conditionValues(q: Question): readonly string[] | undefined {
  if (q.type === 'yes_no') return YES_NO_VALUES;
  if (CHOICE_TYPES.includes(q.type)) return (q.options ?? []).map((o) => o.value);
  return undefined;
}

function conditionRefs(c: Condition): { question: string; in: string[] }[] {
  if ('all' in c) return c.all.flatMap(conditionRefs);
  if ('any' in c) return c.any.flatMap(conditionRefs);
  if ('question' in c) return [c];
  return [];
}

/** Rules a question list must satisfy beyond each question's shape (shared by templates and frozen copies). */
function checkQuestionList(
  questions: Question[],
  ctx: z.core.$RefinementCtx<unknown>,
  base: PropertyKey[],
): void {
  const issue = (i: number, field: string, message: string) =>
    ctx.addIssue({ code: 'custom', message, path: [...base, i, field], input: questions[i] });
  const seen = new Map<string, Question>();
  questions.forEach((q, i) => {
    if (seen.has(q.id)) issue(i, 'id', `Duplicate question id '${q.id}'`);
    const isChoice = CHOICE_TYPES.includes(q.type);
    if (isChoice) {
      const values = (q.options ?? []).map((o) => o.value);
      if (values.length < 2) issue(i, 'options', `Question '${q.id}' (${q.type}) needs at least two options`);
      if (new Set(values).size !== values.length)
        issue(i, 'options', `Question '${q.id}' repeats an option value`);
    } else if (q.options !== undefined) {
      issue(i, 'options', `Question '${q.id}' (${q.type}) must not define options`);
    }
    if (q.type !== 'multi_choice' && q.options?.some((o) => o.exclusive)) {
      issue(i, 'options', `Question '${q.id}': exclusive options only make sense for multi_choice`);
    }
    if (q.type !== 'yes_no' && (q.allowPartial || q.allowNa)) {
      issue(i, 'type', `Question '${q.id}': allowPartial/allowNa only apply to yes_no questions`);
    }
    if (q.type !== 'number' && (q.min !== undefined || q.max !== undefined || q.numberCredit !== undefined)) {
      issue(i, 'type', `Question '${q.id}': min/max/numberCredit only apply to number questions`);
    }
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) {
      issue(i, 'min', `Question '${q.id}': min must not exceed max`);
    }
    if (q.type !== 'text' && q.maxLength !== undefined) {
      issue(i, 'maxLength', `Question '${q.id}': maxLength only applies to text questions`);
    }
    if (q.scored) {
      if (!SCORABLE_TYPES.includes(q.type))
        issue(i, 'scored', `Question '${q.id}': ${q.type} questions cannot be scored`);
      if (q.type === 'number' && q.numberCredit === undefined) {
        issue(i, 'numberCredit', `Question '${q.id}': a scored number question needs numberCredit`);
      }
      if (q.citations.length === 0)
        issue(i, 'citations', `Question '${q.id}': a scored question must cite a source`);
    }
    if (q.knockOut) {
      const allowed = conditionValues(q);
      const unknown = allowed ? q.knockOut.answers.filter((v) => !allowed.includes(v)) : q.knockOut.answers;
      if (!allowed)
        issue(i, 'knockOut', `Question '${q.id}': only yes/no and choice questions can knock out`);
      else if (unknown.length > 0)
        issue(i, 'knockOut', `Question '${q.id}': knock-out answers it never takes: ${unknown.join(', ')}`);
    }
    if (q.answerFrom) {
      const { answer } = q.answerFrom;
      if ('value' in answer && !(conditionValues(q) ?? []).includes(answer.value))
        issue(i, 'answerFrom', `Question '${q.id}': a document cannot answer '${answer.value}' here`);
      if ('field' in answer && q.type !== 'date')
        issue(i, 'answerFrom', `Question '${q.id}': only a date question takes a document's date field`);
    }
    if (q.critical && !q.scored)
      issue(i, 'critical', `Question '${q.id}': a critical question must be scored`);
    for (const ref of q.showIf ? conditionRefs(q.showIf) : []) {
      const target = seen.get(ref.question);
      if (!target) {
        issue(i, 'showIf', `Question '${q.id}' shows on '${ref.question}', which is not an earlier question`);
        continue;
      }
      const allowed = conditionValues(target);
      if (!allowed) {
        issue(i, 'showIf', `Question '${q.id}' cannot depend on '${ref.question}' (${target.type})`);
        continue;
      }
      const unknown = ref.in.filter((v) => !allowed.includes(v));
      if (unknown.length > 0) {
        issue(
          i,
          'showIf',
          `Question '${q.id}' tests '${ref.question}' for values it never takes: ${unknown.join(', ')}`,
        );
      }
    }
    if (!seen.has(q.id)) seen.set(q.id, q);
  });
}

export const QuestionnaireTemplate = z
  .object({
    id: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Template ids are kebab-case')),
    version: z.int().check(z.gte(1)),
    title: z.string().check(z.minLength(1), z.maxLength(200)),
    description: z.string().check(z.maxLength(2000)),
    tiers: z.array(Tier).check(z.minLength(1)),
    questions: z.array(Question).check(z.minLength(1)),
  })
  .check(z.superRefine((t, ctx) => checkQuestionList(t.questions, ctx, ['questions'])));
export type QuestionnaireTemplate = z.infer<typeof QuestionnaireTemplate>;
/** What content files declare: `required` may be omitted (defaults to true). */
export type QuestionnaireTemplateInput = z.input<typeof QuestionnaireTemplate>;

/**
 * A cited evidence file. Clients send `key` (as issued by `POST /portal/{token}/uploads`) and
 * `name`; the server rebuilds the rest: while drafting from the upload's issue record (declared
 * size and type), and on submit or fix report from the stored object itself, adding `sha256` (hex,
 * of the stored bytes) and `versionId` (the S3 object version those bytes are; open that version,
 * not the key's latest). Values a client sends for these are ignored (shared/use-cases/upload-keys.ts).
 */
export const EvidenceRef = z.object({
  key: z.string().check(z.minLength(1), z.maxLength(1024)),
  name: z.string().check(noControlCharacters, z.minLength(1), z.maxLength(255)),
  size: z.int().check(z.gte(0)),
  contentType: z.string().check(z.minLength(1), z.maxLength(255)),
  sha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
  versionId: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
});
export type EvidenceRef = z.infer<typeof EvidenceRef>;

/** yes_no/single_choice/date/text: string; number: number; multi_choice: string[]; evidence: EvidenceRef[]. */
export const AnswerValue = z.union([
  z.string(),
  z.number(),
  z.array(z.string()),
  z.array(EvidenceRef),
  z.null(),
]);
export type AnswerValue = z.infer<typeof AnswerValue>;

/** Question id -> answer. A missing key, null or '' means unanswered. */
export const Answers = z.record(z.string(), AnswerValue);
export type Answers = z.infer<typeof Answers>;

/** The copy of a template an assessment stores when it is sent. */
export const FrozenQuestionnaire = z
  .object({
    templateId: z.string().check(z.minLength(1)),
    version: z.int().check(z.gte(1)),
    title: z.string(),
    questions: z.array(Question),
  })
  .check(z.superRefine((f, ctx) => checkQuestionList(f.questions, ctx, ['questions'])));
export type FrozenQuestionnaire = z.infer<typeof FrozenQuestionnaire>;
