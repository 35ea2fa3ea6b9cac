/**
 * The reviewer's desk in a real browser (Debian's Chromium through playwright-core): compliance
 * opens the vendor page, goes to the answers, filters to the gaps, opens an evidence file and asks
 * a clarification; the vendor answers in the portal; the reviewer sees the reply. axe-core checks
 * the new pages (WCAG 2.x A/AA rules): no violations.
 *
 * The browser is required: when it is missing the test fails (`apt-get install -y chromium`).
 */

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium, watchErrors } from '../support/browser.ts';
import { submittedVendor } from '../support/review-desk.ts';
import { portalToken, useTestRuntime } from '../support/runtime.ts';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const VENDOR = 'Harbor Lab Systems';
const CONTACT = 'security@harbor.example';

const rt = useTestRuntime({ ORG_NAME: 'Example Health' });
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS;
async function screenshot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

/** axe-core's violations on the current page (the context bypasses CSP only to inject axe). */
async function axeViolations(page: Page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    return axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  // axe really ran: the page passed rules (a page axe could not read would pass none).
  expect((result as unknown as { passes: unknown[] }).passes.length).toBeGreaterThan(10);
  return (result.violations as { id: string; help: string; nodes: { target: string[] }[] }[]).map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

describe('the reviewer works a submission in the console', () => {
  it('filters to gaps, opens evidence, asks; the vendor answers in the portal; the reviewer sees it', async () => {
    browser = await launchChromium();
    const v = await submittedVendor(rt, VENDOR, CONTACT, { 'enc-at-rest': 'no' });

    const staff = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      bypassCSP: true,
      acceptDownloads: true,
    });
    const page = await staff.newPage();
    const errors = watchErrors(page);
    await page.goto(`${rt.appUrl}/console`);
    await page.waitForURL(/\/console\/login/);
    await page.getByLabel('Work email').fill('casey.compliance@example.org');
    await page.getByLabel('Role').selectOption('compliance');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${rt.appUrl}/console`);

    await page.goto(`${rt.appUrl}/console/vendors/${v.vendorId}`);
    // The finding card shows the answer behind it and links to the question.
    const finding = page.getByRole('article', { name: /Encryption at rest|at rest/i }).first();
    expect(await finding.textContent()).toMatch(/Answer\s*No/);
    expect(
      await finding.getByRole('link', { name: 'See the question and its evidence' }).getAttribute('href'),
    ).toBe(`/console/vendors/${v.vendorId}/assessments/${v.assessmentId}#q-enc-at-rest`);
    await page.getByRole('link', { name: /Review answers and evidence/ }).click();
    await page.waitForURL(new RegExp(`/console/vendors/${v.vendorId}/assessments/${v.assessmentId}`));
    await page.getByRole('heading', { level: 1, name: `Answers of ${VENDOR}` }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Gaps only: the "no" answer is there, a compliant one is not.
    await page.getByRole('link', { name: 'Gaps only' }).click();
    await page.waitForURL(/show=gaps/);
    const gapItem = page.locator('#q-enc-at-rest');
    expect(await gapItem.textContent()).toContain('Gap');
    await screenshot(page, 'desk-gaps');
    expect(await page.locator('#q-enc-in-transit').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // With evidence: the SOC 2 report opens, with the submitted bytes.
    await page.getByRole('link', { name: 'With evidence' }).click();
    await page.waitForURL(/show=evidence/);
    const fileLink = page.getByRole('link', { name: 'soc2-report.txt' });
    const [download] = await Promise.all([page.waitForEvent('download'), fileLink.click()]);
    expect(Buffer.from(readFileSync((await download.path())!)).equals(Buffer.from(v.fileBytes))).toBe(true);

    // Back to the gaps; ask about the unencrypted data.
    await page.goto(`${rt.appUrl}/console/vendors/${v.vendorId}/assessments/${v.assessmentId}?show=gaps`);
    await gapItem.getByLabel(/Ask the vendor about this answer/).fill('Which systems hold PHI unencrypted?');
    await page.getByRole('button', { name: 'Send clarification requests' }).click();
    await page.waitForURL(/done=clarified/);
    expect(await page.getByRole('status').first().textContent()).toContain('Clarification requests sent');
    expect(await page.locator('#q-enc-at-rest').textContent()).toContain('Awaiting the vendor');
    expect(errors).toEqual([]);

    // The vendor answers in the portal, from the email's link.
    const mail = await rt.waitForEmail(
      (e) => e.destination.to.includes(CONTACT) && e.subject.includes('question about'),
    );
    const token = portalToken(mail);
    const vendorContext = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    });
    const portal = await vendorContext.newPage();
    const portalErrors = watchErrors(portal);
    await portal.goto(`${rt.appUrl}/portal/${token}/clarifications`);
    await portal.getByRole('heading', { level: 1, name: 'A question about your answers' }).waitFor();
    expect(await axeViolations(portal)).toEqual([]);
    await screenshot(portal, 'portal-clarifications');
    await portal
      .getByLabel('Your reply')
      .fill('The archive database was encrypted last week; all PHI is now encrypted.');
    await portal.getByLabel(/Change your answer/).selectOption('yes');
    await portal.getByRole('button', { name: /Send reply/ }).click();
    await portal.waitForURL(/answered=1/);
    expect(await portal.getByRole('status').first().textContent()).toContain('your reply was sent');
    expect(await axeViolations(portal)).toEqual([]);
    expect(portalErrors).toEqual([]);

    // The reviewer sees the reply and the changed answer.
    await page.goto(`${rt.appUrl}/console/vendors/${v.vendorId}/assessments/${v.assessmentId}`);
    const item = page.locator('#q-enc-at-rest');
    expect(await item.textContent()).toContain('The archive database was encrypted last week');
    expect(await item.textContent()).toContain('Clarified by the vendor');
    await screenshot(page, 'desk-all');
    if (SCREENSHOTS) await item.screenshot({ path: join(SCREENSHOTS, 'desk-thread.png') });
    expect(await axeViolations(page)).toEqual([]);

    await staff.close();
    await vendorContext.close();
  }, 120_000);
});
