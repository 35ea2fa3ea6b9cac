/**
 * The breach clocks as tables: every expected date below is worked out by hand (calendar arithmetic
 * in the comment), never computed by the code under test. Each row names the rule it checks.
 */
import { describe, expect, it } from 'vitest';
import {
  annualLogDueAt,
  type ClockFacts,
  computeDeadlines,
  incidentOpen,
  lateVendorNotices,
} from '#shared/domain/breach-clocks.ts';
import type { Deadline, IncidentPolicy } from '#shared/schemas/incident.ts';

const NO_EXTRAS: IncidentPolicy = { extraDeadlines: [] };

/** A breach of unsecured PHI, discovered by the vendor on 2 March 2026 and reported on 20 March. */
const BASE: ClockFacts = {
  type: 'suspected_breach',
  discoveredAt: '2026-03-02T15:00:00.000Z',
  reportedAt: '2026-03-20T10:00:00.000Z',
  phiInvolved: true,
  unsecuredPhi: true,
  individualsAffected: 1200,
  states: [
    { state: 'CA', count: 800 },
    { state: 'NV', count: 400 },
  ],
  vendorIsAgent: false,
  contractedWindowDays: 10,
  notices: {},
};
const NOW = new Date('2026-03-21T00:00:00.000Z');

const byId = (deadlines: Deadline[]) =>
  Object.fromEntries(deadlines.map((d) => [d.id, { dueAt: d.dueAt, status: d.status }]));

interface Row {
  name: string;
  citation: string;
  facts: Partial<ClockFacts>;
  now?: string;
  policy?: IncidentPolicy;
  expected: Record<string, { dueAt: string; status: string } | undefined>;
}

