/**
 * The vendor's assurance pages in Chromium: on its Security documents page the vendor adds a SOC 2
 * report (fields and file) and sees it listed with its hash; on the verification form it attests
 * every safeguard, uploads the analysis and signs. Both pages are checked with axe-core (no
 * violations) and raise no script or CSP errors.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, watchErrors } from '../support/browser.ts';
import { phiVendor, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let rt: TestRuntime;
let browser: Browser;
beforeAll(async () => {
  rt = await startTestRuntime();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rt?.close();
});

function pdf(name: string) {
  const path = join(tmpdir(), `${name}-${Date.now()}.pdf`);
  writeFileSync(path, `%PDF-1.4\n% ${name}\n%%EOF\n`);
  return path;
}

describe('the vendor assurance pages', () => {
  it('adds a SOC 2 report on the security documents page, then signs the annual verification', async () => {
    const contact = 'pages@vendor.example';
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Browser Docs Co', contactEmail: contact }),
    });
    const request = await rt.waitForEmail(
      (e) =>
        e.destination.to.includes(contact) && e.subject.startsWith('Business Associate Agreement required'),
    );
    const token = request.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!;

    const page = await browser.newPage();
    // Control: the check does find problems (an unlabelled field in a page without a language).
    await page.setContent('<html><body><input></body></html>');
    expect((await axeViolations(page)).map((v) => v.id)).toEqual(
      expect.arrayContaining(['label', 'html-has-lang']),
    );
    const errors = watchErrors(page);
    await page.goto(`${rt.appUrl}/portal/${token}/security`);
    expect(await page.getByRole('heading', { name: 'Security documents' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('What are you sending?').selectOption({ label: 'SOC 2 report' });
    await page
      .getByLabel('Report type')
      .selectOption({ label: 'Type II (operating effectiveness over a period)' });
    await page.getByLabel('Period start').fill('2025-01-01');
    await page.getByLabel('Period end').fill('2025-12-31');
    await page.getByLabel('Audit firm').fill('Example Audit LLP');
    await page.getByLabel('Auditor’s opinion').selectOption({ label: 'Qualified' });
    await page.getByLabel('Exceptions noted (optional)').fill('CC6.1: Two terminated users kept access.');
    await page.getByLabel('Subservice organisations carved out (optional)').fill('Amazon Web Services');
    await page.getByLabel(/^File \(PDF, Word/).setInputFiles(pdf('soc2'));
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send' }).click()]);
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('SOC 2 report');
    expect(main).toContain(
      'Type II, 2025-01-01 to 2025-12-31, Example Audit LLP, qualified opinion, 1 exception',
    );
    expect(main).toContain('Waiting for our review');
    expect(main).toMatch(/SHA-256 [0-9a-f]{12}…/);
    const docs = await rt.api('GET', `/vendors/${vendor.json.id}/assurance`, { role: 'compliance' });
    expect(docs.json.documents[0].fields.subserviceOrganisations).toEqual([
      { name: 'Amazon Web Services', method: 'carve_out' },
    ]);

    // The annual verification, from the request email's link.
    await rt.api('POST', `/vendors/${vendor.json.id}/verifications`, { role: 'compliance' });
    const ask = await rt.waitForEmail(
      (e) => e.destination.to.includes(contact) && e.subject.includes('Annual verification'),
    );
    const link = ask.body.text!.match(/(http:\/\/\S+\/portal\/[A-Za-z0-9_-]{43}\/verification)/)![1]!;
    await page.goto(link);
    expect(await axeViolations(page)).toEqual([]);
    for (const name of [
      /^Access control/,
      /^Audit controls/,
      /^Integrity/,
      /^Person or entity authentication/,
      /^Transmission security/,
      /^Encryption of ePHI/,
      /^Multi-factor authentication/,
    ]) {
      await page.getByRole('group', { name }).getByLabel('Implemented', { exact: true }).check();
    }
    await page.getByLabel(/The analysis by a qualified person/).setInputFiles(pdf('analysis'));
    await page.getByLabel('Qualified person’s name').fill('Sam Assessor');
    await page.getByLabel('Their qualification').fill('CISSP, external assessor');
    await page.getByLabel('Authorised representative’s name').fill('Jo Vendor');
    await page.getByLabel('Their title').fill('Chief Executive Officer');
    await page.getByLabel(/^Signature/).fill('Jo Vendor');
    await Promise.all([
      page.waitForURL(/\?sent=1/),
      page.getByRole('button', { name: 'Sign and send' }).click(),
    ]);
    expect(await page.getByRole('status').first().textContent()).toContain(
      'your signed verification is recorded',
    );
    expect(await page.textContent('main')).toContain('is with our compliance team');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);

    const list = await rt.api('GET', `/vendors/${vendor.json.id}/verifications`, { role: 'compliance' });
    expect(list.json.verifications[0]).toMatchObject({ status: 'submitted' });
    expect(list.json.verifications[0].submissions[0].signature).toBe('Jo Vendor');

    // Compliance, in the console: the vendor's assurance page and the trust matrix, axe clean.
    const staff = await browser.newContext();
    await staff.addCookies([{ name: 'session', value: await rt.token('compliance'), url: rt.appUrl }]);
    const console = await staff.newPage();
    const consoleErrors = watchErrors(console);
    await console.goto(`${rt.appUrl}/console/vendors/${vendor.json.id}/assurance`);
    expect(await console.getByRole('heading', { name: 'Assurance: Browser Docs Co' }).count()).toBe(1);
    expect(await axeViolations(console)).toEqual([]);
    await console.getByLabel('Accept (current for 12 months)').check();
    await Promise.all([
      console.waitForURL(/done=accepted/),
      console.getByRole('button', { name: 'Record decision' }).click(),
    ]);
    expect(await console.getByRole('status').first().textContent()).toContain('Verification accepted');
    // On a phone the page does not scroll sideways: the document's fields and the attestations
    // table scroll inside their own box, a long API path in a hint wraps (found walking the demo:
    // the page was 408 px wide at 390).
    await console.setViewportSize({ width: 390, height: 844 });
    await console.reload();
    expect(await console.getByRole('table', { name: 'Attestations' }).count()).toBe(1);
    const width = await console.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(390);
    await console.setViewportSize({ width: 1280, height: 800 });
    await console.goto(`${rt.appUrl}/console/trust`);
    expect(await console.getByRole('heading', { name: 'Trust matrix' }).count()).toBe(1);
    expect(await console.textContent('main')).toContain('Browser Docs Co');
    expect(await axeViolations(console)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await staff.close();
  });
});
