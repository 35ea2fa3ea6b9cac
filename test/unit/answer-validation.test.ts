import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getTemplate, loadTemplate } from '#shared/content/questionnaires/index.ts';
import { MAX_REPORTED_ERRORS, validateAnswers } from '#shared/domain/answer-validation.ts';
import type { Intake } from '#shared/schemas/intake.ts';
import type { Answers, QuestionInput } from '#shared/schemas/questionnaire.ts';

const intake = (over: Partial<Intake> = {}): Intake => ({
  handlesPhi: true,
  medicalDevice: false,
  systemAccess: 'user',
  recordVolume: '500_to_10k',
  criticalClinicalFunction: false,
  ...over,
});

const base = (id: string, title: string, over: Partial<QuestionInput>): QuestionInput => ({
  id,
  domain: 'access_control',
  title,
  text: `${title}?`,
  help: '',
  type: 'yes_no',
  weight: 3,
  critical: false,
  citations: ['45 CFR 164.312(d)'],
  remediation: 'Fix it.',
  scored: true,
  ...over,
});

// A compact questionnaire holding one question of every type plus a chain of conditions.
const { questions } = loadTemplate({
  id: 'validation-fixture',
  version: 1,
  title: 'Fixture',
  description: '',
  tiers: ['low'],
  questions: [
    base('plain', 'Plain yes/no', {}),
    base('partial-ok', 'Partial allowed', { allowPartial: true, allowNa: true }),
    base('window', 'Breach window', {
      type: 'single_choice',
      options: [
        { value: 'days_5', label: '5 days', score: 1 },
        { value: 'days_60', label: '60 days', score: 0 },
      ],
    }),
    base('mfa', 'MFA coverage', {
      type: 'multi_choice',
      options: [
        { value: 'remote', label: 'Remote', score: 0.5 },
        { value: 'email', label: 'Email', score: 0.5 },
        { value: 'none', label: 'None', score: 0, exclusive: true },
      ],
    }),
    base('patch-days', 'Patch days', {
      type: 'number',
      min: 0,
      max: 365,
      numberCredit: { fullAtMost: 15, halfAtMost: 30 },
    }),
    base('test-date', 'Test date', { type: 'date', scored: false, required: false }),
    base('notes', 'Notes', { type: 'text', scored: false, maxLength: 20, required: false }),
    base('report', 'Report', { type: 'evidence', scored: false, required: false }),
    base('uses-subs', 'Uses subcontractors', {
      scored: false,
      showIf: { intake: 'handlesPhi', equals: true },
    }),
    base('sub-list', 'Subcontractor list', {
      type: 'text',
      scored: false,
      showIf: { question: 'uses-subs', in: ['yes'] },
    }),
    base('sub-baas', 'Subcontractor BAAs', { showIf: { question: 'uses-subs', in: ['yes'] } }),
    base('device', 'Device SBOM', { showIf: { intake: 'medicalDevice', equals: true } }),
  ],
});

const complete: Answers = {
  plain: 'yes',
  'partial-ok': 'partial',
  window: 'days_5',
  mfa: ['remote'],
  'patch-days': 10,
  'uses-subs': 'no',
};

const draft = (input: unknown, i = intake()) =>
  validateAnswers(questions, input, { intake: i, mode: 'draft' });
const submit = (input: unknown, i = intake()) =>
  validateAnswers(questions, input, { intake: i, mode: 'submit' });

