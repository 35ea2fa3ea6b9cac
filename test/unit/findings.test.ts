import { describe, expect, it } from 'vitest';
import { loadTemplate } from '#shared/content/questionnaires/index.ts';
import { deriveFindings, questionSeverity } from '#shared/domain/findings.ts';
import {
  DEFAULT_REMEDIATION_POLICY,
  dueDateFor,
  RemediationPolicy,
} from '#shared/domain/remediation-policy.ts';
import { scoreAssessment } from '#shared/domain/scoring.ts';
import type { Severity } from '#shared/schemas/core.ts';
import type { Intake } from '#shared/schemas/intake.ts';
import type { Answers, DomainId, QuestionInput } from '#shared/schemas/questionnaire.ts';

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
  title: `Title ${id}`,
  text: `Text ${id}?`,
  help: '',
  type: 'yes_no',
  allowPartial: true,
  allowNa: true,
  weight: 3,
  critical: false,
  citations: [`cite-${id}`],
  remediation: `Remediate ${id}.`,
  scored: true,
  ...over,
});

const load = (questions: QuestionInput[]) =>
  loadTemplate({ id: 'findings-fixture', version: 1, title: 'F', description: '', tiers: ['low'], questions })
    .questions;

const now = new Date('2026-01-10T12:00:00.000Z');

const derive = (
  questions: QuestionInput[],
  answers: Answers,
  i = intake(),
  policy = DEFAULT_REMEDIATION_POLICY,
) => {
  const loaded = load(questions);
  const score = scoreAssessment(loaded, answers, i);
  return deriveFindings({ questions: loaded, answers, intake: i, score, policy, now });
};

describe('question finding severity', () => {
  it.each<
    [string, { critical: boolean; weight: number; domain: DomainId }, boolean, number, Severity | null]
  >([
    [
      'critical, PHI-core domain, PHI vendor, no',
      { critical: true, weight: 5, domain: 'encryption' },
      true,
      0,
      'critical',
    ],
    [
      'critical, PHI-core domain, PHI vendor, partial',
      { critical: true, weight: 5, domain: 'access_control' },
      true,
      0.5,
      'high',
    ],
    [
      'critical, BAA domain, PHI vendor, no',
      { critical: true, weight: 5, domain: 'baa_subcontractors' },
      true,
      0,
      'critical',
    ],
    [
      'critical, incident response, PHI vendor, no',
      { critical: true, weight: 5, domain: 'incident_response' },
      true,
      0,
      'critical',
    ],
    [
      'critical, PHI-core domain, no PHI, no',
      { critical: true, weight: 5, domain: 'encryption' },
      false,
      0,
      'high',
    ],
    [
      'critical, other domain, PHI vendor, no',
      { critical: true, weight: 4, domain: 'hardening' },
      true,
      0,
      'high',
    ],
    [
      'critical, other domain, partial',
      { critical: true, weight: 4, domain: 'hardening' },
      true,
      0.5,
      'medium',
    ],
    [
      'critical, middling choice (0.25)',
      { critical: true, weight: 4, domain: 'hardening' },
      true,
      0.25,
      'medium',
    ],
    ['not critical, weight 3, no', { critical: false, weight: 3, domain: 'encryption' }, true, 0, 'medium'],
    [
      'not critical, weight 3, partial',
      { critical: false, weight: 3, domain: 'encryption' },
      true,
      0.5,
      'low',
    ],
    ['not critical, weight 2, no', { critical: false, weight: 2, domain: 'logging' }, true, 0, 'low'],
    ['not critical, weight 2, partial', { critical: false, weight: 2, domain: 'logging' }, true, 0.5, null],
    ['full credit', { critical: true, weight: 5, domain: 'encryption' }, true, 1, null],
  ])('%s => %s', (_name, shape, handlesPhi, credit, severity) => {
    const [question] = load([q('x', shape)]);
    expect(questionSeverity(question!, credit, intake({ handlesPhi }))).toBe(severity);
  });
});

