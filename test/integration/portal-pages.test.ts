/**
 * The vendor portal's HTML pages over the real local runtime, driven as a browser without
 * JavaScript would: plain GETs and form POSTs.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/ids.ts';
import { compliantAnswers, type QuestionnaireViewLike } from '../support/answers.ts';
import { phiVendor, portalToken, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let rt: TestRuntime;
let token: string;
let assessmentId: string;
let vendorId: string;

/** Registers a vendor, launches its assessment and returns the token from the invitation. */
async function launch(overrides: Record<string, unknown> = {}) {
  const created = await rt.api('POST', '/vendors', { role: 'procurement', body: phiVendor(overrides) });
  expect(created.status).toBe(201);
  const started = await rt.api('POST', `/vendors/${created.json.id}/assessments`, { role: 'procurement' });
  expect(started.status).toBe(202);
  const to = (overrides.contactEmail as string | undefined) ?? phiVendor().contactEmail;
  const invitation = await rt.waitForEmail(
    (e) => e.subject.startsWith('Security questionnaire for') && e.destination.to.includes(to),
  );
  await rt.runner.idle();
  return {
    token: portalToken(invitation),
    assessmentId: started.json.id as string,
    vendorId: created.json.id as string,
  };
}

async function get(path: string) {
  const res = await fetch(`${rt.appUrl}${path}`, { redirect: 'manual' });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

async function postForm(path: string, fields: [string, string][]) {
  const res = await fetch(`${rt.appUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** Form fields for answers, as the questionnaire form posts them. */
function formFields(answers: Record<string, unknown>): [string, string][] {
  return Object.entries(answers).flatMap(([id, value]): [string, string][] => {
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      return value.map((v) => [`q.${id}`, v]);
    }
    if (Array.isArray(value)) return [[`q.${id}`, JSON.stringify(value)]];
    return [[`q.${id}`, String(value)]];
  });
}

const assessment = async () =>
  (await rt.api('GET', `/assessments/${assessmentId}`, { role: 'compliance' })).json;

beforeAll(async () => {
  rt = await startTestRuntime();
  ({ token, assessmentId, vendorId } = await launch());
});
afterAll(async () => {
  await rt?.close();
});

describe('the questionnaire page', () => {
  it('groups the questions by domain, each a labelled fieldset with its help', async () => {
    const page = await get(`/portal/${token}`);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const governance = page.html.indexOf('<h2>Governance and risk analysis</h2>');
    const baa = page.html.indexOf('<h2>BAA and subcontractors</h2>');
    expect(governance).toBeGreaterThan(0);
    expect(baa).toBeGreaterThan(governance);
    expect(page.html).toMatch(
      /<fieldset class="question" id="question-gov-risk-analysis"[^>]*aria-describedby="help-gov-risk-analysis">/,
    );
    expect(page.html).toContain(
      '<span class="q-title">Enterprise risk analysis<span class="badge badge--critical">Critical</span>',
    );
    expect(page.html).toContain(
      '<label class="choice" for="q-gov-risk-analysis-yes"><input type="radio" id="q-gov-risk-analysis-yes" name="q.gov-risk-analysis" value="yes">',
    );
    expect(page.html).toMatch(
      /<span data-progress-answered>0<\/span> of <span data-progress-visible>\d+<\/span>/,
    );
    expect(page.html).toContain('<button type="submit" name="action" value="review"');
    // CSP is script-src 'self': the only script is the external, deferred portal.js.
    expect(page.html.match(/<script[^>]*>/g)).toEqual([
      expect.stringMatching(/^<script src="\/assets\/portal\.js\?v=\w+" defer>$/),
    ]);
    expect(page.html).not.toMatch(/\son[a-z]+="/);
  });

  it('leaves out device questions for a non-device vendor and hides conditional ones until they apply', async () => {
    const page = await get(`/portal/${token}`);

    expect(page.html).not.toContain('dev-sbom');
    expect(page.html).not.toContain('Medical devices');
    expect(page.html).toMatch(
      /id="question-gov-audit-report" data-question="gov-audit-report" data-type="evidence" data-show-if="\{&quot;question&quot;:&quot;gov-independent-audit&quot;,&quot;in&quot;:\[&quot;yes&quot;,&quot;partial&quot;\]\}" hidden/,
    );
    expect(page.html).toContain('Uploading files needs JavaScript');
  });

  it('serves the stylesheet and script with long cache headers', async () => {
    for (const [path, type] of [
      ['/assets/app.css', 'text/css'],
      ['/assets/portal.js', 'text/javascript'],
    ] as const) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
  });
});

describe('saving and reviewing through the form', () => {
  it('saves a draft, redirects, and shows the saved answers with "Draft saved"', async () => {
    const saved = await postForm(`/portal/${token}`, [
      ['action', 'save'],
      ['q.gov-risk-analysis', 'yes'],
      ['q.gov-independent-audit', 'partial'],
      ['q.access-mfa', 'email'],
      ['q.access-mfa', 'privileged'],
      ['q.vuln-critical-patch-days', '10'],
    ]);

    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/portal/${token}?saved=1`);
    const page = await get(`/portal/${token}?saved=1`);
    expect(page.html).toContain('Draft saved at');
    expect(page.html).toContain('you can close this page and come back with the same link from any device');
    expect(page.html).toContain('name="q.gov-risk-analysis" value="yes" checked>');
    expect(page.html).toContain('name="q.gov-independent-audit" value="partial" checked>');
    expect(page.html).toContain('name="q.access-mfa" value="email" checked>');
    expect(page.html).toContain('name="q.access-mfa" value="privileged" checked>');
    expect(page.html).toMatch(/name="q\.vuln-critical-patch-days"[^>]*value="10"/);
    // Without JavaScript, the conditional question appears once its condition is saved.
    const auditReport = page.html.match(/<fieldset[^>]*id="question-gov-audit-report"[^>]*>/)?.[0];
    expect(auditReport).toContain('data-show-if=');
    expect(auditReport).not.toMatch(/\shidden\b/);
    const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
    expect(view.answers).toEqual({
      'gov-risk-analysis': 'yes',
      'gov-independent-audit': 'partial',
      'access-mfa': ['privileged', 'email'],
      'vuln-critical-patch-days': 10,
    });
  });

  it('GET never changes state', async () => {
    const before = await assessment();

    await get(`/portal/${token}`);
    await get(`/portal/${token}?saved=1`);
    await get(`/portal/${token}/done`);

    const after = await assessment();
    expect(after.draftSavedAt).toBe(before.draftSavedAt);
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(after.version).toBe(before.version);
  });

  it('Review answers with missing answers → 400, an error summary linking to the question, field messages', async () => {
    const res = await postForm(`/portal/${token}`, [
      ['action', 'review'],
      ['q.gov-risk-analysis', 'yes'],
    ]);

    expect(res.status).toBe(400);
    expect(res.html).toContain('data-error-summary');
    expect(res.html).toContain(
      '<a href="#q-gov-risk-management-yes">Question &#39;Risk-management plan&#39; needs an answer.</a>',
    );
    expect(res.html).toMatch(
      /id="question-gov-risk-management"[^>]*aria-describedby="help-gov-risk-management error-gov-risk-management"/,
    );
    expect(res.html).toContain('<p class="field-error" id="error-gov-risk-management">');
    expect(res.html).toContain('<title>Error: ');
    // The draft itself was saved (clearing the answers left out of the form).
    expect((await rt.api('GET', `/portal/${token}/questionnaire`)).json.answers).toEqual({
      'gov-risk-analysis': 'yes',
    });
  });

  it('an invalid value is shown back with its message and not saved', async () => {
    const res = await postForm(`/portal/${token}`, [
      ['action', 'save'],
      ['q.vuln-critical-patch-days', '999'],
    ]);

    expect(res.status).toBe(400);
    expect(res.html).toContain('needs a number between 0 and 365');
    expect(res.html).toMatch(/name="q\.vuln-critical-patch-days"[^>]*value="999"[^>]*aria-invalid="true"/);
    expect((await rt.api('GET', `/portal/${token}/questionnaire`)).json.answers).toEqual({
      'gov-risk-analysis': 'yes',
    });
  });

  it('renders vendor text inert', async () => {
    const saved = await postForm(`/portal/${token}`, [
      ['action', 'save'],
      ['q.ir-past-incidents', 'yes'],
      ['q.ir-past-incidents-detail', '<script>alert(1)</script>'],
    ]);
    expect(saved.status).toBe(303);

    const page = await get(`/portal/${token}`);
    expect(page.html).not.toContain('<script>alert');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const review = await postForm(`/portal/${token}`, [
      ['action', 'review'],
      ['q.ir-past-incidents', 'yes'],
      ['q.ir-past-incidents-detail', '<script>alert(1)</script>'],
    ]);
    expect(review.html).not.toContain('<script>alert');
  });

  it('a complete review lists the answers in words; Submit answers submits exactly what was reviewed', async () => {
    const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json as QuestionnaireViewLike;
    const answers = compliantAnswers(view, { 'ir-past-incidents': 'no' });

    const review = await postForm(`/portal/${token}`, [['action', 'review'], ...formFields(answers)]);

    expect(review.status).toBe(200);
    expect(review.html).toContain('<h1>Review your answers</h1>');
    expect(review.html).toContain('<dt>Breach notification window</dt><dd>Within 24 hours</dd>');
    expect(review.html).toContain('<dt>Last penetration test date</dt><dd>January 15, 2025</dd>');
    expect(review.html).toContain(`<form method="post" action="/portal/${token}/submit-form"`);
    expect(review.html).toContain(
      `<a class="button button--secondary" href="/portal/${token}">Back to edit</a>`,
    );
    const reviewed = review.html.match(/name="reviewed" value="(\w+)"/)?.[1];
    expect(reviewed).toMatch(/^[0-9a-f]{64}$/);

    const stale = await postForm(`/portal/${token}/submit-form`, [['reviewed', 'f'.repeat(64)]]);
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('Your answers changed since you opened the review');
    expect((await assessment()).status).toBe('in_progress');

    const submitted = await postForm(`/portal/${token}/submit-form`, [['reviewed', reviewed!]]);
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('location')).toBe(`/portal/${token}/done`);
    const done = await get(`/portal/${token}/done`);
    expect(done.html).toMatch(
      /Your answers were submitted on <time datetime="[^"]+" data-local="datetime">\w+ \d+, \d{4} at \d\d:\d\d UTC<\/time>/,
    );
    expect(done.html).toContain('you will receive your review by email');
    expect((await assessment()).status).toMatch(/submitted|reviewed/);
  });

  it('after the review, shows the remediation plan and records a reported fix', async () => {
    await rt.runner.idle();
    expect((await assessment()).status).toBe('reviewed');

    const page = await get(`/portal/${token}`);
    expect(page.html).toMatch(/Thank you — submitted on/);
    expect(page.html).toContain('Your remediation plan');
    const findingId = page.html.match(/action="\/portal\/[\w-]+\/findings\/([^/"]+)\/fix-form"/)?.[1];
    expect(findingId).toBeDefined();

    const empty = await postForm(`/portal/${token}/findings/${findingId}/fix-form`, [['note', '  ']]);
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Describe what you changed');

    const fixed = await postForm(`/portal/${token}/findings/${findingId}/fix-form`, [
      ['note', 'MFA is now enforced for remote access <b>everywhere</b>.'],
      ['evidence', ''],
    ]);
    expect(fixed.status).toBe(303);
    expect(fixed.headers.get('location')).toMatch(new RegExp(`^/portal/${token}\\?fixed=${findingId}`));
    const after = await get(`/portal/${token}?fixed=${findingId}`);
    expect(after.html).toContain('was recorded. Our compliance team will verify it.');
    expect(after.html).toContain('Fix reported — awaiting verification');
    expect(after.html).toContain('&lt;b&gt;everywhere&lt;/b&gt;');
    // A note that ends its own sentence gets no second full stop (found walking: ".”.").
    expect(after.html).toContain(
      '“MFA is now enforced for remote access &lt;b&gt;everywhere&lt;/b&gt;.” Our compliance team is verifying it.',
    );
    expect(after.html).not.toContain('.”.');
    // The audit trail says it in words (found walking the product: "with 0 evidence file(s)").
    const trail = await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' });
    const summaries = (trail.json.events as { action: string; summary: string }[])
      .filter((e) => e.action === 'finding.fix_reported')
      .map((e) => e.summary);
    expect(summaries).toEqual([
      expect.stringMatching(/^The vendor reported a fix for ".+" without evidence files$/),
    ]);
  });
});

