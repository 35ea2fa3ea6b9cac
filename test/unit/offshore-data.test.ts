/**
 * The offshore PHI review (POLICY, on by default; docs/offshore-data.md). HIPAA does not forbid
 * offshore PHI: a BA is bound by its BAA wherever it works (45 CFR 164.504(e), 164.314(a)) and binds
 * its subcontractors (164.502(e)(1)(ii)); the review feeds the covered entity's risk analysis
 * (164.308(a)(1)(ii)(A)). Expectations are literal, written from the docs table, not the code.
 */
import { describe, expect, it } from 'vitest';
import {
  applyOverride,
  DEFAULT_REASSESSMENT_POLICY,
  evaluateGates,
  type GateInput,
} from '#shared/domain/approval-gates.ts';
import { countryFromText, parseCountryList } from '#shared/domain/countries.ts';
import { dataLocationFingerprint, offshoreReview } from '#shared/domain/offshore-data.ts';
import { AppError } from '#shared/errors.ts';
import { Intake } from '#shared/schemas/intake.ts';

type Support = 'yes' | 'no' | 'unknown';
const loc = (vendor: string[], sub: string[], support: Support) => ({
  vendorCountries: vendor,
  subcontractorCountries: sub,
  offshoreSupport: support,
});

describe('when a vendor needs an offshore data review (docs/offshore-data.md table)', () => {
  it.each([
    ['PHI, US only, no offshore support', true, loc(['US'], ['US'], 'no'), false, []],
    ['PHI, US territory (Puerto Rico) counts as onshore', true, loc(['US', 'PR'], [], 'no'), false, []],
    ['PHI, stored in India', true, loc(['IN'], [], 'no'), true, ['vendor_offshore']],
    ['PHI, US and India', true, loc(['US', 'IN'], [], 'no'), true, ['vendor_offshore']],
    ['PHI, a subcontractor in Ireland', true, loc(['US'], ['IE'], 'no'), true, ['subcontractor_offshore']],
    ['PHI, offshore support only', true, loc(['US'], [], 'yes'), true, ['offshore_support']],
    ['PHI, support access unknown', true, loc(['US'], [], 'unknown'), true, ['support_unknown']],
    [
      'PHI, everything offshore',
      true,
      loc(['PH'], ['IN'], 'yes'),
      true,
      ['vendor_offshore', 'subcontractor_offshore', 'offshore_support'],
    ],
    ['no PHI, stored in India', false, loc(['IN'], [], 'yes'), false, []],
    ['no PHI, support unknown', false, loc(['US'], [], 'unknown'), false, []],
    ['PHI, data location not recorded (old record)', true, undefined, false, []],
  ] as const)('%s', (_name, phi, location, required, kinds) => {
    const result = offshoreReview(phi, location as never);
    expect(result.reviewRequired).toBe(required);
    expect(result.reasons.map((r) => r.kind)).toEqual(kinds);
  });

  it('names the countries in words', () => {
    const { reasons } = offshoreReview(true, loc(['US', 'IN'], ['IE', 'PH'], 'no'));
    expect(reasons.map((r) => r.text)).toEqual([
      'The vendor stores or processes our data in India',
      'Its subcontractors store or process our data in Ireland, Philippines',
    ]);
  });

  it('policy off: never required; policy "require when not recorded": old records need it', () => {
    const off = { requireReview: false, requireWhenNotRecorded: false };
    expect(offshoreReview(true, loc(['IN'], [], 'yes'), off).reviewRequired).toBe(false);
    const strict = { requireReview: true, requireWhenNotRecorded: true };
    expect(offshoreReview(true, undefined, strict)).toEqual({
      reviewRequired: true,
      reasons: [{ kind: 'not_recorded', text: 'Where the vendor keeps our data is not recorded' }],
    });
  });

  it('a review is bound to the location it looked at: order does not matter, a new country does', () => {
    const a = dataLocationFingerprint(loc(['US', 'IN'], ['IE'], 'no'));
    expect(dataLocationFingerprint(loc(['IN', 'US'], ['IE'], 'no'))).toBe(a);
    expect(dataLocationFingerprint(loc(['US', 'IN', 'PH'], ['IE'], 'no'))).not.toBe(a);
    expect(dataLocationFingerprint(loc(['US', 'IN'], ['IE'], 'yes'))).not.toBe(a);
    expect(dataLocationFingerprint(loc(['US', 'IN'], [], 'no'))).not.toBe(a);
  });
});

const NOW = new Date('2026-06-01T12:00:00.000Z');
const base: GateInput = {
  vendor: { handlesPhi: true, tier: 'high' },
  assessment: {
    status: 'reviewed',
    submittedAt: '2026-01-10T09:00:00.000Z',
    reviewedAt: '2026-01-20T09:00:00.000Z',
  },
  findings: [],
  baa: { status: 'signed', expiresAt: '2028-01-01T00:00:00.000Z' },
  now: NOW,
  policy: DEFAULT_REASSESSMENT_POLICY,
};
const review = (decision: 'accepted' | 'not_accepted', current: boolean) => ({
  decision,
  reason: 'EU hosting under the BAA; reviewed the sub-BAA',
  at: '2026-05-02T10:00:00.000Z',
  current,
});

