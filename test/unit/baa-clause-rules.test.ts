import { describe, expect, it } from 'vitest';
import { BAA_CHECKLIST_V1 } from '#shared/content/baa-clauses.v1.ts';
import { evaluateClauseReview, expiryStatus } from '#shared/domain/baa-clause-rules.ts';
import { BaaPolicy, type ClauseFinding, type ClauseReview, DEFAULT_BAA_POLICY } from '#shared/schemas/baa.ts';

const policy = DEFAULT_BAA_POLICY;

/** A review where every clause is present and the window is within policy, then the overrides. */
function review(
  findings: Record<string, ClauseFinding | undefined> = {},
  extra: Partial<ClauseReview> = {},
): ClauseReview {
  const entries = BAA_CHECKLIST_V1.clauses
    .filter((c) => !(c.id in findings) || findings[c.id] !== undefined)
    .map((c) => ({ clauseId: c.id, finding: findings[c.id] ?? ('present' as const) }));
  return { checklistVersion: 1, entries, noticeWindowDays: 10, ...extra };
}

const codes = (list: { code: string }[]) => list.map((b) => b.code);

describe('BAA signing rules', () => {
  it('a complete review within policy can be signed', () => {
    const result = evaluateClauseReview(BAA_CHECKLIST_V1, review(), policy);
    expect(result).toEqual({
      canSign: true,
      blockers: [],
      needsException: [],
      summary: { present: BAA_CHECKLIST_V1.clauses.length, missing: 0, deviates: 0, unreviewed: 0 },
    });
  });

  it.each([
    // [name, findings, extra, blocker codes, exception codes]
    [
      'a missing breach-reporting clause blocks signing',
      { 'report-disclosures': 'missing' },
      {},
      ['missing_clause'],
      [],
    ],
    [
      'a missing security-incident clause blocks signing',
      { 'security-incident-reporting': 'missing' },
      {},
      ['missing_clause'],
      [],
    ],
    [
      'an unreviewed required clause blocks signing',
      { 'hhs-books-records': undefined },
      {},
      ['unreviewed_clause'],
      [],
    ],
    [
      'an unknown notice window blocks signing',
      {},
      { noticeWindowDays: null },
      ['notice_window_unknown'],
      [],
    ],
    ['a 61-day window is illegal', {}, { noticeWindowDays: 61 }, ['notice_window_illegal'], []],
    [
      'a 61-day window is illegal even with an exception',
      {},
      { noticeWindowDays: 61, exceptionReason: 'Vendor standard terms' },
      ['notice_window_illegal'],
      [],
    ],
    [
      'a 60-day window is legal but over policy',
      {},
      { noticeWindowDays: 60 },
      ['notice_window_over_policy'],
      ['notice_window_over_policy'],
    ],
    [
      'a 15-day window needs an exception',
      {},
      { noticeWindowDays: 15 },
      ['notice_window_over_policy'],
      ['notice_window_over_policy'],
    ],
    [
      'a 15-day window with an exception can be signed',
      {},
      { noticeWindowDays: 15, exceptionReason: 'Sole supplier; CISO accepted' },
      [],
      ['notice_window_over_policy'],
    ],
    [
      'a blank exception reason is no exception',
      {},
      { noticeWindowDays: 15, exceptionReason: '   ' },
      ['notice_window_over_policy'],
      ['notice_window_over_policy'],
    ],
    ['a window equal to policy is fine', {}, { noticeWindowDays: 10 }, [], []],
    [
      'a deviating required clause without an exception blocks',
      { 'return-or-destroy': 'deviates' },
      {},
      ['clause_deviation'],
      ['clause_deviation'],
    ],
    [
      'a deviating required clause with an exception can be signed',
      { 'return-or-destroy': 'deviates' },
      { exceptionReason: 'Backups purged within 90 days' },
      [],
      ['clause_deviation'],
    ],
    [
      'an exception never cures a missing clause',
      { amendment: 'missing' },
      { exceptionReason: 'Accepted' },
      ['missing_clause'],
      [],
    ],
    ['a missing optional clause is ignored', { 'contingency-notice-24h': 'missing' }, {}, [], []],
    ['a deviating optional clause is ignored', { 'contingency-notice-24h': 'deviates' }, {}, [], []],
    ['an unreviewed optional clause is ignored', { 'contingency-notice-24h': undefined }, {}, [], []],
    [
      'a review of another checklist version blocks',
      {},
      { checklistVersion: 2 },
      ['checklist_version_mismatch'],
      [],
    ],
  ] as [string, Record<string, ClauseFinding | undefined>, Partial<ClauseReview>, string[], string[]][])(
    '%s',
    (_name, findings, extra, blockerCodes, exceptionCodes) => {
      const result = evaluateClauseReview(BAA_CHECKLIST_V1, review(findings, extra), policy);
      expect(codes(result.blockers)).toEqual(blockerCodes);
      expect(codes(result.needsException)).toEqual(exceptionCodes);
      expect(result.canSign).toBe(blockerCodes.length === 0);
    },
  );

  it('names the clause and its citation in a blocker', () => {
    const result = evaluateClauseReview(
      BAA_CHECKLIST_V1,
      review({ 'report-disclosures': 'missing' }),
      policy,
    );
    expect(result.blockers[0]).toMatchObject({ clauseId: 'report-disclosures', code: 'missing_clause' });
    expect(result.blockers[0]?.message).toContain('164.504(e)(2)(ii)(C)');
  });

  it('ties notice-window blockers to the notice-window clause', () => {
    const result = evaluateClauseReview(BAA_CHECKLIST_V1, review({}, { noticeWindowDays: 61 }), policy);
    expect(result.blockers[0]?.clauseId).toBe('breach-notice-window');
  });

  it('reports every problem at once and counts findings', () => {
    const result = evaluateClauseReview(
      BAA_CHECKLIST_V1,
      review(
        { safeguards: 'missing', amendment: 'deviates', accounting: undefined },
        { noticeWindowDays: null },
      ),
      policy,
    );
    expect(codes(result.blockers)).toEqual([
      'missing_clause',
      'clause_deviation',
      'unreviewed_clause',
      'notice_window_unknown',
    ]);
    expect(result.summary).toEqual({
      present: BAA_CHECKLIST_V1.clauses.length - 3,
      missing: 1,
      deviates: 1,
      unreviewed: 1,
    });
  });

  it('refuses entries for clauses the checklist does not have', () => {
    const r = review();
    const result = evaluateClauseReview(
      BAA_CHECKLIST_V1,
      { ...r, entries: [...r.entries, { clauseId: 'made-up', finding: 'present' }] },
      policy,
    );
    expect(result.blockers).toEqual([
      expect.objectContaining({ clauseId: 'made-up', code: 'unknown_clause' }),
    ]);
  });

  it('follows a stricter policy', () => {
    const strict = BaaPolicy.parse({ maxNoticeWindowDays: 5 });
    expect(codes(evaluateClauseReview(BAA_CHECKLIST_V1, review(), strict).blockers)).toEqual([
      'notice_window_over_policy',
    ]);
  });
});

