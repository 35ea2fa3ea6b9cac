/**
 * The evidence-reuse rule (docs/assurance.md "Evidence reuse"): which confirmed, current assurance
 * document answers which question, with what answer, and why one does not. Expectations are literal
 * (not read from the table), so changing a row of the table or a check of the rule breaks a row here.
 */
import { describe, expect, it } from 'vitest';
import { hipaaVendorSecurityV1 } from '#shared/content/questionnaires/hipaa-vendor-security.v1.ts';
import {
  freezeTemplate,
  getTemplate,
  loadTemplate,
  withReuseRules,
} from '#shared/content/questionnaires/index.ts';
import {
  documentAnswer,
  proposalFor,
  type ReuseDocument,
  sourceStanding,
} from '#shared/domain/evidence-reuse.ts';
import type { Question } from '#shared/schemas/questionnaire.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const LATER = '2026-12-31T00:00:00.000Z';
const PAST = '2026-05-01T00:00:00.000Z';
const ctx = { vendorId: 'ven_a', now: NOW };
const securityV1Input = () => structuredClone(hipaaVendorSecurityV1);

const security = getTemplate('hipaa-vendor-security', 2)!;
const securityV1 = getTemplate('hipaa-vendor-security', 1)!;
const question = (id: string, template = security): Question => {
  const q = template.questions.find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  return q;
};

const doc = (fields: ReuseDocument['fields'], over: Partial<ReuseDocument> = {}): ReuseDocument => ({
  id: 'doc_1',
  vendorId: 'ven_a',
  type: fields.type,
  status: 'confirmed',
  fields,
  currentUntil: LATER,
  ...over,
});
const soc2 = (reportType: 'type1' | 'type2') => ({ type: 'soc2', reportType, opinion: 'qualified' });
const hitrust = (assessment: 'r2' | 'i1' | 'e1') => ({ type: 'hitrust', assessment });
const iso = { type: 'iso27001', certificateNumber: 'IS 123' };
const penTest = (openCritical: number, openHigh: number) => ({
  type: 'pen_test',
  testedOn: '2026-03-02',
  firm: 'Red Team Ltd',
  openCritical,
  openHigh,
});
const insurance = { type: 'cyber_insurance', carrier: 'Example Mutual' };