/** The links of the "Your other pages" navigation: [label, href]. */
function otherPages(html: string) {
  const nav = html.match(/<nav class="card other-pages"[\s\S]*?<\/nav>/)?.[0];
  if (!nav) return undefined;
  return [...nav.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[2], m[1]]);
}

const incidentUrlOf = async (id: string) =>
  (await rt.api('GET', `/vendors/${id}/incident-link`, { role: 'compliance' })).json.url as string;

describe('"Your other pages" on the questionnaire and the remediation plan', () => {
  it("the remediation plan links this vendor's BAA page, security documents and incident link, and each opens", async () => {
    const page = await get(`/portal/${token}`);
    expect(page.html).toContain('Your remediation plan');
    const incidentUrl = await incidentUrlOf(vendorId);

    expect(otherPages(page.html)).toEqual([
      ['Business Associate Agreement', `/portal/${token}/baa`],
      ['Security documents', `/portal/${token}/security`],
      ['Report an incident', incidentUrl],
    ]);
    for (const [label, href] of otherPages(page.html)!) {
      const opened = await get(new URL(href!, rt.appUrl).pathname);
      expect(opened.status, label).toBe(200);
      expect(opened.html, label).toContain(phiVendor().name);
    }
  });

  it("a vendor without a BAA gets no BAA link, and never another vendor's pages", async () => {
    const other = await launch({
      name: 'Plain Office Supplies',
      contactEmail: 'orders@plain-office.example',
      intake: { handlesPhi: false, medicalDevice: false, systemAccess: 'none', recordVolume: 'none' },
    });

    const page = await get(`/portal/${other.token}`);

    expect(page.status).toBe(200);
    expect(page.html).toContain('<h2 id="other-pages-title">Your other pages</h2>');
    expect(otherPages(page.html)).toEqual([
      ['Security documents', `/portal/${other.token}/security`],
      ['Report an incident', await incidentUrlOf(other.vendorId)],
    ]);
    expect(page.html).not.toContain(token);
    expect(page.html).not.toContain(await incidentUrlOf(vendorId));
  });
});

