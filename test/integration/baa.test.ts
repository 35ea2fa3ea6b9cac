/**
 * BAA management end to end: the request email at registration, the vendor's upload through its
 * link, document versions with hashes, the clause review and the signing rules, the approval gate,
 * the expiry ladder with the local clock, retention.
 */

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { baaTemplateText } from '#shared/content/baa-template.v1.ts';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { compliantAnswers } from '../support/answers.ts';
import { verifiedVendor } from '../support/assurance.ts';
import { clauseReview, signBaa, term, uploadBaa } from '../support/baa.ts';
import { phiVendor, portalToken, stepOfSubject, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

async function phiVendorWithBaaLink(name: string, contact: string) {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name, contactEmail: contact }),
  });
  expect(vendor.status).toBe(201);
  const request = await rt.waitForEmail(
    (e) =>
      e.destination.to.includes(contact) && e.subject.startsWith('Business Associate Agreement required'),
  );
  const token = request.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!;
  return { vendorId: vendor.json.id as string, token };
}

/** Launch, answer compliantly, submit: a reviewed assessment without findings. */
async function reviewedCleanly(vendorId: string, contact: string) {
  await rt.api('POST', `/vendors/${vendorId}/assessments`, { role: 'procurement' });
  const invitation = await rt.waitForEmail(
    (e) => e.destination.to.includes(contact) && e.subject.startsWith('Security questionnaire'),
  );
  const token = portalToken(invitation);
  const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
  // Every MFA channel covered: no findings at all, so a plain approval is possible.
  const mfa = view.questions.find((q: { id: string }) => q.id === 'access-mfa');
  const allMfa = mfa.options
    .filter((o: { exclusive: boolean }) => !o.exclusive)
    .map((o: { value: string }) => o.value);
  const answers = compliantAnswers(view, { 'access-mfa': allMfa });
  expect((await rt.api('POST', `/portal/${token}/submit`, { body: { answers } })).status).toBe(202);
  await rt.runner.idle();
}

