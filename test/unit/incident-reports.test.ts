/**
 * The pure pieces around the clocks: the breach-clock ladder's dates, which incidents belong in the
 * annual HHS log, and the portal form's parsing.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_POLICY, planLadder } from '#shared/domain/escalation-policy.ts';
import { reportFromForm } from '#shared/http/routes/portal-incidents.ts';
import { type Incident, STATE_CODES, StateCode, StateCount } from '#shared/schemas/incident.ts';
import * as z from '#shared/schemas/zod.ts';
import { HHS_LOG_COLUMNS, hhsLogRows } from '#shared/use-cases/incident-reports.ts';

describe('the breach-clock ladder (incident_deadline)', () => {
  it('reminds the privacy officer, then escalates to compliance and the executive before the date', () => {
    const steps = planLadder(DEFAULT_ESCALATION_POLICY, {
      kind: 'incident_deadline',
      dueAt: '2027-03-11T23:59:59.999Z',
    });
    expect(steps.map((s) => [s.id, s.at.slice(0, 10), s.audiences.join('+')])).toEqual([
      ['reminder-14d', '2027-02-25', 'privacy_officer'],
      ['reminder-7d', '2027-03-04', 'privacy_officer'],
      ['level-1', '2027-03-08', 'privacy_officer+compliance'],
      ['level-2', '2027-03-10', 'compliance+privacy_officer'],
      ['level-3', '2027-03-11', 'executive+compliance+privacy_officer'],
      ['digest-1', '2027-03-18', 'compliance+privacy_officer'],
    ]);
  });
});

const incident = (overrides: Partial<Incident>): Incident => ({
  id: 'inc_1',
  vendorId: 'v_1',
  vendorName: 'Acme',
  type: 'suspected_breach',
  discoveredAt: '2027-05-01T00:00:00.000Z',
  reportedAt: '2027-05-03T00:00:00.000Z',
  summary: 'Lost laptop',
  phiInvolved: true,
  individualsAffected: 12,
  states: [{ state: 'WA', count: 12 }],
  unsecuredPhi: true,
  systems: [],
  phiCategories: ['clinical'],
  vendorIsAgent: false,
  channel: 'portal',
  contractedWindowDays: null,
  notices: {},
  deadlines: [],
  status: 'open',
  createdBy: 'vendor:v_1',
  createdAt: '2027-05-03T00:00:00.000Z',
  updatedAt: '2027-05-03T00:00:00.000Z',
  version: 1,
  ...overrides,
});

describe('the annual HHS log (164.408(c))', () => {
  it.each([
    ['a small breach discovered by us in 2027', {}, 1],
    ['500 or more: told to HHS at once, not logged', { individualsAffected: 500 }, 0],
    ['499: logged', { individualsAffected: 499 }, 1],
    ['secured PHI: no breach', { unsecuredPhi: false }, 0],
    [
      'reported on 2 January 2028 (not an agent): the 2028 log',
      { discoveredAt: '2027-12-30T00:00:00.000Z', reportedAt: '2028-01-02T00:00:00.000Z' },
      0,
    ],
    [
      'an agent that discovered it on 30 December 2027: the 2027 log',
      {
        discoveredAt: '2027-12-30T00:00:00.000Z',
        reportedAt: '2028-01-02T00:00:00.000Z',
        vendorIsAgent: true,
      },
      1,
    ],
    [
      'low probability, countersigned: not a breach',
      {
        assessment: {
          factors: { natureAndExtent: 'a', unauthorizedPerson: 'b', acquiredOrViewed: 'c', mitigation: 'd' },
          determination: 'low_probability' as const,
          rationale: 'r',
          assessedBy: 'a@example.org',
          assessedAt: '2027-05-04T00:00:00.000Z',
          countersignedBy: 'b@example.org',
          countersignedAt: '2027-05-05T00:00:00.000Z',
        },
      },
      0,
    ],
  ])('%s', (_name, overrides, rows) => {
    expect(hhsLogRows([incident(overrides)], 2027)).toHaveLength(rows);
  });

  it('fills the fields it knows and leaves the rest blank', () => {
    const [row] = hhsLogRows([incident({ phiCategories: ['clinical', 'ssn', 'insurance'] })], 2027);
    const byColumn = Object.fromEntries(HHS_LOG_COLUMNS.map((c, i) => [c, row![i]]));
    expect(byColumn).toMatchObject({
      'Business Associate Name': 'Acme',
      'Discovery Date': '2027-05-03',
      'Approximate Number of Individuals Affected': 12,
      'Type of Protected Health Information Involved': 'Clinical; Demographic; Financial',
      'Type of Breach': '',
      'Risk Assessment Determination': 'Not yet assessed (presumed breach)',
    });
  });
});

describe('the portal form', () => {
  it('reads States line by line, the local time as UTC and yes/no as booleans', () => {
    expect(
      reportFromForm({
        type: 'suspected_breach',
        discoveredAt: '2027-03-02T15:00',
        summary: ' Misdirected fax ',
        phiInvolved: 'yes',
        unsecuredPhi: 'no',
        individualsAffected: '801',
        states: 'CA 800\r\nnv: 1',
        systems: 'Fax server, EHR',
        phiCategories: ['clinical', 'contact'],
      }),
    ).toEqual({
      type: 'suspected_breach',
      discoveredAt: '2027-03-02T15:00:00.000Z',
      summary: 'Misdirected fax',
      phiInvolved: true,
      unsecuredPhi: false,
      individualsAffected: 801,
      states: [
        { state: 'CA', count: 800 },
        { state: 'nv', count: 1 },
      ],
      systems: ['Fax server', 'EHR'],
      phiCategories: ['clinical', 'contact'],
    });
  });

  it('passes an unreadable State line on for the schema to name, as one problem in words', () => {
    const parsed = reportFromForm({ states: 'California lots' });
    expect(parsed.states).toEqual([{ state: 'California lots', count: 0 }]);
    // Found walking the demo: the page also said "Too small: expected number to be >=0".
    const issues = z.array(StateCount).safeParse(parsed.states).error?.issues ?? [];
    expect(issues.map((i) => i.message)).toEqual(['Use the two-letter state or territory code, e.g. CA']);
  });
});

describe('State codes', () => {
  it.each(['CA', 'tx', 'DC', 'PR', 'VI', 'GU', 'AS', 'MP', 'WY'])('accepts %s', (code) => {
    expect(StateCode.safeParse(code).success).toBe(true);
  });
  // Found walking the demo: "ZZ 3" was stored as 3 residents of a State "ZZ".
  it.each(['ZZ', 'XX', 'UK', 'QC'])('refuses %s, in words', (code) => {
    const result = StateCode.safeParse(code);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Not a US State or territory code; use e.g. CA, DC or PR',
    ]);
  });
  it('lists the 50 States, DC and five territories', () => {
    expect(STATE_CODES.size).toBe(56);
  });
});