describe('bad links render a page, never JSON', () => {
  it('an unknown token → 404 page naming whom to contact', async () => {
    for (const path of [`/portal/${'A'.repeat(43)}`, '/portal/not-a-token']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.html).toContain('<h1>This link is not valid</h1>');
      expect(res.html).toContain('mailto:compliance@example.org');
      expect(res.html).not.toMatch(/at \w+ \(|\.ts:\d+|"error":/);
    }
    const post = await postForm(`/portal/${'A'.repeat(43)}`, [['action', 'save']]);
    expect(post.status).toBe(404);
    expect(post.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('a revoked link → 410 page saying it was replaced and naming the contact', async () => {
    const other = await launch({ name: 'Replaced Link Inc', contactEmail: 'sam@replaced.example' });
    await rt.deps.links.revoke(sha256Hex(other.token), new Date().toISOString());

    const res = await get(`/portal/${other.token}`);

    expect(res.status).toBe(410);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.html).toContain('<h1>This link has been replaced</h1>');
    expect(res.html).toContain('This link was replaced by a newer one');
    expect(res.html).toContain('<a href="mailto:compliance@example.org">compliance@example.org</a>');
    expect(res.html).not.toContain('Replaced Link Inc');
  });
});

// Last: it moves the product clock forward, which cannot be moved back.
describe('an overdue questionnaire', () => {
  it('says when it was due and how long ago, by the product clock', async () => {
    const late = await launch({ name: 'Late Labs', contactEmail: 'it@late-labs.example' });
    const { dueAt } = (await rt.api('GET', `/assessments/${late.assessmentId}`, { role: 'compliance' })).json;
    const due = new Date(dueAt as string);
    const dueWords = due.toLocaleDateString('en-US', {
      month: 'long',
      day: 'numeric',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const before = await get(`/portal/${late.token}`);
    expect(before.html).toContain(`Please answer by <strong>${dueWords}</strong>`);

    // Seven calendar days after the due date, at noon UTC.
    const now = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth(), due.getUTCDate() + 7, 12));
    expect((await rt.api('POST', '/local/clock', { body: { now: now.toISOString() } })).status).toBe(200);

    const after = await get(`/portal/${late.token}`);
    expect(after.status).toBe(200);
    expect(after.html).not.toContain('Please answer by');
    expect(after.html).toContain(
      `This was due on <strong>${dueWords}</strong> (7 days ago); please answer as soon as you can`,
    );
  });
});