describe('the BAA lifecycle', () => {
  it('registering a PHI vendor emails the BAA request; the vendor downloads our BAA and uploads a redline', async () => {
    const { vendorId, token } = await phiVendorWithBaaLink('Redline Health', 'redline@vendor.example');
    const status = await rt.api('GET', `/portal/${token}/baa/status`);
    expect(status.json.baa).toMatchObject({ status: 'sent', documents: [] });
    const template = await fetch(`${rt.appUrl}/portal/${token}/baa/template?format=txt`);
    expect(template.headers.get('content-disposition')).toContain('attachment');
    expect(await template.text()).toContain('BUSINESS ASSOCIATE AGREEMENT');

    const text = baaTemplateText('Example Health', 'Redline Health').replace(
      /10\) calendar days/,
      '45) calendar days',
    );
    const { registered } = await uploadBaa(
      rt,
      { token },
      { name: 'redline.txt', contentType: 'text/plain', bytes: text, kind: 'redline' },
    );
    expect(registered.status).toBe(200);
    expect(registered.json.status).toBe('under_review');
    expect(registered.json.documents[0]).toMatchObject({
      version: 1,
      kind: 'redline',
      sha256: createHash('sha256').update(text).digest('hex'),
    });

    const baa = await rt.api('GET', `/vendors/${vendorId}/baas/main`, { role: 'compliance' });
    expect(baa.json.documents[0].uploadedBy).toMatch(/^vendor:/);
    // The text aid pre-marks the clauses it found and reads the notice window.
    expect(baa.json.documents[0].suggestions.notFound).toEqual([]);
    expect(baa.json.documents[0].suggestions.noticeWindowDays).toBe(45);
  });

  it('a BAA missing the breach-reporting clause cannot be signed; a compliant one can, and then procurement can approve', async () => {
    const contact = 'signer@vendor.example';
    const { vendorId, token } = await phiVendorWithBaaLink('Signer Clinic Cloud', contact);
    await reviewedCleanly(vendorId, contact);

    // Without a signed BAA the approval gate refuses, naming the BAA.
    const blocked = await rt.api('POST', `/vendors/${vendorId}/decision`, {
      role: 'procurement',
      body: { decision: 'approve' },
    });
    expect(blocked.status).toBe(409);
    expect(blocked.json.error.code).toBe('gate_failed');
    expect(blocked.json.error.details.failed.map((f: { gate: string }) => f.gate)).toContain('baa_signed');
    // Compliance cannot override the BAA gate.
    const overridden = await rt.api('POST', `/vendors/${vendorId}/decision`, {
      role: 'compliance',
      body: { decision: 'approve', override: { reason: 'urgent clinical need' } },
    });
    expect(overridden.status).toBe(409);

    const signedCopy = baaTemplateText('Example Health', 'Signer Clinic Cloud');
    await uploadBaa(
      rt,
      { token },
      { name: 'signed.txt', contentType: 'text/plain', bytes: signedCopy, kind: 'signed' },
    );

    const missing = await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
      role: 'compliance',
      body: clauseReview({ 'security-incident-reporting': 'missing', 'report-disclosures': 'missing' }),
    });
    expect(missing.status).toBe(200);
    expect(missing.json.evaluation.canSign).toBe(false);
    const oneYear = term(Date.now());
    const refused = await signBaa(rt, vendorId, oneYear);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('baa_not_signable');
    expect(refused.json.error.message).toMatch(/report/i);

    const blanket = await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
      role: 'compliance',
      body: { ...clauseReview({}, 61), exceptionReason: 'vendor insists' },
    });
    expect(blanket.status).toBe(400);
    expect(blanket.json.error.code).toBe('exception_reason_replaced');
    const illegal = await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
      role: 'compliance',
      body: { ...clauseReview({}, 61), exceptions: [{ item: 'notice-window', reason: 'vendor insists' }] },
    });
    expect(illegal.json.evaluation.canSign).toBe(false);
    expect(JSON.stringify(illegal.json.evaluation.blockers)).toContain('notice_window_illegal');

    const overPolicy = await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
      role: 'compliance',
      body: clauseReview({}, 15),
    });
    expect(overPolicy.json.evaluation.canSign).toBe(false);
    const excepted = await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
      role: 'compliance',
      body: {
        ...clauseReview({}, 15),
        exceptions: [
          {
            item: 'notice-window',
            reason: 'Vendor is a national cloud; 15 days approved by the privacy officer.',
          },
        ],
      },
    });
    expect(excepted.json.evaluation).toMatchObject({ canSign: true, needsSecondApproval: true });

    // An exception needs a second compliance user, not the reviewer, once.
    const unapproved = await signBaa(rt, vendorId, oneYear);
    expect(unapproved.status).toBe(409);
    expect(unapproved.json.error.code).toBe('second_approval_required');
    const self = await rt.api('POST', `/vendors/${vendorId}/baas/main/decision`, {
      role: 'compliance',
      body: { action: 'approve' },
    });
    expect(self.status).toBe(403);
    expect(self.json.error.code).toBe('same_user');
    const second = await rt.token('compliance', 'second.officer@example.org');
    const approve = await rt.api('POST', `/vendors/${vendorId}/baas/main/decision`, {
      token: second,
      body: { action: 'approve', note: 'Read the window clause; acceptable.' },
    });
    expect(approve.status).toBe(200);
    expect(approve.json.review.secondApproval.by).toBe('second.officer@example.org');
    const twice = await rt.api('POST', `/vendors/${vendorId}/baas/main/decision`, {
      token: second,
      body: { action: 'approve' },
    });
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe('already_approved');

    const signed = await signBaa(rt, vendorId, oneYear);
    expect(signed.status).toBe(200);
    expect(signed.json).toMatchObject({ status: 'signed', expiresAt: oneYear.expiresAt });

    // A PHI vendor also needs its annual verification on file (proposed rule; policy on by default).
    const unverified = await rt.api('POST', `/vendors/${vendorId}/decision`, {
      role: 'procurement',
      body: { decision: 'approve' },
    });
    expect(unverified.status).toBe(409);
    expect(unverified.json.error.details.failed.map((f: { gate: string }) => f.gate)).toEqual([
      'verification_current',
    ]);
    await verifiedVendor(rt, vendorId, contact);

    const approved = await rt.api('POST', `/vendors/${vendorId}/decision`, {
      role: 'procurement',
      body: { decision: 'approve' },
    });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({
      stage: 'decided',
      baaStatus: 'signed',
      decision: { decision: 'approve' },
    });

    // Retention: a signed BAA cannot be deleted.
    const del = await rt.api('DELETE', `/vendors/${vendorId}/baas/main`, { role: 'admin' });
    expect(del.status).toBe(409);
    expect(del.json.error.code).toBe('retention_period');
  });

  it('walks the expiry ladder: reminders at 60, 30 (compliance too) and 7 days, executive and compliance on expiry, approval lapsed', async () => {
    const contact = 'expiry@vendor.example';
    const { vendorId, token } = await phiVendorWithBaaLink('Expiring Labs', contact);
    await uploadBaa(
      rt,
      { token },
      {
        name: 'signed.txt',
        contentType: 'text/plain',
        bytes: baaTemplateText('Example Health', 'Expiring Labs'),
        kind: 'signed',
      },
    );
    await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
      role: 'compliance',
      body: clauseReview(),
    });
    const now = rt.deps.clock.now().getTime();
    const expiresAt = now + 100 * DAY;
    const signed = await signBaa(rt, vendorId, term(now, (expiresAt - now) / DAY));
    expect(signed.status).toBe(200);

    const reminders = async () =>
      (await rt.emailsTo(contact)).filter((e) =>
        e.subject.startsWith('Reminder: the Business Associate Agreement'),
      );
    for (const [daysBefore, expected] of [
      [60, 1],
      [30, 2],
      [7, 3],
    ] as const) {
      await rt.api('POST', '/local/clock', {
        body: { now: new Date(expiresAt - daysBefore * DAY + 60_000).toISOString() },
      });
      await rt.api('POST', '/local/sweep');
      await rt.api('POST', '/local/sweep');
      expect(await reminders()).toHaveLength(expected);
    }
    expect(
      (await rt.emailsTo('owner@example.org')).filter(
        (e) => e.subject.includes('Expiring Labs') && e.subject.endsWith('— reminder'),
      ),
    ).toHaveLength(3);
    // The vendor's copy carries its private link: it goes to the vendor alone.
    for (const e of await reminders()) expect(e.destination.to).toEqual([contact]);
    expect((await rt.api('GET', `/vendors/${vendorId}`, { role: 'procurement' })).json.baaStatus).toBe(
      'expiring',
    );

    await rt.api('POST', '/local/clock', { body: { now: new Date(expiresAt + 60_000).toISOString() } });
    await rt.api('POST', '/local/sweep');
    const escalation = (await rt.emailsTo('compliance@example.org')).filter(
      (e) => stepOfSubject(e.subject) === 'Escalation L3' && e.subject.includes('Expiring Labs'),
    );
    expect(escalation).toHaveLength(1);
    expect(
      (await rt.emailsTo('security-officer@example.org')).filter((e) => e.subject.includes('Expiring Labs')),
    ).toHaveLength(1);
    // Compliance heard 30 days ahead as well.
    expect(
      (await rt.emailsTo('compliance@example.org')).filter(
        (e) => stepOfSubject(e.subject) === 'Reminder' && e.subject.includes('Expiring Labs'),
      ),
    ).toHaveLength(1);
    const vendor = (await rt.api('GET', `/vendors/${vendorId}`, { role: 'procurement' })).json;
    expect(vendor).toMatchObject({ baaStatus: 'expired', approvalLapsed: true });

    const renewal = await rt.api('POST', `/vendors/${vendorId}/baas/main/renewal`, { role: 'compliance' });
    expect(renewal.status).toBe(200);
    expect(renewal.json.status).toBe('sent');
    expect(
      (await rt.emailsTo(contact)).some((e) => e.subject.startsWith('Renewal: Business Associate Agreement')),
    ).toBe(true);
  });
});

