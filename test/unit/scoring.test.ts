import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getTemplate, loadTemplate, templateForTier } from '#shared/content/questionnaires/index.ts';
import { validateAnswers } from '#shared/domain/answer-validation.ts';
import { deriveFindings } from '#shared/domain/findings.ts';
import { proposeOutcome } from '#shared/domain/outcome.ts';
import { rateAssessment } from '#shared/domain/rating.ts';
import { DEFAULT_REMEDIATION_POLICY } from '#shared/domain/remediation-policy.ts';
import { answerCredit, residualRating, scoreAssessment } from '#shared/domain/scoring.ts';
import { tierVendor } from '#shared/domain/tiering.ts';
import type { Tier } from '#shared/schemas/core.ts';
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

const q = (id: string, over: Partial<QuestionInput> = {}): QuestionInput => ({
  id,
  domain: 'encryption',
  title: id,
  text: `${id}?`,
  help: '',
  type: 'yes_no',
  allowPartial: true,
  allowNa: true,
  weight: 2,
  critical: false,
  citations: ['45 CFR 164.312'],
  remediation: 'Fix it.',
  scored: true,
  ...over,
});

const load = (questions: QuestionInput[]) =>
  loadTemplate({ id: 'scoring-fixture', version: 1, title: 'F', description: '', tiers: ['low'], questions })
    .questions;

describe('answer credit', () => {
  const [yesNo, choice, multi, number, text] = load([
    q('yn'),
    q('choice', {
      type: 'single_choice',
      allowPartial: undefined,
      allowNa: undefined,
      options: [
        { value: 'fast', label: 'Fast', score: 1 },
        { value: 'slow', label: 'Slow', score: 0.25 },
      ],
    }),
    q('multi', {
      type: 'multi_choice',
      allowPartial: undefined,
      allowNa: undefined,
      options: [
        { value: 'a', label: 'A', score: 0.5 },
        { value: 'b', label: 'B', score: 0.4 },
        { value: 'c', label: 'C', score: 0.3 },
        { value: 'none', label: 'None', score: 0, exclusive: true },
      ],
    }),
    q('days', {
      type: 'number',
      allowPartial: undefined,
      allowNa: undefined,
      numberCredit: { fullAtMost: 15, halfAtMost: 30 },
    }),
    q('notes', { type: 'text', allowPartial: undefined, allowNa: undefined, scored: false }),
  ]) as [never, never, never, never, never];

  it.each<[string, unknown, unknown, number | null]>([
    ['yes', yesNo, 'yes', 1],
    ['partial', yesNo, 'partial', 0.5],
    ['no', yesNo, 'no', 0],
    ['na (left out)', yesNo, 'na', null],
    ['unanswered', yesNo, undefined, null],
    ['null', yesNo, null, null],
    ['a choice', choice, 'slow', 0.25],
    ['an unknown choice', choice, 'warp', null],
    ['one of several options', multi, ['b'], 0.4],
    ['options summed', multi, ['a', 'b'], 0.9],
    ['options summed, capped at 1', multi, ['a', 'b', 'c'], 1],
    ['the exclusive "none"', multi, ['none'], 0],
    ['a number within full credit', number, 15, 1],
    ['a number within half credit', number, 30, 0.5],
    ['a number past both bands', number, 31, 0],
    ['an unscored question', text, 'anything', null],
  ])('%s earns %s', (_name, question, value, credit) => {
    expect(answerCredit(question as never, value as never)).toBe(credit);
  });
});

