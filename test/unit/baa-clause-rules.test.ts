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
  it('a complete review within policy can be signed without a second approver', () => {
    const result = evaluateClauseReview(BAA_CHECKLIST_V1, review(), policy);
    expect(result).toEqual({
      canSign: true,
      blockers: [],
      needsException: [],
      needsSecondApproval: false,
      approvalReasons: [],
      summary: { present: 17, equivalent: 0, missing: 0, deviates: 0, unreviewed: 0 },
    });
  });

  const ex = (item: string, reason = 'Accepted by the privacy officer') => ({ item, reason });
  type Row = [
    string,
    Record<string, ClauseFinding | undefined>,
    Partial<ClauseReview>,
    string[], // blocker codes
    string[], // exception codes needed
    boolean, // second approver needed
  ];
  it.each<Row>([
    [
      'a missing breach-reporting clause blocks',
      { 'report-disclosures': 'missing' },
      {},
      ['missing_clause'],
      [],
      false,
    ],
    [
      'a missing security-incident clause blocks',
      { 'security-incident-reporting': 'missing' },
      {},
      ['missing_clause'],
      [],
      false,
    ],
    [
      'an unreviewed required clause blocks',
      { 'hhs-books-records': undefined },
      {},
      ['unreviewed_clause'],
      [],
      false,
    ],
    [
      'an unreviewed optional clause blocks too: every clause is read',
      { 'contingency-notice-24h': undefined },
      {},
      ['unreviewed_clause'],
      [],
      false,
    ],
    ['an unknown notice window blocks', {}, { noticeWindowDays: null }, ['notice_window_unknown'], [], false],
    ['a 61-day window is illegal', {}, { noticeWindowDays: 61 }, ['notice_window_illegal'], [], false],
    [
      'a 61-day window is illegal even with an exception',
      {},
      { noticeWindowDays: 61, exceptions: [ex('notice-window')] },
      ['notice_window_illegal', 'exception_not_allowed'],
      [],
      false,
    ],
    [
      'a 60-day window is legal but over policy',
      {},
      { noticeWindowDays: 60 },
      ['notice_window_over_policy'],
      ['notice_window_over_policy'],
      false,
    ],
    [
      'a 15-day window with its own exception can be signed after a second approval',
      {},
      { noticeWindowDays: 15, exceptions: [ex('notice-window', 'Sole supplier; CISO accepted')] },
      [],
      ['notice_window_over_policy'],
      true,
    ],
    ['a window equal to policy is fine', {}, { noticeWindowDays: 10 }, [], [], false],
    [
      'a deviating required clause blocks',
      { 'return-or-destroy': 'deviates' },
      {},
      ['clause_deviation'],
      [],
      false,
    ],
    [
      'a deviating required clause blocks even with an exception for it',
      { 'return-or-destroy': 'deviates' },
      { exceptions: [ex('return-or-destroy', 'Backups purged within 90 days')] },
      ['clause_deviation', 'exception_not_allowed'],
      [],
      false,
    ],
    [
      'an exception never cures a missing clause',
      { amendment: 'missing' },
      { exceptions: [ex('amendment')] },
      ['missing_clause', 'exception_not_allowed'],
      [],
      false,
    ],
    [
      'a missing optional clause needs its own exception',
      { 'contingency-notice-24h': 'missing' },
      {},
      ['optional_clause_gap'],
      ['optional_clause_gap'],
      false,
    ],
    [
      'a missing optional clause with its exception can be signed after a second approval',
      { 'contingency-notice-24h': 'missing' },
      { exceptions: [ex('contingency-notice-24h')] },
      [],
      ['optional_clause_gap'],
      true,
    ],
    [
      'one exception does not cover another item',
      { 'contingency-notice-24h': 'deviates' },
      { noticeWindowDays: 20, exceptions: [ex('notice-window')] },
      ['optional_clause_gap'],
      ['optional_clause_gap', 'notice_window_over_policy'],
      true,
    ],
    [
      'an exception for a present clause is refused',
      {},
      { exceptions: [ex('safeguards')] },
      ['exception_not_allowed'],
      [],
      false,
    ],
    [
      'a review of another checklist version blocks',
      {},
      { checklistVersion: 2 },
      ['checklist_version_mismatch'],
      [],
      false,
    ],
  ])('%s', (_name, findings, extra, blockerCodes, exceptionCodes, second) => {
    const result = evaluateClauseReview(BAA_CHECKLIST_V1, review(findings, extra), policy);
    expect(codes(result.blockers)).toEqual(blockerCodes);
    expect(codes(result.needsException)).toEqual(exceptionCodes);
    expect(result.canSign).toBe(blockerCodes.length === 0);
    expect(result.needsSecondApproval).toBe(second);
  });

  it('an all-deviating review cannot be signed with any exception', () => {
    const all = Object.fromEntries(BAA_CHECKLIST_V1.clauses.map((c) => [c.id, 'deviates' as const]));
    const everyException = [
      ...BAA_CHECKLIST_V1.clauses.map((c) => ex(c.id, `Reason for ${c.id}`)),
      ex('notice-window'),
    ];
    const result = evaluateClauseReview(
      BAA_CHECKLIST_V1,
      review(all, { noticeWindowDays: 30, exceptions: everyException }),
      policy,
    );
    expect(result.canSign).toBe(false);
    // 16 required clauses deviate: each blocks, and each exception for one is refused.
    expect(result.blockers.filter((b) => b.code === 'clause_deviation')).toHaveLength(16);
    expect(result.blockers.filter((b) => b.code === 'exception_not_allowed')).toHaveLength(16);
  });

  it('"equivalent" needs a note, then a second approver', () => {
    const bare = evaluateClauseReview(BAA_CHECKLIST_V1, review({ safeguards: 'equivalent' }), policy);
    expect(codes(bare.blockers)).toEqual(['equivalent_without_note']);
    const r = review({ safeguards: 'equivalent' });
    const noted = evaluateClauseReview(
      BAA_CHECKLIST_V1,
      {
        ...r,
        entries: r.entries.map((e) =>
          e.clauseId === 'safeguards'
            ? { ...e, note: 'Section 7 requires "industry-standard safeguards" and Subpart C' }
            : e,
        ),
      },
      policy,
    );
    expect(noted.canSign).toBe(true);
    expect(noted.needsSecondApproval).toBe(true);
    expect(noted.approvalReasons[0]).toContain('Subpart C');
  });

  it('a blanket exception reason from the earlier rules excuses nothing', () => {
    const result = evaluateClauseReview(
      BAA_CHECKLIST_V1,
      review({}, { noticeWindowDays: 15, exceptionReason: 'Covers everything' }),
      policy,
    );
    expect(codes(result.blockers)).toEqual(['notice_window_over_policy']);
  });

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
      equivalent: 0,
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