describe('what gets signed is what was reviewed', () => {
  it('a document uploaded after the review voids it; a signed BAA takes no more documents', async () => {
    const { vendorId, token } = await phiVendorWithBaaLink('Swap Attempt', 'swap@vendor.example');
    const text = baaTemplateText('Example Health', 'Swap Attempt');
    await uploadBaa(
      rt,
      { token },
      { name: 'signed.txt', contentType: 'text/plain', bytes: text, kind: 'signed' },
    );
    expect(
      (
        await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
          role: 'compliance',
          body: clauseReview(),
        })
      ).json.evaluation.canSign,
    ).toBe(true);
    // The vendor swaps in another "signed" copy after the review.
    await uploadBaa(
      rt,
      { token },
      { name: 'other.txt', contentType: 'text/plain', bytes: 'we may use PHI for anything', kind: 'signed' },
    );
    const oneYear = term(Date.now());
    const refused = await signBaa(rt, vendorId, oneYear);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('review_required');

    // Re-reviewing the new version and a fresh signed copy of the real text: then it can be signed.
    await uploadBaa(
      rt,
      { token },
      { name: 'signed-again.txt', contentType: 'text/plain', bytes: text, kind: 'signed' },
    );
    await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
      role: 'compliance',
      body: clauseReview(),
    });
    expect((await signBaa(rt, vendorId, oneYear)).status).toBe(200);

    const late = await rt.api('POST', `/portal/${token}/baa/uploads`, {
      body: { fileName: 'late.txt', contentType: 'text/plain', size: 10, kind: 'signed' },
    });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('baa_not_open_for_documents');
  });

  it('an expiring BAA moves to the expiring register', async () => {
    const { vendorId, token } = await phiVendorWithBaaLink('Register Move', 'move@vendor.example');
    await uploadBaa(
      rt,
      { token },
      {
        name: 's.txt',
        contentType: 'text/plain',
        bytes: baaTemplateText('Example Health', 'Register Move'),
        kind: 'signed',
      },
    );
    await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
      role: 'compliance',
      body: clauseReview(),
    });
    const now = rt.deps.clock.now().getTime();
    const expiresAt = now + 90 * DAY;
    await signBaa(rt, vendorId, term(now, (expiresAt - now) / DAY));
    await rt.api('POST', '/local/clock', { body: { now: new Date(expiresAt - 59 * DAY).toISOString() } });
    await rt.api('POST', '/local/sweep');
    const expiring = await rt.api('GET', '/baas?status=expiring&limit=100', { role: 'compliance' });
    expect(expiring.json.items.map((b: { vendorId: string }) => b.vendorId)).toContain(vendorId);
    const signed = await rt.api('GET', '/baas?status=signed&limit=100', { role: 'compliance' });
    expect(signed.json.items.map((b: { vendorId: string }) => b.vendorId)).not.toContain(vendorId);
  });
});