// Day counts: 2 Mar + 60 days = 1 May (29 days to 31 Mar, 30 in April, 1 in May);
// 20 Mar + 60 days = 19 May (11 to 31 Mar, 30 in April, 19 in May); 2 Mar + 10 days = 12 Mar.
const ROWS: Row[] = [
  {
    name: 'not an agent: our clocks start when the vendor tells us',
    citation: '164.404(a)(2), 164.404(b), 164.410(b)',
    facts: {},
    expected: {
      vendor_notice_legal: { dueAt: '2026-05-01T23:59:59.999Z', status: 'met' },
      vendor_notice_contract: { dueAt: '2026-03-12T23:59:59.999Z', status: 'late' },
      individuals: { dueAt: '2026-05-19T23:59:59.999Z', status: 'open' },
      hhs: { dueAt: '2026-05-19T23:59:59.999Z', status: 'open' },
      media_CA: { dueAt: '2026-05-19T23:59:59.999Z', status: 'open' },
      media_NV: undefined,
    },
  },
  {
    name: 'agent: the vendor’s discovery is ours',
    citation: '164.404(a)(2) (agency, federal common law)',
    facts: { vendorIsAgent: true },
    expected: {
      individuals: { dueAt: '2026-05-01T23:59:59.999Z', status: 'open' },
      hhs: { dueAt: '2026-05-01T23:59:59.999Z', status: 'open' },
      media_CA: { dueAt: '2026-05-01T23:59:59.999Z', status: 'open' },
    },
  },
  {
    name: '499 individuals: HHS through the annual log (2026 log due 1 March 2027, not a leap year)',
    citation: '164.408(c)',
    facts: { individualsAffected: 499, states: [{ state: 'CA', count: 499 }] },
    expected: {
      hhs: { dueAt: '2027-03-01T23:59:59.999Z', status: 'open' },
      media_CA: undefined,
    },
  },
  {
    name: 'discovered in 2027: the log is due 29 February 2028 (leap year)',
    citation: '164.408(c)',
    facts: {
      discoveredAt: '2027-06-01T08:00:00.000Z',
      reportedAt: '2027-06-10T08:00:00.000Z',
      individualsAffected: 10,
      states: [{ state: 'TX', count: 10 }],
    },
    now: '2027-06-11T00:00:00.000Z',
    expected: {
      // 10 Jun 2027 + 60 days = 9 Aug (20 to 30 Jun, 31 in July, 9 in August).
      individuals: { dueAt: '2027-08-09T23:59:59.999Z', status: 'open' },
      hhs: { dueAt: '2028-02-29T23:59:59.999Z', status: 'open' },
    },
  },
  {
    name: 'exactly 500: HHS at once, but no media (more than 500 in one State is needed)',
    citation: '164.408(b), 164.406(a)',
    facts: { individualsAffected: 500, states: [{ state: 'CA', count: 500 }] },
    expected: {
      hhs: { dueAt: '2026-05-19T23:59:59.999Z', status: 'open' },
      media_CA: undefined,
    },
  },
  {
    name: '1,200 spread over three States of 400: HHS at once, no media',
    citation: '164.406(a) (per State or jurisdiction)',
    facts: {
      states: [
        { state: 'CA', count: 400 },
        { state: 'NV', count: 400 },
        { state: 'OR', count: 400 },
      ],
    },
    expected: {
      hhs: { dueAt: '2026-05-19T23:59:59.999Z', status: 'open' },
      media_CA: undefined,
      media_NV: undefined,
      media_OR: undefined,
    },
  },
  {
    name: '501 in one State: media notice for that State',
    citation: '164.406(a)',
    facts: { states: [{ state: 'OR', count: 501 }] },
    expected: { media_OR: { dueAt: '2026-05-19T23:59:59.999Z', status: 'open' } },
  },
  {
    name: 'written law-enforcement delay of 14 days (1–15 April) moves our deadlines by 14 days',
    citation: '164.412(a)',
    facts: {
      lawEnforcementDelay: {
        basis: 'FBI field office',
        statement: 'written',
        from: '2026-04-01T00:00:00.000Z',
        until: '2026-04-15T00:00:00.000Z',
      },
    },
    now: '2026-04-05T00:00:00.000Z',
    expected: {
      // 19 May + 14 days = 2 June; paused while the delay runs.
      individuals: { dueAt: '2026-06-02T23:59:59.999Z', status: 'paused' },
      hhs: { dueAt: '2026-06-02T23:59:59.999Z', status: 'paused' },
      // The vendor's own notice was given before the delay: unchanged.
      vendor_notice_legal: { dueAt: '2026-05-01T23:59:59.999Z', status: 'met' },
    },
  },
  {
    name: 'after the delay ends the clock runs again',
    citation: '164.412(a)',
    facts: {
      lawEnforcementDelay: {
        basis: 'FBI field office',
        statement: 'written',
        from: '2026-04-01T00:00:00.000Z',
        until: '2026-04-15T00:00:00.000Z',
      },
    },
    now: '2026-04-20T00:00:00.000Z',
    expected: { individuals: { dueAt: '2026-06-02T23:59:59.999Z', status: 'open' } },
  },
  {
    name: 'an oral statement delays at most 30 days (1 April + 30 = 1 May, not 1 June)',
    citation: '164.412(b)',
    facts: {
      lawEnforcementDelay: {
        basis: 'State police, by phone',
        statement: 'oral',
        from: '2026-04-01T00:00:00.000Z',
        until: '2026-06-01T00:00:00.000Z',
      },
    },
    expected: {
      // 19 May + 30 days = 18 June.
      individuals: { dueAt: '2026-06-18T23:59:59.999Z', status: 'open' },
    },
  },
  {
    name: 'a delay that starts after the deadline changes nothing',
    citation: '164.412',
    facts: {
      lawEnforcementDelay: {
        basis: 'late request',
        statement: 'written',
        from: '2026-06-01T00:00:00.000Z',
        until: '2026-06-30T00:00:00.000Z',
      },
    },
    expected: { individuals: { dueAt: '2026-05-19T23:59:59.999Z', status: 'open' } },
  },
  {
    name: 'contracted window shorter than 60 days: 10 days late, the legal 60 met',
    citation: 'BAA clause (policy, domain.md); 164.410(b)',
    facts: { contractedWindowDays: 10 },
    expected: {
      vendor_notice_contract: { dueAt: '2026-03-12T23:59:59.999Z', status: 'late' },
      vendor_notice_legal: { dueAt: '2026-05-01T23:59:59.999Z', status: 'met' },
    },
  },
  {
    name: 'reported on the 30th day under a 30-day window: met',
    citation: 'BAA clause',
    facts: { contractedWindowDays: 30, reportedAt: '2026-04-01T20:00:00.000Z' },
    now: '2026-04-02T00:00:00.000Z',
    // 2 Mar + 30 days = 1 April.
    expected: { vendor_notice_contract: { dueAt: '2026-04-01T23:59:59.999Z', status: 'met' } },
  },
  {
    name: 'no reviewed BAA: no contract deadline',
    citation: '—',
    facts: { contractedWindowDays: null },
    expected: { vendor_notice_contract: undefined },
  },
  {
    name: 'encrypted (secured) PHI: no breach-notice clocks, only the contract',
    citation: '164.402 "unsecured PHI"',
    facts: { unsecuredPhi: false },
    expected: {
      individuals: undefined,
      hhs: undefined,
      vendor_notice_legal: undefined,
      vendor_notice_contract: { dueAt: '2026-03-12T23:59:59.999Z', status: 'late' },
    },
  },
  {
    name: 'contingency activation reported within 24 hours: met',
    citation: 'NPRM 90 FR 898 (proposed)',
    facts: {
      type: 'contingency_activation',
      phiInvolved: false,
      reportedAt: '2026-03-03T14:00:00.000Z',
    },
    expected: {
      contingency_notice: { dueAt: '2026-03-03T15:00:00.000Z', status: 'met' },
      individuals: undefined,
    },
  },
  {
    name: 'contingency activation reported after 25 hours: late',
    citation: 'NPRM 90 FR 898 (proposed)',
    facts: { type: 'contingency_activation', phiInvolved: false, reportedAt: '2026-03-03T16:00:00.000Z' },
    expected: { contingency_notice: { dueAt: '2026-03-03T15:00:00.000Z', status: 'late' } },
  },
  {
    name: 'a configured State-law deadline of 30 days for CA residents',
    citation: 'configured (the deployment names the statute)',
    facts: {},
    policy: {
      extraDeadlines: [
        {
          id: 'ca_law',
          label: 'California notice',
          basis: 'State statute',
          days: 30,
          states: ['CA'],
          minResidents: 1,
        },
        {
          id: 'tx_law',
          label: 'Texas notice',
          basis: 'State statute',
          days: 30,
          states: ['TX'],
          minResidents: 1,
        },
      ],
    },
    // 20 Mar + 30 days = 19 April.
    expected: {
      extra_ca_law: { dueAt: '2026-04-19T23:59:59.999Z', status: 'open' },
      extra_tx_law: undefined,
    },
  },
  {
    name: 'individual notice sent on time: met; HHS not yet: overdue after its date',
    citation: '164.404(b), 164.408(b)',
    facts: { notices: { individuals: { sentAt: '2026-05-10T12:00:00.000Z' } } },
    now: '2026-05-20T00:00:00.000Z',
    expected: {
      individuals: { dueAt: '2026-05-19T23:59:59.999Z', status: 'met' },
      hhs: { dueAt: '2026-05-19T23:59:59.999Z', status: 'overdue' },
    },
  },
  {
    name: 'low probability, countersigned: our notice clocks close',
    citation: '164.402(2), 164.414(b)',
    facts: {
      assessment: { determination: 'low_probability', countersignedAt: '2026-03-25T00:00:00.000Z' },
    },
    expected: {
      individuals: { dueAt: '2026-05-19T23:59:59.999Z', status: 'closed' },
      hhs: { dueAt: '2026-05-19T23:59:59.999Z', status: 'closed' },
      media_CA: { dueAt: '2026-05-19T23:59:59.999Z', status: 'closed' },
      // The vendor's performance is a fact either way.
      vendor_notice_contract: { dueAt: '2026-03-12T23:59:59.999Z', status: 'late' },
    },
  },
  {
    name: 'low probability without the countersignature: the clocks keep running',
    citation: 'policy (two-person rule)',
    facts: { assessment: { determination: 'low_probability' } },
    expected: { individuals: { dueAt: '2026-05-19T23:59:59.999Z', status: 'open' } },
  },
  {
    name: 'a breach determination keeps the clocks running',
    citation: '164.402(2)',
    facts: { assessment: { determination: 'breach' } },
    expected: { individuals: { dueAt: '2026-05-19T23:59:59.999Z', status: 'open' } },
  },
];

