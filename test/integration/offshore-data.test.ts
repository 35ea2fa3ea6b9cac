/**
 * Data location, offshore support and cyber insurance on the intake, and the offshore PHI review
 * (policy "offshorePhi", on by default; docs/offshore-data.md), through the real local runtime:
 * register with the fields → the "offshore data reviewed" gate blocks approval → compliance (only)
 * records the review → approval passes; changing the countries re-opens it; bad countries are 400s.
 */
import { describe, expect, it } from 'vitest';
import { baaTemplateText } from '#shared/content/baa-template.v1.ts';
import { compliantAnswers } from '../support/answers.ts';
import { verifiedVendor } from '../support/assurance.ts';
import { clauseReview, signBaa, term, uploadBaa } from '../support/baa.ts';
import { phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

const intake = (dataLocation?: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  handlesPhi: true,
  medicalDevice: false,
  systemAccess: 'user',
  recordVolume: '10k_to_100k',
  ...(dataLocation ? { dataLocation } : {}),
  ...extra,
});

async function register(name: string, contact: string, dataLocation?: Record<string, unknown>) {
  const res = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({
      name,
      contactEmail: contact,
      intake: intake(dataLocation, {
        cyberInsurance: { carries: 'yes', carrier: 'Beazley', limitUsd: 5_000_000 },
      }),
    }),
  });
  expect(res.status, res.text).toBe(201);
  return res.json.id as string;
}

const failedGates = async (vendorId: string) => {
  const res = await rt.api('POST', `/vendors/${vendorId}/decision`, {
    role: 'procurement',
    body: { decision: 'approve' },
  });
  expect(res.status).toBe(409);
  return res.json.error.details.failed as { gate: string; message: string }[];
};

/** Everything but the offshore review: a clean reviewed assessment, a signed BAA, a verification. */
async function readyButOffshore(vendorId: string, name: string, contact: string) {
  const baaMail = await rt.waitForEmail(
    (e) => e.destination.to.includes(contact) && e.subject.startsWith('Business Associate Agreement'),
  );
  const baaToken = baaMail.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!;
  await rt.api('POST', `/vendors/${vendorId}/assessments`, { role: 'procurement' });
  const invitation = await rt.waitForEmail(
    (e) => e.destination.to.includes(contact) && e.subject.startsWith('Security questionnaire'),
  );
  const token = portalToken(invitation);
  const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
  const mfa = view.questions.find((q: { id: string }) => q.id === 'access-mfa');
  const allMfa = mfa.options
    .filter((o: { exclusive: boolean }) => !o.exclusive)
    .map((o: { value: string }) => o.value);
  const answers = compliantAnswers(view, { 'access-mfa': allMfa });
  expect((await rt.api('POST', `/portal/${token}/submit`, { body: { answers } })).status).toBe(202);
  await rt.runner.idle();
  await uploadBaa(
    rt,
    { token: baaToken },
    {
      name: 'signed.txt',
      contentType: 'text/plain',
      bytes: baaTemplateText('Example Health', name),
      kind: 'signed',
    },
  );
  const review = await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
    role: 'compliance',
    body: clauseReview({}),
  });
  expect(review.status, review.text).toBe(200);
  expect((await signBaa(rt, vendorId, term(Date.now()))).status).toBe(200);
  await verifiedVendor(rt, vendorId, contact);
}

