/**
 * Issue 9, measured cases: ratings that follow the findings, severities that match the harm and
 * knock-out answers. Expectations are literal values written from the rule tables in docs/scoring.md,
 * not read from the code's own tables.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate } from '#shared/content/questionnaires/index.ts';
import { deriveFindings, questionSeverity } from '#shared/domain/findings.ts';
import { knockOutsHit } from '#shared/domain/knock-outs.ts';
import { proposeOutcome } from '#shared/domain/outcome.ts';
import { rateAssessment } from '#shared/domain/rating.ts';
import { DEFAULT_REMEDIATION_POLICY } from '#shared/domain/remediation-policy.ts';
import { scoreAssessment } from '#shared/domain/scoring.ts';
import type { Severity, Tier } from '#shared/schemas/core.ts';
import type { Intake } from '#shared/schemas/intake.ts';
import type { Answers, Question } from '#shared/schemas/questionnaire.ts';

const PHI_VENDOR: Intake = {
  handlesPhi: true,
  medicalDevice: false,
  systemAccess: 'user',
  recordVolume: '500_to_10k',
  criticalClinicalFunction: false,
};
const NO_PHI: Intake = { ...PHI_VENDOR, handlesPhi: false, recordVolume: 'none' };
const DEVICE_VENDOR: Intake = { ...PHI_VENDOR, medicalDevice: true };

const security = getTemplate('hipaa-vendor-security', 1)!.questions;
const now = new Date('2026-03-02T09:00:00.000Z');

/** The best answer to every question (yes, the full-credit option, every area, the fastest number). */
function bestAnswers(questions: readonly Question[], overrides: Answers = {}): Answers {
  const answers: Answers = {};
  for (const q of questions) {
    if (q.type === 'yes_no') answers[q.id] = 'yes';
    if (q.type === 'single_choice') answers[q.id] = q.options!.find((o) => o.score === 1)!.value;
    if (q.type === 'multi_choice') answers[q.id] = q.options!.filter((o) => !o.exclusive).map((o) => o.value);
    if (q.type === 'number') answers[q.id] = q.numberCredit?.fullAtMost ?? q.min ?? 0;
    if (q.type === 'text') answers[q.id] = 'Example Cloud Inc. - hosting - United States';
    if (q.type === 'date') answers[q.id] = '2026-01-15';
  }
  return { ...answers, ...overrides };
}

function review(tier: Tier, intake: Intake, overrides: Answers) {
  const answers = bestAnswers(security, overrides);
  const score = scoreAssessment(security, answers, intake);
  const findings = deriveFindings({
    questions: security,
    answers,
    intake,
    score,
    policy: DEFAULT_REMEDIATION_POLICY,
    now,
    tier,
  }).map((f) => ({ ...f, status: 'open' }));
  const knockOuts = knockOutsHit(security, answers, intake);
  const outcome = proposeOutcome({ tier, score, findings, intake, knockOuts });
  const rating = rateAssessment({ tier, overall: score.overall, findings });
  return { score, findings, knockOuts, outcome, rating };
}

