/**
 * The console side of data location and insurance (issue 15 item 6): the registration form takes
 * countries by name or code and the yes/no/unknown answers; the vendor page shows them in words
 * ("not recorded" for older vendors), the offshore review gate in words, and compliance's review form.
 */
import { describe, expect, it } from 'vitest';
import { consoleClient } from '../support/console.ts';
import { phiVendor, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

const { signIn: signInAs } = consoleClient(rt);
const signIn = async (role: 'procurement' | 'compliance' | 'admin') =>
  (await signInAs(role, `${role}.intake@example.org`)).staff;

const base: [string, string][] = [
  ['contactName', 'Jo Vendor'],
  ['contactEmail', 'jo@scribe.example'],
  ['services', 'Medical transcription'],
  ['businessOwnerEmail', 'owner@example.org'],
  ['handlesPhi', 'yes'],
  ['medicalDevice', 'no'],
  ['systemAccess', 'user'],
  ['recordVolume', '10k_to_100k'],
];

describe('data location on the console', () => {
  it('registers with countries by name, shows them in words and the offshore gate; compliance reviews it', async () => {
    const procurement = await signIn('procurement');
    const ok = await procurement.post('/console/vendors', [
      ['name', 'Console Scribe Offshore'],
      ...base,
      ['vendorCountries', 'United States, india'],
      ['subcontractorCountries', 'IE'],
      ['offshoreSupport', 'yes'],
      ['insurance', 'yes'],
      ['insuranceCarrier', 'Beazley'],
      ['insuranceLimit', '$5,000,000'],
    ]);
    expect(ok.status, ok.html.slice(0, 500)).toBe(303);
    const location = ok.headers.get('location')!;
    const vendorId = location.match(/vendors\/(v_\w+)/)![1]!;
    const stored = await rt.api('GET', `/vendors/${vendorId}`, { role: 'procurement' });
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

    const page = (await procurement.get(location)).html;
    expect(page).toContain('Data location and insurance');
    expect(page).toContain('United States, India');
    expect(page).toContain('Ireland');
    expect(page).toContain('Yes: Beazley, limit $5,000,000');
    expect(page).toContain('Review needed before approval');
    expect(page).toContain('Offshore data reviewed by compliance (policy)');
    expect(page).not.toContain('offshore_reviewed');
    expect(page).not.toContain('>IN<');
    // Procurement does not see compliance's review form.
    expect(page).not.toContain('Record the offshore data review');

    const admin = await signIn('admin');
    const byAdmin = await admin.post(`/console/vendors/${vendorId}/offshore-review`, [
      ['decision', 'accepted'],
      ['reason', 'x'],
    ]);
    expect(byAdmin.status).toBe(403);

    const compliance = await signIn('compliance');
    expect((await compliance.get(location)).html).toContain('Record the offshore data review');
    const blank = await compliance.post(`/console/vendors/${vendorId}/offshore-review`, [
      ['decision', 'accepted'],
      ['reason', ''],
    ]);
    expect(blank.status).toBe(400);
    expect(blank.html).toContain('Not done');
    const reviewed = await compliance.post(`/console/vendors/${vendorId}/offshore-review`, [
      ['decision', 'accepted'],
      ['reason', 'Transcription in India under the BAA.'],
    ]);
    expect(reviewed.status).toBe(303);
    const after = (await compliance.get(reviewed.headers.get('location')!)).html;
    expect(after).toContain('Offshore data review recorded.');
    expect(after).toContain('Transcription in India under the BAA.');
    expect(after).toContain('Vendor: offshore data reviewed');

    // Procurement corrects the countries later: audited as an intake update, the review re-opens.
    expect(after).toContain('Correct the data location and insurance');
    const unknown = await procurement.post(`/console/vendors/${vendorId}/data-location`, [
      ['vendorCountries', 'United States, Atlantis'],
      ['offshoreSupport', 'yes'],
    ]);
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('“Atlantis” is not a country we know');
    const corrected = await procurement.post(`/console/vendors/${vendorId}/data-location`, [
      ['vendorCountries', 'United States, India, Philippines'],
      ['subcontractorCountries', 'Ireland'],
      ['offshoreSupport', 'yes'],
    ]);
    expect(corrected.status).toBe(303);
    const reopened = (await procurement.get(corrected.headers.get('location')!)).html;
    expect(reopened).toContain('Data location and insurance saved');
    expect(reopened).toContain('United States, India, Philippines');
    expect(reopened).toContain('Review needed again');
    expect(reopened).toContain('Yes: Beazley, limit $5,000,000'); // insurance kept
    expect(reopened).toContain('the offshore data review must be done again');
  });

  it('names a country it does not know and registers nothing', async () => {
    const procurement = await signIn('procurement');
    const res = await procurement.post('/console/vendors', [
      ['name', 'Console Narnia Hosting'],
      ...base,
      ['vendorCountries', 'US, Narnia'],
      ['offshoreSupport', 'no'],
      ['insuranceLimit', 'lots'],
    ]);
    expect(res.status).toBe(400);
    expect(res.html).toContain('“Narnia” is not a country we know');
    expect(res.html).toContain('Enter the limit as a whole number of US dollars');
    expect(res.html).toContain('value="US, Narnia"');
    const list = await rt.api('GET', '/vendors?limit=100', { role: 'procurement' });
    expect(list.json.items.map((v: { name: string }) => v.name)).not.toContain('Console Narnia Hosting');
  });

  it('an older vendor without the answers reads "not recorded"', async () => {
    const old = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Console Old Record' }),
    });
    const page = (await (await signIn('procurement')).get(`/console/vendors/${old.json.id}`)).html;
    expect(page).toContain('Not recorded');
    expect(page).not.toContain('Review needed before approval');
  });
});

describe('BAA exemption on the console', () => {
  it('compliance records an exemption from the intake section and later revokes it; the request goes out again', async () => {
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Console Referral Clinic', contactEmail: 'clinic@referral.example' }),
    });
    const vendorId = vendor.json.id as string;
    const compliance = await signIn('compliance');
    const recorded = await compliance.post(`/console/vendors/${vendorId}/baa-exemption`, [
      ['basis', 'treatment_provider'],
      ['reason', 'Receives referrals for treatment only'],
      ['citation', '45 CFR 160.103, business associate (4)(i)'],
    ]);
    expect(recorded.status).toBe(303);
    const page = (await compliance.get(`/console/vendors/${vendorId}`)).html;
    expect(page).toContain('Revoke the BAA exemption');
    // Procurement sees the exemption but not the form (a risk decision).
    expect((await (await signIn('procurement')).get(`/console/vendors/${vendorId}`)).html).not.toContain(
      'Revoke the BAA exemption',
    );
    const empty = await compliance.post(`/console/vendors/${vendorId}/baa-exemption/revocation`, [
      ['reason', ''],
    ]);
    expect(empty.status).toBe(400);
    const revoked = await compliance.post(`/console/vendors/${vendorId}/baa-exemption/revocation`, [
      ['reason', 'The clinic now hosts our scheduling data'],
    ]);
    expect(revoked.status).toBe(303);
    const after = (await compliance.get(revoked.headers.get('location')!)).html;
    expect(after).toContain('BAA exemption revoked: a BAA is required again');
    expect(after).not.toContain('Revoke the BAA exemption');
    const stored = await rt.api('GET', `/vendors/${vendorId}`, { role: 'compliance' });
    expect(stored.json).toMatchObject({ baaRequired: true, baaStatus: 'sent' });
  });
});
