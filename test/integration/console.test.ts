/**
 * The staff console over the real local runtime, driven as a browser without JavaScript would:
 * sign in through the form, follow links, post forms with the session cookie and the CSRF token,
 * and read the HTML that comes back.
 */
import { describe, expect, it } from 'vitest';
import { baaTemplateText } from '#shared/content/baa-template.v1.ts';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { compliantAnswers } from '../support/answers.ts';
import { uploadBaa } from '../support/baa.ts';
import { phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

interface Response {
  status: number;
  headers: Headers;
  html: string;
}

async function request(
  path: string,
  options: { cookie?: string; form?: [string, string][] } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(`${rt.appUrl}${path}`, {
    method: options.form ? 'POST' : 'GET',
    headers,
    body: options.form ? new URLSearchParams(options.form).toString() : undefined,
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
const cookieValue = (headers: Headers, name: string) =>
  headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];

/** A signed-in browser: its session cookie and the CSRF token its pages carry. */
interface Staff {
  cookie: string;
  csrf: string;
  get(path: string): Promise<Response>;
  post(path: string, fields: [string, string][], withCsrf?: boolean): Promise<Response>;
}

async function signIn(role: 'procurement' | 'compliance' | 'admin', email = `${role}.console@example.org`) {
  const form = await request('/console/login');
  expect(form.status).toBe(200);
  const loginCookie = cookieValue(form.headers, 'console_login')!;
  const res = await request('/console/login', {
    cookie: loginCookie,
    form: [
      ['_csrf', csrfOf(form.html)],
      ['email', email],
      ['role', role],
      ['next', '/console'],
    ],
  });
  expect(res.status).toBe(303);
  const cookie = cookieValue(res.headers, 'session')!;
  expect(cookie).toMatch(/^session=ey/);
  const board = await request('/console', { cookie });
  const staff: Staff = {
    cookie,
    csrf: csrfOf(board.html),
    get: (path) => request(path, { cookie }),
    post: (path, fields, withCsrf = true) =>
      request(path, { cookie, form: withCsrf ? [['_csrf', staff.csrf], ...fields] : fields }),
  };
  return { staff, response: res };
}

let counter = 0;
const unique = (name: string) => `${name} ${++counter}${Math.random().toString(36).slice(2, 6)}`;

async function registerVendor(overrides: Record<string, unknown> = {}) {
  const res = await rt.api('POST', '/vendors', { role: 'procurement', body: phiVendor(overrides) });
  expect(res.status).toBe(201);
  return res.json as { id: string; name: string; tier: string };
}

/** A PHI vendor whose assessment was answered with `gaps` and reviewed: it has findings. */
async function reviewedVendor(name: string, gaps: Record<string, unknown>) {
  const contactEmail = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@vendor.example`;
  const vendor = await registerVendor({ name, contactEmail });
  const started = await rt.api('POST', `/vendors/${vendor.id}/assessments`, { role: 'procurement' });
  expect(started.status).toBe(202);
  const invitation = await rt.waitForEmail(
    (e) => e.destination.to.includes(contactEmail) && e.subject.startsWith('Security questionnaire'),
  );
  await rt.runner.idle();
  const token = portalToken(invitation);
  const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
  const submitted = await rt.api('POST', `/portal/${token}/submit`, {
    body: { answers: compliantAnswers(view, gaps) },
  });
  expect(submitted.status).toBe(202);
  await rt.runner.idle();
  const assessment = await rt.api('GET', `/assessments/${started.json.id}`, { role: 'compliance' });
  expect(assessment.json.status).toBe('reviewed');
  return {
    vendor,
    token,
    contactEmail,
    assessmentId: started.json.id as string,
    findings: assessment.json.findings as { id: string; title: string; severity: string; dueAt: string }[],
  };
}

/** The HTML of one board column. */
const column = (html: string, stage: string) =>
  html.match(
    new RegExp(`<section class="board__column"[^>]*data-stage="${stage}">([\\s\\S]*?)</section>`),
  )?.[1] ?? '';

const findingBlock = (html: string, id: string) =>
  html.match(new RegExp(`<article[^>]*id="finding-${id}"[\\s\\S]*?</article>`))?.[0] ?? '';

describe('signing in', () => {
  it('needs a session for every console page and redirects to the sign-in page without one', async () => {
    const board = await request('/console');
    expect(board.status).toBe(303);
    expect(board.headers.get('location')).toBe('/console/login');
    const list = await request('/console/vendors?stage=intake');
    expect(list.status).toBe(303);
    expect(list.headers.get('location')).toBe(
      `/console/login?next=${encodeURIComponent('/console/vendors?stage=intake')}`,
    );
    const bogus = await request('/console/findings', { cookie: 'session=not-a-jwt' });
    expect(bogus.status).toBe(303);
    expect(bogus.headers.get('location')).toMatch(/^\/console\/login/);
    const post = await request('/console/vendors', { form: [['name', 'x']] });
    expect(post.status).toBe(303);
  });

  it('the local sign-in form sets an HttpOnly SameSite=Lax session cookie; signing out clears it', async () => {
    const { staff, response } = await signIn('compliance', 'casey@example.org');
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('session='))!;
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure'); // the local base URL is http
    expect(response.headers.get('location')).toBe('/console');

    const board = await staff.get('/console');
    expect(board.status).toBe(200);
    expect(board.headers.get('cache-control')).toBe('no-store');
    expect(board.html).toContain('Vendor pipeline');
    expect(board.html).toContain('casey@example.org');
    expect(board.html).not.toMatch(/<script/);

    // The session cookie also authenticates the JSON API (authenticate reads it).
    const api = await fetch(`${rt.appUrl}/vendors`, { headers: { cookie: staff.cookie } });
    expect(api.status).toBe(200);

    const out = await staff.post('/console/logout', []);
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().find((c) => c.startsWith('session='))).toMatch(/Max-Age=0/);
  });

  it('refuses a sign-in without its form token, and bad fields with messages', async () => {
    const noToken = await request('/console/login', {
      form: [
        ['email', 'x@example.org'],
        ['role', 'admin'],
      ],
    });
    expect(noToken.status).toBe(403);
    expect(noToken.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(false);

    const form = await request('/console/login');
    const bad = await request('/console/login', {
      cookie: cookieValue(form.headers, 'console_login')!,
      form: [
        ['_csrf', csrfOf(form.html)],
        ['email', 'not an email'],
        ['role', 'superuser'],
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Enter your work email address');
    expect(bad.html).toContain('Choose a role');
  });

  it('only sends you on to console pages after signing in', async () => {
    const form = await request('/console/login?next=https://evil.example/');
    expect(form.html).toContain('name="next" value="/console"');
    const kept = await request(
      `/console/login?next=${encodeURIComponent('/console/findings?severity=high')}`,
    );
    expect(kept.html).toContain('value="/console/findings?severity=high"');
  });
});

describe('the pipeline board and the vendor list', () => {
  it('shows a registered vendor in its stage column with its tier and BAA status', async () => {
    const { staff } = await signIn('procurement');
    const vendor = await registerVendor({ name: unique('Board Imaging') });
    const board = await staff.get('/console');
    const intake = column(board.html, 'intake');
    const card = intake.match(
      new RegExp(`<li class="vendor-card">(?:(?!</li>)[\\s\\S])*${vendor.name}[\\s\\S]*?</li>`),
    )?.[0];
    expect(card).toBeDefined();
    expect(card).toContain(`href="/console/vendors/${vendor.id}"`);
    expect(card).toContain('High tier');
    expect(card).toContain('BAA: Sent to vendor');
    expect(column(board.html, 'decided')).not.toContain(vendor.name);
  });

  it('pages the vendor list 25 at a time; the next link and the board column’s “more” link work', async () => {
    const { staff } = await signIn('procurement');
    const prefix = unique('Paged Vendor');
    for (let i = 0; i < 30; i++) {
      const res = await rt.api('POST', '/vendors', {
        role: 'procurement',
        body: phiVendor({
          name: `${prefix} ${String(i).padStart(2, '0')}`,
          intake: { handlesPhi: false, medicalDevice: false, systemAccess: 'none', recordVolume: 'none' },
        }),
      });
      expect(res.status).toBe(201);
    }
    const rows = (html: string) => [
      ...html.matchAll(/<tr>\s*<th scope="row"><a href="\/console\/vendors\/(v_\w+)">([^<]*)</g),
    ];
    const nextLink = (html: string) =>
      html.match(/<a [^>]*rel="next" href="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');

    const first = await staff.get('/console/vendors');
    expect(first.status).toBe(200);
    expect(rows(first.html)).toHaveLength(25);
    expect(first.html).toContain('25 vendors on this page');
    const seen = new Set(rows(first.html).map((m) => m[1]));
    const names = rows(first.html).map((m) => m[2]!);
    let next = nextLink(first.html);
    expect(next).toMatch(/^\/console\/vendors\?cursor=/);
    let pages = 1;
    while (next) {
      const page = await staff.get(next);
      expect(page.status).toBe(200);
      const found = rows(page.html);
      expect(found.length).toBeLessThanOrEqual(25);
      for (const m of found) {
        expect(seen.has(m[1])).toBe(false); // no vendor twice
        seen.add(m[1]);
        names.push(m[2]!);
      }
      next = nextLink(page.html);
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(names.filter((n) => n.startsWith(prefix))).toHaveLength(30);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

    // The intake column shows 25 and links to the rest of the stage.
    const board = await staff.get('/console');
    const intake = column(board.html, 'intake');
    expect(intake.match(/class="vendor-card"/g)).toHaveLength(25);
    const more = intake
      .match(/href="(\/console\/vendors\?stage=intake&amp;cursor=[^"]+)"/)?.[1]
      ?.replaceAll('&amp;', '&');
    expect(more).toBeDefined();
    const rest = await staff.get(more!);
    expect(rest.status).toBe(200);
    expect(rest.html).toContain('Vendors: intake');
    expect(rows(rest.html).length).toBeGreaterThan(0);

    // A tampered cursor is a 400 page, not a crash.
    const bad = await staff.get('/console/vendors?cursor=%%%');
    expect(bad.status).toBe(400);
  });

  it('registers a vendor from the form, showing each problem next to its field', async () => {
    const { staff } = await signIn('procurement');
    const invalid = await staff.post('/console/vendors', [
      ['name', ''],
      ['contactName', 'Jo Vendor'],
      ['contactEmail', 'not-an-email'],
      ['services', ''],
      ['businessOwnerEmail', 'owner@example.org'],
      ['handlesPhi', 'yes'],
      ['systemAccess', 'user'],
      ['recordVolume', '10k_to_100k'],
    ]);
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('There are 4 problems to fix');
    expect(invalid.html).toContain('<a href="#reg-name">Enter the vendor’s name');
    expect(invalid.html).toContain('<a href="#reg-contact-email">Enter the vendor contact’s email address');
    expect(invalid.html).toContain('<a href="#reg-services">List at least one service');
    expect(invalid.html).toContain(
      '<a href="#reg-device-yes">Say whether the vendor supplies a medical device',
    );
    expect(invalid.html).toContain('value="not-an-email"'); // kept for correction

    const name = unique('Form Registered Labs');
    const ok = await staff.post('/console/vendors', [
      ['name', name],
      ['contactName', 'Jo Vendor'],
      ['contactEmail', 'jo@form-labs.example'],
      ['services', 'Lab results interface\nCourier'],
      ['businessOwnerEmail', 'owner@example.org'],
      ['handlesPhi', 'yes'],
      ['medicalDevice', 'no'],
      ['systemAccess', 'user'],
      ['recordVolume', '10k_to_100k'],
    ]);
    expect(ok.status).toBe(303);
    const location = ok.headers.get('location')!;
    expect(location).toMatch(/^\/console\/vendors\/v_\w+\?done=registered$/);
    const page = await staff.get(location);
    expect(page.html).toContain('Vendor registered');
    expect(page.html).toContain(name);
    expect(page.html).toContain('Lab results interface, Courier');
  });
});

describe('the vendor page', () => {
  it('shows tier, BAA status and findings with due dates; an extension moves the due date and is audited', async () => {
    const name = unique('Gappy Radiology');
    const { vendor, assessmentId, findings } = await reviewedVendor(name, { 'enc-at-rest': 'no' });
    const critical = findings.find((f) => f.id === 'f_q_enc-at-rest')!;
    expect(critical.severity).toBe('critical');
    const { staff } = await signIn('compliance');

    const page = await staff.get(`/console/vendors/${vendor.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`<h1>${name}</h1>`);
    expect(page.html).toContain('High tier');
    expect(page.html).toContain('Why high tier');
    expect(page.html).toContain('BAA: Sent to vendor');
    expect(page.html).toContain('Reviewed'); // the assessment's status in the score history
    const block = findingBlock(page.html, 'f_q_enc-at-rest');
    expect(block).toContain('Encryption at rest');
    expect(block).toContain('Critical');
    expect(block).toContain(`<time datetime="${critical.dueAt}">${critical.dueAt.slice(0, 10)}</time>`);
    expect(block).toMatch(/Next: .*reminder|Next: .*Escalation|Next: <time/);
    expect(block).toContain('Grant an extension');
    expect(page.html).toContain(`href="/vendors/${vendor.id}/audit-packet?download=1"`);

    const newDue = new Date(Date.parse(critical.dueAt) + 30 * DAY).toISOString().slice(0, 10);
    const extended = await staff.post(
      `/console/vendors/${vendor.id}/findings/${assessmentId}/f_q_enc-at-rest/extension`,
      [
        ['dueAt', newDue],
        ['reason', 'Vendor is migrating storage; plan reviewed.'],
      ],
    );
    expect(extended.status).toBe(303);
    expect(extended.headers.get('location')).toBe(
      `/console/vendors/${vendor.id}?done=extended#finding-f_q_enc-at-rest`,
    );

    const after = await staff.get(extended.headers.get('location')!);
    expect(after.html).toContain('Extension granted');
    const updated = findingBlock(after.html, 'f_q_enc-at-rest');
    expect(updated).toContain(`>${newDue}</time>`);
    expect(updated).toContain(`(originally ${critical.dueAt.slice(0, 10)})`);
    const timeline = after.html.slice(after.html.indexOf('<ol class="timeline">'));
    const firstEvent = timeline.match(/<li class="timeline__item">[\s\S]*?<\/li>/)?.[0] ?? '';
    expect(firstEvent).toContain('Finding: deadline extended');
    expect(firstEvent).toContain('Compliance Console (compliance)');
    const newDueWords = new Date(newDue).toLocaleDateString('en-US', {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      timeZone: 'UTC',
    });
    expect(firstEvent).toContain(
      `Extended &quot;${critical.title}&quot; to ${newDueWords}: Vendor is migrating storage; plan reviewed.`,
    );

    const api = await rt.api('GET', `/assessments/${assessmentId}`, { role: 'compliance' });
    expect(api.json.findings.find((f: { id: string }) => f.id === 'f_q_enc-at-rest').dueAt).toBe(
      `${newDue}T23:59:59.000Z`,
    );

    // A refused extension (not later than the current date) comes back next to its form.
    const refused = await staff.post(
      `/console/vendors/${vendor.id}/findings/${assessmentId}/f_q_enc-at-rest/extension`,
      [
        ['dueAt', newDue],
        ['reason', 'Again'],
      ],
    );
    expect(refused.status).toBe(400);
    const refusedBlock = findingBlock(refused.html, 'f_q_enc-at-rest');
    expect(refusedBlock).toContain('The new due date must be after the current one');
    expect(refusedBlock).toMatch(/<details class="action" open>\s*<summary>Grant an extension/);
    expect(refusedBlock).toContain('>Again</textarea>');
  });

  it('refuses compliance-only forms to procurement (403) and forms without the CSRF token', async () => {
    const { vendor, assessmentId, findings } = await reviewedVendor(unique('Guarded Health'), {
      'enc-at-rest': 'no',
    });
    const before = findings.find((f) => f.id === 'f_q_enc-at-rest')!;
    const path = `/console/vendors/${vendor.id}/findings/${assessmentId}/f_q_enc-at-rest/extension`;
    const fields: [string, string][] = [
      ['dueAt', new Date(Date.parse(before.dueAt) + 40 * DAY).toISOString().slice(0, 10)],
      ['reason', 'Should not happen'],
    ];

    const { staff: procurement } = await signIn('procurement');
    const page = await procurement.get(`/console/vendors/${vendor.id}`);
    expect(page.html).not.toContain('Grant an extension');
    expect(page.html).not.toContain('Override reason');
    expect(page.html).toContain('Record decision');
    const forbidden = await procurement.post(path, fields);
    expect(forbidden.status).toBe(403);
    expect(forbidden.html).toContain('You cannot do this');
    expect(forbidden.html).toContain('compliance');

    const { staff: compliance } = await signIn('compliance');
    const missing = await compliance.post(path, fields, false);
    expect(missing.status).toBe(403);
    expect(missing.html).toContain('This form has expired');
    const wrong = await compliance.post(path, [['_csrf', 'f'.repeat(32)], ...fields], false);
    expect(wrong.status).toBe(403);
    // Another session's token does not work either.
    const foreign = await request(path, {
      cookie: compliance.cookie,
      form: [['_csrf', procurement.csrf], ...fields],
    });
    expect(foreign.status).toBe(403);

    const api = await rt.api('GET', `/assessments/${assessmentId}`, { role: 'compliance' });
    expect(api.json.findings.find((f: { id: string }) => f.id === 'f_q_enc-at-rest').dueAt).toBe(
      before.dueAt,
    );

    // A finding of another vendor cannot be reached through this vendor's path.
    const other = await registerVendor({ name: unique('Other Co') });
    const crossed = await compliance.post(
      `/console/vendors/${other.id}/findings/${assessmentId}/f_q_enc-at-rest/extension`,
      fields,
    );
    expect(crossed.status).toBe(404);
  });

  it('reviews the BAA clause by clause, signs it, and shows the gates refusing an early approval', async () => {
    const name = unique('Clause Clinic');
    const vendor = await registerVendor({ name, contactEmail: 'clause@vendor.example' });
    await uploadBaa(
      rt,
      { vendorId: vendor.id },
      {
        name: 'signed.txt',
        contentType: 'text/plain',
        bytes: baaTemplateText('Example Health', name),
        kind: 'signed',
      },
    );
    const { staff } = await signIn('compliance');
    const page = await staff.get(`/console/vendors/${vendor.id}`);
    expect(page.html).toContain('BAA: Under review');
    expect(page.html).toMatch(/<a href="\/vendors\/[^"]+\/baas\/main\/documents\/1">signed.txt<\/a>/);
    expect(page.html).toMatch(/<code class="hash">[0-9a-f]{64}<\/code>/);
    const clauseIds = [...page.html.matchAll(/name="clause\.([a-z0-9-]+)\.finding" value="present"/g)].map(
      (m) => m[1]!,
    );
    expect(clauseIds.length).toBeGreaterThan(10);

    const review = await staff.post(`/console/vendors/${vendor.id}/baas/main/review`, [
      ...clauseIds.map((id): [string, string] => [
        `clause.${id}.finding`,
        id === 'report-disclosures' ? 'missing' : 'present',
      ]),
      ['clause.report-disclosures.note', 'No breach reporting term'],
      ['noticeWindowDays', '10'],
    ]);
    expect(review.status).toBe(303);
    expect(review.headers.get('location')).toContain('done=reviewed_blocked');
    const blocked = await staff.get(review.headers.get('location')!);
    expect(blocked.html).toContain('Cannot be signed yet');
    expect(blocked.html).toContain('No breach reporting term');
    expect(blocked.html).not.toContain('Mark BAA signed');

    const fixed = await staff.post(`/console/vendors/${vendor.id}/baas/main/review`, [
      ...clauseIds.map((id): [string, string] => [`clause.${id}.finding`, 'present']),
      ['noticeWindowDays', '10'],
    ]);
    expect(fixed.headers.get('location')).toContain('done=reviewed#baa-main');
    const today = rt.deps.clock.now().toISOString().slice(0, 10);
    const nextYear = new Date(rt.deps.clock.now().getTime() + 365 * DAY).toISOString().slice(0, 10);
    const badSign = await staff.post(`/console/vendors/${vendor.id}/baas/main/sign`, [
      ['effectiveAt', today],
      ['expiresAt', 'someday'],
    ]);
    expect(badSign.status).toBe(400);
    expect(badSign.html).toContain('Enter the expiry date as a date (YYYY-MM-DD)');
    const signed = await staff.post(`/console/vendors/${vendor.id}/baas/main/sign`, [
      ['effectiveAt', today],
      ['expiresAt', nextYear],
    ]);
    expect(signed.status).toBe(303);
    const after = await staff.get(signed.headers.get('location')!);
    expect(after.html).toContain('BAA: Signed');
    expect(after.html).toContain(`<time datetime="${nextYear}T23:59:59.000Z">${nextYear}</time>`);

    // No reviewed assessment: the gates block an approval and say why, next to the form.
    const { staff: procurement } = await signIn('procurement');
    const refused = await procurement.post(`/console/vendors/${vendor.id}/decision`, [
      ['decision', 'approve'],
    ]);
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('The decision is blocked');
    expect(refused.html).toContain('The vendor has no assessment; launch one and review it first.');
    const rejected = await procurement.post(`/console/vendors/${vendor.id}/decision`, [
      ['decision', 'reject'],
      ['reason', 'Not needed after all'],
    ]);
    expect(rejected.status).toBe(303);
    const decided = await procurement.get(rejected.headers.get('location')!);
    expect(decided.html).toContain('Decision recorded');
    expect(decided.html).toMatch(/<td>Rejected<\/td>[\s\S]*Not needed after all/);
  });

  it('an exception needs a second compliance user: the reviewer waits, another approves, then it can be signed', async () => {
    const name = unique('Second Look');
    const vendor = await registerVendor({ name, contactEmail: 'second@vendor.example' });
    await uploadBaa(
      rt,
      { vendorId: vendor.id },
      {
        name: 'signed.txt',
        contentType: 'text/plain',
        bytes: baaTemplateText('Example Health', name),
        kind: 'signed',
      },
    );
    const { staff } = await signIn('compliance');
    const page = await staff.get(`/console/vendors/${vendor.id}`);
    expect(page.html).toContain('Equivalent (say why in the note)');
    expect(page.html).toContain('name="exception.notice-window"');
    const clauseIds = [...page.html.matchAll(/name="clause\.([a-z0-9-]+)\.finding" value="present"/g)].map(
      (m) => m[1]!,
    );
    const review = await staff.post(`/console/vendors/${vendor.id}/baas/main/review`, [
      ...clauseIds.map((id): [string, string] => [`clause.${id}.finding`, 'present']),
      ['noticeWindowDays', '20'],
      ['exception.notice-window', 'Regional provider; privacy officer accepts 20 days'],
    ]);
    expect(review.headers.get('location')).toContain('done=reviewed');
    const waiting = await staff.get(`/console/vendors/${vendor.id}`);
    expect(waiting.html).toContain('Needs a second compliance approver');
    expect(waiting.html).toContain('Waiting for a second compliance user');
    expect(waiting.html).not.toContain('Mark BAA signed');

    const { staff: second } = await signIn('compliance', 'second.console@example.org');
    const offered = await second.get(`/console/vendors/${vendor.id}`);
    expect(offered.html).toContain('Approve as the second compliance user');
    const approved = await second.post(`/console/vendors/${vendor.id}/baas/main/approve`, [
      ['note', 'Read it'],
    ]);
    expect(approved.headers.get('location')).toContain('done=approved');
    const ready = await staff.get(`/console/vendors/${vendor.id}`);
    expect(ready.html).toContain('Second approval given');
    expect(ready.html).toContain('Mark BAA signed');
    // Without an expiry the BAA runs with the services agreement and gets a review date.
    const signed = await staff.post(`/console/vendors/${vendor.id}/baas/main/sign`, [
      ['effectiveAt', rt.deps.clock.now().toISOString().slice(0, 10)],
      ['expiresAt', ''],
    ]);
    expect(signed.status).toBe(303);
    const after = await staff.get(signed.headers.get('location')!);
    expect(after.html).toContain('No expiry (coterminous)');
    expect(after.html).toContain('Record the periodic review');
  });

  it('renders vendor-supplied text inert', async () => {
    const evil = '<script>alert("x")</script> Evil Corp';
    const { vendor, token, contactEmail } = await reviewedVendor(evil, { 'access-unique-ids': 'no' });
    const plan = await rt.waitForEmail(
      (e) => e.destination.to.includes(contactEmail) && e.subject.includes('remediation plan'),
    );
    const fix = await rt.api('POST', `/portal/${portalToken(plan)}/findings/f_q_access-unique-ids/fix`, {
      body: { note: '<img src=x onerror=alert(1)><script>alert("fix")</script>', evidence: [] },
    });
    expect(fix.status).toBe(200);
    expect(token).toBeDefined();
    const { staff } = await signIn('compliance');
    for (const path of [
      '/console',
      `/console/vendors/${vendor.id}`,
      '/console/findings?status=fix_reported',
    ]) {
      const res = await staff.get(path);
      expect(res.status).toBe(200);
      expect(res.html).not.toContain('<script>alert');
      expect(res.html).not.toContain('<img src=x');
      expect(res.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Evil Corp');
    }
    const page = await staff.get(`/console/vendors/${vendor.id}`);
    expect(page.html).toContain(
      '&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&quot;fix&quot;)&lt;/script&gt;',
    );
    expect(page.html).toContain('Verify or reject the fix');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
  });
});

describe('the registers', () => {
  it('the BAA register filters by status', async () => {
    const { staff } = await signIn('procurement');
    const vendor = await registerVendor({ name: unique('Register Baa Co') });
    const sent = await staff.get('/console/baas?status=sent');
    expect(sent.status).toBe(200);
    expect(sent.html).toContain(`/console/vendors/${vendor.id}#baa-main`);
    const signed = await staff.get('/console/baas?status=signed');
    expect(signed.html).not.toContain(`/console/vendors/${vendor.id}#baa-main`);
  });

  // Moves the product clock forward: keep it last.
  it('the findings register filters by severity and, after the clock moves, by overdue', async () => {
    const { vendor } = await reviewedVendor(unique('Overdue Systems'), {
      'enc-at-rest': 'no',
      'gov-security-official': 'no',
    });
    const { staff } = await signIn('compliance');
    const criticalRow = `/console/vendors/${vendor.id}#finding-f_q_enc-at-rest`;
    const mediumRow = `/console/vendors/${vendor.id}#finding-f_q_gov-security-official`;

    const open = await staff.get('/console/findings');
    expect(open.html).toContain('Open findings');
    expect(open.html).toContain(criticalRow);
    const critical = await staff.get('/console/findings?status=open&severity=critical');
    expect(critical.html).toContain(criticalRow);
    expect(critical.html).not.toContain(mediumRow);
    const medium = await staff.get('/console/findings?status=open&severity=medium');
    expect(medium.html).toContain(mediumRow);
    expect(medium.html).not.toContain(criticalRow);
    const notYet = await staff.get('/console/findings?status=open&overdue=1');
    expect(notYet.html).not.toContain(criticalRow);
    expect(notYet.html).not.toContain(mediumRow);

    // Critical findings are due in 15 days, medium in 90: 20 days on, only the critical one is overdue.
    expect((await rt.api('POST', '/local/clock', { body: { advanceDays: 20 } })).status).toBe(200);
    const overdue = await staff.get('/console/findings?status=open&overdue=1');
    expect(overdue.html).toContain(criticalRow);
    expect(overdue.html).not.toContain(mediumRow);
    expect(overdue.html).toContain('Overdue');
    const overdueMedium = await staff.get('/console/findings?status=open&severity=medium&overdue=1');
    expect(overdueMedium.html).not.toContain(mediumRow);
    const verified = await staff.get('/console/findings?status=verified');
    expect(verified.html).not.toContain(criticalRow);
  });
});