describe('scoreAssessment', () => {
  it('weighs critical questions double and averages domains by counted weight', () => {
    // Prepare: encryption = critical w5 (10) yes + w2 no => 10/12; logging = w3 partial => 1.5/3
    const questions = load([
      q('enc-a', { weight: 5, critical: true }),
      q('enc-b'),
      q('log-a', { domain: 'logging', weight: 3 }),
    ]);

    // Act
    const score = scoreAssessment(questions, { 'enc-a': 'yes', 'enc-b': 'no', 'log-a': 'partial' }, intake());

    // Assess: overall = (10 + 0 + 1.5) / (12 + 3) = 76.67%
    expect(score).toEqual({
      overall: 77,
      domains: [
        { domain: 'encryption', label: 'Encryption', score: 83, weight: 12, answeredWeight: 12 },
        { domain: 'logging', label: 'Logging and monitoring', score: 50, weight: 3, answeredWeight: 3 },
      ],
    });
  });

  it('leaves "na" out of the denominator', () => {
    const questions = load([q('a'), q('b', { weight: 5 })]);
    const score = scoreAssessment(questions, { a: 'yes', b: 'na' }, intake());
    expect(score.domains[0]).toMatchObject({ score: 100, weight: 7, answeredWeight: 2 });
    expect(score.overall).toBe(100);
  });

  it('gives a domain with only "na" answers a null score and an overall of 0 when nothing counts', () => {
    const score = scoreAssessment(load([q('a'), q('b')]), { a: 'na' }, intake());
    expect(score).toEqual({
      overall: 0,
      domains: [{ domain: 'encryption', label: 'Encryption', score: null, weight: 4, answeredWeight: 0 }],
    });
  });

  it('ignores hidden conditional questions, even when answered', () => {
    const questions = load([
      q('gate', { scored: false, allowPartial: undefined, allowNa: undefined }),
      q('follow-up', { showIf: { question: 'gate', in: ['yes'] } }),
      q('device', { domain: 'medical_devices', showIf: { intake: 'medicalDevice', equals: true } }),
      q('base'),
    ]);
    const answers = { gate: 'no', 'follow-up': 'no', device: 'no', base: 'yes' };
    expect(scoreAssessment(questions, answers, intake())).toEqual({
      overall: 100,
      domains: [{ domain: 'encryption', label: 'Encryption', score: 100, weight: 2, answeredWeight: 2 }],
    });
    expect(scoreAssessment(questions, { ...answers, gate: 'yes' }, intake()).overall).toBe(50);
  });

  it('always scores within 0-100 as integers (property)', () => {
    const full = getTemplate('hipaa-vendor-security', 1)!;
    const valueFor = (type: string, options?: { value: string }[]) =>
      type === 'multi_choice'
        ? fc.subarray(options!.map((o) => o.value))
        : type === 'single_choice'
          ? fc.constantFrom(...options!.map((o) => o.value))
          : type === 'number'
            ? fc.oneof(fc.integer({ min: 0, max: 365 }), fc.double())
            : fc.oneof(fc.constantFrom('yes', 'no', 'partial', 'na'), fc.anything());
    const answers = fc.record(
      Object.fromEntries(
        full.questions.map((x) => [x.id, fc.option(valueFor(x.type, x.options), { nil: undefined })]),
      ),
      { requiredKeys: [] },
    );
    const anyIntake = fc.record({
      handlesPhi: fc.boolean(),
      medicalDevice: fc.boolean(),
      systemAccess: fc.constantFrom('none' as const, 'user' as const, 'privileged' as const),
      recordVolume: fc.constant('none' as const),
      criticalClinicalFunction: fc.boolean(),
    });
    fc.assert(
      fc.property(answers, anyIntake, (a, i) => {
        const score = scoreAssessment(full.questions, a as Answers, i);
        const inRange = (n: number) => Number.isInteger(n) && n >= 0 && n <= 100;
        expect(inRange(score.overall)).toBe(true);
        for (const d of score.domains) expect(d.score === null || inRange(d.score)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('residual rating', () => {
  it.each<[Tier, number, Tier]>([
    ['low', 100, 'low'],
    ['low', 60, 'low'],
    ['low', 59, 'moderate'],
    ['low', 39, 'high'],
    ['moderate', 80, 'low'],
    ['moderate', 79, 'moderate'],
    ['moderate', 40, 'high'],
    ['moderate', 0, 'critical'],
    ['high', 80, 'moderate'],
    ['high', 60, 'high'],
    ['high', 59, 'critical'],
    ['high', 10, 'critical'],
    ['critical', 95, 'high'],
    ['critical', 70, 'critical'],
    ['critical', 45, 'critical'],
    ['critical', 0, 'critical'],
  ])('a %s-tier vendor scoring %i is rated %s', (tier, overall, rating) => {
    expect(residualRating(tier, overall)).toBe(rating);
  });
});

describe('the worked example in docs/scoring.md', () => {
  // A low-tier vendor without PHI answers the essentials questionnaire, including a stale "no" to
  // the (hidden) BAA question.
  const vendor = intake({ handlesPhi: false, systemAccess: 'user', recordVolume: 'none' });
  const raw = {
    'gov-risk-analysis': 'partial',
    'baa-will-sign': 'no',
    'baa-breach-window': 'within_30_days',
    'hard-defaults-removed': 'yes',
    'vuln-critical-patch-days': 21,
    'access-unique-ids': 'yes',
    'access-mfa': ['remote_access', 'privileged', 'email'],
    'enc-at-rest': 'partial',
    'enc-in-transit': 'yes',
    'ir-plan-tested': 'no',
    'bcp-backups': 'yes',
    'wf-training': 'partial',
  };
  const now = new Date('2026-03-02T09:00:00.000Z');

  it('scores, finds and proposes exactly the documented numbers', () => {
    // Prepare
    const tier = tierVendor(vendor).tier;
    // The documented example is of the v1 essentials (frozen in assessments sent before v2).
    const template = getTemplate('hipaa-vendor-essentials', 1)!;
    expect(templateForTier(tier).id).toBe('hipaa-vendor-essentials');
    const validated = validateAnswers(template.questions, raw, { intake: vendor, mode: 'submit' });
    if (!validated.ok) throw new Error('the example answers must be valid');

    // Act
    const score = scoreAssessment(template.questions, validated.answers, vendor);
    const findings = deriveFindings({
      questions: template.questions,
      answers: validated.answers,
      intake: vendor,
      score,
      policy: DEFAULT_REMEDIATION_POLICY,
      now,
    });
    const outcome = proposeOutcome({ tier, score, findings, intake: vendor });

    // Assess
    expect(tier).toBe('low');
    expect(template.id).toBe('hipaa-vendor-essentials');
    expect(validated.answers).not.toHaveProperty('baa-will-sign');
    expect(score.overall).toBe(67);
    expect(score.domains.map((d) => [d.domain, d.score, d.weight, d.answeredWeight])).toEqual([
      ['governance', 50, 10, 10],
      ['baa_subcontractors', 50, 10, 10],
      ['hardening', 100, 8, 8],
      ['vulnerability_management', 50, 8, 8],
      ['access_control', 88, 20, 20],
      ['encryption', 75, 20, 20],
      ['incident_response', 0, 10, 10],
      ['backup_contingency', 100, 10, 10],
      ['workforce', 50, 3, 3],
    ]);
    expect(residualRating(tier, score.overall)).toBe('low');
    expect(findings.map((f) => [f.id, f.severity, f.dueAt])).toEqual([
      ['f_q_ir-plan-tested', 'high', '2026-04-01T09:00:00.000Z'],
      ['f_d_workforce', 'medium', '2026-05-31T09:00:00.000Z'],
      ['f_q_access-mfa', 'medium', '2026-05-31T09:00:00.000Z'],
      ['f_q_baa-breach-window', 'medium', '2026-05-31T09:00:00.000Z'],
      ['f_q_enc-at-rest', 'medium', '2026-05-31T09:00:00.000Z'],
      ['f_q_gov-risk-analysis', 'medium', '2026-05-31T09:00:00.000Z'],
      ['f_q_vuln-critical-patch-days', 'medium', '2026-05-31T09:00:00.000Z'],
      ['f_q_wf-training', 'low', '2026-08-29T09:00:00.000Z'],
    ]);
    expect(outcome).toEqual({
      outcome: 'approve_with_conditions',
      reasons: [
        'The review raised 8 findings (1 high, 6 medium, 1 low); each must be remediated by its due date.',
        'Overall score 67 is below 80.',
      ],
    });
    // The residual rating takes the findings floor: one open high finding -> at least moderate.
    expect(
      rateAssessment({
        tier,
        overall: score.overall,
        findings: findings.map((f) => ({ ...f, status: 'open' })),
      }),
    ).toEqual({
      rating: 'moderate',
      reasons: [
        'A low-tier vendor scoring 67 rates low by its score.',
        '1 unresolved high finding sets a floor of moderate.',
      ],
    });
  });
});
