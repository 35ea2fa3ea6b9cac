/**
 * The vendor's BAA journey in Chromium: open the link from the BAA request email, download our
 * agreement, upload a signed copy, see it listed with its hash; compliance sees it under review.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { phiVendor, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/** The few browser globals these checks read (the test is compiled without the DOM library). */
interface BrowserGlobals {
  document: { documentElement: { scrollWidth: number } };
  innerWidth: number;
  getComputedStyle(el: unknown): { borderTopWidth: string };
}

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

describe('the vendor BAA page', () => {
  it('downloads the agreement and uploads a signed copy', async () => {
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Browser BAA Co', contactEmail: 'bb@vendor.example' }),
    });
    const request = await rt.waitForEmail(
      (e) =>
        e.destination.to.includes('bb@vendor.example') &&
        e.subject.startsWith('Business Associate Agreement required'),
    );
    const link = request.body.text!.match(/(http:\/\/\S+\/portal\/[A-Za-z0-9_-]{43}\/baa)/)![1]!;

    // A phone-sized window: the page must fit 390 px without sideways scrolling.
    const page = await browser.newPage({ acceptDownloads: true, viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(link);
    expect(await page.getByRole('heading', { name: 'Business Associate Agreement' }).count()).toBe(1);
    expect(await page.textContent('main')).toContain('Please review our agreement');
    expect(await page.locator('.status-pill').textContent()).toBe('Waiting for your copy');
    const fits = async () =>
      page.evaluate(() => {
        const w = globalThis as unknown as BrowserGlobals;
        return w.document.documentElement.scrollWidth <= w.innerWidth;
      });
    expect(await fits()).toBe(true);
    // The select is styled like the other inputs (a 2 px border), not the browser default.
    expect(
      await page
        .getByLabel('What are you sending?')
        .evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).borderTopWidth),
    ).toBe('2px');

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as PDF' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe('Business-Associate-Agreement-Browser-BAA-Co.pdf');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download as Word document' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const signed = join(tmpdir(), `signed-${Date.now()}.docx`);
    await download.saveAs(signed);
    expect(readFileSync(signed).subarray(0, 2).toString()).toBe('PK');

    await page.getByLabel('What are you sending?').selectOption('signed');
    await page.getByLabel(/File \(PDF, Word or text/).setInputFiles(signed);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Upload' }).click()]);
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('Under review');
    expect(main).toContain('What you have sent');
    expect(main).toMatch(/Version 1: signed copy\s*signed-\d+\.docx/);
    expect(await fits()).toBe(true);
    expect(errors).toEqual([]);

    // The vendor's security documents page is reachable from here (found walking the demo: no
    // portal page or email linked it, the vendor had to guess the address).
    const documentsLink = page.getByRole('link', { name: 'Security documents', exact: true });
    expect(await documentsLink.count()).toBe(1);
    await Promise.all([page.waitForEvent('load'), documentsLink.click()]);
    expect(await page.getByRole('heading', { level: 1, name: 'Security documents' }).count()).toBe(1);

    const baa = await rt.api('GET', `/vendors/${vendor.json.id}/baas/main`, { role: 'compliance' });
    expect(baa.json.status).toBe('under_review');
    expect(baa.json.documents[0]).toMatchObject({ kind: 'signed', version: 1 });
    expect(baa.json.documents[0].suggestions.notFound).toEqual([]);
  });

  it('an unknown link shows whom to contact', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${rt.appUrl}/portal/${'A'.repeat(43)}/baa`);
    expect(res?.status()).toBe(404);
    expect(await page.textContent('main')).toContain('compliance@example.org');
  });
});