describe('bad uploads are refused with a clear message', () => {
  it.each([
    [
      'a wrong type',
      { name: 'run.exe', contentType: 'application/x-msdownload', bytes: 'MZ', kind: 'signed' as const },
      400,
      'unsupported_type',
    ],
    [
      'an empty file',
      { name: 'empty.pdf', contentType: 'application/pdf', bytes: '', kind: 'signed' as const },
      400,
      'empty_file',
    ],
    [
      'a PDF that is not a PDF',
      {
        name: 'fake.pdf',
        contentType: 'application/pdf',
        bytes: 'hello, not a pdf',
        kind: 'signed' as const,
      },
      400,
      'content_mismatch',
    ],
  ])('%s', async (_name, file, status, code) => {
    const { token } = await phiVendorWithBaaLink(`Bad Upload ${code}`, `${code}@vendor.example`);
    const { registered } = await uploadBaa(rt, { token }, file);
    expect(registered.status).toBe(status);
    expect(registered.json.error.code).toBe(code);
    expect(registered.json.error.message.length).toBeGreaterThan(10);
  });

  it('an oversized file is refused before any byte moves', async () => {
    const { token } = await phiVendorWithBaaLink('Huge Upload', 'huge@vendor.example');
    const res = await rt.api('POST', `/portal/${token}/baa/uploads`, {
      body: { fileName: 'huge.pdf', contentType: 'application/pdf', size: 50 * 1024 * 1024, kind: 'signed' },
    });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('file_too_large');
  });

  it('keeps every version with its own hash', async () => {
    const { vendorId, token } = await phiVendorWithBaaLink('Versions Inc', 'versions@vendor.example');
    await uploadBaa(
      rt,
      { token },
      { name: 'v1.txt', contentType: 'text/plain', bytes: 'first draft of the agreement', kind: 'redline' },
    );
    await uploadBaa(
      rt,
      { token },
      { name: 'v2.txt', contentType: 'text/plain', bytes: 'second draft of the agreement', kind: 'redline' },
    );
    const baa = (await rt.api('GET', `/vendors/${vendorId}/baas/main`, { role: 'compliance' })).json;
    expect(baa.documents.map((d: { version: number }) => d.version)).toEqual([1, 2]);
    expect(baa.documents[0].sha256).not.toBe(baa.documents[1].sha256);
    const download = await fetch(`${rt.appUrl}/vendors/${vendorId}/baas/main/documents/1`, {
      headers: { authorization: `Bearer ${await rt.token('compliance')}` },
      redirect: 'follow',
    });
    expect(await download.text()).toBe('first draft of the agreement');
  });
});
