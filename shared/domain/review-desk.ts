/**
 * The reviewer's view of a submission, pure: the answers that count after clarifications and
 * overrides, every question by domain with its answer, credit and why a hidden one was not asked.
 *
 * Which answer counts, per question (later rows win):
 * | source        | when                                                              |
 * | submitted     | the vendor's submitted answer                                      |
 * | clarified     | the vendor's latest revised answer in a clarification reply         |
 * | override      | the reviewer's override verdict (with its reason)                  |
 * Evidence files a vendor adds in a clarification reply join the files of an evidence question.
 */
import type { Intake } from '#shared/schemas/intake.ts';
import {
  type Answers,
  type AnswerValue,
  type Condition,
  DOMAIN_LABELS,
  DOMAIN_ORDER,
  type DomainId,
  type EvidenceRef,
  type Question,
} from '#shared/schemas/questionnaire.ts';
import type { Clarification, Verdict } from '#shared/schemas/review-desk.ts';
import { visibleQuestions } from './question-visibility.ts';
import { answerCredit } from './scoring.ts';

export type AnswerSource = 'submitted' | 'clarified' | 'override';

export interface EffectiveAnswers {
  answers: Answers;
  sources: Record<string, AnswerSource>;
}

export function effectiveAnswers(
  questions: readonly Question[],
  submitted: Answers,
  clarifications: readonly Clarification[],
  verdicts: readonly Verdict[],
): EffectiveAnswers {
  const answers: Answers = { ...submitted };
  const sources: Record<string, AnswerSource> = {};
  for (const id of Object.keys(submitted)) sources[id] = 'submitted';
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const c of clarifications) {
    const q = byId.get(c.questionId);
    if (!q) continue;
    for (const m of c.messages) {
      if (m.from !== 'vendor') continue;
      if (m.answer !== undefined) {
        answers[q.id] = m.answer;
        sources[q.id] = 'clarified';
      }
      if (q.type === 'evidence' && m.evidence.length > 0) {
        const current = Array.isArray(answers[q.id]) ? (answers[q.id] as EvidenceRef[]) : [];
        answers[q.id] = [...current, ...m.evidence];
        sources[q.id] = 'clarified';
      }
    }
  }
  for (const v of verdicts) {
    if (v.verdict === 'override' && v.answer !== undefined && byId.has(v.questionId)) {
      answers[v.questionId] = v.answer;
      sources[v.questionId] = 'override';
    }
  }
  return { answers, sources };
}

const INTAKE_WORDS: Record<string, [string, string]> = {
  handlesPhi: ['the vendor handles PHI', 'the vendor does not handle PHI'],
  medicalDevice: ['the vendor supplies a medical device', 'the vendor supplies no medical device'],
  criticalClinicalFunction: [
    'the vendor supports a critical clinical function',
    'the vendor supports no critical clinical function',
  ],
};
const ACCESS_WORDS: Record<string, string> = {
  none: 'no access',
  user: 'user-level access',
  privileged: 'privileged access',
};
const YES_NO_WORDS: Record<string, string> = {
  yes: 'Yes',
  no: 'No',
  partial: 'Partially',
  na: 'Not applicable',
};

/** An answer value in words (choice labels, Yes/No, file names), never an option value. */
export function valueInWords(q: Question, value: AnswerValue | undefined): string {
  if (value === undefined || value === null || value === '') return 'Not answered';
  switch (q.type) {
    case 'yes_no':
      return YES_NO_WORDS[String(value)] ?? String(value);
    case 'single_choice':
      return q.options?.find((o) => o.value === value)?.label ?? String(value);
    case 'multi_choice': {
      const chosen = Array.isArray(value) ? value : [];
      return (q.options ?? [])
        .filter((o) => chosen.includes(o.value as never))
        .map((o) => o.label)
        .join('; ');
    }
    case 'evidence': {
      const files = Array.isArray(value) ? (value as EvidenceRef[]) : [];
      return files.length ? files.map((f) => f.name).join(', ') : 'No file';
    }
    default:
      return String(value);
  }
}

