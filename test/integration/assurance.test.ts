/**
 * Assurance documents and the annual BA verification through the real local runtime: the vendor
 * adds a SOC 2 on its security documents page, compliance confirms (correcting a field), every
 * version is kept with its hash; the freshness ladder reminds the vendor and then compliance exactly
 * once per step; the verification is requested, emailed, returned, completed and accepted; the
 * approval gate blocks a PHI vendor without a current verification, passes with one, and blocks
 * again 13 months later.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { addAssurance, submitVerification, verifiedVendor } from '../support/assurance.ts';
import { phiVendor, stepOfSubject, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const PDF = '%PDF-1.4\n% SOC 2 Type II report\n%%EOF\n';

async function phiVendorWithLink(name: string, contact: string) {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name, contactEmail: contact }),
  });
  expect(vendor.status).toBe(201);
  const email = await rt.waitForEmail(
    (e) =>
      e.destination.to.includes(contact) && e.subject.startsWith('Business Associate Agreement required'),
  );
  const token = email.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!;
  return { vendorId: vendor.json.id as string, token };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const soc2 = (periodEnd: string, auditor = 'Exampel Audit LLP') => ({
  type: 'soc2',
  reportType: 'type2',
  periodStart: '2025-01-01',
  periodEnd,
  auditor,
  opinion: 'qualified',
  exceptions: [{ control: 'CC6.1', text: 'Two terminated users kept access for 40 days.' }],
  servicesInScope: ['Cloud PACS hosting'],
  subserviceOrganisations: [{ name: 'Amazon Web Services', method: 'carve_out' }],
  userEntityControls: ['Customers review user access quarterly.'],
});
const at = async (ms: number) => {
  await rt.api('POST', '/local/clock', { body: { now: new Date(ms).toISOString() } });
  await rt.api('POST', '/local/sweep');
  await rt.runner.idle();
};

describe('assurance documents', () => {
  it('the vendor adds a SOC 2 on its portal page; compliance confirms, correcting the auditor; versions are kept', async () => {
    const { vendorId, token } = await phiVendorWithLink('Docs Cloud', 'docs@vendor.example');
    const page = await fetch(`${rt.appUrl}/portal/${token}/security`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Security documents');
    expect(html).toContain('SOC 2 report');
    expect(html).not.toContain('soc2<');

    const periodEnd = day(rt.deps.clock.now().getTime() - 30 * DAY);
    const { registered } = await addAssurance(rt, { token }, soc2(periodEnd), { bytes: PDF });
    expect(registered.status).toBe(201);
    expect(registered.json).toMatchObject({ type: 'soc2', status: 'submitted', currency: 'current' });
    expect(registered.json.versions[0].sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    // The vendor sees no storage keys.
    expect(JSON.stringify(registered.json)).not.toContain('assurance/');

    // A client-built key is refused, like every upload in the product.
    const forged = await rt.api('POST', `/portal/${token}/assurance`, {
      body: { key: `assurance/${vendorId}/x/report.pdf`, fileName: 'report.pdf', fields: soc2(periodEnd) },
    });
    expect(forged.status).toBe(400);
    expect(forged.json.error.code).toBe('invalid_document');
    // A bridge letter must bridge a SOC 2 on file, after its period.
    const badBridge = await addAssurance(
      rt,
      { token },
      {
        type: 'bridge_letter',
        bridgesDocumentId: registered.json.id,
        throughDate: periodEnd,
      },
    );
    expect(badBridge.registered.status).toBe(400);
    expect(badBridge.registered.json.error.code).toBe('invalid_bridge');

    const confirmed = await rt.api(
      'POST',
      `/vendors/${vendorId}/assurance/${registered.json.id}/confirmation`,
      {
        role: 'compliance',
        body: { fields: soc2(periodEnd, 'Example Audit LLP') },
      },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ status: 'confirmed', confirmation: { corrected: ['auditor'] } });
    // Procurement cannot confirm.
    const byProcurement = await rt.api(
      'POST',
      `/vendors/${vendorId}/assurance/${registered.json.id}/confirmation`,
      { role: 'procurement', body: {} },
    );
    expect(byProcurement.status).toBe(403);

    // A new version goes back to compliance; the first is kept with its hash.
    const v2 = await addAssurance(rt, { token }, soc2(periodEnd, 'Example Audit LLP'), {
      bytes: `${PDF}% revised\n`,
      documentId: registered.json.id,
    });
    expect(v2.registered.status).toBe(201);
    expect(v2.registered.json.status).toBe('submitted');
    expect(v2.registered.json.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(v2.registered.json.versions[0].sha256).not.toBe(v2.registered.json.versions[1].sha256);

    const list = await rt.api('GET', `/vendors/${vendorId}/assurance`, { role: 'procurement' });
    expect(list.json.documents).toHaveLength(1);
    expect(list.json.documents[0].currencyLabel).toBe('Current');
    const trail = (await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' })).json.events as {
      action: string;
      summary: string;
    }[];
    expect(trail.find((e) => e.action === 'assurance.confirmed')!.summary).toContain('correcting auditor');
  });
});

describe('findings from documents', () => {
  it('a reviewer turns a SOC 2 exception into a finding cited to the report, once; the opinion too', async () => {
    const contact = 'findings@vendor.example';
    const { vendorId, token } = await phiVendorWithLink('Exception Cloud', contact);
    const periodEnd = day(rt.deps.clock.now().getTime() - 30 * DAY);
    const { registered } = await addAssurance(rt, { token }, soc2(periodEnd, 'Example Audit LLP'));
    const raise = (body: unknown, role: 'compliance' | 'procurement' = 'compliance') =>
      rt.api('POST', `/vendors/${vendorId}/assurance/${registered.json.id}/findings`, { role, body });

    const early = await raise({ source: 'exception', item: 0, severity: 'high' });
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('no_assessment');

    expect((await rt.api('POST', `/vendors/${vendorId}/assessments`, { role: 'procurement' })).status).toBe(
      202,
    );
    await rt.runner.idle();
    expect((await raise({ source: 'exception', item: 0, severity: 'high' }, 'procurement')).status).toBe(403);
    const raised = await raise({
      source: 'exception',
      item: 0,
      severity: 'high',
      note: 'Access reviews are quarterly.',
    });
    expect(raised.status).toBe(201);
    expect(raised.json).toMatchObject({
      severity: 'high',
      status: 'open',
      domain: 'assurance',
      title: 'SOC 2 exception CC6.1: Two terminated users kept access for 40 days.',
    });
    expect(raised.json.citation).toContain('SOC 2 Type II report by Example Audit LLP');
    expect(raised.json.citation).toMatch(
      /exception CC6\.1 \(report\.pdf, version 1, SHA-256 [0-9a-f]{16}…\)/,
    );
    // High findings are due in the remediation policy's 30 days, on the same ladder.
    expect(Date.parse(raised.json.dueAt) - rt.deps.clock.now().getTime()).toBeGreaterThan(29 * DAY);
    expect(raised.json.due.kind).toBe('finding_remediation');

    const twice = await raise({ source: 'exception', item: 0, severity: 'high' });
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe('finding_exists');
    const missing = await raise({ source: 'exception', item: 5, severity: 'low' });
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe('not_applicable');
    const opinion = await raise({ source: 'opinion', severity: 'medium' });
    expect(opinion.status).toBe(201);
    expect(opinion.json.title).toBe('SOC 2 report with a qualified opinion');

    const vendor = await rt.api('GET', `/vendors/${vendorId}`, { role: 'procurement' });
    const assessment = await rt.api('GET', `/assessments/${vendor.json.latestAssessmentId}`, {
      role: 'procurement',
    });
    expect(assessment.json.findings.map((f: { id: string }) => f.id)).toEqual(
      expect.arrayContaining([raised.json.id, opinion.json.id]),
    );
  });
});

describe('the annual business associate verification', () => {
  it('is requested, emailed, returned, completed and accepted', async () => {
    const contact = 'verify@vendor.example';
    const { vendorId } = await phiVendorWithLink('Verify Health', contact);
    const requested = await rt.api('POST', `/vendors/${vendorId}/verifications`, { role: 'compliance' });
    expect(requested.status).toBe(201);
    expect(requested.json.statusLabel).toBe('Requested, waiting for the vendor');
    const again = await rt.api('POST', `/vendors/${vendorId}/verifications`, { role: 'compliance' });
    expect(again.status).toBe(409);

    const email = await rt.waitForEmail(
      (e) => e.destination.to.includes(contact) && e.subject.includes('Annual verification'),
    );
    expect(email.body.text).toContain('proposed update to the HIPAA Security Rule');
    const token = email.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/verification/)![1]!;
    const form = await fetch(`${rt.appUrl}/portal/${token}/verification`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('45 CFR 164.312(b)');
    expect(html).toContain('Multi-factor authentication');

    const unsigned = await submitVerification(rt, token, { signature: 'Someone Else' });
    expect(unsigned.status).toBe(400);
    expect(unsigned.json.error.code).toBe('signature_mismatch');
    const partial = await submitVerification(rt, token, {
      attestations: { access_control: { answer: 'implemented' } },
    });
    expect(partial.status).toBe(400);
    expect(partial.json.error.code).toBe('attestation_missing');

    expect((await submitVerification(rt, token)).status).toBe(200);
    await rt.waitForEmail((e) => e.subject.startsWith('Annual verification received from Verify Health'));

    const returned = await rt.api(
      'POST',
      `/vendors/${vendorId}/verifications/${requested.json.id}/decision`,
      {
        role: 'compliance',
        body: { decision: 'return', note: 'The analysis does not cover the backup site.' },
      },
    );
    expect(returned.status).toBe(200);
    expect(returned.json.status).toBe('returned');
    const back = await rt.waitForEmail(
      (e) => e.destination.to.includes(contact) && e.subject.startsWith('Returned: Annual verification'),
    );
    expect(back.body.text).toContain('does not cover the backup site');
    const token2 = back.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/verification/)![1]!;
    expect((await submitVerification(rt, token2)).status).toBe(200);

    const accepted = await rt.api(
      'POST',
      `/vendors/${vendorId}/verifications/${requested.json.id}/decision`,
      {
        role: 'compliance',
        body: { decision: 'accept' },
      },
    );
    expect(accepted.status).toBe(200);
    const now = rt.deps.clock.now();
    const inAYear = new Date(now);
    inAYear.setUTCFullYear(now.getUTCFullYear() + 1);
    expect(accepted.json.currentUntil.slice(0, 10)).toBe(inAYear.toISOString().slice(0, 10));
    const list = await rt.api('GET', `/vendors/${vendorId}/verifications`, { role: 'procurement' });
    expect(list.json.verifications[0].submissions).toHaveLength(2);
    expect(list.json.verifications[0].submissions[1].analysis.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the console assurance page', () => {
  it('compliance confirms a document and accepts a verification from the page; procurement sees no decision form', async () => {
    const contact = 'console@vendor.example';
    const { vendorId, token } = await phiVendorWithLink('Console Docs Co', contact);
    const periodEnd = day(rt.deps.clock.now().getTime() - 30 * DAY);
    await addAssurance(rt, { token }, soc2(periodEnd, 'Example Audit LLP'));
    await rt.api('POST', `/vendors/${vendorId}/verifications`, { role: 'compliance' });
    const ask = await rt.waitForEmail(
      (e) => e.destination.to.includes(contact) && e.subject.includes('Annual verification'),
    );
    expect(
      (await submitVerification(rt, ask.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/verification/)![1]!))
        .status,
    ).toBe(200);

    const page = async (
      role: 'compliance' | 'procurement',
      path = `/console/vendors/${vendorId}/assurance`,
    ) => {
      const cookie = `session=${await rt.token(role)}`;
      const res = await fetch(`${rt.appUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
      return { status: res.status, html: await res.text(), cookie };
    };
    // The vendor's own console page leads here.
    const vendorPage = await page('procurement', `/console/vendors/${vendorId}`);
    expect(vendorPage.html).toContain(
      `<a href="/console/vendors/${vendorId}/assurance">Security documents and annual verification</a>`,
    );
    const asProcurement = await page('procurement');
    expect(asProcurement.status).toBe(200);
    expect(asProcurement.html).toContain('Waiting for confirmation');
    expect(asProcurement.html).not.toContain('Record decision');
    const asCompliance = await page('compliance');
    expect(asCompliance.html).toContain('Submitted, waiting for compliance');
    expect(asCompliance.html).toContain('45 CFR 164.312(a)');
    expect(asCompliance.html).not.toMatch(/>(soc2|type2|carve_out|implemented)</);
    const csrf = asCompliance.html.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const docId = asCompliance.html.match(/assurance\/(doc_[A-Za-z0-9]+)\/confirm/)![1]!;
    const verId = asCompliance.html.match(/verifications\/(ver_[A-Za-z0-9]+)\/decision/)![1]!;
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${rt.appUrl}${path}`, {
        method: 'POST',
        headers: { cookie: asCompliance.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        redirect: 'manual',
      });
    const confirmed = await post(`/console/vendors/${vendorId}/assurance/${docId}/confirm`, {});
    expect(confirmed.status).toBe(303);
    const noNote = await post(`/console/vendors/${vendorId}/assurance/verifications/${verId}/decision`, {
      decision: 'return',
    });
    expect(noNote.status).toBe(400);
    expect(await noNote.text()).toContain('Say what the vendor must change');
    const accepted = await post(`/console/vendors/${vendorId}/assurance/verifications/${verId}/decision`, {
      decision: 'accept',
    });
    expect(accepted.status).toBe(303);
    const after = await page('compliance', accepted.headers.get('location')!);
    expect(after.html).toContain('Verification accepted');
    expect(after.html).toContain('Confirmed by Compliance on');
    const download = await fetch(`${rt.appUrl}/vendors/${vendorId}/verifications/${verId}/analysis/1`, {
      headers: { authorization: `Bearer ${await rt.token('procurement')}` },
      redirect: 'manual',
    });
    expect(download.status).toBe(302);
  });
});

describe('the trust matrix', () => {
  it('shows, per vendor, document currency, the verification and findings in words; sorts; exports every vendor', async () => {
    const json = await rt.api('GET', '/trust-matrix?limit=100', { role: 'procurement' });
    expect(json.status).toBe(200);
    const rows = json.json.rows as {
      vendorName: string;
      documents: Record<string, { state: string; text: string }>;
      verification: { state: string; text: string };
      baa: { text: string };
    }[];
    const docs = rows.find((r) => r.vendorName === 'Docs Cloud')!;
    expect(docs.documents.soc2!.state).toBe('current');
    expect(docs.documents.soc2!.text).toMatch(/^Current until \d{4}-\d{2}-\d{2} \(not yet confirmed\)$/);
    expect(docs.documents.hitrust!.text).toBe('Not on file');
    expect(docs.verification.text).toBe('Not on file');
    expect(docs.baa.text).toBe('Sent to vendor');
    const verified = rows.find((r) => r.vendorName === 'Verify Health')!;
    expect(verified.verification.state).toBe('current');

    const session = `session=${await rt.token('compliance')}`;
    const page = await fetch(`${rt.appUrl}/console/trust?sort=verification`, {
      headers: { cookie: session },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Trust matrix');
    expect(html).toContain('proposed rule');
    // Worst first: a vendor with no verification comes before the verified one.
    expect(html.indexOf('Docs Cloud')).toBeLessThan(html.indexOf('Verify Health'));
    expect(html).not.toMatch(/>(soc2|not_required|cyber_insurance)</);

    const csv = await fetch(`${rt.appUrl}/trust-matrix?format=csv`, {
      headers: { authorization: `Bearer ${await rt.token('procurement')}` },
    });
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="trust-matrix-/);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe(
      'Vendor,Tier,Handles PHI,BAA,SOC 2,HITRUST,ISO/IEC 27001,Penetration test,Cyber insurance,Data location,Offshore data review (policy),Annual verification (proposed rule),Open findings,Open critical,Open high',
    );
    expect(text).toMatch(/Docs Cloud,(Low|Moderate|High|Critical) tier,/);
    expect(text).toContain('Verify Health,');
  });
});

describe('time passes (the clock only moves forward from here)', () => {
  it('the freshness ladder reminds the vendor at 60, 30 and 7 days, then compliance, each once', async () => {
    const contact = 'stale@vendor.example';
    const { vendorId, token } = await phiVendorWithLink('Stale Report Co', contact);
    const now = rt.deps.clock.now().getTime();
    // Period end 11 months ago: current until a month from the period end's anniversary.
    const periodEnd = new Date(now);
    periodEnd.setUTCMonth(periodEnd.getUTCMonth() - 10);
    const { registered } = await addAssurance(rt, { token }, soc2(day(periodEnd.getTime())));
    expect(registered.status).toBe(201);
    const staleAt = Date.parse(registered.json.currentUntil);
    const reminders = async () =>
      (await rt.emailsTo(contact)).filter((e) => e.subject.includes('current security document'));

    await at(staleAt - 60 * DAY + 60_000);
    expect(await reminders()).toHaveLength(1);
    await at(staleAt - 60 * DAY + 120_000);
    expect(await reminders()).toHaveLength(1);
    const first = (await reminders())[0]!;
    expect(first.body.text).toMatch(/\/portal\/[A-Za-z0-9_-]{43}\/security/);
    expect(first.body.text).toContain('SOC 2 report for the period ending');

    await at(staleAt - 30 * DAY + 60_000);
    await at(staleAt - 7 * DAY + 60_000);
    expect(await reminders()).toHaveLength(3);
    await at(staleAt + 60_000);
    await at(staleAt + 120_000);
    expect(await reminders()).toHaveLength(3);
    const toCompliance = (await rt.inbox()).filter(
      (e) =>
        e.subject.includes('current security document') &&
        e.subject.includes('Stale Report Co') &&
        e.destination.to.some((to) => to.startsWith('compliance')),
    );
    expect(toCompliance).toHaveLength(1);
    expect(stepOfSubject(toCompliance[0]!.subject)).toBe('Escalation L2');
    const list = await rt.api('GET', `/vendors/${vendorId}/assurance`, { role: 'procurement' });
    expect(list.json.documents[0].currencyLabel).toBe('Out of date');
  });

  it('an unanswered verification reminds the vendor (with its form link), then compliance, once each', async () => {
    const contact = 'slow@vendor.example';
    const { vendorId } = await phiVendorWithLink('Slow Verifier', contact);
    const requested = await rt.api('POST', `/vendors/${vendorId}/verifications`, { role: 'compliance' });
    const due = Date.parse(requested.json.responseDueAt);
    // The vendor's reminders are batched per step: the BAA request's reminder (same 30 days) may
    // share the email, which then lists both items.
    const reminders = async () =>
      (await rt.emailsTo(contact)).filter(
        (e) =>
          stepOfSubject(e.subject) === 'Reminder' &&
          e.body.text!.toLowerCase().includes('annual verification'),
      );
    await at(due - 14 * DAY + 60_000);
    await at(due - 14 * DAY + 120_000);
    expect(await reminders()).toHaveLength(1);
    expect((await reminders())[0]!.body.text).toMatch(/\/portal\/[A-Za-z0-9_-]{43}\/verification/);
    await at(due + 60_000);
    const escalations = (await rt.inbox()).filter(
      (e) =>
        stepOfSubject(e.subject) === 'Escalation L2' &&
        e.subject.includes('annual verification') &&
        e.subject.includes('Slow Verifier'),
    );
    expect(escalations).toHaveLength(1);
  });

  it('the gate blocks a PHI vendor without a current verification, passes with one, and blocks 13 months later', async () => {
    const contact = 'gate@vendor.example';
    const { vendorId } = await phiVendorWithLink('Gate Keeper Labs', contact);
    const gates = async () => {
      const res = await rt.api('POST', `/vendors/${vendorId}/decision`, {
        role: 'procurement',
        body: { decision: 'approve' },
      });
      expect(res.status).toBe(409);
      return res.json.error.details.failed as { gate: string; message: string }[];
    };
    const before = await gates();
    expect(before.find((f) => f.gate === 'verification_current')?.message).toContain(
      'no accepted annual verification',
    );
    await verifiedVendor(rt, vendorId, contact);
    expect((await gates()).map((f) => f.gate)).not.toContain('verification_current');
    const now = rt.deps.clock.now();
    const later = new Date(now);
    later.setUTCMonth(later.getUTCMonth() + 13);
    await at(later.getTime());
    const after = await gates();
    expect(after.find((f) => f.gate === 'verification_current')?.message).toContain('lapsed');
    // Nobody had to remember: 30 days before it lapsed, the next one was requested from the vendor, once.
    const asks = (await rt.emailsTo(contact)).filter((e) =>
      e.subject.startsWith('Annual verification of HIPAA technical safeguards'),
    );
    expect(asks).toHaveLength(2);
    await at(later.getTime() + 60_000);
    expect(
      (await rt.emailsTo(contact)).filter((e) => e.subject.startsWith('Annual verification of HIPAA')),
    ).toHaveLength(2);
    const list = await rt.api('GET', `/vendors/${vendorId}/verifications`, { role: 'compliance' });
    expect(list.json.verifications[0]).toMatchObject({ status: 'requested', requestedBy: 'system' });
  });
});