describe('breach clocks', () => {
  it.each(ROWS)('$name ($citation)', (row) => {
    const deadlines = computeDeadlines(
      { ...BASE, ...row.facts },
      row.policy ?? NO_EXTRAS,
      row.now ? new Date(row.now) : NOW,
    );
    const got = byId(deadlines);
    for (const [id, want] of Object.entries(row.expected)) expect(got[id], id).toEqual(want);
  });

  it('every deadline names its rule', () => {
    const deadlines = computeDeadlines({ ...BASE, type: 'contingency_activation' }, NO_EXTRAS, NOW);
    for (const d of deadlines) expect(d.basis).toMatch(/164\.\d{3}|Contract|PROPOSED|Configured/);
    expect(deadlines.find((d) => d.id === 'contingency_notice')?.basis).toMatch(/PROPOSED/);
  });

  it.each([
    [2025, '2026-03-01T23:59:59.999Z'],
    [2026, '2027-03-01T23:59:59.999Z'],
    [2027, '2028-02-29T23:59:59.999Z'],
    [2028, '2029-03-01T23:59:59.999Z'],
  ])('the annual HHS log for %i is due %s (164.408(c))', (year, due) => {
    expect(annualLogDueAt(year)).toBe(due);
  });

  it('a notice 70 days after discovery under a 10-day BAA window is late twice', () => {
    const late = lateVendorNotices(
      computeDeadlines(
        { ...BASE, discoveredAt: '2026-01-09T12:00:00.000Z', reportedAt: '2026-03-20T12:00:00.000Z' },
        NO_EXTRAS,
        NOW,
      ),
    );
    expect(late.map((d) => d.id).sort()).toEqual(['vendor_notice_contract', 'vendor_notice_legal']);
  });

  it('an incident stays open until assessed and no clock of ours runs', () => {
    const facts = { ...BASE, assessment: { determination: 'low_probability' as const } };
    expect(incidentOpen(facts, computeDeadlines(facts, NO_EXTRAS, NOW))).toBe(true);
    const signed = {
      ...BASE,
      assessment: { determination: 'low_probability' as const, countersignedAt: NOW.toISOString() },
    };
    expect(incidentOpen(signed, computeDeadlines(signed, NO_EXTRAS, NOW))).toBe(false);
  });
});
