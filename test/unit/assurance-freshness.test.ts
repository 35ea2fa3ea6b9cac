/**
 * Freshness of assurance documents (docs/assurance.md "Rules"): each row states the expected stale
 * date by hand, from the rule and its source, never from the code's own tables.
 */
import { describe, expect, it } from 'vitest';
import {
  AssurancePolicy,
  currencyOf,
  leadingDocuments,
  staleAt,
} from '#shared/domain/assurance-freshness.ts';
import { DEFAULT_ESCALATION_POLICY, nextLadderAction } from '#shared/domain/escalation-policy.ts';
import type { AssuranceFields } from '#shared/schemas/assurance.ts';

const soc2 = (periodEnd: string): AssuranceFields => ({
  type: 'soc2',
  reportType: 'type2',
  periodStart: '2025-01-01',
  periodEnd,
  auditor: 'Example Audit LLP',
  opinion: 'unqualified',
  exceptions: [],
  servicesInScope: [],
  subserviceOrganisations: [],
  userEntityControls: [],
});

const rows: { name: string; fields: AssuranceFields; bridges?: string[]; stale: string; why: string }[] = [
  {
    name: 'SOC 2 without a bridge letter',
    fields: soc2('2025-12-31'),
    stale: '2026-12-31T00:00:00.000Z',
    why: 'policy: current 12 months after the period end',
  },
  {
    name: 'SOC 2 period ending on the 31st of a month',
    fields: soc2('2025-08-31'),
    stale: '2026-08-31T00:00:00.000Z',
    why: 'calendar months',
  },
  {
    name: 'SOC 2 with a bridge letter through 2 months later',
    fields: soc2('2025-12-31'),
    bridges: ['2027-02-28'],
    stale: '2027-03-01T00:00:00.000Z',
    why: 'the letter extends to its through date (inclusive)',
  },
  {
    name: 'SOC 2 with a bridge letter claiming 6 months',
    fields: soc2('2025-12-31'),
    bridges: ['2027-06-30'],
    stale: '2027-03-31T00:00:00.000Z',
    why: 'policy: a bridge letter extends at most 3 months',
  },
  {
    name: 'SOC 2 with a bridge letter that ends before the report’s own currency',
    fields: soc2('2025-12-31'),
    bridges: ['2026-03-31'],
    stale: '2026-12-31T00:00:00.000Z',
    why: 'a bridge never shortens currency',
  },
  {
    name: 'HITRUST r2: 2 years',
    fields: { type: 'hitrust', assessment: 'r2', certifiedOn: '2025-03-15', expiresOn: '2027-03-15' },
    stale: '2027-03-15T00:00:00.000Z',
    why: 'r2 certification is valid two years',
  },
  {
    name: 'HITRUST i1: 1 year even if the letter says more',
    fields: { type: 'hitrust', assessment: 'i1', certifiedOn: '2025-03-15', expiresOn: '2027-03-15' },
    stale: '2026-03-15T00:00:00.000Z',
    why: 'i1 certification is valid one year',
  },
  {
    name: 'HITRUST r2 with an earlier printed expiry',
    fields: { type: 'hitrust', assessment: 'r2', certifiedOn: '2025-03-15', expiresOn: '2026-10-01' },
    stale: '2026-10-01T00:00:00.000Z',
    why: 'the printed date wins when earlier',
  },
  {
    name: 'ISO/IEC 27001 certificate',
    fields: { type: 'iso27001', certificateNumber: 'IS 123', scope: 'Hosting', expiresOn: '2027-01-10' },
    stale: '2027-01-10T00:00:00.000Z',
    why: 'expires on its date',
  },
  {
    name: 'penetration test',
    fields: { type: 'pen_test', testedOn: '2025-05-20', firm: 'Red Team Co', openCritical: 0, openHigh: 1 },
    stale: '2026-05-20T00:00:00.000Z',
    why: 'policy: annual (the NPRM proposes a test every 12 months)',
  },
  {
    name: 'cyber insurance',
    fields: { type: 'cyber_insurance', carrier: 'Acme Mutual', limitUsd: 5_000_000, expiresOn: '2026-07-01' },
    stale: '2026-07-01T00:00:00.000Z',
    why: 'expires on its date',
  },
];

