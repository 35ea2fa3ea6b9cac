import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ESCALATION_POLICY,
  type DueKind,
  describeStep,
  type EscalationItem,
  EscalationPolicyConfig,
  type LadderAction,
  type LadderState,
  nextLadderAction,
  parseEscalationPolicy,
  planLadder,
} from '#shared/domain/escalation-policy.ts';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { AppError } from '#shared/errors.ts';
import type { Severity } from '#shared/schemas/core.ts';

const SWEEP = 15 * 60_000;
const DUE = '2026-06-15T09:00:00.000Z';
const dueMs = Date.parse(DUE);
const day = (n: number, base = dueMs) => new Date(base + n * DAY);
const iso = (n: number, base = dueMs) => day(n, base).toISOString();
const policy = DEFAULT_ESCALATION_POLICY;

interface Sent {
  id: string;
  /** Days relative to the due date at which the sweep sent it. */
  day: number;
  skip: string[];
}

/** Runs the sweep every `step` ms (15 minutes by default) from `fromDay` to `toDay` relative to `dueAt`. */
function sweep(item: EscalationItem, fromDay: number, toDay: number, step = SWEEP) {
  const base = Date.parse(item.dueAt);
  let ladder = item.ladder;
  let last: LadderAction | undefined;
  const sent: Sent[] = [];
  for (let t = base + fromDay * DAY; t <= base + toDay * DAY; t += step) {
    last = nextLadderAction(policy, { ...item, ladder }, new Date(t));
    ladder = last.ladder;
    if (last.send) sent.push({ id: last.send.id, day: (t - base) / DAY, skip: last.skip });
  }
  return { sent, ladder, last: last! };
}

const pairs = (sent: Sent[]) => sent.map((s) => [s.id, s.day]);

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

describe('missed steps after downtime', () => {
  it.each<[string, DueKind, string[], number, string, string[], string]>([
    [
      'a sweep down since before the first reminder sends level 2 only',
      'finding_remediation',
      [],
      10,
      'level-2',
      ['reminder-7d', 'reminder-1d', 'level-1'],
      iso(21),
    ],
    [
      'a sweep down from the first reminder to day 22 sends level 3 only',
      'finding_remediation',
      ['reminder-7d'],
      22,
      'level-3',
      ['reminder-1d', 'level-1', 'level-2'],
      iso(28),
    ],
    [
      'level 3 sent late absorbs the digests that fell due meanwhile',
      'finding_remediation',
      ['reminder-7d', 'reminder-1d', 'level-1', 'level-2'],
      36,
      'level-3',
      ['digest-1', 'digest-2'],
      iso(42),
    ],
    [
      'three missed digests: only the latest goes out',
      'finding_remediation',
      ['reminder-7d', 'reminder-1d', 'level-1', 'level-2', 'level-3', 'digest-1'],
      57,
      'digest-5',
      ['digest-2', 'digest-3', 'digest-4'],
      iso(63),
    ],
    [
      'a BAA first seen after expiry goes straight to the executive and compliance',
      'baa_expiry',
      [],
      1,
      'level-3',
      ['reminder-60d', 'reminder-30d', 'reminder-7d'],
      iso(7),
    ],
  ])('%s', (_name, kind, done, atDay, sendId, skip, nextActionAt) => {
    // Prepare
    const item: EscalationItem = { kind, dueAt: DUE, ladder: { dueAt: DUE, done } };
    // Act
    const action = nextLadderAction(policy, item, day(atDay));
    // Assess: the skipped steps are recorded, so they never fire later
    expect(action.send?.id).toBe(sendId);
    expect(action.skip).toEqual(skip);
    expect(action.ladder.done).toEqual([...done, ...skip, sendId]);
    expect(action.nextActionAt).toBe(nextActionAt);
    const { sent } = sweep({ ...item, ladder: action.ladder }, atDay, atDay + 6);
    expect(sent.filter((s) => skip.includes(s.id) || s.id === sendId)).toEqual([]);
  });
});

