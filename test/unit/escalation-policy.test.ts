/**
 * The default escalation ladders swept every 15 minutes, one decision at a time, and how a plan and
 * its steps are worded (shared/domain/escalation-policy.ts). Exactly-once behaviour is in escalation-
 * exactly-once.test.ts, the policy schema in escalation-policy-config.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  type DueKind,
  describeStep,
  type EscalationItem,
  type LadderState,
  nextLadderAction,
  planLadder,
} from '#shared/domain/escalation-policy.ts';
import type { Severity } from '#shared/schemas/core.ts';
import { DUE, day, iso, pairs, policy, sweep } from '../support/escalation.ts';

describe('escalation ladders, swept every 15 minutes', () => {
  it.each<[string, DueKind, Severity | undefined, number, number, (string | number)[][]]>([
    [
      'a high finding: vendor reminders, levels 1-3, then a weekly digest',
      'finding_remediation',
      'high',
      -10,
      45,
      [
        ['reminder-7d', -7],
        ['reminder-1d', -1],
        ['level-1', 0],
        ['level-2', 7],
        ['level-3', 21],
        ['digest-1', 28],
        ['digest-2', 35],
        ['digest-3', 42],
      ],
    ],
    [
      'a critical finding reaches compliance on the due date and the executive a week later',
      'finding_remediation',
      'critical',
      -10,
      30,
      [
        ['reminder-7d', -7],
        ['reminder-1d', -1],
        ['level-2', 0],
        ['level-3', 7],
        ['digest-1', 14],
        ['digest-2', 21],
        ['digest-3', 28],
      ],
    ],
    [
      'a BAA: reminders at 60, 30 (compliance too) and 7 days, the executive on expiry, then weekly',
      'baa_expiry',
      undefined,
      -70,
      15,
      [
        ['reminder-60d', -60],
        ['reminder-30d', -30],
        ['reminder-7d', -7],
        ['level-3', 0],
        ['digest-1', 7],
        ['digest-2', 14],
      ],
    ],
    [
      'a reassessment: procurement and owner a month ahead, procurement on the day, compliance after two weeks',
      'reassessment',
      undefined,
      -40,
      30,
      [
        ['reminder-30d', -30],
        ['level-1', 0],
        ['level-2', 14],
        ['digest-1', 21],
        ['digest-2', 28],
      ],
    ],
    [
      'a risk acceptance: compliance two weeks ahead, then it lapses and the ladder ends',
      'risk_acceptance_expiry',
      undefined,
      -20,
      60,
      [
        ['reminder-14d', -14],
        ['lapse', 0],
      ],
    ],
  ])('%s', (_name, kind, severity, fromDay, toDay, expected) => {
    // Prepare / Act
    const { sent } = sweep({ kind, dueAt: DUE, severity }, fromDay, toDay);
    // Assess: each step exactly once, at its time, nothing skipped when the sweep never misses a beat
    expect(pairs(sent)).toEqual(expected);
    expect(sent.every((s) => s.skip.length === 0)).toBe(true);
  });

  it('a questionnaire sent on day 0 is reminded on days 7 and 12 and escalated on days 14, 21 and 35', () => {
    // Prepare: due 14 days after sending
    const item: EscalationItem = { kind: 'questionnaire_response', dueAt: DUE };
    // Act
    const { sent } = sweep(item, -14, 29);
    // Assess: days counted from sending
    expect(sent.map((s) => [s.id, s.day + 14])).toEqual([
      ['reminder-7d', 7],
      ['reminder-2d', 12],
      ['level-1', 14],
      ['level-2', 21],
      ['level-3', 35],
      ['digest-1', 42],
    ]);
  });
});

describe('one decision at a time', () => {
  it.each<[string, DueKind, number, string | null, string | null]>([
    ['before the first reminder nothing is due', 'finding_remediation', -8, null, iso(-7)],
    ['the first reminder is due 7 days before', 'finding_remediation', -7, 'reminder-7d', iso(-1)],
    ['on the due date, level 1', 'finding_remediation', 0, 'level-1', iso(7)],
    ['after level 3 the next action is the first digest', 'finding_remediation', 21, 'level-3', iso(28)],
    ['a BAA 60 days out gets its first reminder', 'baa_expiry', -60, 'reminder-60d', iso(-30)],
    ['a BAA that expires today goes to the executive and compliance', 'baa_expiry', 0, 'level-3', iso(7)],
    ['a lapsed acceptance has no next action', 'risk_acceptance_expiry', 0, 'lapse', null],
  ])('%s', (_name, kind, atDay, sendId, nextActionAt) => {
    // Prepare: earlier steps already handled, so that only the step at `atDay` can be due
    const earlier = planLadder(policy, { kind, dueAt: DUE })
      .filter((s) => Date.parse(s.at) < day(atDay).getTime())
      .map((s) => s.id);
    // Act
    const action = nextLadderAction(
      policy,
      { kind, dueAt: DUE, ladder: { dueAt: DUE, done: earlier } },
      day(atDay),
    );
    // Assess
    expect(action.send?.id ?? null).toBe(sendId);
    expect(action.skip).toEqual([]);
    expect(action.nextActionAt).toBe(nextActionAt);
    if (action.send) expect(action.send.at).toBe(iso(atDay));
  });

  it('a critical finding tells the business owner, procurement and compliance together on the due date', () => {
    // Prepare
    const ladder: LadderState = { dueAt: DUE, done: ['reminder-7d', 'reminder-1d'] };
    // Act
    const action = nextLadderAction(
      policy,
      { kind: 'finding_remediation', dueAt: DUE, severity: 'critical', ladder },
      day(0),
    );
    // Assess
    expect(action.send).toMatchObject({ id: 'level-2', kind: 'escalation', level: 2 });
    expect([...(action.send?.audiences ?? [])].sort()).toEqual([
      'business_owner',
      'compliance',
      'procurement',
    ]);
    expect(action.nextActionAt).toBe(iso(7));
  });

  it('a lapse names compliance and the business owner and is the end of its ladder', () => {
    // Prepare
    const item: EscalationItem = {
      kind: 'risk_acceptance_expiry',
      dueAt: DUE,
      ladder: { dueAt: DUE, done: ['reminder-14d'] },
    };
    // Act
    const lapse = nextLadderAction(policy, item, day(0));
    const later = nextLadderAction(policy, { ...item, ladder: lapse.ladder }, day(90));
    // Assess
    expect(lapse.send).toMatchObject({
      id: 'lapse',
      kind: 'lapse',
      audiences: ['compliance', 'business_owner'],
    });
    expect(lapse.nextActionAt).toBeNull();
    expect(later).toMatchObject({ send: null, skip: [], nextActionAt: null });
  });
});

describe('planLadder and describeStep', () => {
  it('plans up to and including the first digest, and stops at the lapse for a risk acceptance', () => {
    // Act
    const finding = planLadder(policy, { kind: 'finding_remediation', dueAt: DUE });
    const acceptance = planLadder(policy, { kind: 'risk_acceptance_expiry', dueAt: DUE });
    // Assess
    expect(finding.map((s) => [s.id, s.at])).toEqual([
      ['reminder-7d', iso(-7)],
      ['reminder-1d', iso(-1)],
      ['level-1', iso(0)],
      ['level-2', iso(7)],
      ['level-3', iso(21)],
      ['digest-1', iso(28)],
    ]);
    expect(finding[4]?.audiences).toEqual(['executive', 'compliance']);
    expect(acceptance.map((s) => s.id)).toEqual(['reminder-14d', 'lapse']);
  });

  it.each<[DueKind, Severity | undefined, string, string]>([
    ['finding_remediation', undefined, 'reminder-7d', 'First reminder: due in 7 days'],
    ['finding_remediation', undefined, 'reminder-1d', 'Second reminder: due in 1 day'],
    [
      'finding_remediation',
      undefined,
      'level-1',
      'Escalation level 1 to business owner and procurement: due today',
    ],
    ['finding_remediation', undefined, 'level-2', 'Escalation level 2 to compliance: 7 days overdue'],
    [
      'finding_remediation',
      undefined,
      'level-3',
      'Escalation level 3 to executive and compliance: 21 days overdue',
    ],
    ['finding_remediation', undefined, 'digest-1', 'Overdue digest 1 to compliance: 28 days overdue'],
    [
      'finding_remediation',
      'critical',
      'level-2',
      'Escalation level 2 to compliance, business owner and procurement: due today',
    ],
    ['baa_expiry', undefined, 'reminder-60d', 'First reminder: BAA expires in 60 days'],
    ['baa_expiry', undefined, 'level-3', 'Escalation level 3 to executive and compliance: BAA expired today'],
    ['baa_expiry', undefined, 'reminder-30d', 'Second reminder: BAA expires in 30 days'],
    [
      'risk_acceptance_expiry',
      undefined,
      'lapse',
      'Lapsed, notice to compliance and business owner: risk acceptance expired today',
    ],
  ])('%s %s %s reads "%s"', (kind, severity, id, sentence) => {
    // Prepare
    const step = planLadder(policy, { kind, dueAt: DUE, severity }).find((s) => s.id === id)!;
    // Act / Assess
    expect(describeStep(step, kind)).toBe(sentence);
  });
});
