/**
 * Input and transport hygiene (issue 11, item 4), each case a probe that failed before the fix:
 * malformed forms gave 500 (one route unauthenticated), JSON with answers and findings could be
 * cached, CR/LF/NUL reached email subjects, a staff JWT without `exp` was accepted, a GET signed
 * staff out, and 10 first `/local/token` calls created competing signing keys.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

const rawToken = async (body: unknown) =>
  fetch(`${rt.appUrl}/local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the local signing key', () => {
  // First in the file: the data folder is fresh, no key exists yet.
  it('is created once: 10 concurrent first token requests all yield working tokens', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => rawToken({ role: 'compliance', email: `first${i}@example.org` })),
    );
    const tokens = await Promise.all(
      responses.map(async (r) => ((await r.json()) as { token: string }).token),
    );
    const statuses = await Promise.all(
      tokens.map(
        async (t) =>
          (await fetch(`${rt.appUrl}/vendors`, { headers: { authorization: `Bearer ${t}` } })).status,
      ),
    );
    expect(statuses).toEqual(Array(10).fill(200));
  });
});

describe('staff tokens', () => {
  async function mint(claims: { exp?: number; iat?: number }) {
    const keys = JSON.parse(readFileSync(join(rt.dataDir, 'keys', 'staff-jwt.json'), 'utf8'));
    const jwt = new SignJWT({ email: 'mint@example.org', 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'local' })
      .setSubject('mint@example.org')
      .setIssuer('baa-guard-local');
    if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
    return jwt.sign(await importJWK(keys.privateJwk, 'ES256'));
  }
  const now = () => Math.floor(Date.now() / 1000);
  const status = async (token: string) =>
    (await fetch(`${rt.appUrl}/vendors`, { headers: { authorization: `Bearer ${token}` } })).status;

  it.each([
    ['without exp', { iat: now() }, 401],
    ['without iat', { exp: now() + 3600 }, 401],
    ['living 48 hours', { iat: now(), exp: now() + 48 * 3600 }, 401],
    ['living 25 hours', { iat: now(), exp: now() + 25 * 3600 }, 401],
    ['expired', { iat: now() - 7200, exp: now() - 3600 }, 401],
    ['living 1 hour', { iat: now(), exp: now() + 3600 }, 200],
    ['living 24 hours', { iat: now(), exp: now() + 24 * 3600 }, 200],
  ])('a token %s', async (_label, claims, expected) => {
    expect(await status(await mint(claims))).toBe(expected);
  });

  it('a session cookie without exp does not open the console', async () => {
    const res = await fetch(`${rt.appUrl}/console`, {
      headers: { cookie: `session=${await mint({ iat: now() })}` },
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/console\/login/);
  });
});

describe('malformed forms', () => {
  const bodies: [string, string, string][] = [
    ['multipart without a boundary', 'multipart/form-data', 'x'],
    ['multipart with a boundary but no parts', 'multipart/form-data; boundary=zzz', 'x'],
    [
      'truncated multipart',
      'multipart/form-data; boundary=zzz',
      '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue',
    ],
    [
      'multipart with a broken header',
      'multipart/form-data; boundary=zzz',
      '--zzz\r\nnot a header\r\n\r\nv\r\n--zzz--\r\n',
    ],
  ];

  it('POST /console/login (unauthenticated) answers a 400 page, not a 500', async () => {
    for (const [label, type, body] of bodies) {
      const res = await fetch(`${rt.appUrl}/console/login`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      expect(res.status, label).toBe(400);
      expect(res.headers.get('content-type'), label).toMatch(/text\/html/);
      expect(await res.text(), label).toContain('The form could not be read');
    }
  });

  it('every form route (fuzzed, signed in or not): never a 5xx', async () => {
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Fuzz Co', contactEmail: 'fuzz@vendor.example' }),
    });
    const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
    const invite = await rt.waitForEmail(
      (e) =>
        e.destination.to.includes('fuzz@vendor.example') && e.subject.startsWith('Security questionnaire'),
    );
    const token = portalToken(invite);
    await rt.runner.idle();
    const session = `session=${await rt.token('admin')}`;
    const v = vendor.json.id as string;
    // Every form route of the console and the portal (plus the sign-in, which needs no session).
    const paths = [
      '/console/login',
      '/console/logout',
      '/console/vendors',
      `/console/vendors/${v}/assessments`,
      `/console/vendors/${v}/assessments/${started.json.id}/invitation`,
      `/console/vendors/${v}/decision`,
      `/console/vendors/${v}/baas/main/review`,
      `/console/vendors/${v}/baas/main/sign`,
      `/console/vendors/${v}/baas/main/changes`,
      `/console/vendors/${v}/findings/${started.json.id}/f_q_x/extension`,
      `/console/vendors/${v}/findings/${started.json.id}/f_q_x/acceptance`,
      `/console/vendors/${v}/findings/${started.json.id}/f_q_x/verification`,
      `/portal/${token}`,
      `/portal/${token}/submit-form`,
      `/portal/${token}/findings/f_q_x/fix-form`,
      // The reviewer's desk.
      `/console/vendors/${v}/assessments/${started.json.id}/clarifications`,
      `/console/vendors/${v}/assessments/${started.json.id}/questions/gov-risk-analysis/verdict`,
      `/console/vendors/${v}/assessments/${started.json.id}/rescore`,
      `/portal/${token}/clarifications/gov-risk-analysis/reply-form`,
    ];
    const fuzz: [string, string][] = [
      ...bodies.map(([, type, body]) => [type, body] as [string, string]),
      ['application/x-www-form-urlencoded', '%zz=%%&a=%E0%A4%A&_csrf=%00'],
      ['application/x-www-form-urlencoded', `${'a='.repeat(5000)}`],
      [
        'multipart/form-data; boundary=zzz',
        '--zzz\r\nContent-Disposition: form-data; name="_csrf"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nfile\r\n--zzz--\r\n',
      ],
    ];
    const failures: string[] = [];
    for (const path of paths) {
      for (const cookie of [undefined, session]) {
        for (const [type, body] of fuzz) {
          const res = await fetch(`${rt.appUrl}${path}`, {
            method: 'POST',
            headers: { 'content-type': type, ...(cookie ? { cookie } : {}) },
            body,
            redirect: 'manual',
          });
          const broken = bodies.some(([, t, b]) => t === type && b === body);
          if (res.status >= 500 || (broken && res.status !== 400)) {
            failures.push(`${res.status} ${path} ${cookie ? 'signed in' : 'anonymous'} ${type}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('API clients posting a broken form get JSON', async () => {
    const res = await fetch(`${rt.appUrl}/vendors`, {
      method: 'POST',
      headers: {
        'content-type': 'multipart/form-data',
        accept: 'application/json',
        authorization: `Bearer ${await rt.token('admin')}`,
      },
      body: 'x',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_form');
  });
});

describe('Cache-Control: no-store', () => {
  it('on every authenticated or link-scoped response, JSON and pages, success or error', async () => {
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Cache Co', contactEmail: 'cache@vendor.example' }),
    });
    const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
    const invite = await rt.waitForEmail(
      (e) =>
        e.destination.to.includes('cache@vendor.example') && e.subject.startsWith('Security questionnaire'),
    );
    const token = portalToken(invite);
    await rt.runner.idle();
    const checks: [string, { role?: 'admin' | 'procurement'; token?: string | null }][] = [
      [`/portal/${token}/questionnaire`, {}],
      [`/portal/${token}/findings`, {}],
      [`/portal/${token}/baa/status`, {}],
      [`/portal/${token}`, {}],
      ['/portal/not-a-real-token/questionnaire', {}],
      ['/vendors', { role: 'admin' }],
      [`/vendors/${vendor.json.id}`, { role: 'admin' }],
      [`/assessments/${started.json.id}`, { role: 'admin' }],
      ['/vendors', { token: null }],
      ['/console/login', {}],
    ];
    for (const [path, options] of checks) {
      const res = await rt.api('GET', path, options);
      expect(res.headers.get('cache-control'), `${path} (${res.status})`).toBe('no-store');
    }
    // Static, content-hashed assets keep their long cache.
    const css = await fetch(`${rt.appUrl}/assets/app.css`);
    expect(css.headers.get('cache-control')).toMatch(/max-age=31536000/);
  });
});

describe('single-line fields refuse control characters', () => {
  it.each([
    ['name', { name: 'Acme\r\nBcc: victim@example.org' }],
    ['name', { name: 'Acme\u0000Imaging' }],
    ['contactName', { contactName: 'Jo\nVendor' }],
    ['contactName', { contactName: 'Jo\tVendor' }],
    ['services', { services: ['PACS\u2028hosting'] }],
    ['contactEmail', { contactEmail: 'jo@acme.example\r\nBcc: x@evil.example' }],
    ['name', { name: 'Trailing line break\n' }],
  ])('%s with %j: 400, nothing stored', async (field, override) => {
    const before = (await rt.api('GET', '/vendors?limit=100', { role: 'admin' })).json.items.length;
    const res = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ contactEmail: 'ok@acme.example', ...override }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.error)).toContain(field);
    expect((await rt.api('GET', '/vendors?limit=100', { role: 'admin' })).json.items.length).toBe(before);
  });

  it('file names with control characters are refused before any upload', async () => {
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Files Co', contactEmail: 'files@vendor.example' }),
    });
    const res = await rt.api('POST', `/vendors/${vendor.json.id}/baas/main/uploads`, {
      role: 'compliance',
      body: { fileName: 'signed\r\n.pdf', contentType: 'application/pdf', size: 10, kind: 'signed' },
    });
    expect(res.status).toBe(400);
  });
});

describe('sign-out', () => {
  it('a GET never signs out: it asks, and the session still works; the POST signs out', async () => {
    const cookie = `session=${await rt.token('compliance', 'leaving@example.org')}`;
    const get = await fetch(`${rt.appUrl}/console/logout`, { headers: { cookie }, redirect: 'manual' });
    expect(get.status).toBe(200);
    expect(get.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(false);
    const page = await get.text();
    expect(page).toContain('Sign out?');
    expect(page).toMatch(/<form method="post" action="\/console\/logout">/);
    const csrf = page.match(/name="_csrf" value="([^"]+)"/)![1]!;
    expect((await fetch(`${rt.appUrl}/console`, { headers: { cookie }, redirect: 'manual' })).status).toBe(
      200,
    );

    const anonymous = await fetch(`${rt.appUrl}/console/logout`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/console/login');

    const post = await fetch(`${rt.appUrl}/console/logout`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }),
      redirect: 'manual',
    });
    expect(post.status).toBe(303);
    expect(post.headers.getSetCookie().find((c) => c.startsWith('session='))).toMatch(/Max-Age=0/);
  });
});
