/**
 * A vendor's whole journey in a real browser (Debian's Chromium through playwright-core): open the
 * emailed link, answer part of the questionnaire, save, come back on "another device", finish,
 * review, submit — then the review workflow scores it and emails the remediation plan.
 *
 * The browser is required: when it is missing the test fails (CI installs it in .ci/run; locally
 * `apt-get install -y chromium`). Set PORTAL_SCREENSHOTS=<dir> to keep screenshots of the pages.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchErrors } from '../support/browser.ts';
import { phiVendor, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

const SCREENSHOTS = process.env.PORTAL_SCREENSHOTS;
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

let rt: TestRuntime;
let browser: Browser;

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await browser?.close();
  await rt?.close();
});

async function screenshot(target: Page | Locator, name: string, fullPage = false) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await ('goto' in target ? target.screenshot({ path, fullPage }) : target.screenshot({ path }));
}

const question = (scope: Page | Locator, id: string) => scope.locator(`#question-${id}`);

async function uploadPdf(q: Locator, name: string) {
  await q.getByLabel('Add a file').setInputFiles({ name, mimeType: 'application/pdf', buffer: PDF });
  await q
    .getByRole('listitem')
    .filter({ hasText: name })
    .waitFor({ timeout: 5000 })
    .catch(async (e) => {
      console.log('DEBUG', await q.innerHTML());
      throw e;
    });
}

/** Answers one question compliantly, by its type (data-type on the question's fieldset). */
async function answer(q: Locator) {
  const type = await q.getAttribute('data-type');
  switch (type) {
    case 'yes_no':
      return q.getByLabel('Yes', { exact: true }).check();
    case 'single_choice':
      return q.getByRole('radio').first().check();
    case 'multi_choice':
      return q.locator('input[type="checkbox"]:not([data-exclusive])').first().check();
    case 'number': {
      const input = q.getByRole('spinbutton');
      return input.fill((await input.getAttribute('min')) ?? '1');
    }
    case 'date':
      return q.locator('input[type="date"]').fill('2025-01-15');
    case 'text':
      return q.getByRole('textbox').fill('n/a text');
    case 'evidence':
      if ((await q.getByRole('listitem').count()) === 0) return uploadPdf(q, 'evidence.pdf');
      return;
    default:
      throw new Error(`Unknown question type ${type}`);
  }
}

/** Fills every visible question in `scope`, again and again while answers reveal new ones. */
async function fillVisible(scope: Page | Locator, skip: ReadonlySet<string> = new Set()) {
  const done = new Set(skip);
  for (;;) {
    const visible = scope.locator('[data-question]:visible');
    const ids = (await visible.evaluateAll((els) => els.map((e) => e.getAttribute('data-question')))).filter(
      (id): id is string => id !== null && !done.has(id),
    );
    if (ids.length === 0) return done;
    for (const id of ids) {
      done.add(id);
      const q = question(scope, id);
      if (await q.isVisible()) await answer(q);
    }
  }
}

