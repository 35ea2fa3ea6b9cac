import { describe, expect, it } from 'vitest';
import type { FindingDraft } from '#shared/domain/findings.ts';
import { proposeOutcome } from '#shared/domain/outcome.ts';
import type { Severity, Tier } from '#shared/schemas/core.ts';
import type { Intake } from '#shared/schemas/intake.ts';
import type { DomainId } from '#shared/schemas/questionnaire.ts';

const intake = (handlesPhi: boolean): Intake => ({
  handlesPhi,
  medicalDevice: false,
  systemAccess: 'user',
  recordVolume: handlesPhi ? '500_to_10k' : 'none',
  criticalClinicalFunction: false,
});

type F = Pick<FindingDraft, 'severity' | 'domain'>;
const f = (severity: Severity, domain: DomainId = 'encryption'): F => ({ severity, domain });

describe('proposeOutcome rule table', () => {
  it.each<[string, Tier, number, F[], boolean, string]>([
    // Rule 1: a PHI vendor that cannot meet a BAA term
    [
      'PHI vendor, critical BAA finding, high score',
      'moderate',
      92,
      [f('critical', 'baa_subcontractors')],
      true,
      'reject',
    ],
    // Rule 2: overall below 40
    ['score 39 without findings', 'low', 39, [], false, 'reject'],
    ['score 40 without findings (boundary)', 'low', 40, [], false, 'approve_with_conditions'],
    // Rules 3-4: critical findings
    ['critical finding, score 59', 'moderate', 59, [f('critical')], true, 'reject'],
    ['critical finding, score 60', 'moderate', 60, [f('critical')], true, 'needs_review'],
    ['critical finding, score 95', 'low', 95, [f('critical'), f('low')], true, 'needs_review'],
    // Rule 5: high/critical tier with a weak score
    ['high tier, score 59', 'high', 59, [f('medium')], false, 'needs_review'],
    ['critical tier, score 45', 'critical', 45, [f('high')], true, 'needs_review'],
    ['high tier, score 60', 'high', 60, [f('medium')], false, 'approve_with_conditions'],
    ['moderate tier, score 45', 'moderate', 45, [f('high')], true, 'approve_with_conditions'],
    // Rule 6: clean and strong
    ['no findings, score 80', 'critical', 80, [], true, 'approve'],
    ['no findings, score 100', 'low', 100, [], false, 'approve'],
    // Rule 7: otherwise
    ['one low finding, score 98', 'low', 98, [f('low')], false, 'approve_with_conditions'],
    ['no findings, score 79', 'moderate', 79, [], true, 'approve_with_conditions'],
    [
      'high findings, score 70',
      'high',
      70,
      [f('high'), f('high', 'logging')],
      true,
      'approve_with_conditions',
    ],
    // A BAA finding below critical is handled by the general rules
    [
      'PHI vendor, high BAA finding',
      'moderate',
      85,
      [f('high', 'baa_subcontractors')],
      true,
      'approve_with_conditions',
    ],
  ])('%s => %s', (_name, tier, overall, findings, handlesPhi, outcome) => {
    expect(proposeOutcome({ tier, score: { overall }, findings, intake: intake(handlesPhi) }).outcome).toBe(
      outcome,
    );
  });
});

describe('outcome reasons', () => {
  it.each<[string, Parameters<typeof proposeOutcome>[0], string[]]>([
    [
      'a BAA rejection',
      {
        tier: 'moderate',
        score: { overall: 92 },
        findings: [f('critical', 'baa_subcontractors')],
        intake: intake(true),
      },
      [
        'The vendor handles PHI but cannot meet a required Business Associate Agreement term (signature, subcontractor agreements or a breach reporting window of at most 60 days); PHI may not be shared without one.',
        'Overall score 92 with 1 finding (1 critical).',
      ],
    ],
    [
      'a low score',
      {
        tier: 'low',
        score: { overall: 30 },
        findings: [f('high'), f('medium'), f('medium')],
        intake: intake(false),
      },
      ['Overall score 30 is below 40.', 'The review raised 3 findings (1 high, 2 medium).'],
    ],
    [
      'a review for critical findings',
      {
        tier: 'high',
        score: { overall: 75 },
        findings: [f('critical'), f('critical', 'access_control')],
        intake: intake(true),
      },
      [
        '2 critical findings despite an overall score of 75: compliance must decide whether they can be fixed before PHI or system access is granted.',
        'The review raised 2 findings (2 critical).',
      ],
    ],
    [
      'a review for a weak high-tier vendor',
      { tier: 'high', score: { overall: 55 }, findings: [], intake: intake(false) },
      [
        'A high-tier vendor scored 55, below 60: compliance must review before approval.',
        'The review raised no findings.',
      ],
    ],
    [
      'an approval',
      { tier: 'moderate', score: { overall: 88 }, findings: [], intake: intake(true) },
      ['No findings and an overall score of 88 (80 or more).'],
    ],
    [
      'conditions',
      { tier: 'moderate', score: { overall: 82 }, findings: [f('low')], intake: intake(true) },
      ['The review raised 1 finding (1 low); each must be remediated by its due date.'],
    ],
  ])('explain %s in plain sentences', (_name, input, reasons) => {
    expect(proposeOutcome(input).reasons).toEqual(reasons);
  });
});