describe('assurance freshness', () => {
  it.each(rows)('$name → stale from $stale ($why)', ({ fields, bridges, stale }) => {
    expect(
      staleAt(
        fields,
        undefined,
        (bridges ?? []).map((throughDate) => ({ throughDate })),
      ),
    ).toBe(stale);
  });

  it('a bridge letter has no currency of its own', () => {
    expect(
      staleAt({ type: 'bridge_letter', bridgesDocumentId: 'doc_x', throughDate: '2026-03-31' }),
    ).toBeNull();
  });

  it('the periods are policy: a deployment can change them', () => {
    const policy = AssurancePolicy.parse({ soc2Months: 9, hitrustMonths: { i1: 18 } });
    expect(staleAt(soc2('2025-12-31'), policy)).toBe('2026-09-30T00:00:00.000Z');
    expect(
      staleAt(
        { type: 'hitrust', assessment: 'i1', certifiedOn: '2025-03-15', expiresOn: '2027-03-15' },
        policy,
      ),
    ).toBe('2026-09-15T00:00:00.000Z');
  });

  it('expired insurance is stale; one expiring within 60 days is expiring', () => {
    const now = new Date('2026-07-01T00:00:00.000Z');
    expect(currencyOf('2026-07-01T00:00:00.000Z', now)).toBe('stale');
    expect(currencyOf('2026-08-30T00:00:00.000Z', now)).toBe('expiring');
    expect(currencyOf('2026-08-31T00:00:01.000Z', now)).toBe('current');
    expect(currencyOf(null, now)).toBe('missing');
  });

  it('per type, only the document with the latest currency leads (an old report is not chased)', () => {
    const docs = [
      { id: 'old', type: 'soc2' as const, fields: soc2('2024-12-31'), status: 'confirmed' as const },
      { id: 'new', type: 'soc2' as const, fields: soc2('2025-12-31'), status: 'submitted' as const },
      {
        id: 'bridge',
        type: 'bridge_letter' as const,
        fields: { type: 'bridge_letter' as const, bridgesDocumentId: 'old', throughDate: '2026-02-28' },
        status: 'confirmed' as const,
      },
    ];
    const lead = leadingDocuments(docs);
    expect(lead.get('soc2')?.doc.id).toBe('new');
    expect(lead.has('bridge_letter')).toBe(false);
  });
});

describe('the assurance reminder ladder (policy days 60/30/7, then compliance), exactly once', () => {
  const dueAt = '2026-12-31T00:00:00.000Z';
  const at = (iso: string) => new Date(iso);
  it('sends each step once, on its day, and compliance on the due date', () => {
    const sent: string[] = [];
    let ladder: { dueAt: string; done: string[] } | undefined;
    for (const day of [
      '2026-10-01T00:00:00.000Z', // 91 days before: nothing
      '2026-11-01T00:00:00.000Z', // 60 days before
      '2026-11-01T12:00:00.000Z', // same day again: nothing
      '2026-12-01T00:00:00.000Z', // 30 days before
      '2026-12-24T00:00:00.000Z', // 7 days before
      '2026-12-31T00:00:00.000Z', // stale: compliance
      '2026-12-31T06:00:00.000Z', // again: nothing
    ]) {
      const action = nextLadderAction(
        DEFAULT_ESCALATION_POLICY,
        { kind: 'assurance_expiry', dueAt, ladder },
        at(day),
      );
      if (action.send) sent.push(`${action.send.id}:${action.send.audiences.join('+')}`);
      ladder = action.ladder;
    }
    expect(sent).toEqual([
      'reminder-60d:vendor',
      'reminder-30d:vendor',
      'reminder-7d:vendor',
      'level-2:compliance',
    ]);
  });

  it('after downtime only the latest step goes out', () => {
    const action = nextLadderAction(
      DEFAULT_ESCALATION_POLICY,
      { kind: 'assurance_expiry', dueAt },
      at('2026-12-26T00:00:00.000Z'),
    );
    expect(action.send?.id).toBe('reminder-7d');
    expect(action.skip).toEqual(['reminder-60d', 'reminder-30d']);
  });
});
