/**
 * axe-core (WCAG 2.1 A/AA rules) on the portal and console pages in Chromium: no violations.
 * Pages are visited as people reach them: the vendor through its links, staff signed in.
 */
import { describe, expect, it } from 'vitest';
import { compliantAnswers } from '../support/answers.ts';
import { useChromium, wcagViolations } from '../support/browser.ts';
import { smallBreachReport } from '../support/incidents.ts';
import { phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const browser = useChromium();

describe('accessibility', () => {
  it('every portal and console page has no axe violations', async () => {
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Axe Health', contactEmail: 'axe@axe-health.example' }),
    });
    const vendorId = vendor.json.id as string;
    const baaMail = await rt.waitForEmail(
      (e) => e.destination.to.includes('axe@axe-health.example') && e.subject.includes('Business Associate'),
    );
    const baaLink = baaMail.body.text!.match(/(http:\/\/\S+\/portal\/[A-Za-z0-9_-]{43}\/baa)/)![1]!;
    await rt.api('POST', `/vendors/${vendorId}/assessments`, { role: 'procurement' });
    const invitation = await rt.waitForEmail(
      (e) =>
        e.destination.to.includes('axe@axe-health.example') && e.subject.startsWith('Security questionnaire'),
    );
    const token = portalToken(invitation);

    // axe is injected as an inline script: the test page bypasses the product's CSP for it.
    const page = await browser.newPage({ bypassCSP: true });
    const found: Record<string, string[]> = {};
    const check = async (label: string, url: string) => {
      const response = await page.goto(url);
      // A page that did not render (an error, a JSON 401) is not a page that passed.
      expect(response?.status(), label).toBe(200);
      expect(response?.headers()['content-type'], label).toContain('text/html');
      found[label] = await wcagViolations(page);
    };
    await check('portal questionnaire', `${rt.appUrl}/portal/${token}`);
    await check('portal BAA', baaLink);
    // "Your other pages" at 390 px (a phone): the vendor's own pages, no sideways scrolling, axe clean.
    const narrow = await browser.newPage({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    await narrow.goto(`${rt.appUrl}/portal/${token}`);
    const nav = narrow.getByRole('navigation', { name: 'Your other pages' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Business Associate Agreement',
      'Security documents',
      'Report an incident',
    ]);
    expect(await nav.isVisible()).toBe(true);
    expect(await narrow.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    found['portal questionnaire at 390 px'] = await wcagViolations(narrow);
    await Promise.all([
      narrow.waitForURL(`${rt.appUrl}/portal/${token}/baa`),
      nav.getByRole('link', { name: 'Business Associate Agreement' }).click(),
    ]);
    expect(await narrow.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Business Associate Agreement',
    );
    await narrow.close();
    const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
    const answers = compliantAnswers(view, { 'access-unique-ids': 'no' });
    expect((await rt.api('POST', `/portal/${token}/submit`, { body: { answers } })).status).toBe(202);
    await rt.runner.idle();
    await check('portal after submission', `${rt.appUrl}/portal/${token}`);
    await check('portal submitted', `${rt.appUrl}/portal/${token}/done`);

    // An incident, reported through the standing incident link at the foot of the BAA request.
    const incidentLink = baaMail.body.text!.match(
      /(http:\/\/\S+\/portal\/[A-Za-z0-9_-]{43}\/incidents)/,
    )![1]!;
    const incidentToken = incidentLink.match(/\/portal\/([A-Za-z0-9_-]{43})\//)![1]!;
    const reported = await rt.api('POST', `/portal/${incidentToken}/incidents`, {
      body: smallBreachReport(rt.deps.clock.now()),
    });
    expect(reported.status).toBe(201);
    const incidentId = reported.json.id as string;
    await check('portal incidents', incidentLink);
    await check('console sign-in', `${rt.appUrl}/console/login`);

    await page.getByLabel('Work email').fill('pat.lee@example.org');
    await page.getByLabel('Role').selectOption('compliance');
    await Promise.all([page.waitForURL(/\/console$/), page.getByRole('button', { name: 'Sign in' }).click()]);
    for (const path of [
      '/console',
      '/console/vendors',
      `/console/vendors/${vendorId}`,
      '/console/findings',
      '/console/baas',
      '/console/incidents',
      `/console/incidents/${incidentId}`,
      // The audit packet (staff HTML, printable) as the vendor page opens it.
      `/vendors/${vendorId}/audit-packet`,
    ]) {
      await check(`console ${path}`, `${rt.appUrl}${path}`);
    }
    expect(await page.getByRole('heading', { level: 1 }).first().textContent()).toBe(
      'Audit packet: Axe Health',
    );
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
    expect(Object.keys(found)).toHaveLength(15);

    // The check can fail: a page with an unlabelled input and an image without text is caught.
    await page.setContent(
      '<html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main></html>',
    );
    const bad = await wcagViolations(page);
    expect(bad.some((v) => v.startsWith('image-alt'))).toBe(true);
    expect(bad.some((v) => v.startsWith('label'))).toBe(true);
  }, 90_000);
});