describe('BAA expiry status', () => {
  const signed = { expiresAt: '2027-03-01T00:00:00.000Z' };
  it.each([
    ['a year before expiry', '2026-03-01T00:00:00.000Z', 'signed'],
    ['61 days before expiry', '2026-12-30T00:00:00.000Z', 'signed'],
    ['exactly 60 days before expiry (first reminder)', '2026-12-31T00:00:00.000Z', 'expiring'],
    ['7 days before expiry', '2027-02-22T00:00:00.000Z', 'expiring'],
    ['one millisecond before expiry', '2027-02-28T23:59:59.999Z', 'expiring'],
    ['at expiry', '2027-03-01T00:00:00.000Z', 'expired'],
    ['after expiry', '2028-01-01T00:00:00.000Z', 'expired'],
  ] as const)('%s is %s', (_name, now, status) => {
    expect(expiryStatus(signed, new Date(now), policy)).toBe(status);
  });

  it('uses the largest reminder window whatever the order', () => {
    const p = BaaPolicy.parse({ renewalReminderDays: [7, 90] });
    expect(expiryStatus(signed, new Date('2026-12-01T00:00:00.000Z'), p)).toBe('expiring');
  });

  it('accepts a Date as well as an ISO string', () => {
    expect(
      expiryStatus(
        { expiresAt: new Date('2027-03-01T00:00:00.000Z') },
        new Date('2027-03-02T00:00:00.000Z'),
        policy,
      ),
    ).toBe('expired');
  });
});