describe('offshore PHI review', () => {
  it('a PHI vendor storing data in India is blocked until compliance reviews it; then approval passes', async () => {
    const name = 'Offshore Scribe Co';
    const contact = 'ops@offshore-scribe.example';
    const vendorId = await register(name, contact, {
      vendorCountries: ['US', 'IN'],
      subcontractorCountries: ['IE'],
      offshoreSupport: 'yes',
    });
    const stored = await rt.api('GET', `/vendors/${vendorId}`, { role: 'compliance' });
    expect(stored.json.intake.dataLocation).toEqual({
      vendorCountries: ['US', 'IN'],
      subcontractorCountries: ['IE'],
      offshoreSupport: 'yes',
    });
    expect(stored.json.intake.cyberInsurance).toEqual({
      carries: 'yes',
      carrier: 'Beazley',
      limitUsd: 5_000_000,
    });

    await readyButOffshore(vendorId, name, contact);
    const failed = await failedGates(vendorId);
    expect(failed.map((f) => f.gate)).toEqual(['offshore_reviewed']);
    expect(failed[0]!.message).toContain('India');
    expect(failed[0]!.message).toContain('Ireland');
    expect(failed[0]!.message).not.toContain('IN,');

    const body = {
      decision: 'accepted',
      reason: 'Transcription in India under the BAA; sub-BAA with the Irish host seen.',
    };
    const byAdmin = await rt.api('POST', `/vendors/${vendorId}/offshore-review`, { role: 'admin', body });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.json.error.code).toBe('compliance_only');
    const byProcurement = await rt.api('POST', `/vendors/${vendorId}/offshore-review`, {
      role: 'procurement',
      body,
    });
    expect(byProcurement.status).toBe(403);
    const noReason = await rt.api('POST', `/vendors/${vendorId}/offshore-review`, {
      role: 'compliance',
      body: { decision: 'accepted', reason: ' ' },
    });
    expect(noReason.status).toBe(400);

    const reviewed = await rt.api('POST', `/vendors/${vendorId}/offshore-review`, {
      role: 'compliance',
      body,
    });
    expect(reviewed.status, reviewed.text).toBe(200);
    expect(reviewed.json.offshoreReview).toMatchObject({ decision: 'accepted', reason: body.reason });

    const trail = await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' });
    const event = (trail.json.items ?? trail.json.events ?? []).find(
      (e: { action: string }) => e.action === 'vendor.offshore_reviewed',
    );
    expect(event?.summary).toContain('Offshore data review: accepted');
    expect(event?.summary).toContain('India');

    const approved = await rt.api('POST', `/vendors/${vendorId}/decision`, {
      role: 'procurement',
      body: { decision: 'approve' },
    });
    expect(approved.status, approved.text).toBe(200);
  });

  it('changing the countries later re-opens the review; a "not accepted" review keeps blocking', async () => {
    const vendorId = await register('Follow The Sun Support', 'sun@vendor.example', {
      vendorCountries: ['US'],
      offshoreSupport: 'yes',
    });
    expect((await failedGates(vendorId)).map((f) => f.gate)).toContain('offshore_reviewed');
    const reviewed = await rt.api('POST', `/vendors/${vendorId}/offshore-review`, {
      role: 'compliance',
      body: { decision: 'accepted', reason: 'Support in Canada reads de-identified tickets only.' },
    });
    expect(reviewed.status).toBe(200);
    expect((await failedGates(vendorId)).map((f) => f.gate)).not.toContain('offshore_reviewed');

    // Compliance corrects only the location: the PUT keeps the insurance it leaves out.
    const moved = await rt.api('PUT', `/vendors/${vendorId}/intake`, {
      role: 'compliance',
      body: {
        intake: intake({ vendorCountries: ['US', 'PH'], subcontractorCountries: [], offshoreSupport: 'yes' }),
      },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json.vendor.intake.cyberInsurance).toMatchObject({ carries: 'yes' });
    const reopened = (await failedGates(vendorId)).find((f) => f.gate === 'offshore_reviewed');
    expect(reopened?.message).toContain('changed after compliance');
    expect(reopened?.message).toContain('Philippines');

    await rt.api('POST', `/vendors/${vendorId}/offshore-review`, {
      role: 'compliance',
      body: { decision: 'not_accepted', reason: 'No PHI processing in the Philippines.' },
    });
    const refused = (await failedGates(vendorId)).find((f) => f.gate === 'offshore_reviewed');
    expect(refused?.message).toContain('did not accept');

    // A PUT that leaves the location out keeps it (an older client cannot erase it).
    const kept = await rt.api('PUT', `/vendors/${vendorId}/intake`, {
      role: 'procurement',
      body: { intake: intake() },
    });
    expect(kept.json.vendor.intake.dataLocation.vendorCountries).toEqual(['US', 'PH']);
  });

  it('US-only and non-PHI vendors have no offshore gate; old records read as not recorded', async () => {
    const us = await register('Domestic Cloud', 'us@vendor.example', {
      vendorCountries: ['US'],
      subcontractorCountries: ['US'],
      offshoreSupport: 'no',
    });
    expect((await failedGates(us)).map((f) => f.gate)).not.toContain('offshore_reviewed');
    const old = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Old Style Co' }),
    });
    expect(old.status).toBe(201);
    expect(old.json.intake.dataLocation).toBeUndefined();
    expect((await failedGates(old.json.id)).map((f) => f.gate)).not.toContain('offshore_reviewed');
    const noLocation = await rt.api('POST', `/vendors/${old.json.id}/offshore-review`, {
      role: 'compliance',
      body: { decision: 'accepted', reason: 'x' },
    });
    expect(noLocation.status).toBe(409);
    expect(noLocation.json.error.code).toBe('data_location_not_recorded');
  });

  it.each([
    [
      'an unknown code',
      { vendorCountries: ['XX'], offshoreSupport: 'no' },
      'intake.dataLocation.vendorCountries.0',
    ],
    [
      'lower case',
      { vendorCountries: ['in'], offshoreSupport: 'no' },
      'intake.dataLocation.vendorCountries.0',
    ],
    [
      'a name instead of a code',
      { vendorCountries: ['India'], offshoreSupport: 'no' },
      'intake.dataLocation.vendorCountries.0',
    ],
    ['no country', { vendorCountries: [], offshoreSupport: 'no' }, 'intake.dataLocation.vendorCountries'],
    [
      'a bad subcontractor country',
      { vendorCountries: ['US'], subcontractorCountries: ['EU'], offshoreSupport: 'no' },
      'intake.dataLocation.subcontractorCountries.0',
    ],
    [
      'support not yes/no/unknown',
      { vendorCountries: ['US'], offshoreSupport: 'maybe' },
      'intake.dataLocation.offshoreSupport',
    ],
  ])('registration with %s is a 400 naming the field', async (_name, dataLocation, path) => {
    const res = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Bad Country Co', intake: intake(dataLocation) }),
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_request');
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('a bad country on the intake update is a 400 too, and nothing is changed', async () => {
    const vendorId = await register('Steady Hosting', 'steady@vendor.example', {
      vendorCountries: ['US'],
      offshoreSupport: 'no',
    });
    const res = await rt.api('PUT', `/vendors/${vendorId}/intake`, {
      role: 'procurement',
      body: { intake: intake({ vendorCountries: ['ZZ'], offshoreSupport: 'no' }) },
    });
    expect(res.status).toBe(400);
    const after = await rt.api('GET', `/vendors/${vendorId}`, { role: 'procurement' });
    expect(after.json.intake.dataLocation.vendorCountries).toEqual(['US']);
  });
});