describe('measured cases: a moderate-tier PHI vendor whose other answers are all "yes"', () => {
  it.each<[string, Answers, { minScore: number; rating: Tier; outcome: string; knockOut: boolean }]>([
    [
      'baa-will-sign = no',
      { 'baa-will-sign': 'no' },
      { minScore: 91, rating: 'high', outcome: 'reject', knockOut: true },
    ],
    [
      'enc-at-rest = no',
      { 'enc-at-rest': 'no' },
      { minScore: 91, rating: 'high', outcome: 'needs_review', knockOut: true },
    ],
    [
      'both encryption questions = no',
      { 'enc-at-rest': 'no', 'enc-in-transit': 'no' },
      { minScore: 80, rating: 'high', outcome: 'needs_review', knockOut: true },
    ],
    [
      'gov-risk-analysis = no',
      { 'gov-risk-analysis': 'no' },
      { minScore: 91, rating: 'high', outcome: 'needs_review', knockOut: true },
    ],
    [
      'bcp-backups = no',
      { 'bcp-backups': 'no' },
      { minScore: 80, rating: 'high', outcome: 'needs_review', knockOut: false },
    ],
    [
      'critical patches after 200 days',
      { 'vuln-critical-patch-days': 200 },
      { minScore: 80, rating: 'high', outcome: 'needs_review', knockOut: false },
    ],
    [
      'subcontractor BAAs "partial"',
      { 'baa-uses-subcontractors': 'yes', 'baa-subcontractor-baas': 'partial' },
      { minScore: 80, rating: 'high', outcome: 'reject', knockOut: false },
    ],
  ])('%s: never rated low', (_name, overrides, expected) => {
    const { score, outcome, rating, knockOuts } = review('moderate', PHI_VENDOR, overrides);
    // The score alone still says "strong": that is exactly why the rating needs the findings floor.
    expect(score.overall).toBeGreaterThanOrEqual(expected.minScore);
    expect(rating.rating).not.toBe('low');
    expect(rating.rating).toBe(expected.rating);
    expect(outcome.outcome).toBe(expected.outcome);
    expect(knockOuts.length > 0).toBe(expected.knockOut);
    if (expected.knockOut) expect(outcome.reasons[0]).toMatch(/^Knock-out answer/);
    expect(rating.reasons.join(' ')).toMatch(/critical finding/);
  });

  it('the same vendor at high tier is rated critical', () => {
    const { rating } = review('high', PHI_VENDOR, { 'enc-at-rest': 'no' });
    expect(rating.rating).toBe('critical');
  });

  it('all "yes" stays low with no findings and an approval', () => {
    const { rating, outcome, findings } = review('moderate', PHI_VENDOR, {});
    expect(findings).toEqual([]);
    expect(rating.rating).toBe('low');
    expect(outcome.outcome).toBe('approve');
  });
});

describe('severity rules (docs/scoring.md "Severity rules")', () => {
  const question = (id: string) => security.find((q) => q.id === id)!;
  it.each<[string, string, number, Intake, Tier, Severity | null]>([
    // question, credit, intake, tier => severity
    ['no risk analysis, PHI vendor', 'gov-risk-analysis', 0, PHI_VENDOR, 'moderate', 'critical'],
    ['partial risk analysis, PHI vendor', 'gov-risk-analysis', 0.5, PHI_VENDOR, 'moderate', 'high'],
    ['no backups, PHI vendor', 'bcp-backups', 0, PHI_VENDOR, 'moderate', 'critical'],
    [
      'no backups, no PHI, clinical function',
      'bcp-backups',
      0,
      { ...NO_PHI, criticalClinicalFunction: true },
      'moderate',
      'critical',
    ],
    ['no backups, no PHI, no clinical function', 'bcp-backups', 0, NO_PHI, 'moderate', 'high'],
    [
      'critical patches after 200 days, PHI vendor',
      'vuln-critical-patch-days',
      0,
      PHI_VENDOR,
      'moderate',
      'critical',
    ],
    ['device without SBOM', 'dev-sbom', 0, DEVICE_VENDOR, 'moderate', 'critical'],
    ['device without patches', 'dev-patching', 0, DEVICE_VENDOR, 'moderate', 'critical'],
    ['subcontractor BAAs partial', 'baa-subcontractor-baas', 0.5, PHI_VENDOR, 'moderate', 'critical'],
    ['subcontractor BAAs no', 'baa-subcontractor-baas', 0, PHI_VENDOR, 'moderate', 'critical'],
    ['no encryption at rest, PHI vendor', 'enc-at-rest', 0, PHI_VENDOR, 'low', 'critical'],
    ['no encryption at rest, no PHI, low tier', 'enc-at-rest', 0, NO_PHI, 'low', 'high'],
    [
      'no encryption at rest, no PHI, high tier: tier raises a step',
      'enc-at-rest',
      0,
      NO_PHI,
      'high',
      'critical',
    ],
    ['default accounts kept, moderate tier', 'hard-defaults-removed', 0, PHI_VENDOR, 'moderate', 'high'],
    ['default accounts kept, critical tier', 'hard-defaults-removed', 0, PHI_VENDOR, 'critical', 'critical'],
    [
      'partial encryption at rest, high tier: partial is not raised',
      'enc-at-rest',
      0.5,
      PHI_VENDOR,
      'high',
      'high',
    ],
    [
      'non-critical question, critical tier: not raised',
      'gov-security-official',
      0,
      PHI_VENDOR,
      'critical',
      'medium',
    ],
    ['full credit', 'enc-at-rest', 1, PHI_VENDOR, 'critical', null],
  ])('%s', (_name, id, credit, intake, tier, severity) => {
    expect(questionSeverity(question(id), credit, intake, tier)).toBe(severity);
  });
});

