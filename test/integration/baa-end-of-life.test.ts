/**
 * BAA decision integrity through the API with the local clock: an all-deviating review cannot be
 * signed; "equivalent" needs a second approver; termination lapses the approval and opens the
 * return-or-destroy task, closed by the vendor's attestation or by compliance; renewal keeps the old
 * agreement's ladder; a coterminous BAA gets a review date; the requested BAA's response deadline
 * walks its ladder.
 */
import { describe, expect, it } from 'vitest';
import { BAA_CHECKLIST_V1 } from '#shared/content/baa-clauses.v1.ts';
import { baaTemplateText } from '#shared/content/baa-template.v1.ts';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { clauseReview, signBaa, term, uploadBaa } from '../support/baa.ts';
import { phiVendor, stepOfSubject, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const SECOND = 'second.officer@example.org';

async function underReview(name: string, contact: string) {
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
  const { registered } = await uploadBaa(
    rt,
    { token },
    {
      name: 'signed.txt',
      contentType: 'text/plain',
      bytes: baaTemplateText('Example Health', name),
      kind: 'signed',
    },
  );
  expect(registered.status).toBe(200);
  return { vendorId: vendor.json.id as string, token };
}

const review = (vendorId: string, body: unknown) =>
  rt.api('POST', `/vendors/${vendorId}/baas/main/review`, { role: 'compliance', body });
const baaOf = async (vendorId: string) =>
  (await rt.api('GET', `/vendors/${vendorId}/baas/main`, { role: 'compliance' })).json;
const vendorOf = async (vendorId: string) =>
  (await rt.api('GET', `/vendors/${vendorId}`, { role: 'procurement' })).json;
const at = async (ms: number) => {
  await rt.api('POST', '/local/clock', { body: { now: new Date(ms).toISOString() } });
  await rt.api('POST', '/local/sweep');
};

async function signedFor(name: string, contact: string, days: number | null) {
  const { vendorId, token } = await underReview(name, contact);
  await review(vendorId, clauseReview());
  const now = rt.deps.clock.now().getTime();
  const signed =
    days === null
      ? await rt.api('POST', `/vendors/${vendorId}/baas/main/decision`, {
          role: 'compliance',
          body: { action: 'sign', effectiveAt: new Date(now).toISOString() },
        })
      : await signBaa(rt, vendorId, term(now, days));
  expect(signed.status).toBe(200);
  return {
    vendorId,
    token,
    signedAt: Date.parse(signed.json.signedAt),
    expiresAt: signed.json.expiresAt ? Date.parse(signed.json.expiresAt) : null,
  };
}

describe('BAA signing integrity', () => {
  it('an all-deviating review cannot be signed, whatever exceptions it carries', async () => {
    const { vendorId } = await underReview('Deviant Cloud', 'deviant@vendor.example');
    const all = Object.fromEntries(BAA_CHECKLIST_V1.clauses.map((c) => [c.id, 'deviates' as const]));
    const res = await review(vendorId, {
      ...clauseReview(all, 30),
      exceptions: [
        ...BAA_CHECKLIST_V1.clauses.map((c) => ({ item: c.id, reason: `We accept ${c.id}` })),
        { item: 'notice-window', reason: 'We accept 30 days' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json.evaluation.canSign).toBe(false);
    const signed = await signBaa(rt, vendorId, term(rt.deps.clock.now().getTime()));
    expect(signed.status).toBe(409);
    expect(signed.json.error.code).toBe('baa_not_signable');
    expect(signed.json.error.message).toContain('cannot be excepted');
  });

  it('"equivalent" wording needs a note and a second compliance approver; an admin cannot approve', async () => {
    const { vendorId } = await underReview('Own Paper Inc', 'ownpaper@vendor.example');
    const body = clauseReview({ 'hhs-books-records': 'equivalent' });
    const bare = await review(vendorId, body);
    expect(bare.json.evaluation.blockers.map((b: { code: string }) => b.code)).toEqual([
      'equivalent_without_note',
    ]);
    const noted = await review(vendorId, {
      ...body,
      entries: body.entries.map((e) =>
        e.clauseId === 'hhs-books-records'
          ? { ...e, note: '§9 opens books to "any regulator", HHS included' }
          : e,
      ),
    });
    expect(noted.json.evaluation).toMatchObject({ canSign: true, needsSecondApproval: true });
    const oneYear = term(rt.deps.clock.now().getTime());
    expect((await signBaa(rt, vendorId, oneYear)).json.error.code).toBe('second_approval_required');
    const admin = await rt.api('POST', `/vendors/${vendorId}/baas/main/decision`, {
      role: 'admin',
      body: { action: 'approve' },
    });
    expect(admin.status).toBe(403);
    expect(admin.json.error.code).toBe('compliance_only');
    const approved = await rt.api('POST', `/vendors/${vendorId}/baas/main/decision`, {
      token: await rt.token('compliance', SECOND),
      body: { action: 'approve' },
    });
    expect(approved.status).toBe(200);
    expect((await signBaa(rt, vendorId, oneYear)).status).toBe(200);
    const trail = (await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' })).json.events as {
      action: string;
      summary: string;
    }[];
    expect(trail.some((e) => e.action === 'baa.review_approved')).toBe(true);
    expect(trail.find((e) => e.action === 'baa.signed')!.summary).toContain(`approved by ${SECOND}`);
  });
});

describe('BAA end of life', () => {
  it('termination lapses the approval and opens return-or-destroy; the vendor attests with a certificate', async () => {
    const contact = 'ending@vendor.example';
    const { vendorId } = await signedFor('Ending Soon', contact, 365);
    const terminated = await rt.api('POST', `/vendors/${vendorId}/baas/main/termination`, {
      role: 'compliance',
      body: { reason: 'Services agreement ended' },
    });
    expect(terminated.status).toBe(200);
    const now = Date.parse(terminated.json.terminatedAt);
    expect(terminated.json.returnOrDestroy).toEqual({
      status: 'pending',
      openedAt: new Date(now).toISOString(),
      dueAt: new Date(now + 30 * DAY).toISOString(),
    });
    expect(await vendorOf(vendorId)).toMatchObject({ baaStatus: 'terminated', approvalLapsed: true });

    await rt.waitForEmail(
      (e) => e.destination.to.includes(contact) && e.subject.includes('return or destroy'),
    );

    // The vendor is reminded 14 days before the due date; the reminder carries the live link.
    await at(now + 16 * DAY + 60_000);
    const reminders = (await rt.emailsTo(contact)).filter(
      (e) => e.subject.startsWith('Reminder') && e.subject.includes('return or destruction'),
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body.text).toContain('Confirm return or destruction of our PHI');
    const token = reminders[0]!.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!;

    const pdf = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';
    const upload = await rt.api('POST', `/portal/${token}/baa/uploads`, {
      body: {
        fileName: 'certificate.pdf',
        contentType: 'application/pdf',
        size: pdf.length,
        kind: 'certificate',
      },
    });
    expect(upload.status).toBe(200);
    const put = await fetch(upload.json.uploadUrl, {
      method: 'PUT',
      headers: upload.json.headers,
      body: pdf,
    });
    expect(put.ok).toBe(true);
    const attested = await rt.api('POST', `/portal/${token}/baa/return-or-destroy`, {
      body: {
        method: 'destroyed',
        attestedBy: 'Jo Vendor, CISO',
        certificate: { key: upload.json.key, fileName: 'certificate.pdf' },
      },
    });
    expect(attested.status).toBe(200);
    expect(attested.json.returnOrDestroy).toMatchObject({
      status: 'attested',
      attestation: {
        method: 'destroyed',
        attestedBy: 'Jo Vendor, CISO',
        certificate: { fileName: 'certificate.pdf' },
      },
    });
    expect((await baaOf(vendorId)).nextActionAt).toBeUndefined();
    const again = await rt.api('POST', `/portal/${token}/baa/return-or-destroy`, {
      body: { method: 'destroyed', attestedBy: 'Jo Vendor, CISO' },
    });
    expect(again.status).toBe(409);

    // Past the due date nothing escalates: the task is closed.
    await at(now + 31 * DAY);
    expect(
      (await rt.emailsTo('compliance@example.org')).filter(
        (e) => stepOfSubject(e.subject).startsWith('Escalation') && e.subject.includes('Ending Soon'),
      ),
    ).toHaveLength(0);
  });

  it('the vendor can attest on its BAA page without JavaScript', async () => {
    const contact = 'pageattest@vendor.example';
    const { vendorId } = await signedFor('Page Attest', contact, 365);
    await rt.api('POST', `/vendors/${vendorId}/baas/main/termination`, {
      role: 'compliance',
      body: { reason: 'Contract ended' },
    });
    const notice = await rt.waitForEmail(
      (e) => e.destination.to.includes(contact) && e.subject.includes('return or destroy'),
    );
    const token = notice.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!;
    const page = await fetch(`${rt.appUrl}/portal/${token}/baa`);
    expect(await page.text()).toContain('Return or destruction of our PHI');
    const post = (fields: Record<string, string>) =>
      fetch(`${rt.appUrl}/portal/${token}/baa/attest`, {
        method: 'POST',
        body: new URLSearchParams(fields),
        redirect: 'manual',
      });
    const bad = await post({ method: 'destroyed', attestedBy: '' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('give your name and role');
    const ok = await post({ method: 'destroyed', attestedBy: 'Pat Page, IT manager' });
    expect(ok.status).toBe(303);
    const after = await fetch(`${rt.appUrl}${ok.headers.get('location')}`);
    expect(await after.text()).toContain('Thank you: your confirmation is recorded.');
    expect((await baaOf(vendorId)).returnOrDestroy.status).toBe('attested');
  });

  it('without an attestation compliance is told on the due date, and may record that return is infeasible', async () => {
    const { vendorId } = await signedFor('Keeps Backups', 'backups@vendor.example', 365);
    await rt.api('POST', `/vendors/${vendorId}/baas/main/termination`, {
      role: 'compliance',
      body: { reason: 'Vendor replaced' },
    });
    const now = rt.deps.clock.now().getTime();
    await at(now + 30 * DAY + 60_000);
    expect(
      (await rt.emailsTo('compliance@example.org')).filter(
        (e) => stepOfSubject(e.subject).startsWith('Escalation') && e.subject.includes('Keeps Backups'),
      ),
    ).toHaveLength(1);
    const path = `/vendors/${vendorId}/baas/main/return-or-destroy/infeasible`;
    expect((await rt.api('POST', path, { role: 'admin', body: { reason: 'Tape backups' } })).status).toBe(
      403,
    );
    const res = await rt.api('POST', path, {
      role: 'compliance',
      body: { reason: 'Immutable tape backups kept 7 years; protections continue' },
    });
    expect(res.status).toBe(200);
    expect(res.json.returnOrDestroy).toMatchObject({ status: 'infeasible' });
    expect(res.json.nextActionAt).toBeUndefined();
  });

  it('renewal keeps the old agreement and its ladder: it still escalates, and the approval lapses on its expiry', async () => {
    const signed = await signedFor('Slow Renewal', 'slow@vendor.example', 100);
    const { vendorId } = signed;
    const expiresAt = signed.expiresAt!;
    await at(expiresAt - 40 * DAY);
    const renewed = await rt.api('POST', `/vendors/${vendorId}/baas/main/renewal`, { role: 'compliance' });
    expect(renewed.status).toBe(200);
    expect(renewed.json).toMatchObject({
      status: 'sent',
      priorTerm: { expiresAt: new Date(expiresAt).toISOString() },
    });
    expect((await baaOf(vendorId)).nextActionAt).toBeDefined();
    // The old agreement is still in force: the BAA gate passes while the renewal is negotiated.
    const baaGate = async () => {
      const gates = await rt.api('GET', `/vendors/${vendorId}/gates`, { role: 'compliance' });
      return gates.json.approve.failed.find((f: { gate: string }) => f.gate === 'baa_signed');
    };
    expect(await baaGate()).toBeUndefined();

    await at(expiresAt - 30 * DAY + 60_000);
    expect(
      (await rt.emailsTo('compliance@example.org')).filter(
        (e) => stepOfSubject(e.subject) === 'Reminder' && e.subject.includes('Slow Renewal'),
      ),
    ).toHaveLength(1);

    await at(expiresAt + 60_000);
    expect(
      (await rt.emailsTo('security-officer@example.org')).filter((e) => e.subject.includes('Slow Renewal')),
    ).toHaveLength(1);
    const baa = await baaOf(vendorId);
    expect(baa.status).toBe('sent');
    expect(baa.priorTerm.lapsedAt).toBeDefined();
    expect((await vendorOf(vendorId)).approvalLapsed).toBe(true);
    expect((await baaGate())?.message).toContain('the BAA being renewed lapsed on');
  });

  it('a BAA without an expiry (coterminous) gets a review date 12 months out, with its own reminder', async () => {
    const { vendorId, signedAt } = await signedFor('Coterminous Co', 'coterm@vendor.example', null);
    const baa = await baaOf(vendorId);
    const twelveMonths = new Date(signedAt);
    twelveMonths.setUTCMonth(twelveMonths.getUTCMonth() + 12);
    expect(baa).toMatchObject({ status: 'signed', reviewDueAt: twelveMonths.toISOString() });
    expect(baa.expiresAt).toBeUndefined();
    await at(twelveMonths.getTime() - 30 * DAY + 60_000);
    expect(
      (await rt.emailsTo('compliance@example.org')).filter(
        (e) => stepOfSubject(e.subject) === 'Reminder' && e.subject.includes('Coterminous Co'),
      ),
    ).toHaveLength(1);
    expect((await baaOf(vendorId)).status).toBe('signed'); // a review date is not an expiry
    const reviewed = await rt.api('POST', `/vendors/${vendorId}/baas/main/periodic-review`, {
      role: 'compliance',
      body: { note: 'Services unchanged; agreement still fits' },
    });
    expect(reviewed.status).toBe(200);
    expect(Date.parse(reviewed.json.reviewDueAt)).toBeGreaterThan(twelveMonths.getTime());
  });

  it('a requested BAA is due back in 30 days: vendor reminders, then procurement, compliance and the executive', async () => {
    const contact = 'silent@vendor.example';
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Silent Vendor', contactEmail: contact }),
    });
    await rt.waitForEmail(
      (e) => e.destination.to.includes(contact) && e.subject.startsWith('Business Associate'),
    );
    const baa = await baaOf(vendor.json.id);
    const requested = Date.parse(baa.history.find((h: { event: string }) => h.event === 'send').at);
    expect(baa).toMatchObject({
      status: 'sent',
      responseDueAt: new Date(requested + 30 * DAY).toISOString(),
    });
    const due = Date.parse(baa.responseDueAt);
    const count = async (to: string, prefix: string) =>
      (await rt.emailsTo(to)).filter(
        (e) => stepOfSubject(e.subject).startsWith(prefix) && e.subject.includes('Silent Vendor'),
      ).length;
    await at(due - 14 * DAY + 60_000);
    expect(await count(contact, 'Reminder')).toBe(1);
    await at(due - 3 * DAY + 60_000);
    expect(await count(contact, 'Reminder')).toBe(2);
    await at(due + 60_000);
    expect(await count('procurement@example.org', 'Escalation')).toBe(1);
    await at(due + 7 * DAY + 60_000);
    expect(await count('compliance@example.org', 'Escalation')).toBe(1);
    await at(due + 21 * DAY + 60_000);
    expect(await count('security-officer@example.org', 'Escalation')).toBe(1);
  });
});

describe('documented BAA exemption', () => {
  it('compliance records it at intake with a reason and a citation; the BAA gate then needs no BAA', async () => {
    const contact = 'provider@vendor.example';
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Referral Clinic', contactEmail: contact }),
    });
    const vendorId = vendor.json.id as string;
    expect(vendor.json.baaRequired).toBe(true);
    const path = `/vendors/${vendorId}/baa-exemption`;
    const body = {
      basis: 'treatment_provider',
      reason: 'Receives referrals for the treatment of our patients only',
      citation: '45 CFR 160.103 (definition of business associate, paragraph (4)(i))',
    };
    const admin = await rt.api('POST', path, { role: 'admin', body });
    expect(admin.status).toBe(403);
    const noCitation = await rt.api('POST', path, { role: 'compliance', body: { ...body, citation: '' } });
    expect(noCitation.status).toBe(400);
    const recorded = await rt.api('POST', path, { role: 'compliance', body });
    expect(recorded.status).toBe(200);
    expect(recorded.json).toMatchObject({
      baaRequired: false,
      baaStatus: 'not_required',
      baaExemption: { basis: 'treatment_provider', citation: body.citation, by: 'compliance@example.org' },
    });
    expect((await rt.api('POST', path, { role: 'compliance', body })).status).toBe(409);
    expect((await baaOf(vendorId)).nextActionAt).toBeUndefined(); // no response deadline any more
    const gates = await rt.api('GET', `/vendors/${vendorId}/gates?decision=approve`, { role: 'procurement' });
    expect(JSON.stringify(gates.json)).not.toContain('baa_signed');
    const trail = (await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' })).json.events as {
      action: string;
      summary: string;
    }[];
    expect(trail.find((e) => e.action === 'vendor.baa_exempted')!.summary).toContain('160.103');

    // Withdrawn later: the vendor needs a BAA again and the request goes out.
    const revoke = `/vendors/${vendorId}/baa-exemption/revocation`;
    const reason = { reason: 'The clinic now hosts our scheduling data' };
    expect((await rt.api('POST', revoke, { role: 'admin', body: reason })).status).toBe(403);
    expect((await rt.api('POST', revoke, { role: 'compliance', body: { reason: '' } })).status).toBe(400);
    const requestsBefore = (await rt.emailsTo(contact)).filter((e) =>
      e.subject.startsWith('Business Associate'),
    );
    const revoked = await rt.api('POST', revoke, { role: 'compliance', body: reason });
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({ baaRequired: true, baaStatus: 'sent' });
    expect(revoked.json.baaExemption).toBeUndefined();
    const requestsAfter = (await rt.emailsTo(contact)).filter((e) =>
      e.subject.startsWith('Business Associate'),
    );
    expect(requestsAfter).toHaveLength(requestsBefore.length + 1);
    expect((await baaOf(vendorId)).responseDueAt).toBeDefined();
    expect((await rt.api('POST', revoke, { role: 'compliance', body: reason })).status).toBe(409);
    const gatesAfter = await rt.api('GET', `/vendors/${vendorId}/gates`, { role: 'procurement' });
    expect(JSON.stringify(gatesAfter.json.approve.failed)).toContain('baa_signed');
    const trailAfter = (await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' })).json
      .events as { action: string; summary: string }[];
    expect(trailAfter.find((e) => e.action === 'vendor.baa_exemption_revoked')!.summary).toContain(
      'scheduling data',
    );
  });
});
