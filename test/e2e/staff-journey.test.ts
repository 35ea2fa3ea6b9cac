/**
 * Staff in a real browser (Debian's Chromium through playwright-core): compliance signs in, finds
 * the vendor on the board, reads its findings and BAA review and grants an extension; procurement
 * signs in in another browser context, approves, and downloads the audit packet.
 *
 * The vendor is set up through the JSON API so that it can pass the approval gates: it handles PHI
 * and has a signed BAA (text copy uploaded through a presigned PUT, every clause present, a 10-day
 * breach-notice window), and its reviewed assessment has one medium finding only.
 *
 * The browser is required: when it is missing the test fails (CI installs it in .ci/run; locally
 * `apt-get install -y chromium`). Set CONSOLE_SCREENSHOTS=<dir> to keep screenshots of the pages.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baaTemplateText } from '#shared/content/baa-template.v1.ts';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { compliantAnswers } from '../support/answers.ts';
import { verifiedVendor } from '../support/assurance.ts';
import { clauseReview, signBaa, term, uploadBaa } from '../support/baa.ts';
import { launchChromium, watchErrors } from '../support/browser.ts';
import { phiVendor, portalToken, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS;
const VENDOR = 'Northwind Imaging Cloud';
const CONTACT = 'security@northwind.example';

let rt: TestRuntime;
let browser: Browser;

beforeAll(async () => {
  rt = await startTestRuntime({ ORG_NAME: 'Example Health' });
});
afterAll(async () => {
  await browser?.close();
  await rt?.close();
});

async function screenshot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A PHI vendor with a signed BAA and a reviewed assessment whose only gap is a medium finding. */
async function prepareVendor() {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name: VENDOR, contactEmail: CONTACT }),
  });
  expect(vendor.status).toBe(201);
  const vendorId = vendor.json.id as string;

  // The BAA: a text copy through the presigned PUT, registered as signed, reviewed, signed.
  const { upload, registered } = await uploadBaa(
    rt,
    { vendorId },
    {
      name: 'northwind-baa-signed.txt',
      contentType: 'text/plain',
      bytes: baaTemplateText('Example Health', VENDOR),
      kind: 'signed',
    },
  );
  expect(upload.status).toBe(200);
  expect(registered.status).toBe(200);
  const review = await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
    role: 'compliance',
    body: clauseReview({}, 10),
  });
  expect(review.json.evaluation.canSign).toBe(true);
  const now = rt.deps.clock.now().getTime();
  const signed = await signBaa(rt, vendorId, term(now));
  expect(signed.status).toBe(200);
  // The annual verification of technical safeguards (proposed rule; a gate for PHI vendors).
  await verifiedVendor(rt, vendorId, CONTACT);

  // The assessment: everything in place except a named security official (a medium finding).
  const started = await rt.api('POST', `/vendors/${vendorId}/assessments`, { role: 'procurement' });
  expect(started.status).toBe(202);
  const invitation = await rt.waitForEmail(
    (e) => e.destination.to.includes(CONTACT) && e.subject.startsWith('Security questionnaire'),
  );
  await rt.runner.idle();
  const token = portalToken(invitation);
  const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
  const submitted = await rt.api('POST', `/portal/${token}/submit`, {
    body: {
      answers: compliantAnswers(view, {
        'gov-security-official': 'no',
        // The helper picks one MFA area (a partial gap, high); this vendor enforces MFA everywhere.
        'access-mfa': ['remote_access', 'privileged', 'email', 'ephi_apps'],
      }),
    },
  });
  expect(submitted.status).toBe(202);
  await rt.runner.idle();
  const assessment = await rt.api('GET', `/assessments/${started.json.id}`, { role: 'compliance' });
  expect(assessment.json.status).toBe('reviewed');
  const findings = assessment.json.findings as {
    id: string;
    severity: string;
    title: string;
    dueAt: string;
  }[];
  expect(findings.map((f) => f.severity).every((s) => s === 'medium' || s === 'low')).toBe(true);
  const finding = findings.find((f) => f.id === 'f_q_gov-security-official')!;
  expect(finding).toBeDefined();
  return { vendorId, finding };
}