describe('residual rating: the worse of the score band and the findings floor', () => {
  const f = (severity: Severity, status = 'open') => ({ severity, status });
  it.each<[string, Tier, number, { severity: Severity; status: string }[], Tier]>([
    ['strong score, no findings', 'moderate', 95, [], 'low'],
    ['strong score, open critical', 'moderate', 95, [f('critical')], 'high'],
    ['strong score, open critical at high tier', 'high', 95, [f('critical')], 'critical'],
    ['strong score, open critical at critical tier', 'critical', 95, [f('critical')], 'critical'],
    ['strong score, open critical at low tier', 'low', 95, [f('critical')], 'high'],
    ['strong score, open high', 'low', 95, [f('high')], 'moderate'],
    ['strong score, open medium only', 'moderate', 95, [f('medium')], 'low'],
    ['critical verified fixed: no floor', 'moderate', 95, [f('critical', 'verified')], 'low'],
    ['critical accepted: still counts', 'moderate', 95, [f('critical', 'accepted')], 'high'],
    [
      'critical fix reported, not verified: still counts',
      'moderate',
      95,
      [f('critical', 'fix_reported')],
      'high',
    ],
    ['weak score is worse than the floor', 'moderate', 50, [f('high')], 'high'],
    ['poor score', 'moderate', 30, [], 'critical'],
  ])('%s', (_name, tier, overall, findings, expected) => {
    expect(rateAssessment({ tier, overall, findings }).rating).toBe(expected);
  });

  it('says why, accepted risk included', () => {
    const { reasons } = rateAssessment({
      tier: 'moderate',
      overall: 95,
      findings: [f('critical', 'accepted')],
    });
    expect(reasons).toEqual([
      'A moderate-tier vendor scoring 95 rates low by its score.',
      '1 unresolved critical finding sets a floor of high. An accepted risk still counts until it is fixed and verified.',
    ]);
  });
});

describe('knock-outs', () => {
  it('a PHI-only knock-out never fires for a vendor without PHI', () => {
    const answers = bestAnswers(security, { 'baa-will-sign': 'no' });
    expect(knockOutsHit(security, answers, NO_PHI)).toEqual([]);
  });

  it('raises an approval to the knock-out outcome and puts its reason first', () => {
    const proposal = proposeOutcome({
      tier: 'low',
      score: { overall: 97 },
      findings: [],
      intake: PHI_VENDOR,
      knockOuts: [{ questionId: 'x', outcome: 'needs_review', reason: 'Because.' }],
    });
    expect(proposal.outcome).toBe('needs_review');
    expect(proposal.reasons[0]).toBe('Knock-out answer (needs review): Because.');
  });

  it('never lowers a rejection', () => {
    const proposal = proposeOutcome({
      tier: 'low',
      score: { overall: 20 },
      findings: [],
      intake: PHI_VENDOR,
      knockOuts: [{ questionId: 'x', outcome: 'needs_review', reason: 'Because.' }],
    });
    expect(proposal.outcome).toBe('reject');
  });
});
