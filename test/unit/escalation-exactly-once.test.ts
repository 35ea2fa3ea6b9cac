/**
 * Escalation steps fire exactly once: missed steps after downtime are skipped, not burst; repeats and
 * concurrent sweeps send nothing twice; an extension restarts the ladder; and a property walks time
 * forward.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DueKind,
  type EscalationItem,
  type LadderState,
  nextLadderAction,
} from '#shared/domain/escalation-policy.ts';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import type { Severity } from '#shared/schemas/core.ts';
import { DUE, day, dueMs, iso, pairs, policy, SWEEP, sweep } from '../support/escalation.ts';

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