describe('the "offshore data reviewed" approval gate', () => {
  it.each([
    ['not required', { required: false, reasons: [], review: null }, true, []],
    ['required, no review', { required: true, reasons: ['x'], review: null }, true, ['offshore_reviewed']],
    ['required, accepted', { required: true, reasons: ['x'], review: review('accepted', true) }, true, []],
    [
      'required, accepted but the location changed since',
      { required: true, reasons: ['x'], review: review('accepted', false) },
      true,
      ['offshore_reviewed'],
    ],
    [
      'required, not accepted',
      { required: true, reasons: ['x'], review: review('not_accepted', true) },
      true,
      ['offshore_reviewed'],
    ],
    ['required but no PHI', { required: true, reasons: ['x'], review: null }, false, []],
  ] as const)('%s', (_name, offshore, handlesPhi, expected) => {
    const result = evaluateGates(
      { ...base, vendor: { handlesPhi, tier: 'high' }, offshore },
      { decision: 'approve' },
    );
    expect(result.failed.map((f) => f.gate)).toEqual(expected);
  });

  it('says why, and when it was reviewed', () => {
    const missing = evaluateGates(
      {
        ...base,
        offshore: {
          required: true,
          reasons: ['the vendor stores or processes our data in India'],
          review: null,
        },
      },
      { decision: 'approve' },
    ).failed[0]!.message;
    expect(missing).toBe(
      'Our data is kept or reachable outside the United States (the vendor stores or processes our data in India): compliance must review and record whether that is acceptable before approval (policy).',
    );
    const stale = evaluateGates(
      { ...base, offshore: { required: true, reasons: [], review: review('accepted', false) } },
      { decision: 'approve_with_conditions', conditions: ['x'] },
    ).failed[0]!.message;
    expect(stale).toContain("changed after compliance's offshore data review of 2026-05-02");
  });

  it('a rejection is never held up by it', () => {
    const result = evaluateGates(
      { ...base, offshore: { required: true, reasons: [], review: null } },
      { decision: 'reject', reason: 'Offshore hosting' },
    );
    expect(result.allowed).toBe(true);
  });

  it('compliance may override it with a reason (policy gate, not the BAA)', () => {
    const request = { decision: 'approve' as const, override: { reason: 'Board accepted the hosting' } };
    const result = evaluateGates(
      { ...base, offshore: { required: true, reasons: [], review: null } },
      request,
    );
    expect(applyOverride(result, request, 'compliance')).toMatchObject({
      allowed: true,
      overridden: [{ gate: 'offshore_reviewed' }],
    });
    expect(applyOverride(result, request, 'procurement')).toBeInstanceOf(AppError);
  });
});

describe('country codes and names', () => {
  it.each([
    ['IN', 'IN'],
    ['in', 'IN'],
    ['India', 'IN'],
    ['united kingdom', 'GB'],
    ['USA', 'US'],
    ['Côte d’Ivoire', 'CI'],
    ['Cote dIvoire', 'CI'],
    ['UK', 'GB'],
    ['XX', null],
    ['EU', null],
    ['Atlantis', null],
  ] as const)('%s → %s', (text, code) => {
    expect(countryFromText(text)).toBe(code);
  });

  it('splits a typed list and reports what is not a country', () => {
    expect(parseCountryList('US, India; ie\nUS, Narnia')).toEqual({
      codes: ['US', 'IN', 'IE'],
      unknown: ['Narnia'],
    });
  });

  it('the intake schema takes assigned ISO 3166-1 alpha-2 codes only, upper case, each once', () => {
    const intake = (vendorCountries: string[]) => ({
      handlesPhi: true,
      medicalDevice: false,
      systemAccess: 'none',
      recordVolume: 'none',
      dataLocation: { vendorCountries, offshoreSupport: 'no' },
    });
    expect(Intake.safeParse(intake(['US', 'IN'])).success).toBe(true);
    for (const bad of [['XX'], ['us'], ['EU'], ['UK'], [], ['US', 'US'], ['USA']]) {
      expect(Intake.safeParse(intake(bad)).success, bad.join(',')).toBe(false);
    }
  });
});

describe('the offshorePhi policy in POLICY_JSON', () => {
  it('defaults to review on, not-recorded off; a bad value fails at start-up naming the policy', async () => {
    const { loadPolicies } = await import('#shared/use-cases/policies.ts');
    expect(loadPolicies({}).offshorePhi).toEqual({ requireReview: true, requireWhenNotRecorded: false });
    expect(loadPolicies({ offshorePhi: { requireReview: false } }).offshorePhi.requireReview).toBe(false);
    expect(() => loadPolicies({ offshorePhi: { requireReview: 'yes' } })).toThrow(/offshore PHI policy/);
  });
});
