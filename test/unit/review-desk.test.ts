/**
 * The reviewer's desk rules, table-driven with expectations written out by hand: which answer
 * counts (submitted, clarified, overridden), why a hidden question was not asked (in words), the
 * console filters, the evidence catalogue and the clarification ladder (policy, docs/escalation.md).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_POLICY, planLadder } from '#shared/domain/escalation-policy.ts';
import {
  conditionInWords,
  effectiveAnswers,
  type RowFilter,
  reviewRows,
  rowMatches,
  valueInWords,
} from '#shared/domain/review-desk.ts';
import type { Intake } from '#shared/schemas/intake.ts';
import {
  type Answers,
  type EvidenceRef,
  Question,
  type QuestionInput,
} from '#shared/schemas/questionnaire.ts';
import type { Clarification, Verdict } from '#shared/schemas/review-desk.ts';
import { evidenceCatalogue, fileIdOf } from '#shared/use-cases/evidence-files.ts';

const T = '2026-03-01T00:00:00.000Z';
const intake: Intake = {
  handlesPhi: true,
  medicalDevice: false,
  systemAccess: 'user',
  recordVolume: '500_to_10k',
  criticalClinicalFunction: false,
};
const q = (id: string, over: Partial<QuestionInput> = {}): Question =>
  Question.parse({
    id,
    domain: 'encryption',
    title: `Title ${id}`,
    text: `Text ${id}?`,
    help: '',
    type: 'yes_no',
    allowPartial: true,
    allowNa: true,
    weight: 3,
    critical: false,
    citations: ['cite'],
    remediation: 'Fix it.',
    scored: true,
    ...over,
  });

const audit = q('audit', { title: 'Independent audit' });
const report = q('report', {
  type: 'evidence',
  scored: false,
  allowPartial: undefined,
  allowNa: undefined,
  showIf: { question: 'audit', in: ['yes', 'partial'] },
});
const rest = q('rest', { title: 'Encryption at rest', critical: true });
const device = q('device', { showIf: { intake: 'medicalDevice', equals: true } });
const QUESTIONS = [audit, report, rest, device];

const file = (key: string, name = 'f.pdf'): EvidenceRef => ({
  key,
  name,
  size: 10,
  contentType: 'application/pdf',
});
const thread = (questionId: string, messages: Clarification['messages']): Clarification => ({
  assessmentId: 'a1',
  vendorId: 'v1',
  questionId,
  questionTitle: questionId,
  status: 'answered',
  dueAt: T,
  requestedAt: T,
  messages,
  createdAt: T,
  updatedAt: T,
  version: 1,
});
const vendorSays = (over: Partial<Clarification['messages'][number]>) => ({
  at: T,
  from: 'vendor' as const,
  actor: 'vendor:a1',
  text: 'because',
  evidence: [],
  ...over,
});
const verdict = (questionId: string, kind: Verdict['verdict'], answer?: string): Verdict => ({
  assessmentId: 'a1',
  vendorId: 'v1',
  questionId,
  verdict: kind,
  ...(answer !== undefined ? { answer } : {}),
  by: 'casey@example.org',
  at: T,
  history: [],
  createdAt: T,
  updatedAt: T,
  version: 1,
});

describe('the answer that counts', () => {
  const submitted: Answers = { audit: 'yes', rest: 'no', report: [file('evidence/a1/r/1/soc2.pdf')] };
  it.each<[string, Clarification[], Verdict[], string, unknown, string]>([
    ['submitted only', [], [], 'rest', 'no', 'submitted'],
    [
      'a vendor reply with a revised answer',
      [thread('rest', [vendorSays({ answer: 'yes' })])],
      [],
      'rest',
      'yes',
      'clarified',
    ],
    ['a reply with text only', [thread('rest', [vendorSays({})])], [], 'rest', 'no', 'submitted'],
    [
      'the reviewer’s own message never changes the answer',
      [thread('rest', [{ ...vendorSays({ answer: 'yes' }), from: 'reviewer', actor: 'casey' }])],
      [],
      'rest',
      'no',
      'submitted',
    ],
    ['an override', [], [verdict('rest', 'override', 'partial')], 'rest', 'partial', 'override'],
    [
      'an override beats a clarified answer',
      [thread('rest', [vendorSays({ answer: 'yes' })])],
      [verdict('rest', 'override', 'no')],
      'rest',
      'no',
      'override',
    ],
    ['an accepted verdict changes nothing', [], [verdict('rest', 'accepted')], 'rest', 'no', 'submitted'],
  ])('%s', (_name, clarifications, verdicts, id, answer, source) => {
    const e = effectiveAnswers(QUESTIONS, submitted, clarifications, verdicts);
    expect(e.answers[id]).toEqual(answer);
    expect(e.sources[id]).toBe(source);
    expect(submitted.rest).toBe('no'); // never mutated
  });

  it('files sent in a reply join an evidence question’s files', () => {
    const extra = file('evidence/a1/r/2/bridge.pdf', 'bridge.pdf');
    const e = effectiveAnswers(
      QUESTIONS,
      submitted,
      [thread('report', [vendorSays({ evidence: [extra] })])],
      [],
    );
    expect((e.answers.report as EvidenceRef[]).map((f) => f.name)).toEqual(['f.pdf', 'bridge.pdf']);
  });
});

describe('why a question was not asked', () => {
  it.each([
    [{ intake: 'handlesPhi', equals: true }, 'the vendor handles PHI'],
    [{ intake: 'medicalDevice', equals: false }, 'the vendor supplies no medical device'],
    [
      { intake: 'systemAccess', in: ['user', 'privileged'] },
      'the vendor has user-level access or privileged access to our systems',
    ],
    [{ question: 'audit', in: ['yes', 'partial'] }, 'the answer to “Independent audit” is Yes or Partially'],
    [
      {
        all: [
          { intake: 'handlesPhi', equals: true },
          { question: 'audit', in: ['no'] },
        ],
      },
      'the vendor handles PHI and the answer to “Independent audit” is No',
    ],
  ] as const)('%j', (condition, words) => {
    expect(conditionInWords(condition as never, QUESTIONS)).toBe(words);
  });

  it('lists hidden questions with the reason, and classifies gaps', () => {
    const e = effectiveAnswers(QUESTIONS, { audit: 'no', rest: 'partial' }, [], []);
    const rows = reviewRows({
      questions: QUESTIONS,
      intake,
      submitted: {},
      effective: e,
      domainScores: [],
    })[0]!.rows;
    const byId = Object.fromEntries(rows.map((r) => [r.question.id, r]));
    expect(byId.report).toMatchObject({
      visible: false,
      notAskedBecause: 'Asked only when the answer to “Independent audit” is Yes or Partially',
    });
    expect(byId.device).toMatchObject({
      visible: false,
      notAskedBecause: 'Asked only when the vendor supplies a medical device',
    });
    expect(byId.audit).toMatchObject({ visible: true, gap: 'gap', unanswered: false });
    expect(byId.rest).toMatchObject({ visible: true, gap: 'partial' });
  });
});

describe('the console filters', () => {
  const e = effectiveAnswers(
    QUESTIONS,
    { audit: 'na', rest: 'no', report: [file('evidence/a1/x/1/a.pdf')] },
    [],
    [],
  );
  const rows = reviewRows({ questions: QUESTIONS, intake, submitted: {}, effective: e, domainScores: [] })[0]!
    .rows;
  const shown = (filter: RowFilter) => rows.filter((r) => rowMatches(r, filter)).map((r) => r.question.id);
  it.each<[RowFilter, string[]]>([
    ['all', ['audit', 'report', 'rest', 'device']],
    ['critical', ['rest']],
    ['gaps', ['rest']],
    ['evidence', []], // "na" hides the report question
    ['unanswered', ['audit']],
  ])('%s', (filter, ids) => {
    expect(shown(filter)).toEqual(ids);
  });
});

describe('answers in words', () => {
  it.each([
    [rest, 'partial', 'Partially'],
    [rest, 'na', 'Not applicable'],
    [rest, undefined, 'Not answered'],
    [report, [file('k', 'policy.pdf')], 'policy.pdf'],
  ] as const)('%#', (question, value, words) => {
    expect(valueInWords(question, value as never)).toBe(words);
  });
});

describe('the evidence catalogue', () => {
  it('lists answer, fix-report and reply files once each, with ids from their keys', () => {
    const a = file('evidence/a1/report/1/soc2.pdf', 'soc2.pdf');
    const fix = file('evidence/a1/fix/2/patch.png', 'patch.png');
    const reply = file('evidence/a1/rest/3/kms.pdf', 'kms.pdf');
    const files = evidenceCatalogue({
      assessment: {
        answers: { audit: 'yes', report: [a] },
        questionnaire: { templateId: 't', version: 1, title: 't', questions: QUESTIONS },
      },
      findings: [
        {
          id: 'f_q_rest',
          questionId: 'rest',
          fixReport: { note: 'n', evidence: [fix, a], reportedAt: T },
        } as never,
      ],
      clarifications: [thread('rest', [vendorSays({ evidence: [reply] })])],
    });
    expect(files.map((f) => [f.ref.name, f.source, f.questionId])).toEqual([
      ['soc2.pdf', 'answer', 'report'],
      ['patch.png', 'fix_report', 'rest'],
      ['kms.pdf', 'clarification', 'rest'],
    ]);
    expect(files[0]!.fileId).toBe(fileIdOf(a));
    expect(fileIdOf(a)).not.toBe(fileIdOf({ key: 'evidence/a2/report/1/soc2.pdf' }));
  });
});

describe('the clarification ladder (policy)', () => {
  it('reminds 3 days and 1 day before, escalates on the day, +7 and +21, then digests weekly', () => {
    const steps = planLadder(DEFAULT_ESCALATION_POLICY, { kind: 'clarification_response', dueAt: T });
    expect(steps.map((s) => [s.id, s.offsetDays, s.audiences.join('+')])).toEqual([
      ['reminder-3d', -3, 'vendor'],
      ['reminder-1d', -1, 'vendor'],
      ['level-1', 0, 'business_owner+procurement'],
      ['level-2', 7, 'compliance'],
      ['level-3', 21, 'executive+compliance'],
      ['digest-1', 28, 'compliance'],
    ]);
  });
});