describe('which document answers which question (hipaa-vendor-security v2)', () => {
  const rows: [string, string, ReuseDocument, string][] = [
    // question, case, document, expected answer or problem
    ['gov-independent-audit', 'SOC 2 Type II, confirmed, current', doc(soc2('type2')), 'yes'],
    ['gov-independent-audit', 'SOC 2 Type I', doc(soc2('type1')), 'document_cannot_answer'],
    ['gov-independent-audit', 'HITRUST r2', doc(hitrust('r2')), 'yes'],
    ['gov-independent-audit', 'HITRUST i1', doc(hitrust('i1')), 'yes'],
    ['gov-independent-audit', 'HITRUST e1', doc(hitrust('e1')), 'document_cannot_answer'],
    ['gov-independent-audit', 'ISO/IEC 27001', doc(iso), 'yes'],
    ['gov-independent-audit', 'a penetration test', doc(penTest(0, 0)), 'document_cannot_answer'],
    ['gov-independent-audit', 'cyber insurance', doc(insurance), 'document_cannot_answer'],
    [
      'gov-independent-audit',
      'SOC 2 Type II not confirmed yet',
      doc(soc2('type2'), { status: 'submitted', currentUntil: null }),
      'document_not_confirmed',
    ],
    [
      'gov-independent-audit',
      'SOC 2 Type II out of date',
      doc(soc2('type2'), { currentUntil: PAST }),
      'document_not_current',
    ],
    [
      'gov-independent-audit',
      'SOC 2 Type II current until this very moment',
      doc(soc2('type2'), { currentUntil: NOW.toISOString() }),
      'document_not_current',
    ],
    [
      'gov-independent-audit',
      "another vendor's SOC 2 Type II",
      doc(soc2('type2'), { vendorId: 'ven_b' }),
      'document_not_on_file',
    ],
    [
      'gov-independent-audit',
      "another vendor's unconfirmed SOC 2 (ownership is checked first)",
      doc(soc2('type2'), { vendorId: 'ven_b', status: 'submitted' }),
      'document_not_on_file',
    ],
    ['vuln-pen-test', 'pen test with nothing critical or high open', doc(penTest(0, 0)), 'yes'],
    ['vuln-pen-test', 'pen test with a high issue open', doc(penTest(0, 1)), 'document_cannot_answer'],
    ['vuln-pen-test', 'pen test with a critical issue open', doc(penTest(2, 0)), 'document_cannot_answer'],
    [
      'vuln-pen-test',
      'pen test older than its 12 months',
      doc(penTest(0, 0), { currentUntil: PAST }),
      'document_not_current',
    ],
    ['vuln-pen-test', 'a SOC 2 Type II', doc(soc2('type2')), 'document_cannot_answer'],
    ['vuln-pen-test-date', 'pen test (its date)', doc(penTest(0, 3)), '2026-03-02'],
    ['vuln-pen-test-date', 'an ISO certificate', doc(iso), 'document_cannot_answer'],
    ['enc-at-rest', 'a question with no reuse rule', doc(soc2('type2')), 'document_cannot_answer'],
    [
      'gov-audit-report',
      'the upload question (files, not reused)',
      doc(soc2('type2')),
      'document_cannot_answer',
    ],
  ];
  it.each(rows)('%s ← %s', (qid, _case, document, expected) => {
    const check = documentAnswer(question(qid).answerFrom, document, ctx);
    expect(check.ok ? check.answer : check.problem).toBe(expected);
  });

  it('version 1 gets the same marks laid over it (assessments sent before documents existed)', () => {
    const check = documentAnswer(question('gov-independent-audit', securityV1).answerFrom, doc(iso), ctx);
    expect(check).toEqual({ ok: true, answer: 'yes' });
  });

  it('the table, as shipped: question ids and the kinds of document that answer them', () => {
    const table = (id: string, version: number) =>
      Object.fromEntries(
        getTemplate(id, version)!
          .questions.filter((q) => q.answerFrom)
          .map((q) => [q.id, q.answerFrom!.documents.map((d) => d.type)]),
      );
    const expected = {
      'gov-independent-audit': ['soc2', 'hitrust', 'iso27001'],
      'vuln-pen-test': ['pen_test'],
      'vuln-pen-test-date': ['pen_test'],
    };
    expect(table('hipaa-vendor-security', 2)).toEqual(expected);
    expect(table('hipaa-vendor-security', 1)).toEqual(expected);
    // The essentials ask none of these questions.
    expect(table('hipaa-vendor-essentials', 2)).toEqual({});
  });
});

describe('the proposal', () => {
  it('offers, of the documents that answer, the one current the longest; none when none answers', () => {
    const rule = question('gov-independent-audit').answerFrom;
    const docs = [
      doc(soc2('type2'), { id: 'doc_soc2', currentUntil: '2026-09-01T00:00:00.000Z' }),
      doc(iso, { id: 'doc_iso', currentUntil: '2027-02-01T00:00:00.000Z' }),
      doc(hitrust('r2'), { id: 'doc_old', currentUntil: PAST }),
      doc(hitrust('r2'), { id: 'doc_theirs', vendorId: 'ven_b', currentUntil: '2028-01-01T00:00:00.000Z' }),
    ];
    expect(proposalFor(rule, docs, ctx)?.doc.id).toBe('doc_iso');
    expect(proposalFor(rule, docs.slice(0, 1), ctx)).toMatchObject({
      doc: { id: 'doc_soc2' },
      answer: 'yes',
    });
    expect(proposalFor(rule, docs.slice(2), ctx)).toBeUndefined();
    expect(proposalFor(undefined, docs, ctx)).toBeUndefined();
  });
});

describe('how a stored source stands today (the submitted answer never changes)', () => {
  const current = { ...doc(soc2('type2')), latestVersion: 1 };
  const rows: [string, Parameters<typeof sourceStanding>[1], string][] = [
    ['the same version, confirmed, current', current, 'current'],
    ['past its currency', { ...current, currentUntil: PAST }, 'out_of_date'],
    ['a newer version was added', { ...current, latestVersion: 2, status: 'submitted' }, 'replaced'],
    ['waiting for compliance again', { ...current, status: 'submitted', currentUntil: null }, 'unconfirmed'],
    ['no longer on file', undefined, 'removed'],
  ];
  it.each(rows)('%s', (_case, document, expected) => {
    expect(sourceStanding({ version: 1 }, document, NOW)).toBe(expected);
  });
});

