/**
 * The escalation policy schema: defaults, custom ladders, and clear messages for every invalid
 * configuration.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ESCALATION_POLICY,
  EscalationPolicyConfig,
  nextLadderAction,
  parseEscalationPolicy,
  planLadder,
} from '#shared/domain/escalation-policy.ts';
import { AppError } from '#shared/errors.ts';
import { DUE, day, iso, policy } from '../support/escalation.ts';

describe('policy configuration', () => {
  it('{} parses to the defaults, and a partial ladder keeps the defaults of its other fields', () => {
    // Act
    const empty = EscalationPolicyConfig.parse({});
    const partial = parseEscalationPolicy({ finding_remediation: { severityOverrides: {} } });
    // Assess
    expect(empty).toEqual(DEFAULT_ESCALATION_POLICY);
    expect(EscalationPolicyConfig.parse(structuredClone(DEFAULT_ESCALATION_POLICY))).toEqual(
      DEFAULT_ESCALATION_POLICY,
    );
    expect(partial.finding_remediation.steps).toEqual(DEFAULT_ESCALATION_POLICY.finding_remediation.steps);
    expect(partial.finding_remediation.digest).toEqual({ everyDays: 7, audiences: ['compliance'] });
    const critical = planLadder(partial, { kind: 'finding_remediation', dueAt: DUE, severity: 'critical' });
    expect(critical[2]?.id).toBe('level-1');
  });

  it('a custom ladder changes the schedule (a 3-day digest)', () => {
    // Prepare
    const config = parseEscalationPolicy({ reassessment: { digest: { everyDays: 3 } } });
    // Act
    const ladder = planLadder(config, { kind: 'reassessment', dueAt: DUE });
    // Assess
    expect(ladder.at(-1)).toMatchObject({ id: 'digest-1', at: iso(17), audiences: ['compliance'] });
  });

  const step = (id: string, offsetDays: number, kind = 'escalation', level = 1) => ({
    id,
    kind,
    level,
    audiences: ['compliance'],
    offsetDays,
  });

  it.each<[string, unknown, string]>([
    [
      'offsets that do not strictly increase',
      { reassessment: { steps: [step('level-1', 0), step('level-2', 0, 'escalation', 2)] } },
      "Offsets must strictly increase along a ladder: step 'level-2' (0 days) must come after step 'level-1' (0 days)",
    ],
    [
      'a duplicate step id',
      { reassessment: { steps: [step('level-1', 0), step('level-1', 3)] } },
      "Step id 'level-1' is used twice",
    ],
    [
      'an override of a level the ladder lacks',
      { baa_expiry: { severityOverrides: { high: { level1At: 3 } } } },
      "severityOverrides.high.level1At: this ladder has no step 'level-1'",
    ],
    [
      'an override that makes level 3 overtake level 2',
      { finding_remediation: { severityOverrides: { critical: { level3At: 3 } } } },
      "severityOverrides.critical: step 'level-3' (3 days) would come before step 'level-2' (7 days)",
    ],
    [
      'a digest on a ladder that ends before the due date',
      { reassessment: { steps: [step('reminder-3d', -3, 'reminder', 0)] } },
      'A ladder with a digest must end on or after the due date',
    ],
    [
      'a reserved digest id',
      { reassessment: { steps: [step('digest-1', 0)] } },
      'Step ids digest-<n> are reserved for generated digests',
    ],
    [
      'a reminder with an escalation level',
      { reassessment: { steps: [step('r', -3, 'reminder', 2)] } },
      "Reminder 'r' must have level 0",
    ],
    ['a misspelt kind', { finding_remediaton: {} }, 'Unrecognized key: "finding_remediaton"'],
    ['a fractional offset', { reassessment: { steps: [step('level-1', 0.5)] } }, 'expected int'],
  ])('rejects %s with a clear message', (_name, input, message) => {
    // Act
    let error: unknown;
    try {
      parseEscalationPolicy(input);
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_escalation_policy');
    expect((error as AppError).message).toContain(message);
  });

  it('rejects an invalid due date with a message naming it', () => {
    expect(() => nextLadderAction(policy, { kind: 'reassessment', dueAt: 'soon' }, day(0))).toThrow(
      'dueAt is not a valid ISO timestamp: soon',
    );
  });
});
