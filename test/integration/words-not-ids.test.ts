/**
 * Staff see words, not ids: the console's pages and the audit packet, after a vendor has been
 * through a questionnaire, findings, a fix report, a BAA upload and review, carry no internal id
 * (v_…, a_…, f_q_…) and no raw enum value in their text. Links and attributes may carry ids.
 */
import { describe, expect, it } from 'vitest';
import { baaTemplateText } from '#shared/content/baa-template.v1.ts';
import { compliantAnswers } from '../support/answers.ts';
import { clauseReview, uploadBaa } from '../support/baa.ts';
import { consoleClient } from '../support/console.ts';
import { smallBreachReport } from '../support/incidents.ts';
import { phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

/** Raw values of the product's enums that must never be read as text (written out here on purpose). */
const RAW_ENUMS = [
  'under_review',
  'changes_requested',
  'not_required',
  'needs_review',
  'approve_with_conditions',
  'fix_reported',
  'fix_verified',
  'in_remediation',
  'assessment_sent',
  'in_progress',
  'finding_remediation',
  'questionnaire_response',
  'receive_document',
  'vendor.registered',
  'finding.fix_reported',
  'baa.requested',
  'assessment.sent',
  'baa_signed',
  'no_open_critical',
  'assessment_reviewed',
  'assessment_current',
  'broken_link',
  'suspected_breach',
  'security_incident',
  'baa_response',
  'risk_acceptance_expiry',
];

/** The text a person reads: tags, attributes, scripts and styles removed. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<span class="visually-hidden">[\s\S]*?<\/span>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ');
}

function expectWordsOnly(label: string, html: string) {
  const text = visibleText(html);
  const ids = text.match(/\b(?:f_q_|v_|a_|f_)[A-Za-z0-9_-]{3,}/g) ?? [];
  expect(ids, `${label}: ids in text`).toEqual([]);
  for (const raw of RAW_ENUMS) expect(text.includes(raw), `${label}: "${raw}" in text`).toBe(false);
  // Any other snake_case token is an enum value too (ids of questions are written with hyphens).
  const snake = text.match(/.{0,40}\b[a-z0-9]+_[a-z0-9_]+\b.{0,20}/g) ?? [];
  expect(snake, `${label}: snake_case values in text`).toEqual([]);
  // Staff are people with roles, not email addresses (the test runtime signs staff in as role@example.org).
  const staffEmails = text.match(/.{0,40}\b(?:procurement|compliance|admin)@example\.org.{0,20}/g) ?? [];
  expect(staffEmails, `${label}: staff email addresses in text`).toEqual([]);
  const iso = text.match(/.{0,80}\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.{0,20}/g) ?? [];
  expect(iso, `${label}: ISO timestamps in text`).toEqual([]);
}

const { signIn } = consoleClient(rt);
const consoleCookie = async () => (await signIn('compliance', 'pat.lee@example.org')).staff.cookie;

describe('staff see words, not ids', () => {
  it('the console pages and the audit packet carry no ids or raw enum values in their text', async () => {
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Wordy Health', contactName: 'Jo Vendor', contactEmail: 'jo@wordy.example' }),
    });
    const vendorId = vendor.json.id as string;
    const baaMail = await rt.waitForEmail(
      (e) => e.destination.to.includes('jo@wordy.example') && e.subject.includes('Business Associate'),
    );
    const baaToken = baaMail.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!;
    await rt.api('POST', `/vendors/${vendorId}/assessments`, { role: 'procurement' });
    const invitation = await rt.waitForEmail(
      (e) => e.destination.to.includes('jo@wordy.example') && e.subject.startsWith('Security questionnaire'),
    );
    const token = portalToken(invitation);
    const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
    const answers = compliantAnswers(view, { 'access-unique-ids': 'no', 'enc-at-rest': 'no' });
    expect((await rt.api('POST', `/portal/${token}/submit`, { body: { answers } })).status).toBe(202);
    await rt.runner.idle();
    const assessmentOf = (await rt.api('GET', `/vendors/${vendorId}`, { role: 'compliance' })).json
      .latestAssessmentId as string;
    const verdict = await rt.api('PUT', `/assessments/${assessmentOf}/questions/enc-in-transit/verdict`, {
      role: 'compliance',
      body: { verdict: 'accepted' },
    });
    expect(verdict.status).toBe(200);
    const findings = (await rt.api('GET', `/portal/${token}/findings`)).json.items as { id: string }[];
    expect(findings.length).toBeGreaterThan(0);
    await rt.api('POST', `/portal/${token}/findings/${findings[0]!.id}/fix`, {
      body: { note: 'Enabled MFA.' },
    });
    await uploadBaa(
      rt,
      { token: baaToken },
      {
        name: 'redline.txt',
        contentType: 'text/plain',
        bytes: baaTemplateText('Example Health', 'Wordy Health'),
        kind: 'redline',
      },
    );
    await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
      role: 'compliance',
      body: clauseReview(),
    });
    // A refused approval leaves the gates' words on the page.
    await rt.api('POST', `/vendors/${vendorId}/decision`, {
      role: 'procurement',
      body: { decision: 'approve' },
    });

    // An incident, reported through the standing link at the foot of the BAA request.
    const incidentToken = baaMail.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/incidents/)![1]!;
    const reported = await rt.api('POST', `/portal/${incidentToken}/incidents`, {
      body: smallBreachReport(rt.deps.clock.now()),
    });
    expect(reported.status).toBe(201);
    // What the vendor's actions wrote to the audit trail, in words (found walking the product:
    // "with 0 evidence file(s)", "(2 address(es))", "4 deadline(s)").
    const trail = (await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' })).json.events as {
      action: string;
      summary: string;
    }[];
    const summaryOf = (action: string) => trail.find((e) => e.action === action)?.summary ?? '';
    expect(summaryOf('finding.fix_reported')).toMatch(
      /^The vendor reported a fix for ".+" without evidence files$/,
    );
    expect(summaryOf('incident.notified')).toBe(
      'Alerted compliance and the privacy officer (2 addresses); acknowledged to the vendor',
    );
    expect(summaryOf('incident.reported')).toMatch(/; 4 deadlines: /);
    for (const action of ['finding.fix_reported', 'incident.notified', 'incident.reported']) {
      expect(summaryOf(action), action).not.toMatch(/\((s|es)\)/);
    }
    const assessmentId = (await rt.api('GET', `/vendors/${vendorId}`, { role: 'compliance' })).json
      .latestAssessmentId as string;

    const cookie = await consoleCookie();
    for (const path of [
      '/console',
      `/console/vendors/${vendorId}`,
      '/console/vendors',
      '/console/findings',
      '/console/baas',
      `/console/vendors/${vendorId}/assessments/${assessmentId}`,
      `/console/vendors/${vendorId}/assurance`,
      '/console/trust',
      '/console/incidents',
      `/console/incidents/${reported.json.id}`,
    ]) {
      const res = await fetch(`${rt.appUrl}${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(200);
      expectWordsOnly(path, await res.text());
    }
    const page = await (
      await fetch(`${rt.appUrl}/console/vendors/${vendorId}`, { headers: { cookie } })
    ).text();
    // The register words the clause review as the vendor page does (found walking the demo: "Signable").
    const register = await (await fetch(`${rt.appUrl}/console/baas`, { headers: { cookie } })).text();
    expect(visibleText(register)).toContain('Can be signed');
    // Actors as people, statuses as labels.
    expect(visibleText(page)).toContain('Jo Vendor (vendor');
    expect(visibleText(page)).toContain('Under review');

    const packet = await rt.api('GET', `/vendors/${vendorId}/audit-packet`, { role: 'compliance' });
    expect(packet.status).toBe(200);
    expectWordsOnly('audit packet', packet.text);
    // The rating as a word, like the console (found walking the demo: "Residual risk rating: critical").
    expect(packet.text).toMatch(/<dt>Residual risk rating<\/dt><dd>(Critical|High|Moderate|Low)<\/dd>/);
    // Hashes are shortened in print, with the full value kept on the element.
    expect(packet.text).toMatch(/<span class="hash" title="[0-9a-f]{64}">[0-9a-f]{12}…/);
    // The questionnaire by its title and version, never its template id; staff as "Name (role)"
    // everywhere, as the audit trail names them (found walking the product: "by pat.procurement@…").
    const packetText = visibleText(packet.text);
    expect(packetText).not.toContain('hipaa-vendor-security');
    expect(packetText).toMatch(/Questionnaire\s+[A-Z][^,]*, version \d+ \(\d+ questions\)/);
    expect(packetText).toMatch(/Started\s+.* by Procurement \(procurement\)/);
    expect(packetText).toMatch(/Registered\s+.* by Procurement \(procurement\)/);
    expect(packetText).not.toMatch(/(procurement|compliance)@example\.org/);

    // A rejection without a reason is an incomplete form (400, naming the field), not a blocked decision.
    for (const reason of [undefined, '   ']) {
      const incomplete = await rt.api('POST', `/vendors/${vendorId}/decision`, {
        role: 'procurement',
        body: { decision: 'reject', ...(reason === undefined ? {} : { reason }) },
      });
      expect(incomplete.status).toBe(400);
      expect(incomplete.text).not.toContain('blocked');
      expect(incomplete.text).toContain('give a reason for the rejection');
      expect(incomplete.json.error.details).toEqual([expect.objectContaining({ path: 'reason' })]);
    }
    // A decision on the console: its "By" column names the person and role, like the audit trail.
    const rejected = await rt.api('POST', `/vendors/${vendorId}/decision`, {
      role: 'procurement',
      body: { decision: 'reject', reason: 'Chose another supplier.' },
    });
    expect(rejected.status).toBe(200);
    const decided = visibleText(
      await (await fetch(`${rt.appUrl}/console/vendors/${vendorId}`, { headers: { cookie } })).text(),
    );
    expect(decided).not.toMatch(/(procurement|compliance)@example\.org/);
    expect(decided).toMatch(/Registered\s+.* by Procurement \(procurement\)/);
    expect(decided).toMatch(/Reviewed .* by Compliance \(compliance\)/);
    expect(decided).toMatch(/Rejected\s+Procurement \(procurement\)\s+Chose another supplier/);
  }, 60_000);

  it('a proposed outcome reads as a recommendation, not as a decision already made', async () => {
    // Found walking the demo: before any decision the review desk, the vendor page and the packet
    // said "Proposed outcome: Approved", which an auditor reads as an approval on file.
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({
        name: 'Proposal Health',
        contactName: 'Al Vendor',
        contactEmail: 'al@proposal.example',
      }),
    });
    const vendorId = vendor.json.id as string;
    const started = await rt.api('POST', `/vendors/${vendorId}/assessments`, { role: 'procurement' });
    const invitation = await rt.waitForEmail(
      (e) =>
        e.destination.to.includes('al@proposal.example') && e.subject.startsWith('Security questionnaire'),
    );
    const token = portalToken(invitation);
    const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
    const answers = compliantAnswers(view, {});
    expect((await rt.api('POST', `/portal/${token}/submit`, { body: { answers } })).status).toBe(202);
    await rt.runner.idle();
    const assessmentId = started.json.id as string;
    const reviewed = await rt.api('GET', `/assessments/${assessmentId}`, { role: 'compliance' });
    const words = { approve: 'Approve', approve_with_conditions: 'Approve with conditions' }[
      reviewed.json.outcome as string
    ];
    expect(words, `outcome ${reviewed.json.outcome}`).toBeDefined();

    const cookie = await consoleCookie();
    const desk = visibleText(
      await (
        await fetch(`${rt.appUrl}/console/vendors/${vendorId}/assessments/${assessmentId}`, {
          headers: { cookie },
        })
      ).text(),
    );
    expect(desk).toMatch(new RegExp(`Proposed outcome\\s+${words}\\s`));
    const vendorPage = visibleText(
      await (await fetch(`${rt.appUrl}/console/vendors/${vendorId}`, { headers: { cookie } })).text(),
    );
    expect(vendorPage).not.toContain('Approved');
    const packet = await rt.api('GET', `/vendors/${vendorId}/audit-packet`, { role: 'compliance' });
    expect(packet.text).toContain(`<dt>Proposed outcome</dt><dd>${words}</dd>`);
    expect(packet.text).not.toContain('Approved');
  }, 60_000);
});