describe('answer values', () => {
  it.each<[string, string, unknown, string, RegExp]>([
    [
      'a boolean for yes/no',
      'plain',
      true,
      'invalid_value',
      /^Question 'Plain yes\/no' needs one of: yes, no\.$/,
    ],
    [
      'partial where not allowed',
      'plain',
      'partial',
      'invalid_value',
      /does not accept 'partial'; answer one of: yes, no/,
    ],
    ['na where not allowed', 'plain', 'na', 'invalid_value', /does not accept 'na'/],
    [
      'an option not offered',
      'window',
      'days_30',
      'invalid_value',
      /^Question 'Breach window' needs one of: 'days_5' \(5 days\), 'days_60' \(60 days\)\.$/,
    ],
    [
      'a string for multi-choice',
      'mfa',
      'remote',
      'invalid_value',
      /^Question 'MFA coverage' needs a list of options from: /,
    ],
    ['a multi-choice option not offered', 'mfa', ['remote', 'sms'], 'invalid_value', /MFA coverage/],
    [
      'an exclusive option combined',
      'mfa',
      ['none', 'email'],
      'invalid_value',
      /cannot combine 'None' with other options/,
    ],
    ['a numeric string', 'patch-days', '15', 'invalid_value', /needs a number between 0 and 365/],
    ['a number below min', 'patch-days', -1, 'invalid_value', /between 0 and 365/],
    ['a number above max', 'patch-days', 366, 'invalid_value', /between 0 and 365/],
    ['an infinite number', 'patch-days', Number.POSITIVE_INFINITY, 'invalid_value', /needs a number/],
    ['an impossible date', 'test-date', '2026-02-30', 'invalid_value', /YYYY-MM-DD/],
    ['a date in another format', 'test-date', '03/01/2026', 'invalid_value', /YYYY-MM-DD/],
    ['a datetime for a date', 'test-date', '2026-03-01T00:00:00Z', 'invalid_value', /YYYY-MM-DD/],
    ['text over its maxLength', 'notes', 'x'.repeat(21), 'too_long', /limited to 20 characters/],
    ['any string over 10,000 characters', 'plain', 'y'.repeat(10_001), 'too_long', /over 10000 characters/],
    ['a number for text', 'notes', 42, 'invalid_value', /needs text/],
    ['a nested object', 'plain', { yes: true }, 'invalid_value', /needs one of/],
    [
      'a broken evidence reference',
      'report',
      [{ key: 'k', name: 'r.pdf', size: -1, contentType: 'application/pdf' }],
      'invalid_value',
      /not valid/,
    ],
    [
      'too many evidence files',
      'report',
      Array.from({ length: 21 }, (_, i) => ({
        key: `k${i}`,
        name: 'r.pdf',
        size: 1,
        contentType: 'application/pdf',
      })),
      'invalid_value',
      /at most 20 files/,
    ],
  ])('rejects %s', (_name, questionId, value, code, message) => {
    // Act
    const result = draft({ [questionId]: value });

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ questionId, code, message: expect.stringMatching(message) }]);
  });

  it.each<[string, string, unknown, unknown]>([
    ['partial where allowed', 'partial-ok', 'partial', 'partial'],
    ['na where allowed', 'partial-ok', 'na', 'na'],
    ['multi-choice, deduplicated in option order', 'mfa', ['email', 'remote', 'email'], ['remote', 'email']],
    ['a number at the bound', 'patch-days', 365, 365],
    ['a leap day', 'test-date', '2028-02-29', '2028-02-29'],
    ['text, trimmed', 'notes', '  hello  ', 'hello'],
    [
      'evidence',
      'report',
      [{ key: 'k', name: 'r.pdf', size: 10, contentType: 'application/pdf', extra: 1 }],
      [{ key: 'k', name: 'r.pdf', size: 10, contentType: 'application/pdf' }],
    ],
  ])('accepts %s', (_name, questionId, value, stored) => {
    expect(draft({ [questionId]: value })).toEqual({ ok: true, answers: { [questionId]: stored } });
  });

  it.each<[string, string, unknown]>([
    ['null', 'plain', null],
    ["''", 'window', ''],
    ['blank text', 'notes', '   '],
    ['an empty multi-choice', 'mfa', []],
    ['an empty evidence list', 'report', []],
  ])('treats %s as unanswered', (_name, questionId, value) => {
    expect(draft({ [questionId]: value })).toEqual({ ok: true, answers: {} });
  });
});