describe('deriveFindings', () => {
  it('builds a finding from the question: id, citation, remediation and due date', () => {
    const findings = derive([q('enc-rest', { critical: true, weight: 5 }), q('enc-other')], {
      'enc-rest': 'no',
      'enc-other': 'yes',
    });
    expect(findings[0]).toEqual({
      id: 'f_q_enc-rest',
      questionId: 'enc-rest',
      domain: 'encryption',
      severity: 'critical',
      title: 'Title enc-rest: not in place',
      detail: 'Answered "No" to: Text enc-rest?',
      citation: 'cite-enc-rest',
      remediation: 'Remediate enc-rest.',
      dueAt: '2026-01-25T12:00:00.000Z',
    });
  });

  it('raises nothing for yes, na, unanswered or hidden questions', () => {
    const findings = derive(
      [
        q('a'),
        q('b'),
        q('c'),
        q('device', { domain: 'medical_devices', showIf: { intake: 'medicalDevice', equals: true } }),
      ],
      { a: 'yes', b: 'na', device: 'no' },
    );
    expect(findings).toEqual([]);
  });

  it.each<[string, number, Severity | null]>([
    ['a domain at the threshold', 60, null],
    ['a domain just below it', 59, 'medium'],
    ['a domain at 40', 40, 'medium'],
    ['a domain below 40', 39, 'high'],
  ])('%s (score %i) gets a domain finding of %s', (_name, target, severity) => {
    // Prepare: 100 one-weight questions in logging, `target` of them answered yes and the rest no.
    const questions = Array.from({ length: 100 }, (_, i) => q(`l-${i}`, { domain: 'logging', weight: 1 }));
    const answers = Object.fromEntries(questions.map((x, i) => [x.id, i < target ? 'yes' : 'no']));

    // Act
    const findings = derive(questions, answers);

    // Assess
    const domain = findings.find((f) => f.id === 'f_d_logging');
    expect(domain?.severity ?? null).toBe(severity);
  });

  it('a domain finding names the short controls and cites them', () => {
    const findings = derive(
      [q('a', { domain: 'logging' }), q('b', { domain: 'logging' }), q('c', { domain: 'logging' })],
      { a: 'no', b: 'partial', c: 'yes' },
    );
    const domain = findings.find((f) => f.id === 'f_d_logging')!;
    expect(domain).toMatchObject({
      questionId: null,
      domain: 'logging',
      severity: 'medium',
      title: 'Logging and monitoring: domain score 50 is below 60',
      detail:
        'The Logging and monitoring domain scored 50 out of 100; controls short of full credit: Title a, Title b.',
      citation: 'cite-a; cite-b',
      dueAt: '2026-04-10T12:00:00.000Z',
    });
  });

  it('does not repeat a single question finding as a domain finding', () => {
    const findings = derive([q('only', { domain: 'incident_response', critical: true, weight: 5 })], {
      only: 'no',
    });
    expect(findings.map((f) => f.id)).toEqual(['f_q_only']);
  });

  it('raises a domain finding when it is more severe than its single question finding', () => {
    const findings = derive([q('only', { domain: 'workforce', weight: 3 })], { only: 'partial' });
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['f_d_workforce', 'medium'],
      ['f_q_only', 'low'],
    ]);
  });

  it('sorts by severity, most severe first, then by id, and is deterministic', () => {
    const questions = [
      q('z-crit', { critical: true, weight: 5 }),
      q('a-low', { domain: 'logging', weight: 2 }),
      q('m-med', { domain: 'hardening' }),
      q('b-med', { domain: 'hardening' }),
      q('h-ok', { domain: 'hardening' }),
      q('c-high', { domain: 'asset_inventory', critical: true }),
      q('c-ok', { domain: 'asset_inventory', weight: 5 }),
    ];
    const answers = {
      'z-crit': 'no',
      'a-low': 'no',
      'm-med': 'no',
      'b-med': 'no',
      'h-ok': 'yes',
      'c-high': 'no',
      'c-ok': 'yes',
    };
    const first = derive(questions, answers);
    expect(first.map((f) => f.id)).toEqual([
      'f_q_z-crit',
      'f_d_hardening', // 33: high
      'f_d_logging', // 0: high, more severe than its single low finding
      'f_q_c-high', // governance (45) is not repeated: its one gap already has a high finding
      'f_q_b-med',
      'f_q_m-med',
      'f_q_a-low',
    ]);
    expect(derive(questions, answers)).toEqual(first);
  });

  it('follows a custom policy for threshold and deadlines', () => {
    const policy = RemediationPolicy.parse({ days: { critical: 7, high: 14 }, lowDomainScoreThreshold: 90 });
    const findings = derive(
      [q('a', { weight: 1 }), q('b', { weight: 1 })],
      { a: 'yes', b: 'partial' },
      intake(),
      policy,
    );
    expect(findings.map((f) => [f.id, f.severity, f.dueAt])).toEqual([
      ['f_d_encryption', 'medium', '2026-04-10T12:00:00.000Z'],
    ]);
    expect(policy.days).toEqual({ critical: 7, high: 14, medium: 90, low: 180 });
  });
});

describe('remediation policy', () => {
  it('defaults to 15/30/90/180 days, a 60 domain threshold and 14 days to respond', () => {
    expect(DEFAULT_REMEDIATION_POLICY).toEqual({
      days: { critical: 15, high: 30, medium: 90, low: 180 },
      lowDomainScoreThreshold: 60,
      questionnaireResponseDays: 14,
      acceptanceMaxDays: { critical: 90, high: 180, medium: 365, low: 365 },
    });
  });

  it.each<[Severity, string]>([
    ['critical', '2026-01-25T12:00:00.000Z'],
    ['high', '2026-02-09T12:00:00.000Z'],
    ['medium', '2026-04-10T12:00:00.000Z'],
    ['low', '2026-07-09T12:00:00.000Z'],
  ])('a %s finding is due %s', (severity, due) => {
    expect(dueDateFor(severity, now, DEFAULT_REMEDIATION_POLICY)).toBe(due);
  });

  it.each<[string, unknown]>([
    ['a later deadline for a more severe finding', { days: { critical: 60, high: 30 } }],
    ['zero days', { days: { low: 0 } }],
    ['a threshold over 100', { lowDomainScoreThreshold: 101 }],
  ])('rejects %s', (_name, input) => {
    expect(RemediationPolicy.safeParse(input).success).toBe(false);
  });
});