describe('the trust matrix', () => {
  it('shows the data location, the offshore review and the intake insurance in words', async () => {
    const vendorId = await register('Matrix Offshore Labs', 'matrix@vendor.example', {
      vendorCountries: ['US', 'IN'],
      subcontractorCountries: ['IE'],
      offshoreSupport: 'yes',
    });
    const rowOf = async () => {
      const res = await rt.api('GET', '/trust-matrix?limit=100', { role: 'procurement' });
      expect(res.status).toBe(200);
      return res.json.rows.find((r: { vendorId: string }) => r.vendorId === vendorId);
    };
    const before = await rowOf();
    expect(before.dataLocation.text).toBe(
      'United States, India; subcontractors: Ireland; support from abroad',
    );
    expect(before.offshore).toMatchObject({ state: 'missing', text: 'Review needed' });
    expect(before.documents.cyber_insurance).toMatchObject({
      state: 'pending',
      text: 'Intake says insured (Beazley, limit $5,000,000); no certificate',
    });
    await rt.api('POST', `/vendors/${vendorId}/offshore-review`, {
      role: 'compliance',
      body: { decision: 'accepted', reason: 'Reviewed.' },
    });
    expect((await rowOf()).offshore.text).toMatch(/^Accepted on \d{4}-\d{2}-\d{2}$/);
    const csv = await fetch(`${rt.appUrl}/trust-matrix?format=csv`, {
      headers: { authorization: `Bearer ${await rt.token('procurement')}` },
    });
    const line = (await csv.text()).split('\r\n').find((l) => l.startsWith('Matrix Offshore Labs,'))!;
    expect(line).toContain('"United States, India; subcontractors: Ireland; support from abroad"');
    expect(line).toMatch(/,Accepted on \d{4}-\d{2}-\d{2},/);
  });
});

describe('OpenAPI', () => {
  it('documents the intake fields (countries as an enum of ISO codes) and the offshore review', async () => {
    const res = await fetch(`${rt.appUrl}/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, { post?: unknown }> };
    const text = JSON.stringify(doc);
    expect(doc.paths['/vendors/{vendorId}/offshore-review']?.post).toBeDefined();
    expect(text).toContain('"dataLocation"');
    expect(text).toContain('"offshoreSupport"');
    expect(text).toContain('"cyberInsurance"');
    expect(text).toMatch(/"enum":\["AD","AE",[^\]]*"IN",[^\]]*"US",[^\]]*"ZW"\]/);
  });
});