describe('unknown ids and hostile input', () => {
  it('a draft silently drops unknown question ids', () => {
    expect(draft({ plain: 'yes', 'retired-question': 'no' })).toEqual({
      ok: true,
      answers: { plain: 'yes' },
    });
  });

  it('a submit reports unknown question ids', () => {
    const result = submit({ ...complete, 'retired-question': 'no' });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          code: 'unknown_question',
          message: "There is no question 'retired-question' in this questionnaire.",
        },
      ],
    });
  });

  it.each<[string, unknown]>([
    ['an array', [['plain', 'yes']]],
    ['null', null],
    ['a string', '{"plain":"yes"}'],
    ['a number', 7],
    ['a Date', new Date(0)],
    ['a Map', new Map([['plain', 'yes']])],
  ])('rejects %s instead of an answers object', (_name, input) => {
    expect(draft(input)).toEqual({
      ok: false,
      errors: [{ code: 'invalid_value', message: 'Answers must be an object keyed by question id.' }],
    });
  });

  it('a __proto__ key pollutes nothing', () => {
    // Prepare: JSON.parse makes __proto__ an own property, as a request body would
    const input = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x", "plain": "yes"}');

    // Act
    const result = draft(input);

    // Assess
    expect(result).toEqual({ ok: true, answers: { plain: 'yes' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (result.ok) expect(Object.getPrototypeOf(result.answers)).toBe(Object.prototype);
  });

  it('a getter that throws yields an error, not an exception', () => {
    const input = Object.defineProperty({}, 'plain', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(draft(input)).toEqual({
      ok: false,
      errors: [{ code: 'invalid_value', message: 'The answers could not be read.' }],
    });
  });

  it(`reports at most ${MAX_REPORTED_ERRORS} errors for a flood of bad keys`, () => {
    const input = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`junk-${i}`, 'x'.repeat(20)]));
    const result = submit(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toHaveLength(MAX_REPORTED_ERRORS);
  });

  it('an absurdly long unknown id is shortened in the message', () => {
    const result = submit({ ...complete, ['k'.repeat(5000)]: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message.length).toBeLessThan(200);
  });

  it('never throws, whatever the input (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.dictionary(fc.constantFrom(...questions.map((q) => q.id), '__proto__', 'other'), fc.anything()),
        ),
        fc.constantFrom('draft' as const, 'submit' as const),
        fc.boolean(),
        (input, mode, handlesPhi) => {
          const result = validateAnswers(questions, input, { intake: intake({ handlesPhi }), mode });
          if (result.ok) {
            const known = new Set(questions.map((q) => q.id));
            expect(Object.keys(result.answers).every((k) => known.has(k))).toBe(true);
          } else {
            expect(result.errors.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('completeness on submit', () => {
  it('a complete submission passes and a draft never requires anything', () => {
    expect(submit(complete)).toEqual({ ok: true, answers: complete });
    expect(draft({})).toEqual({ ok: true, answers: {} });
  });

  it('every visible required question must be answered', () => {
    const result = submit({ plain: 'yes' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.questionId, e.code])).toEqual([
      ['partial-ok', 'required'],
      ['window', 'required'],
      ['mfa', 'required'],
      ['patch-days', 'required'],
      ['uses-subs', 'required'],
    ]);
    expect(result.errors[0]!.message).toBe("Question 'Partial allowed' needs an answer.");
  });

  it('a "yes" reveals follow-up questions that then become required', () => {
    const result = submit({ ...complete, 'uses-subs': 'yes' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.questionId)).toEqual(['sub-list', 'sub-baas']);
  });

  it('a hidden follow-up is neither required nor kept on submit, though a draft keeps it', () => {
    const input = { ...complete, 'uses-subs': 'no', 'sub-list': 'Example Cloud', 'sub-baas': 'no' };
    expect(submit(input)).toEqual({ ok: true, answers: complete });
    expect(draft(input)).toEqual({ ok: true, answers: input });
  });

  it('a chain of conditions hides a follow-up whose parent is hidden', () => {
    // uses-subs is hidden for a vendor without PHI, so a stale "yes" must not reveal sub-list.
    const { 'uses-subs': _, ...rest } = complete;
    const result = submit({ ...rest, 'uses-subs': 'yes' }, intake({ handlesPhi: false }));
    expect(result).toEqual({ ok: true, answers: rest });
  });

  it('an invalid value on a hidden question is dropped, not reported', () => {
    expect(submit({ ...complete, device: 'maybe' })).toEqual({ ok: true, answers: complete });
    const shown = submit({ ...complete, device: 'maybe' }, intake({ medicalDevice: true }));
    expect(shown.ok).toBe(false);
  });

  it('an invalid answer to a required question reports the value, not "required"', () => {
    const result = submit({ ...complete, plain: 'sure' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.code)).toEqual(['invalid_value']);
  });
});

describe('the full assessment', () => {
  const full = getTemplate('hipaa-vendor-security', 1)!;
  const answerFor = (type: string, options?: { value: string }[]): Answers[string] =>
    type === 'multi_choice'
      ? [options![0]!.value]
      : type === 'single_choice'
        ? options![0]!.value
        : type === 'number'
          ? 10
          : type === 'date'
            ? '2026-01-15'
            : type === 'text'
              ? 'Details'
              : type === 'evidence'
                ? [{ key: 'k', name: 'soc2.pdf', size: 1, contentType: 'application/pdf' }]
                : 'yes';

  it.each([
    ['a device vendor', true],
    ['a non-device vendor', false],
  ] as const)('%s can submit answers to exactly the questions it sees', (_name, medicalDevice) => {
    const vendor = intake({ medicalDevice });
    const answers = Object.fromEntries(
      full.questions
        .filter((q) => q.domain !== 'medical_devices' || medicalDevice)
        .map((q) => [q.id, answerFor(q.type, q.options)]),
    );
    const result = validateAnswers(full.questions, answers, { intake: vendor, mode: 'submit' });
    expect(result).toEqual({ ok: true, answers });
  });
});