describe('a vendor answers the questionnaire in the browser', () => {
  it('answers, saves, resumes on another device, reviews and submits; the review runs', async () => {
    browser = await launchChromium();

    // Prepare: procurement registers the vendor and launches the assessment.
    const vendor = await rt.api('POST', '/vendors', { role: 'procurement', body: phiVendor() });
    const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
    expect(started.status).toBe(202);
    await rt.waitForEmail((e) => e.subject.startsWith('Security questionnaire for Acme Imaging'));
    const invitation = (await rt.inbox()).find((e) =>
      e.subject.startsWith('Security questionnaire for Acme Imaging'),
    );
    const link = invitation?.body.text?.match(/https?:\/\/\S+\/portal\/[A-Za-z0-9_-]{43}/)?.[0];
    expect(link).toBeDefined();
    await rt.runner.idle();

    // Act 1: open the link, answer the first domain (with an evidence upload), save a draft.
    const first = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await first.newPage();
    const firstErrors = watchErrors(page);
    await page.goto(link!);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'HIPAA vendor security assessment',
    );
    await screenshot(page, 'questionnaire');
    const governance = page.getByRole('group', { name: 'Governance and risk analysis' });
    const auditReport = question(page, 'gov-audit-report');
    expect(await auditReport.isHidden()).toBe(true);
    const answered = await fillVisible(governance);
    expect(answered).toContain('gov-audit-report');
    expect(await auditReport.getByRole('listitem').textContent()).toContain('evidence.pdf');
    await auditReport.getByLabel('Add a file').setInputFiles({
      name: 'tool.exe',
      mimeType: 'application/x-msdownload',
      buffer: Buffer.from('MZ'),
    });
    await auditReport.getByRole('alert').filter({ hasText: 'are not accepted' }).waitFor();
    expect(await page.locator('[data-progress-answered]').first().textContent()).toBe('7'); // v2: + recognized practices
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\?saved=1$/);
    expect(await page.getByRole('status').first().textContent()).toContain('Draft saved at');
    await page.goto('about:blank');
    expect(firstErrors).toEqual([]);

    // Act 2: another device — a new browser context, no shared storage — finds the answers kept.
    const second = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const other = await second.newPage();
    const secondErrors = watchErrors(other);
    await other.goto(link!);
    const riskAnalysis = other.getByRole('group', { name: /Enterprise risk analysis/ });
    expect(await riskAnalysis.getByLabel('Yes', { exact: true }).isChecked()).toBe(true);
    expect(await question(other, 'gov-audit-report').getByRole('listitem').textContent()).toContain(
      'evidence.pdf',
    );
    await screenshot(other, 'questionnaire-mobile');
    await other.setViewportSize({ width: 1280, height: 900 });

    // Reviewing too early lists what is missing; the summary takes focus and its links reach the fields.
    await other.getByRole('button', { name: 'Review answers' }).click();
    const summary = other.locator('[data-error-summary]');
    await summary.waitFor();
    expect(await summary.evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true);
    await screenshot(other, 'errors');
    await summary.getByRole('link', { name: /BAA with all required terms/ }).click();
    expect(
      await other.locator('#q-baa-will-sign-yes').evaluate((el) => el.ownerDocument.activeElement === el),
    ).toBe(true);

    await fillVisible(other, answered);
    await screenshot(other.getByRole('group', { name: 'Governance and risk analysis' }), 'domain-governance');
    await screenshot(other.getByRole('group', { name: 'Vulnerability and patch management' }), 'domain-vuln');
    await screenshot(other.getByRole('group', { name: 'Access control' }), 'domain-access');

    // A conditional question appears and disappears with the answer it depends on.
    const incidents = question(other, 'ir-past-incidents');
    const detail = question(other, 'ir-past-incidents-detail');
    expect(await detail.isVisible()).toBe(true);
    await incidents.getByLabel('No', { exact: true }).check();
    await detail.waitFor({ state: 'hidden' });
    await incidents.getByLabel('Yes', { exact: true }).check();
    await detail.waitFor({ state: 'visible' });
    expect(await detail.getByRole('textbox').inputValue()).toBe('n/a text');
    await incidents.getByLabel('No', { exact: true }).check();
    await detail.waitFor({ state: 'hidden' });
    const progress = other.locator('[data-progress-answered]').first();
    expect(await progress.textContent()).toBe(
      await other.locator('[data-progress-visible]').first().textContent(),
    );

    // Review, then submit.
    await other.getByRole('button', { name: 'Review answers' }).click();
    await other.getByRole('heading', { level: 1, name: 'Review your answers' }).waitFor();
    expect(await other.getByText('Within 24 hours').count()).toBe(1);
    expect(await other.getByText('Incident details').count()).toBe(0);
    await screenshot(other, 'review', true);
    await other.getByRole('button', { name: 'Submit answers' }).click();
    await other.waitForURL(/\/done$/);
    expect(await other.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Thank you — your answers were submitted',
    );
    expect(await other.getByRole('status').textContent()).toMatch(
      /Your answers were submitted on .+; you will receive your review by email\./,
    );
    await screenshot(other, 'done');

    // Assess: the review workflow scored the assessment and sent the vendor its remediation plan.
    await rt.runner.idle();
    const assessment = await rt.api('GET', `/assessments/${started.json.id}`, { role: 'compliance' });
    expect(assessment.json.status).toBe('reviewed');
    expect(assessment.json.score).toEqual(expect.any(Number));
    const plan = await rt.waitForEmail(
      (e) =>
        e.subject.startsWith('Security review of Acme Imaging: remediation plan') &&
        e.destination.to.includes('jo@acme.example'),
    );
    expect(plan.body.text).toContain('MFA coverage');

    // The vendor's link now shows the remediation plan.
    await other.goto(link!);
    await other.getByRole('heading', { name: 'Your remediation plan' }).waitFor();
    await screenshot(other, 'remediation-plan', true);

    // The vendor reports a fix with evidence.
    const finding = other.getByRole('article').filter({ hasText: 'MFA coverage' });
    await finding.locator('summary').click();
    await finding
      .getByLabel('What did you change?')
      .fill('MFA is now enforced for every remote and admin login.');
    await finding.getByLabel(/^Evidence/).setInputFiles({
      name: 'mfa-policy.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await finding.getByRole('listitem').filter({ hasText: 'mfa-policy.pdf' }).waitFor();
    await screenshot(finding, 'fix-form');
    await finding.getByRole('button', { name: 'Report fix' }).click();
    await other.waitForURL(/\?fixed=/);
    expect(await other.getByRole('status').first().textContent()).toContain('was recorded');
    const token = link!.split('/portal/')[1];
    const findings = await rt.api('GET', `/portal/${token}/findings`);
    expect(findings.json.items).toContainEqual(
      expect.objectContaining({
        status: 'fix_reported',
        fixReport: expect.objectContaining({
          evidence: [expect.objectContaining({ name: 'mfa-policy.pdf', contentType: 'application/pdf' })],
        }),
      }),
    );
    expect(secondErrors).toEqual([]);
    await first.close();
    await second.close();
  }, 60_000);
});