describe('a source whose document compliance corrected after it answered (security review)', () => {
  // The same version, still confirmed and current, but its confirmed fields no longer give the
  // submitted answer: the reviewer must be told, not shown "still current".
  const pen = (openCritical: number, testedOn = '2026-03-02') => ({
    ...doc({ ...penTest(openCritical, 0), testedOn }),
    latestVersion: 1,
  });
  const rows: [string, string, string, ReturnType<typeof pen>, string][] = [
    ['no open critical, as when used', 'vuln-pen-test', 'yes', pen(0), 'current'],
    ['corrected to 2 open critical issues', 'vuln-pen-test', 'yes', pen(2), 'corrected'],
    ['test date as when used', 'vuln-pen-test-date', '2026-03-02', pen(0), 'current'],
    ['test date corrected', 'vuln-pen-test-date', '2026-03-02', pen(0, '2026-02-20'), 'corrected'],
    [
      'corrected and out of date: out of date first',
      'vuln-pen-test',
      'yes',
      { ...pen(2), currentUntil: PAST },
      'out_of_date',
    ],
  ];
  it.each(rows)('%s', (_case, qid, answer, document, expected) => {
    expect(sourceStanding({ version: 1, answer }, document, NOW, question(qid).answerFrom)).toBe(expected);
  });
});

describe('the table is checked where templates are loaded', () => {
  it('a frozen copy sent before the marks existed gets those of its template version', () => {
    const frozen = freezeTemplate(security);
    frozen.questions = frozen.questions.map(({ answerFrom: _a, ...q }) => q);
    const withRules = withReuseRules(frozen);
    expect(withRules.find((q) => q.id === 'vuln-pen-test')?.answerFrom?.documents).toEqual([
      { type: 'pen_test', where: { openCritical: [0], openHigh: [0] } },
    ]);
    expect(withRules.filter((q) => q.answerFrom).map((q) => q.id)).toEqual([
      'gov-independent-audit',
      'vuln-pen-test',
      'vuln-pen-test-date',
    ]);
  });

  it('refuses an answer the question never takes, and a date field on a yes/no question', () => {
    const base = { ...securityV1Input(), id: 'broken-reuse', version: 1 };
    const why = 'test';
    const bad = (answerFrom: unknown) => ({
      ...base,
      questions: base.questions.map((q) => (q.id === 'gov-independent-audit' ? { ...q, answerFrom } : q)),
    });
    expect(() =>
      loadTemplate(bad({ documents: [{ type: 'soc2' }], answer: { value: 'maybe' }, why })),
    ).toThrow("Question 'gov-independent-audit': a document cannot answer 'maybe' here");
    expect(() =>
      loadTemplate(bad({ documents: [{ type: 'pen_test' }], answer: { field: 'testedOn' }, why })),
    ).toThrow("Question 'gov-independent-audit': only a date question takes a document's date field");
    expect(() =>
      loadTemplate(bad({ documents: [{ type: 'soc2' }], answer: { value: 'yes' }, why })),
    ).not.toThrow();
  });
});

describe('the sources a save or submit may name (security review)', () => {
  const many = (n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`q-${i}`, { documentId: 'doc_1' }]));

  it('takes one per question of the largest questionnaire and refuses a flood of made-up ones', async () => {
    const { AnswerSourcesRequest } = await import('#shared/schemas/answer-source.ts');
    const z = await import('#shared/schemas/zod.ts');
    expect(z.safeParse(AnswerSourcesRequest, many(62)).success).toBe(true);
    expect(z.safeParse(AnswerSourcesRequest, many(500)).success).toBe(true);
    // 15,000 unknown question ids fit in a 512 KB body and came back as a 1.6 MB list of errors.
    expect(z.safeParse(AnswerSourcesRequest, many(501)).success).toBe(false);
  });
});
