import { describe, expect, it } from 'vitest';
import {
  addCalendarMonths,
  DEFAULT_REASSESSMENT_POLICY,
  ReassessmentPolicy,
  reassessmentDueAt,
} from '#shared/domain/approval-gates.ts';

describe('calendar month arithmetic', () => {
  it.each([
    ['Jan 31 + 1 month clamps to Feb 28', '2026-01-31T10:00:00.000Z', 1, '2026-02-28T10:00:00.000Z'],
    [
      'Jan 31 + 1 month in a leap year clamps to Feb 29',
      '2028-01-31T10:00:00.000Z',
      1,
      '2028-02-29T10:00:00.000Z',
    ],
    ['Mar 31 + 1 month clamps to Apr 30', '2026-03-31T00:00:00.000Z', 1, '2026-04-30T00:00:00.000Z'],
    ['Jan 30 + 1 month clamps to Feb 28', '2026-01-30T00:00:00.000Z', 1, '2026-02-28T00:00:00.000Z'],
    ['Feb 28 + 1 month stays on the 28th', '2026-02-28T00:00:00.000Z', 1, '2026-03-28T00:00:00.000Z'],
    ['Feb 29 + 12 months clamps to Feb 28', '2028-02-29T00:00:00.000Z', 12, '2029-02-28T00:00:00.000Z'],
    ['Nov 15 + 3 months crosses the year', '2026-11-15T08:00:00.000Z', 3, '2027-02-15T08:00:00.000Z'],
    [
      'Dec 31 + 2 months crosses the year and clamps',
      '2026-12-31T23:59:59.999Z',
      2,
      '2027-02-28T23:59:59.999Z',
    ],
    ['the time of day and milliseconds are kept', '2026-05-10T13:14:15.678Z', 24, '2028-05-10T13:14:15.678Z'],
    ['negative months go back', '2026-03-31T00:00:00.000Z', -1, '2026-02-28T00:00:00.000Z'],
    ['negative months cross the year', '2026-01-15T00:00:00.000Z', -13, '2024-12-15T00:00:00.000Z'],
    ['zero months is the same instant', '2026-01-31T10:00:00.000Z', 0, '2026-01-31T10:00:00.000Z'],
  ])('%s', (_name, from, months, expected) => {
    expect(addCalendarMonths(from, months)).toBe(expected);
  });

  it.each([
    ['an unreadable date', 'not a date', 1],
    ['a fractional month', '2026-01-31T10:00:00.000Z', 1.5],
  ])('refuses %s', (_name, from, months) => {
    expect(() => addCalendarMonths(from, months)).toThrow(RangeError);
  });
});

describe('reassessment due date', () => {
  it('defaults follow docs/domain.md: 12 months critical and high, 24 moderate, 36 low', () => {
    expect(DEFAULT_REASSESSMENT_POLICY).toEqual({
      monthsByTier: { critical: 12, high: 12, moderate: 24, low: 36 },
    });
  });

  it.each([
    ['critical', '2027-01-31T09:00:00.000Z'],
    ['high', '2027-01-31T09:00:00.000Z'],
    ['moderate', '2028-01-31T09:00:00.000Z'],
    ['low', '2029-01-31T09:00:00.000Z'],
  ] as const)('a %s-tier vendor is due on %s', (tier, expected) => {
    expect(reassessmentDueAt(tier, '2026-01-31T09:00:00.000Z')).toBe(expected);
  });

  it('a policy overrides one tier and keeps the defaults of the others', () => {
    // Prepare
    const policy = ReassessmentPolicy.parse({ monthsByTier: { high: 6 } });

    // Act / Assess
    expect(reassessmentDueAt('high', '2026-08-31T00:00:00.000Z', policy)).toBe('2027-02-28T00:00:00.000Z');
    expect(reassessmentDueAt('low', '2026-08-31T00:00:00.000Z', policy)).toBe('2029-08-31T00:00:00.000Z');
  });

  it.each([
    ['zero months', { monthsByTier: { low: 0 } }],
    ['fractional months', { monthsByTier: { low: 1.5 } }],
    ['more than ten years', { monthsByTier: { low: 121 } }],
  ])('a policy with %s is refused', (_name, value) => {
    expect(ReassessmentPolicy.safeParse(value).success).toBe(false);
  });
});
