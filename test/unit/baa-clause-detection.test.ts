import { describe, expect, it } from 'vitest';
import { BAA_CHECKLIST_V1 } from '#shared/content/baa-clauses.v1.ts';
import {
  extractNoticeWindows,
  normaliseContractText,
  suggestClauseFindings,
} from '#shared/domain/baa-clause-detection.ts';

/** A short but complete BAA in typical wording, with Word/PDF typography on purpose. */
const SAMPLE_BAA = `
BUSINESS ASSOCIATE AGREEMENT
1. Permitted Uses and Disclosures. Business Associate may use or disclose Protected Health Information
   only to perform functions, activities, or services for Covered Entity.
2. Business Associate shall not use or further disclose PHI other than as permitted or required by this
   Agreement or as Required by Law, and shall use appropriate safeguards, and comply with Subpart C of
   45 CFR Part 164 with respect to electronic protected health information.
3. Business Associate shall report to Covered Entity any use or disclosure of PHI not provided for by
   this Agreement, including Breaches of Unsecured Protected Health Information as required by
   45 CFR 164.410, and any Security Incident of which it becomes aware. Such report shall be made
   without unreasonable delay and in no case later than ten (10)\u00a0calendar days after discovery.
4. In accordance with 164.502(e)(1)(ii) and 164.308(b)(2), ensure that any subcontractors that create,
   receive, maintain, or transmit PHI agree to the same restrictions, conditions, and requirements.
5. Make PHI in a Designated Record Set available under 45 CFR 164.524; make PHI available for
   amendment and incorporate any amendments under 164.526; provide an accounting of disclosures (164.528).
6. To the extent Business Associate carries out an obligation of Covered Entity under Subpart E of
   45 CFR Part 164, comply with those requirements.
7. Make its internal practices, books, and records available to the Secretary.
8. Upon termination, return or destroy all PHI within thirty (30) days; where infeasible, extend the protections.
9. Covered Entity may terminate this Agreement if Business Associate has violated a material term.
`;

describe('BAA clause detection', () => {
  it('suggests every required clause of a typical BAA as present', () => {
    const result = suggestClauseFindings(BAA_CHECKLIST_V1, SAMPLE_BAA);
    const notFound = result.clauses.filter((c) => c.suggested === 'not_found').map((c) => c.clauseId);
    expect(notFound).toEqual(['contingency-notice-24h']);
    expect(result.clauses.map((c) => c.clauseId)).toEqual(BAA_CHECKLIST_V1.clauses.map((c) => c.id));
    expect(result.noticeWindowDays).toBe(10);
  });

  it('reports which phrases matched', () => {
    const result = suggestClauseFindings(
      BAA_CHECKLIST_V1,
      'Business Associate shall RETURN  OR\nDESTROY all PHI.',
    );
    expect(result.clauses.find((c) => c.clauseId === 'return-or-destroy')).toEqual({
      clauseId: 'return-or-destroy',
      suggested: 'present',
      matchedPhrases: ['return or destroy'],
    });
  });

  it('suggests nothing for an unrelated document', () => {
    const result = suggestClauseFindings(
      BAA_CHECKLIST_V1,
      'Master services agreement. Fees are payable within 30 days.',
    );
    expect(result.clauses.every((c) => c.suggested === 'not_found' && c.matchedPhrases.length === 0)).toBe(
      true,
    );
    expect(result.noticeWindowDays).toBeNull();
  });

  it('matches whole phrases only', () => {
    const result = suggestClauseFindings(BAA_CHECKLIST_V1, 'The non-security incidents log; reinfeasible.');
    expect(result.clauses.find((c) => c.clauseId === 'return-or-destroy')?.suggested).toBe('not_found');
  });

  it('normalises case, whitespace, non-breaking spaces and typographic punctuation', () => {
    expect(normaliseContractText('  Covered\u00a0Entity’s\n\tobligations — “Subpart E”  ')).toBe(
      'covered entity\'s obligations - "subpart e"',
    );
  });
});

describe('notice-window extraction', () => {
  it.each([
    ['Business Associate shall report any Breach within ten (10) days of discovery.', 10, 'days'],
    ['BA will notify Covered Entity within 5 business days.', 7, 'business_days'],
    ['Notice shall be given no later than 30 calendar days after discovery.', 30, 'calendar_days'],
    ['Reports are due not later than fifteen calendar days after discovery.', 15, 'calendar_days'],
    ['BA shall report in no case later than sixty (60) days after discovery.', 60, 'days'],
    ['Notification shall not exceed forty-five (45) days.', 45, 'days'],
    ['BA shall report a Breach within seventy-two (72) hours.', 3, 'hours'],
    ['BA shall notify CE within twenty four hours.', 1, 'hours'],
    ['BA shall report within 2 working days.', 4, 'business_days'],
    ['Report within\nten\u00a0(10)\n business days.', 14, 'business_days'],
  ] as const)('%s => %i calendar days (%s)', (text, days, unit) => {
    const result = suggestClauseFindings(BAA_CHECKLIST_V1, text);
    expect(result.noticeWindowDays).toBe(days);
    expect(result.noticeWindowMatches[0]?.unit).toBe(unit);
  });

  it('prefers the digits when words and digits disagree', () => {
    expect(extractNoticeWindows(normaliseContractText('Report within ten (12) days.'))[0]?.stated).toBe(12);
  });

  it('ignores deadlines outside reporting sentences and the contingency-plan notice', () => {
    const text =
      'Return all PHI within 30 days of termination. Notify CE within 24 hours of activating its contingency plan.';
    expect(suggestClauseFindings(BAA_CHECKLIST_V1, text).noticeWindowDays).toBeNull();
  });

  it('proposes the longest window when the contract states several', () => {
    const text =
      'BA shall report Security Incidents within five (5) days. BA shall report Breaches no later than 30 calendar days after discovery.';
    const result = suggestClauseFindings(BAA_CHECKLIST_V1, text);
    expect(result.noticeWindowMatches.map((m) => m.calendarDays)).toEqual([5, 30]);
    expect(result.noticeWindowDays).toBe(30);
  });
});
