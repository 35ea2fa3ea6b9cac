/**
 * Sweep resilience policy (policy, not regulation; docs/escalation.md "When an item keeps failing"):
 * retry delays double from 15 minutes, the item is quarantined at the 5th failure. Expected values
 * are written out, not computed.
 */
import { describe, expect, it } from 'vitest';
import { afterItemFailure, SweepPolicy } from '#shared/domain/sweep-policy.ts';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const DEFAULTS = SweepPolicy.parse({});

describe('after an item fails', () => {
  it('defaults to 5 attempts and a 15-minute first delay', () => {
    expect(DEFAULTS).toEqual({ maxAttempts: 5, retryAfterMinutes: 15 });
  });

  it.each([
    [0, '2026-03-01T12:15:00.000Z'],
    [1, '2026-03-01T12:30:00.000Z'],
    [2, '2026-03-01T13:00:00.000Z'],
    [3, '2026-03-01T14:00:00.000Z'],
  ])('after %i earlier failures it is retried at %s', (previous, retryAt) => {
    expect(afterItemFailure(DEFAULTS, previous, NOW)).toEqual({
      action: 'retry',
      attempts: previous + 1,
      retryAt,
    });
  });

  it('is quarantined at the 5th failure', () => {
    expect(afterItemFailure(DEFAULTS, 4, NOW)).toEqual({ action: 'quarantine', attempts: 5 });
  });

  it('never waits more than a day between attempts', () => {
    const policy = SweepPolicy.parse({ maxAttempts: 20, retryAfterMinutes: 60 });
    expect(afterItemFailure(policy, 10, NOW)).toMatchObject({ retryAt: '2026-03-02T12:00:00.000Z' });
  });

  it('follows a deployment override and refuses a nonsensical one', () => {
    expect(afterItemFailure(SweepPolicy.parse({ maxAttempts: 1 }), 0, NOW)).toEqual({
      action: 'quarantine',
      attempts: 1,
    });
    expect(SweepPolicy.safeParse({ maxAttempts: 0 }).success).toBe(false);
    expect(SweepPolicy.safeParse({ retryAfterMinutes: -5 }).success).toBe(false);
    expect(SweepPolicy.safeParse({ maxAttempts: 3, extra: 1 }).success).toBe(false);
  });
});
