/**
 * The staff console over the real local runtime, driven as a browser without JavaScript would:
 * sign in through the form, follow links, post forms with the session cookie and the CSRF token,
 * and read the HTML that comes back.
 */
import { describe, expect, it } from 'vitest';
import { consoleClient, cookieValue, csrfOf, unique } from '../support/console.ts';
import { phiVendor, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const { request, signIn, registerVendor, reviewedVendor } = consoleClient(rt);

/** The HTML of one board column. */
const column = (html: string, stage: string) =>
  html.match(
    new RegExp(`<section class="board__column"[^>]*data-stage="${stage}">([\\s\\S]*?)</section>`),
  )?.[1] ?? '';

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
