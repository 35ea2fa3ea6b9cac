/**
 * An incident in a real browser (Debian's Chromium through playwright-core): the vendor opens the
 * incident link from the footer of its BAA email and reports a suspected breach with the portal's
 * plain form; compliance finds it in the console's incident register, records the four-factor
 * assessment ("low probability"), and a second compliance user countersigns, which closes the
 * notice clocks. The browser is required: when it is missing the test fails.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchErrors } from '../support/browser.ts';
import { phiVendor, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

const VENDOR = 'Bayside Transcription';
const CONTACT = 'security@bayside.example';

let rt: TestRuntime;
let browser: Browser;

beforeAll(async () => {
  rt = await startTestRuntime({ ORG_NAME: 'Example Health' });
});
afterAll(async () => {
  await browser?.close();
  await rt?.close();
});

async function signIn(page: Page, email: string) {
  await page.goto(`${rt.appUrl}/console`);
  await page.waitForURL(/\/console\/login/);
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Role').selectOption('compliance');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${rt.appUrl}/console`);
}

describe('an incident in the browser', () => {
  it('the vendor reports in the portal; compliance records the assessment and a second user countersigns', async () => {
    browser = await launchChromium();
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: VENDOR, contactEmail: CONTACT }),
    });
    expect(vendor.status).toBe(201);
    const email = await rt.waitForEmail(
      (e) =>
        e.destination.to.includes(CONTACT) && e.subject.startsWith('Business Associate Agreement required'),
    );
    const link = email.body.text!.match(/https?:\/\/\S+\/portal\/[A-Za-z0-9_-]{43}\/incidents/)![0];

    // The vendor reports with the plain form.
    const vendorContext = await browser.newContext();
    const portal = await vendorContext.newPage();
    portal.setDefaultTimeout(10_000);
    const portalErrors = watchErrors(portal);
    await portal.goto(link);
    await portal.getByRole('heading', { level: 1, name: 'Report an incident' }).waitFor();
    await portal.getByLabel('What happened?').selectOption('suspected_breach');
    const discovered = new Date(rt.deps.clock.now().getTime() - 3 * 86_400_000).toISOString().slice(0, 16);
    await portal.getByLabel(/When did you discover it/).fill(discovered);
    await portal
      .getByLabel('What happened, in a few sentences')
      .fill('A transcriptionist emailed a batch of notes to the wrong clinic.');
    await portal
      .getByRole('group', { name: /Was protected health information/ })
      .getByLabel('Yes')
      .check();
    await portal
      .getByRole('group', { name: /unencrypted/ })
      .getByLabel('Yes')
      .check();
    await portal.getByLabel(/How many individuals/).fill('12');
    await portal.getByLabel(/Where do they live/).fill('WA 12');
    await portal.getByLabel('Diagnoses, treatment, lab results').check();
    await portal.getByLabel('Your name').fill('Robin Ops');
    await portal.getByRole('button', { name: 'Report the incident' }).click();
    await portal.getByText('we received your report').waitFor();
    await portal.getByRole('heading', { name: /Suspected breach of PHI — reported/ }).waitFor();
    expect(portalErrors).toEqual([]);
    await rt.waitForEmail((e) => e.subject.startsWith(`Vendor incident reported: ${VENDOR}`));

    // Compliance finds it in the register and records the assessment.
    const first = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    first.setDefaultTimeout(10_000);
    const errors = watchErrors(first);
    await signIn(first, 'casey.compliance@example.org');
    await first.getByRole('link', { name: 'Incidents' }).click();
    await first.getByRole('heading', { level: 1, name: 'Incidents' }).waitFor();
    const row = first.getByRole('row', { name: new RegExp(VENDOR) });
    await expect(row.getByText(/days left/).textContent()).resolves.toMatch(/\d+ days left/);
    await row.getByRole('link', { name: 'Suspected breach of PHI' }).click();
    await first.getByRole('heading', { level: 1, name: new RegExp(VENDOR) }).waitFor();
    const incidentUrl = first.url();
    await first.getByLabel(/nature and extent/).fill('Clinical notes of 12 patients: names and diagnoses.');
    await first
      .getByLabel(/unauthorized person who used/)
      .fill('Another covered entity, bound by HIPAA itself.');
    await first
      .getByLabel(/actually acquired or viewed/)
      .fill('The clinic confirmed it did not open the attachment.');
    await first
      .getByLabel(/risk to the PHI has been mitigated/)
      .fill('Written attestation of deletion received.');
    await first.getByLabel('Determination').selectOption('low_probability');
    await first.getByLabel('Rationale').fill('Sent to a HIPAA-covered recipient who deleted it unopened.');
    await first.getByRole('button', { name: 'Record the assessment' }).click();
    await first.getByText('Risk assessment recorded.').waitFor();
    await first.getByText('Not a breach: awaiting countersignature').waitFor();

    // The same user cannot countersign.
    await first.getByRole('button', { name: /Countersign/ }).click();
    await first
      .getByText(/second compliance user must countersign/i)
      .first()
      .waitFor();

    // A second compliance user countersigns: the clocks close.
    const second = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    second.setDefaultTimeout(10_000);
    await signIn(second, 'sam.compliance@example.org');
    await second.goto(incidentUrl);
    await second.getByRole('button', { name: /Countersign/ }).click();
    await second.getByText('Countersigned: the notice clocks are closed').waitFor();
    const deadlines = second.locator('#deadlines');
    await expect(deadlines.getByText('Closed', { exact: true }).count()).resolves.toBe(2);
    await second
      .locator('#timeline')
      .getByText(/Countersigned: Low probability/)
      .waitFor();
    expect(errors).toEqual([]);
  }, 120_000);
});