async function signIn(page: Page, email: string, role: 'compliance' | 'procurement') {
  await page.goto(`${rt.appUrl}/console`);
  await page.waitForURL(/\/console\/login/);
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${rt.appUrl}/console`);
  await page.getByRole('heading', { level: 1, name: 'Vendor pipeline' }).waitFor();
}

describe('staff work a vendor in the console', () => {
  it('compliance extends a finding; procurement approves and downloads the audit packet', async () => {
    browser = await launchChromium();
    const { vendorId, finding } = await prepareVendor();

    // Compliance signs in and finds the vendor on the board.
    const complianceContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await complianceContext.newPage();
    const errors = watchErrors(page);
    await signIn(page, 'casey.compliance@example.org', 'compliance');
    const column = page.getByRole('region', { name: /In remediation/ });
    const card = column.getByRole('link', { name: VENDOR });
    await card.waitFor();
    await screenshot(page, 'console-board');
    await card.click();
    await page.waitForURL(`${rt.appUrl}/console/vendors/${vendorId}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(VENDOR);

    // Its findings and its BAA review.
    const article = page.getByRole('article', { name: new RegExp(finding.title) });
    expect(await article.textContent()).toContain(finding.dueAt.slice(0, 10));
    expect(await article.textContent()).toContain('Medium');
    const baa = page.getByRole('article', { name: new RegExp(`Agreement with ${VENDOR}`) });
    expect(await baa.textContent()).toContain('BAA: Signed');
    expect(await baa.textContent()).toContain('Can be signed');
    expect(await baa.getByRole('link', { name: 'northwind-baa-signed.txt' }).getAttribute('href')).toBe(
      `/vendors/${vendorId}/baas/main/documents/1`,
    );
    await screenshot(page, 'console-vendor');

    // Grant an extension and see the new due date.
    const newDue = new Date(Date.parse(finding.dueAt) + 21 * DAY).toISOString().slice(0, 10);
    await article.getByText('Grant an extension').click();
    await article.getByLabel('New due date').fill(newDue);
    await article
      .getByLabel('Reason for the extension')
      .fill('Hiring a security officer; offer signed, starts next month.');
    await article.getByRole('button', { name: 'Grant extension' }).click();
    await page.waitForURL(/\?done=extended/);
    expect(await page.getByRole('status').first().textContent()).toContain('Extension granted');
    const extended = page.getByRole('article', { name: new RegExp(finding.title) });
    expect(await extended.locator('.due').textContent()).toContain(newDue);
    expect(await page.locator('.timeline__item').first().textContent()).toContain(
      'Finding: deadline extended',
    );
    expect(errors).toEqual([]);

    // Procurement, in its own browser context, approves.
    const procurementContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const other = await procurementContext.newPage();
    const otherErrors = watchErrors(other);
    await signIn(other, 'pat.procurement@example.org', 'procurement');
    await other.goto(`${rt.appUrl}/console/vendors/${vendorId}`);
    const approval = other.getByRole('region', { name: 'Approval' });
    expect(await approval.getByRole('table', { name: 'Gates right now' }).textContent()).not.toContain(
      'Blocked',
    );
    expect(await other.getByText('Grant an extension').count()).toBe(0);
    await approval.getByRole('radio', { name: 'Approve', exact: true }).check();
    await approval.getByRole('button', { name: 'Record decision' }).click();
    await other.waitForURL(/\?done=decided/);
    expect(await other.getByRole('status').first().textContent()).toContain('Decision recorded');
    expect(await other.locator('.vendor-head__tags').textContent()).toContain('Approved');
    expect(await approval.getByRole('table').last().textContent()).toContain('Pat Procurement (procurement)');
    const vendor = await rt.api('GET', `/vendors/${vendorId}`, { role: 'procurement' });
    expect(vendor.json).toMatchObject({ stage: 'decided', decision: { decision: 'approve' } });

    // The audit packet downloads and names the vendor.
    const link = other.getByRole('link', { name: 'Download audit packet' });
    expect(await link.getAttribute('href')).toBe(`/vendors/${vendorId}/audit-packet?download=1`);
    const [download] = await Promise.all([other.waitForEvent('download'), link.click()]);
    const packet = readFileSync((await download.path())!, 'utf8');
    expect(packet).toContain(VENDOR);
    expect(packet).toContain('Vendor: decided');
    expect(otherErrors).toEqual([]);

    await complianceContext.close();
    await procurementContext.close();
  }, 90_000);
});
