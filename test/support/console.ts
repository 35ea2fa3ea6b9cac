/**
 * The staff console as a browser without JavaScript drives it: sign in through the form, follow
 * links, post forms with the session cookie and the CSRF token, and read the HTML that comes back;
 * plus the vendors the console tests need (registered, or answered and reviewed so they have findings).
 */
import { expect } from 'vitest';
import { compliantAnswers } from './answers.ts';
import { phiVendor, portalToken, type TestRuntime } from './runtime.ts';

export interface ConsoleResponse {
  status: number;
  headers: Headers;
  html: string;
}

export const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
export const cookieValue = (headers: Headers, name: string) =>
  headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];

/** A signed-in browser: its session cookie and the CSRF token its pages carry. */
export interface Staff {
  cookie: string;
  csrf: string;
  get(path: string): Promise<ConsoleResponse>;
  post(path: string, fields: [string, string][], withCsrf?: boolean): Promise<ConsoleResponse>;
}

let counter = 0;
/** A name no other test of the run uses. */
export const unique = (name: string) => `${name} ${++counter}${Math.random().toString(36).slice(2, 6)}`;

/** The console helpers bound to one test runtime (read at call time, after it has started). */
export function consoleClient(rt: TestRuntime) {
  async function request(
    path: string,
    options: { cookie?: string; form?: [string, string][] } = {},
  ): Promise<ConsoleResponse> {
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

  return { request, signIn, registerVendor, reviewedVendor };
}
