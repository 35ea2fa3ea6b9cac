import { describe, expect, it } from 'vitest';
import { type BaaRetentionDates, canDelete, retentionUntil } from '#shared/domain/baa-retention.ts';
import { BaaPolicy, DEFAULT_BAA_POLICY } from '#shared/schemas/baa.ts';

const policy = DEFAULT_BAA_POLICY;
const created = '2020-01-15T09:00:00.000Z';

describe('BAA retention period', () => {
  it.each<[string, BaaRetentionDates, string | null]>([
    ['a BAA never signed is kept 6 years from creation', { createdAt: created }, '2026-01-15T09:00:00.000Z'],
    [
      'a signed BAA is kept 6 years from expiry',
      { createdAt: created, signedAt: '2020-02-01T00:00:00.000Z', expiresAt: '2023-02-01T00:00:00.000Z' },
      '2029-02-01T00:00:00.000Z',
    ],
    [
      'a BAA terminated early is kept 6 years from termination, not from the planned expiry',
      {
        createdAt: created,
        signedAt: '2020-02-01T00:00:00.000Z',
        expiresAt: '2025-02-01T00:00:00.000Z',
        terminatedAt: '2021-06-30T00:00:00.000Z',
      },
      '2027-06-30T00:00:00.000Z',
    ],
    [
      'a BAA terminated without an expiry is kept 6 years from termination',
      { createdAt: created, signedAt: '2020-02-01T00:00:00.000Z', terminatedAt: '2022-03-01T00:00:00.000Z' },
      '2028-03-01T00:00:00.000Z',
    ],
    [
      'creation wins when it is the latest date (record created after the fact)',
      {
        createdAt: '2024-05-01T00:00:00.000Z',
        signedAt: '2020-02-01T00:00:00.000Z',
        expiresAt: '2023-02-01T00:00:00.000Z',
      },
      '2030-05-01T00:00:00.000Z',
    ],
    [
      'a signed BAA with no end date has not started its retention period',
      { createdAt: created, signedAt: '2020-02-01T00:00:00.000Z' },
      null,
    ],
    ['29 February rolls to 1 March', { createdAt: '2028-02-29T12:00:00.000Z' }, '2034-03-01T12:00:00.000Z'],
  ])('%s', (_name, baa, until) => {
    expect(retentionUntil(baa, policy)).toBe(until);
  });

  it('follows a longer policy', () => {
    expect(retentionUntil({ createdAt: created }, BaaPolicy.parse({ retentionYears: 10 }))).toBe(
      '2030-01-15T09:00:00.000Z',
    );
  });

  it('accepts Date values', () => {
    expect(retentionUntil({ createdAt: new Date(created) }, policy)).toBe('2026-01-15T09:00:00.000Z');
  });

  it('refuses an unreadable date rather than guessing', () => {
    expect(() => retentionUntil({ createdAt: 'yesterday' }, policy)).toThrow(RangeError);
  });
});

describe('deleting a BAA record', () => {
  const baa = {
    createdAt: created,
    signedAt: '2020-02-01T00:00:00.000Z',
    expiresAt: '2023-02-01T00:00:00.000Z',
  };

  it.each([
    ['during the term', '2022-01-01T00:00:00.000Z', false],
    ['after expiry but within 6 years', '2029-01-31T23:59:59.999Z', false],
    ['exactly 6 years after expiry', '2029-02-01T00:00:00.000Z', true],
    ['long after', '2040-01-01T00:00:00.000Z', true],
  ] as const)('%s: allowed=%s', (_name, now, ok) => {
    expect(canDelete(baa, new Date(now), policy).ok).toBe(ok);
  });

  it('says until when the record must be kept', () => {
    const result = canDelete(baa, new Date('2025-01-01T00:00:00.000Z'), policy);
    expect(result).toMatchObject({
      ok: false,
      code: 'retention_period',
      retainUntil: '2029-02-01T00:00:00.000Z',
    });
    if (!result.ok) expect(result.message).toContain('2029-02-01');
  });

  it('refuses to delete a BAA in force with no end date', () => {
    const result = canDelete(
      { createdAt: created, signedAt: created },
      new Date('2099-01-01T00:00:00.000Z'),
      policy,
    );
    expect(result).toMatchObject({ ok: false, code: 'retention_period', retainUntil: null });
  });
});
