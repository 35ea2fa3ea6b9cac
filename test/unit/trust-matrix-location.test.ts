/** The trust matrix's intake columns: the insurance document wins when confirmed and current. */
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  dataLocationCell,
  insuranceCell,
  offshoreCell,
} from '#shared/use-cases/trust-matrix-location.ts';

const intake = (extra: Record<string, unknown> = {}) =>
  ({
    intake: {
      handlesPhi: true,
      medicalDevice: false,
      systemAccess: 'user',
      recordVolume: 'none',
      criticalClinicalFunction: false,
      ...extra,
    },
  }) as never;
const doc = (state: Cell['state'], text: string): Cell => ({ state, text, until: null });
const insured = { cyberInsurance: { carries: 'yes', carrier: 'Beazley', limitUsd: 1_000_000 } };

describe('the insurance column', () => {
  it.each([
    [
      'confirmed current certificate wins over the intake',
      doc('current', 'Current until 2027-01-01'),
      true,
      insured,
      'current',
      'Current until 2027-01-01',
    ],
    [
      'confirmed expiring certificate wins',
      doc('expiring', 'Expiring until 2026-07-01'),
      true,
      insured,
      'expiring',
      'Expiring until 2026-07-01',
    ],
    [
      'unconfirmed certificate: the intake shows too',
      doc('current', 'Current until 2027-01-01 (not yet confirmed)'),
      false,
      insured,
      'pending',
      'Current until 2027-01-01 (not yet confirmed); Intake says insured (Beazley, limit $1,000,000)',
    ],
    [
      'out-of-date certificate: the intake shows too',
      doc('stale', 'Out of date since 2026-01-01'),
      true,
      insured,
      'pending',
      'Out of date since 2026-01-01; Intake says insured (Beazley, limit $1,000,000)',
    ],
    [
      'no certificate, intake yes',
      doc('missing', 'Not on file'),
      false,
      insured,
      'pending',
      'Intake says insured (Beazley, limit $1,000,000); no certificate',
    ],
    [
      'no certificate, intake no',
      doc('missing', 'Not on file'),
      false,
      { cyberInsurance: { carries: 'no' } },
      'missing',
      'Intake says not insured; no certificate',
    ],
    [
      'no certificate, intake unknown',
      doc('missing', 'Not on file'),
      false,
      { cyberInsurance: { carries: 'unknown' } },
      'missing',
      'Insurance unknown at intake; no certificate',
    ],
    [
      'nothing at all',
      doc('missing', 'Not on file'),
      false,
      {},
      'missing',
      'No certificate; intake: not recorded',
    ],
  ] as const)('%s', (_name, document, confirmed, extra, state, text) => {
    expect(insuranceCell(intake(extra), document, confirmed)).toMatchObject({ state, text });
  });
});

describe('the data location and offshore columns', () => {
  it('reads countries as names and the review in words', () => {
    expect(
      dataLocationCell(
        intake({
          dataLocation: { vendorCountries: ['US'], subcontractorCountries: [], offshoreSupport: 'no' },
        }),
      ),
    ).toMatchObject({ state: 'current', text: 'United States' });
    expect(dataLocationCell(intake())).toMatchObject({ state: 'missing', text: 'Not recorded' });
    expect(offshoreCell(intake(), { required: false, review: null }).text).toBe('Data location not recorded');
    expect(offshoreCell(intake({ handlesPhi: false }), { required: false, review: null }).text).toBe(
      'Not needed (no PHI)',
    );
    expect(
      offshoreCell(intake(), {
        required: true,
        review: { decision: 'not_accepted', at: '2026-03-04T00:00:00.000Z', current: true },
      }),
    ).toMatchObject({ state: 'stale', text: 'Not accepted on 2026-03-04' });
  });
});