describe('exactly once', () => {
  it('the same now twice sends nothing the second time and changes nothing', () => {
    // Prepare
    const item: EscalationItem = { kind: 'finding_remediation', dueAt: DUE };
    const first = nextLadderAction(policy, item, day(8));
    // Act
    const second = nextLadderAction(policy, { ...item, ladder: first.ladder }, day(8));
    // Assess
    expect(first.send?.id).toBe('level-2');
    expect(second).toEqual({ send: null, skip: [], ladder: first.ladder, nextActionAt: first.nextActionAt });
  });

  it('two concurrent sweeps reading the same state compute the same claim (the conditional write keeps one)', () => {
    // Prepare
    const item: EscalationItem = {
      kind: 'baa_expiry',
      dueAt: DUE,
      ladder: { dueAt: DUE, done: ['reminder-60d'] },
    };
    // Act
    const a = nextLadderAction(policy, item, day(-30));
    const b = nextLadderAction(policy, structuredClone(item), day(-30));
    // Assess
    expect(a).toEqual(b);
    expect(a.send?.id).toBe('reminder-30d');
  });

  it('a digest goes out once a week, never twice in the same week', () => {
    // Prepare
    const done = ['reminder-7d', 'reminder-1d', 'level-1', 'level-2', 'level-3'];
    const item: EscalationItem = { kind: 'finding_remediation', dueAt: DUE, ladder: { dueAt: DUE, done } };
    // Act: a sweep every 6 hours for almost six weeks
    const { sent } = sweep(item, 21, 60, 6 * 3_600_000);
    // Assess
    expect(pairs(sent)).toEqual([
      ['digest-1', 28],
      ['digest-2', 35],
      ['digest-3', 42],
      ['digest-4', 49],
      ['digest-5', 56],
    ]);
  });

  it('the same instant written differently is the same deadline (no restart)', () => {
    // Prepare
    const ladder: LadderState = {
      dueAt: '2026-06-15T09:00:00Z',
      done: ['reminder-7d', 'reminder-1d', 'level-1'],
    };
    // Act
    const action = nextLadderAction(policy, { kind: 'finding_remediation', dueAt: DUE, ladder }, day(2));
    // Assess
    expect(action.send).toBeNull();
    expect(action.ladder.done).toEqual(ladder.done);
  });
});

describe('an extension mid-ladder', () => {
  it('restarts the ladder against the new date: its reminders fire, nothing old is replayed', () => {
    // Prepare: level 1 went out on the due date; on day 3 the deadline moves 30 days later
    const first = sweep({ kind: 'finding_remediation', dueAt: DUE }, -10, 3);
    expect(first.sent.map((s) => s.id)).toEqual(['reminder-7d', 'reminder-1d', 'level-1']);
    const newDue = iso(33);
    // Act
    const atExtension = nextLadderAction(
      policy,
      { kind: 'finding_remediation', dueAt: newDue, ladder: first.ladder },
      new Date(dueMs + 3 * DAY + SWEEP),
    );
    const after = sweep({ kind: 'finding_remediation', dueAt: newDue, ladder: atExtension.ladder }, -30, 8);
    // Assess
    expect(atExtension.send).toBeNull();
    expect(atExtension.ladder).toEqual({ dueAt: newDue, done: [] });
    expect(atExtension.nextActionAt).toBe(iso(26));
    expect(pairs(after.sent)).toEqual([
      ['reminder-7d', -7],
      ['reminder-1d', -1],
      ['level-1', 0],
      ['level-2', 7],
    ]);
  });

  it('a short extension after the reminder window sends the latest reminder for the new date', () => {
    // Prepare: level 1 sent; the new date is tomorrow
    const ladder: LadderState = { dueAt: DUE, done: ['reminder-7d', 'reminder-1d', 'level-1'] };
    // Act
    const action = nextLadderAction(policy, { kind: 'finding_remediation', dueAt: iso(1), ladder }, day(0.5));
    // Assess
    expect(action.send?.id).toBe('reminder-1d');
    expect(action.skip).toEqual(['reminder-7d']);
    expect(action.nextActionAt).toBe(iso(1));
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

describe('walking time forward (property)', () => {
  it('never sends a step twice nor before its time, and a repeat of the same now sends nothing', () => {
    const kinds: DueKind[] = [
      'questionnaire_response',
      'finding_remediation',
      'baa_expiry',
      'reassessment',
      'risk_acceptance_expiry',
      'baa_response',
      'baa_review',
      'baa_return_destroy',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.option(fc.constantFrom<Severity>('low', 'medium', 'high', 'critical'), { nil: undefined }),
        fc.integer({ min: -90 * 24, max: 120 * 24 }),
        fc.array(fc.integer({ min: 1, max: 10 * DAY }), { minLength: 1, maxLength: 400 }),
        (kind, severity, dueHours, increments) => {
          // Prepare: a due date anywhere from 90 days before to 120 days after the walk starts
          const start = Date.parse('2026-01-01T00:00:00.000Z');
          const dueAt = new Date(start + dueHours * 3_600_000).toISOString();
          const item: EscalationItem = { kind, dueAt, severity };
          const sentIds = new Set<string>();
          let ladder: LadderState | undefined;
          let now = start;
          for (const increment of increments) {
            now += increment;
            if (now > start + 120 * DAY) break;
            // Act
            const action = nextLadderAction(policy, { ...item, ladder }, new Date(now));
            const again = nextLadderAction(policy, { ...item, ladder: action.ladder }, new Date(now));
            // Assess
            if (action.send) {
              expect(sentIds.has(action.send.id)).toBe(false);
              expect(Date.parse(action.send.at)).toBeLessThanOrEqual(now);
              sentIds.add(action.send.id);
            }
            if (action.nextActionAt !== null) expect(Date.parse(action.nextActionAt)).toBeGreaterThan(now);
            expect(again.send).toBeNull();
            ladder = action.ladder;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
