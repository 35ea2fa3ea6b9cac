/**
 * The console registration form's data location and insurance fields in Chromium: procurement types
 * countries by name, a country nobody knows comes back next to its field, the vendor page shows the
 * countries in words and compliance records the offshore data review. axe-core (WCAG 2.1 A/AA) runs
 * on the form (clean and with errors) and on the vendor page with the review form open.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useChromium, watchErrors, wcagViolations } from '../support/browser.ts';
import { useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const browser = useChromium();

async function signIn(page: Page, email: string, role: 'compliance' | 'procurement') {
  await page.goto(`${rt.appUrl}/console`);
  await page.waitForURL(/\/console\/login/);
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${rt.appUrl}/console`);
}

describe('registration with data location in the browser', () => {
  it('registers an offshore PHI vendor, shows it in words, and compliance reviews it; axe clean', async () => {
    const context = await browser.newContext({ bypassCSP: true }); // axe is injected inline
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, 'pat.procurement@example.org', 'procurement');
    await page.goto(`${rt.appUrl}/console/vendors`);
    expect(await wcagViolations(page)).toEqual([]);

    await page.getByLabel('Vendor name').fill('Browser Scribe Offshore');
    await page.getByLabel('Vendor contact name').fill('Jo Vendor');
    await page.getByLabel('Vendor contact email').fill('jo@browser-scribe.example');
    await page.getByLabel('Business owner email').fill('owner@example.org');
    await page.getByLabel('Services').fill('Medical transcription');
    await page.getByRole('group', { name: 'Handles PHI?' }).getByLabel('Yes').check();
    await page.getByRole('group', { name: 'Supplies a medical device?' }).getByLabel('No').check();
    await page.getByLabel('Access to our systems').selectOption('user');
    await page.getByLabel('Individuals’ records handled').selectOption('10k_to_100k');
    await page
      .getByLabel('Countries where the vendor stores or processes our data')
      .fill('United States, Narnia');
    await page
      .getByRole('group', { name: 'Can support staff outside the United States access our data?' })
      .getByLabel('Unknown')
      .check();
    await page.getByRole('group', { name: 'Carries cyber liability insurance?' }).getByLabel('Yes').check();
    await page.getByLabel('Insurance limit in US dollars (optional)').fill('2,000,000');
    await page.getByRole('button', { name: 'Register vendor' }).click();
    await page.getByText('“Narnia” is not a country we know').first().waitFor();
    expect(await wcagViolations(page)).toEqual([]);

    await page
      .getByLabel('Countries where the vendor stores or processes our data')
      .fill('United States, India');
    await page.getByRole('button', { name: 'Register vendor' }).click();
    await page.waitForURL(/\/console\/vendors\/v_\w+\?done=registered/);
    const vendorUrl = page.url().replace(/\?.*$/, '');
    const card = page.locator('section', {
      has: page.getByRole('heading', { name: 'Data location and insurance' }),
    });
    await expect.poll(() => card.textContent()).toContain('United States, India');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Unknown');
    expect(text).toContain('Yes: limit $2,000,000');
    expect(text).toContain('Review needed before approval');
    expect(await page.locator('table.gates').textContent()).toContain(
      'Offshore data reviewed by compliance (policy)',
    );

    const compliance = await (await browser.newContext({ bypassCSP: true })).newPage();
    await signIn(compliance, 'casey.compliance@example.org', 'compliance');
    await compliance.goto(vendorUrl);
    await compliance.getByText('Record the offshore data review').click();
    await compliance.getByText('Correct the data location and insurance').click();
    expect(await wcagViolations(compliance)).toEqual([]);
    await compliance.getByLabel('Accepted', { exact: true }).check();
    await compliance.locator('#off-reason').fill('Transcription in India under the BAA.');
    await compliance.getByRole('button', { name: 'Record review' }).click();
    await compliance.waitForURL(/done=offshore_reviewed/);
    await compliance.getByText('Offshore data review recorded.').waitFor();
    expect(await wcagViolations(compliance)).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);
});
