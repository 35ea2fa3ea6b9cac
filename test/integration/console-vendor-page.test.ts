/**
 * The console's vendor page over the real local runtime, driven as a browser without JavaScript
 * would (test/support/console.ts): findings with due dates and extensions, CSRF and role checks on
 * its forms, the BAA clause review, signing and second approval, and inert vendor-supplied text.
 */
import { describe, expect, it } from 'vitest';
import { baaTemplateText } from '#shared/content/baa-template.v1.ts';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { uploadBaa } from '../support/baa.ts';
import { consoleClient, unique } from '../support/console.ts';
import { portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const { request, signIn, registerVendor, reviewedVendor } = consoleClient(rt);

const findingBlock = (html: string, id: string) =>
  html.match(new RegExp(`<article[^>]*id="finding-${id}"[\\s\\S]*?</article>`))?.[0] ?? '';

/** A PHI vendor whose signed copy of our BAA (as text) is uploaded and waiting for clause review. */
async function vendorWithSignedCopy(name: string, contactEmail: string) {
  const vendor = await registerVendor({ name, contactEmail });
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
  return vendor;
}

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
    const vendor = await vendorWithSignedCopy(name, 'clause@vendor.example');
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
    const vendor = await vendorWithSignedCopy(name, 'second@vendor.example');
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