/** Why a hidden question was not asked, in words: "Asked only when the vendor handles PHI". */
export function conditionInWords(condition: Condition, questions: readonly Question[]): string {
  if ('all' in condition) return condition.all.map((c) => conditionInWords(c, questions)).join(' and ');
  if ('any' in condition) return condition.any.map((c) => conditionInWords(c, questions)).join(' or ');
  if ('question' in condition) {
    const target = questions.find((q) => q.id === condition.question);
    const values = condition.in.map((v) =>
      target ? valueInWords(target, target.type === 'multi_choice' ? [v] : v) : v,
    );
    return `the answer to “${target?.title ?? condition.question}” is ${values.join(' or ')}`;
  }
  if (condition.intake === 'systemAccess') {
    return `the vendor has ${condition.in.map((a) => ACCESS_WORDS[a] ?? a).join(' or ')} to our systems`;
  }
  const words = INTAKE_WORDS[condition.intake];
  return words ? (condition.equals ? words[0] : words[1]) : condition.intake;
}

export type Gap = 'gap' | 'partial' | null;

export interface QuestionRow {
  question: Question;
  visible: boolean;
  /** Hidden questions: the condition that was not met, in words. */
  notAskedBecause?: string;
  /** The answer that counts, and where it comes from. */
  answer: AnswerValue | undefined;
  source: AnswerSource | null;
  /** The vendor's submitted answer when a clarification or override replaced it. */
  submitted: AnswerValue | undefined;
  credit: number | null;
  gap: Gap;
  unanswered: boolean;
  evidence: EvidenceRef[];
}

export interface DomainSection {
  domain: DomainId;
  label: string;
  score: number | null;
  rows: QuestionRow[];
}

/** Every question of the questionnaire by domain (display order), visible or not. */
export function reviewRows(input: {
  questions: readonly Question[];
  intake: Intake;
  submitted: Answers;
  effective: EffectiveAnswers;
  domainScores: readonly { domain: string; score: number | null }[];
}): DomainSection[] {
  const { questions, effective } = input;
  const visible = new Set(visibleQuestions(questions, input.intake, effective.answers).map((q) => q.id));
  const sections = new Map<DomainId, QuestionRow[]>();
  for (const q of questions) {
    const answer = Object.hasOwn(effective.answers, q.id) ? effective.answers[q.id] : undefined;
    const shown = visible.has(q.id);
    const credit = shown ? answerCredit(q, answer) : null;
    const source = effective.sources[q.id] ?? null;
    const row: QuestionRow = {
      question: q,
      visible: shown,
      ...(shown || !q.showIf
        ? {}
        : { notAskedBecause: `Asked only when ${conditionInWords(q.showIf, questions)}` }),
      answer: shown ? answer : undefined,
      source: shown ? source : null,
      submitted: source && source !== 'submitted' ? input.submitted[q.id] : undefined,
      credit,
      gap: credit === null || credit >= 1 ? null : credit > 0 ? 'partial' : 'gap',
      unanswered: shown && (answer === undefined || answer === null || answer === '' || answer === 'na'),
      evidence:
        shown && q.type === 'evidence' && Array.isArray(answer)
          ? (answer as EvidenceRef[]).filter((r) => typeof r === 'object' && r !== null)
          : [],
    };
    sections.set(q.domain, [...(sections.get(q.domain) ?? []), row]);
  }
  const scores = new Map<string, number | null>(input.domainScores.map((d) => [d.domain, d.score]));
  return DOMAIN_ORDER.filter((d) => sections.has(d)).map((domain) => ({
    domain,
    label: DOMAIN_LABELS[domain],
    score: scores.get(domain) ?? null,
    rows: sections.get(domain)!,
  }));
}

export type RowFilter = 'all' | 'critical' | 'gaps' | 'evidence' | 'unanswered';
export const ROW_FILTERS: readonly RowFilter[] = ['all', 'critical', 'gaps', 'evidence', 'unanswered'];

/** The console's filters. Hidden questions show only under "all". */
export function rowMatches(row: QuestionRow, filter: RowFilter, hasOtherEvidence = false): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'critical':
      return row.visible && row.question.critical;
    case 'gaps':
      return row.gap !== null;
    case 'evidence':
      return row.visible && (row.evidence.length > 0 || hasOtherEvidence);
    case 'unanswered':
      return row.unanswered;
  }
}
