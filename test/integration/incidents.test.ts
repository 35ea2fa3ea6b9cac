/**
 * Vendor incidents end to end against the local runtime: the vendor reports through the incident
 * link printed in its emails → compliance and the privacy officer are alerted, the vendor
 * acknowledged → deadlines are stored → the local clock walks the breach-clock ladder exactly once
 * per step → a low-probability determination, countersigned by a second compliance user, closes the
 * clocks → the audit trail shows every step. Plus: a late notice opens a finding; rotation. The tests
 * share one runtime in order (the third reads the incidents of the first two), so they stay one file.
 */
import { describe, expect, it } from 'vitest';
import { baaTemplateText } from '#shared/content/baa-template.v1.ts';
import { clauseReview, uploadBaa } from '../support/baa.ts';
import { COMPLIANCE, EXECUTIVE, incidentClient, incidentLinkIn, PRIVACY } from '../support/incidents.ts';
import { stepOfSubject, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const { setClock, sweep, registerPhiVendor, deadlineMails } = incidentClient(rt);

describe('a vendor incident', () => {
  it('runs from the report to a countersigned low-probability determination, every step audited', async () => {
    await setClock('2027-01-10T10:00:00.000Z');
    const { vendorId, baaRequest } = await registerPhiVendor('Harbor Labs', 'ops@harbor.example');

    // The incident link is printed at the foot of every vendor email (here: the BAA request).
    const token = incidentLinkIn(baaRequest);
    const link = await rt.api('GET', `/vendors/${vendorId}/incident-link`, { role: 'compliance' });
    expect(link.json.url).toContain(`/portal/${token}/incidents`);
    // It opens only the incident page.
    expect((await rt.api('GET', `/portal/${token}/questionnaire`)).status).toBe(404);

    const reported = await rt.api('POST', `/portal/${token}/incidents`, {
      body: {
        type: 'suspected_breach',
        discoveredAt: '2027-01-05T09:00:00.000Z',
        summary: 'A misconfigured storage bucket exposed appointment exports.',
        phiInvolved: true,
        unsecuredPhi: true,
        individualsAffected: 40,
        states: [{ state: 'tx', count: 40 }],
        systems: ['Scheduling export'],
        phiCategories: ['demographic', 'clinical'],
        vendorIsAgent: true,
      },
    });
    expect(reported.status).toBe(201);
    const incidentId = reported.json.id as string;

    // One alert to compliance and the privacy officer, one acknowledgement to the vendor.
    const alerts = (await rt.inbox()).filter((e) =>
      e.subject.startsWith('Vendor incident reported: Harbor Labs'),
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.destination.to.sort()).toEqual([COMPLIANCE, PRIVACY]);
    const ack = (await rt.emailsTo('ops@harbor.example')).filter((e) =>
      e.subject.startsWith('We received your incident report'),
    );
    expect(ack).toHaveLength(1);
    expect(ack[0]!.body.text).toContain('164.410(c)(1)');
    // Found walking the demo: both had no Reply-To, and the alert began "Hello,".
    expect(alerts[0]!.replyTo?.sort()).toEqual([COMPLIANCE, PRIVACY]);
    expect(alerts[0]!.body.text).toMatch(/^Dear compliance team and privacy officer,/);
    expect(ack[0]!.replyTo).toEqual([PRIVACY]);

    // The clocks: not an agent (a vendor cannot claim agency), so ours run from the report, 10 Jan 2027.
    // 10 Jan + 60 days = 11 March 2027; the annual log of 2027 is due 29 February 2028.
    const stored = await rt.api('GET', `/incidents/${incidentId}`, { role: 'compliance' });
    expect(stored.json.vendorIsAgent).toBe(false);
    const byId = Object.fromEntries(
      stored.json.deadlines.map((d: { id: string; dueAt: string; status: string }) => [
        d.id,
        [d.dueAt, d.status],
      ]),
    );
    expect(byId).toEqual({
      vendor_notice_legal: ['2027-03-06T23:59:59.999Z', 'met'],
      individuals: ['2027-03-11T23:59:59.999Z', 'open'],
      hhs: ['2028-02-29T23:59:59.999Z', 'open'],
    });
    const register = await rt.api('GET', '/incidents', { role: 'procurement' });
    expect(register.json.items.map((i: { id: string }) => i.id)).toContain(incidentId);
    expect(register.json.items.find((i: { id: string }) => i.id === incidentId).nextDueAt).toBe(
      '2027-03-11T23:59:59.999Z',
    );

    // The vendor is flagged and its reassessment falls due now.
    const vendor = await rt.api('GET', `/vendors/${vendorId}`, { role: 'compliance' });
    expect(vendor.json.incidentFlag?.incidentId ?? vendor.json.vendor?.incidentFlag?.incidentId).toBe(
      incidentId,
    );

    // The ladder for the individual notice (due 11 March, 23:59:59 UTC), each step once.
    const walk: [string, string[], string[], string[]][] = [
      // [clock, privacy officer, compliance, executive] — subjects' prefixes so far.
      ['2027-02-26T00:00:00.000Z', ['Reminder'], [], []],
      ['2027-03-05T00:00:00.000Z', ['Reminder', 'Reminder'], [], []],
      ['2027-03-09T00:00:00.000Z', ['Reminder', 'Reminder', 'Escalation L1'], ['Escalation L1'], []],
      [
        '2027-03-11T00:00:00.000Z',
        ['Reminder', 'Reminder', 'Escalation L1', 'Escalation L2'],
        ['Escalation L1', 'Escalation L2'],
        [],
      ],
      [
        '2027-03-12T00:00:00.000Z',
        ['Reminder', 'Reminder', 'Escalation L1', 'Escalation L2', 'Escalation L3'],
        ['Escalation L1', 'Escalation L2', 'Escalation L3'],
        ['Escalation L3'],
      ],
    ];
    for (const [at, privacy, compliance, executive] of walk) {
      await setClock(at);
      await sweep();
      await sweep(); // a second sweep at the same time sends nothing more
      expect(await deadlineMails(PRIVACY, 'Harbor Labs'), at).toEqual(privacy);
      expect(await deadlineMails(COMPLIANCE, 'Harbor Labs'), at).toEqual(compliance);
      expect(await deadlineMails(EXECUTIVE, 'Harbor Labs'), at).toEqual(executive);
    }

    const reminder = (await rt.emailsTo(PRIVACY)).find(
      (e) => stepOfSubject(e.subject) === 'Reminder' && e.subject.includes('breach-notice deadline'),
    );
    expect(reminder?.body.text).toContain('Notify affected individuals');
    expect(reminder?.body.text).toContain('HIPAA breach-notification deadline');
    // Staff are sent straight to the incident, where its deadlines are acted on.
    expect(reminder?.body.text).toContain(`Open the incident: `);
    expect(reminder?.body.text).toContain(`/console/incidents/${incidentId}`);

    // The OpenAPI document lists the incident operations.
    const openapi = (await rt.api('GET', '/openapi.json')).json;
    for (const path of [
      '/vendors/{vendorId}/incidents',
      '/portal/{token}/incidents',
      '/incidents/{incidentId}/assessment',
    ]) {
      expect(Object.keys(openapi.paths)).toContain(path);
    }

    // The four-factor assessment: low probability, then a countersignature by someone else.
    const assessed = await rt.api('POST', `/incidents/${incidentId}/assessment`, {
      role: 'compliance',
      body: {
        factors: {
          natureAndExtent: 'Names and appointment dates only; no diagnoses or identifiers beyond name.',
          unauthorizedPerson: 'A security researcher who reported it and deleted the copy.',
          acquiredOrViewed: 'Access logs show one download, attested as deleted.',
          mitigation: 'Bucket closed within an hour; written deletion attestation obtained.',
        },
        determination: 'low_probability',
        rationale: 'All four factors show a low probability of compromise.',
      },
    });
    expect(assessed.status).toBe(200);
    expect(assessed.json.deadlines.find((d: { id: string }) => d.id === 'individuals').status).toBe(
      'overdue',
    );

    const selfSigned = await rt.api('POST', `/incidents/${incidentId}/countersignature`, {
      role: 'compliance',
    });
    expect(selfSigned.status).toBe(403);
    expect(selfSigned.json.error.code).toBe('same_user');
    const second = await rt.token('compliance', 'second-compliance@example.org');
    const signed = await rt.api('POST', `/incidents/${incidentId}/countersignature`, { token: second });
    expect(signed.status).toBe(200);
    expect(signed.json.status).toBe('closed');
    expect(
      signed.json.deadlines
        .filter((d: { owner: string }) => d.owner === 'covered_entity')
        .map((d: { status: string }) => d.status),
    ).toEqual(['closed', 'closed']);
    expect(signed.json.assessment.rationale).toBe('All four factors show a low probability of compromise.');
    // The vendor's flag goes with the closed incident.
    expect(
      (await rt.api('GET', `/vendors/${vendorId}`, { role: 'compliance' })).json.incidentFlag,
    ).toBeUndefined();

    // Closed clocks leave the due index: a week later, no digest.
    await setClock('2027-03-20T00:00:00.000Z');
    await sweep();
    expect(await deadlineMails(COMPLIANCE, 'Harbor Labs')).toHaveLength(3);
    expect(
      (await rt.api('GET', '/incidents?status=closed', { role: 'compliance' })).json.items.map(
        (i: { id: string }) => i.id,
      ),
    ).toContain(incidentId);

    // The audit trail has every step.
    const trail = await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' });
    const actions = trail.json.events.map((e: { action: string }) => e.action);
    for (const action of [
      'incident.reported',
      'incident.notified',
      'vendor.incident_flagged',
      'deadline.reminded',
      'deadline.escalated',
      'incident.assessed',
      'incident.countersigned',
    ]) {
      expect(actions, action).toContain(action);
    }
    const onClock = (action: string) =>
      trail.json.events.filter(
        (e: { action: string; target: { id: string } }) =>
          e.action === action && e.target.id === `${incidentId}/individuals`,
      );
    expect(onClock('deadline.reminded')).toHaveLength(2);
    expect(onClock('deadline.escalated')).toHaveLength(3);
    expect(trail.json.verification.ok).toBe(true);
  });

  it('opens a finding when the vendor reports 70 days after discovery under a 10-day BAA window', async () => {
    await setClock('2027-04-01T10:00:00.000Z');
    const contact = 'late@slow.example';
    const { vendorId, baaRequest } = await registerPhiVendor('Slow Notice Inc', contact);
    const baaToken = baaRequest.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!;
    await uploadBaa(
      rt,
      { token: baaToken },
      {
        name: 'signed.txt',
        contentType: 'text/plain',
        bytes: baaTemplateText('Example Health', 'Slow Notice Inc'),
        kind: 'signed',
      },
    );
    const review = await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
      role: 'compliance',
      body: clauseReview({}, 10),
    });
    expect(review.status).toBe(200);

    // Logged by staff from a call: discovered 70 days before the report (21 Jan → 1 April 2027).
    const logged = await rt.api('POST', `/vendors/${vendorId}/incidents`, {
      role: 'compliance',
      body: {
        type: 'suspected_breach',
        discoveredAt: '2027-01-21T10:00:00.000Z',
        summary: 'Stolen laptop with unencrypted exports.',
        phiInvolved: true,
        unsecuredPhi: true,
        individualsAffected: 700,
        states: [
          { state: 'CA', count: 650 },
          { state: 'OR', count: 50 },
        ],
      },
    });
    expect(logged.status).toBe(201);
    const statuses = Object.fromEntries(
      logged.json.deadlines.map((d: { id: string; dueAt: string; status: string }) => [
        d.id,
        [d.dueAt, d.status],
      ]),
    );
    // 21 Jan + 10 = 31 Jan; 21 Jan + 60 = 22 March; ours from 1 April: + 60 = 31 May.
    expect(statuses).toMatchObject({
      vendor_notice_contract: ['2027-01-31T23:59:59.999Z', 'late'],
      vendor_notice_legal: ['2027-03-22T23:59:59.999Z', 'late'],
      individuals: ['2027-05-31T23:59:59.999Z', 'open'],
      hhs: ['2027-05-31T23:59:59.999Z', 'open'],
      media_CA: ['2027-05-31T23:59:59.999Z', 'open'],
    });
    expect(statuses.media_OR).toBeUndefined();

    const incident = await rt.api('GET', `/incidents/${logged.json.id}`, { role: 'compliance' });
    expect(incident.json.findingIds).toEqual(['f_incident_late_notice']);
    const trail = await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' });
    const opened = trail.json.events.filter((e: { action: string }) => e.action === 'finding.opened');
    expect(opened).toHaveLength(1);
    expect(opened[0].target.id).toBe(`${logged.json.id}/f_incident_late_notice`);
    expect(opened[0].summary).toMatch(/Incident reported late.*BAA: 10 days/);

    // A notice task closed with its evidence.
    const sent = await rt.api('POST', `/incidents/${logged.json.id}/notices/individuals`, {
      role: 'compliance',
      body: {
        sentAt: '2027-04-01T09:00:00.000Z',
        evidence: [{ description: 'Sample letter, mailed first class' }],
      },
    });
    expect(sent.status).toBe(200);
    expect(sent.json.deadlines.find((d: { id: string }) => d.id === 'individuals').status).toBe('met');
    const again = await rt.api('POST', `/incidents/${logged.json.id}/notices/individuals`, {
      role: 'compliance',
      body: { sentAt: '2027-04-01T09:00:00.000Z', evidence: [{ description: 'again' }] },
    });
    expect(again.status).toBe(409);

    // Evidence through the evidence upload path: a presigned PUT under the incident's prefix.
    const letter = new TextEncoder().encode('HHS breach portal confirmation #12345');
    const upload = await rt.api('POST', `/incidents/${logged.json.id}/evidence-uploads`, {
      role: 'compliance',
      body: {
        fileName: 'hhs-confirmation.txt',
        contentType: 'text/plain',
        size: letter.byteLength,
        purpose: 'hhs',
      },
    });
    expect(upload.status).toBe(200);
    expect(upload.json.evidence.key.startsWith(`evidence/${logged.json.id}/hhs/`)).toBe(true);
    const notStored = await rt.api('POST', `/incidents/${logged.json.id}/notices/hhs`, {
      role: 'compliance',
      body: {
        sentAt: '2027-04-01T09:00:00.000Z',
        evidence: [{ key: upload.json.evidence.key, description: 'HHS confirmation' }],
      },
    });
    expect(notStored.status).toBe(400);
    expect(notStored.json.error.code).toBe('evidence_not_found');
    const put = await fetch(upload.json.uploadUrl, {
      method: 'PUT',
      headers: upload.json.headers,
      body: letter,
    });
    expect(put.ok).toBe(true);
    const hhs = await rt.api('POST', `/incidents/${logged.json.id}/notices/hhs`, {
      role: 'compliance',
      body: {
        sentAt: '2027-04-01T09:00:00.000Z',
        evidence: [{ key: upload.json.evidence.key, description: 'HHS confirmation' }],
      },
    });
    expect(hhs.status).toBe(200);
    expect(hhs.json.notices.hhs.evidence[0].key).toBe(upload.json.evidence.key);

    // A law-enforcement delay (164.412): an oral one is capped at 30 days; a written one of 10 days
    // moves the media deadline from 31 May to 10 June, and its due row with it.
    const oral = await rt.api('POST', `/incidents/${logged.json.id}/law-enforcement-delay`, {
      role: 'compliance',
      body: {
        basis: 'Detective by phone',
        statement: 'oral',
        from: '2027-04-05T00:00:00.000Z',
        until: '2027-05-20T00:00:00.000Z',
      },
    });
    expect(oral.status).toBe(400);
    expect(oral.json.error.code).toBe('oral_delay_too_long');
    const delayed = await rt.api('POST', `/incidents/${logged.json.id}/law-enforcement-delay`, {
      role: 'compliance',
      body: {
        basis: 'FBI field office, written request',
        statement: 'written',
        from: '2027-04-05T00:00:00.000Z',
        until: '2027-04-15T00:00:00.000Z',
      },
    });
    expect(delayed.status).toBe(200);
    const media = delayed.json.deadlines.find((d: { id: string }) => d.id === 'media_CA');
    expect([media.dueAt, media.status]).toEqual(['2027-06-10T23:59:59.999Z', 'open']);
    const row = await rt.deps.incidents.getDeadlineRow(logged.json.id, 'media_CA');
    expect(row?.due?.dueAt).toBe('2027-06-10T23:59:59.999Z');
    expect(row?.nextActionAt).toBe('2027-05-27T23:59:59.999Z');
    // A met notice leaves the due index.
    expect(
      (await rt.deps.incidents.getDeadlineRow(logged.json.id, 'individuals'))?.nextActionAt,
    ).toBeUndefined();

    // Asking for the missing 164.410(c) information: an email with the incident link, its own
    // deadline, and a finding for the incomplete notice; the vendor's answer meets the deadline.
    const asked = await rt.api('POST', `/incidents/${logged.json.id}/information-request`, {
      role: 'compliance',
      body: { items: ['The list of affected individuals'], dueAt: '2027-04-08T23:59:59.000Z' },
    });
    expect(asked.status).toBe(200);
    expect(asked.json.findingIds).toEqual(['f_incident_late_notice', 'f_incident_incomplete_notice']);
    expect(asked.json.deadlines.find((d: { id: string }) => d.id === 'vendor_information')).toMatchObject({
      dueAt: '2027-04-08T23:59:59.000Z',
      status: 'open',
      owner: 'vendor',
    });
    const request = await rt.waitForEmail(
      (e) => e.destination.to.includes(contact) && e.subject.startsWith('Information needed by'),
    );
    const vendorToken = incidentLinkIn(request);
    const answered = await rt.api('POST', `/portal/${vendorToken}/incidents/${logged.json.id}/updates`, {
      body: { text: 'List attached by secure mail; 702 individuals in total.', individualsAffected: 702 },
    });
    expect(answered.status).toBe(200);
    expect(answered.json.informationRequest).toBeNull();
    const after = await rt.api('GET', `/incidents/${logged.json.id}`, { role: 'compliance' });
    expect(after.json.individualsAffected).toBe(702);
    expect(after.json.deadlines.find((d: { id: string }) => d.id === 'vendor_information').status).toBe(
      'met',
    );
  });

  it('rejects bad reports with a 400 naming the field, and a rotated link stops working', async () => {
    await setClock('2027-06-01T10:00:00.000Z');
    const { vendorId, baaRequest } = await registerPhiVendor('Rotating Co', 'sec@rotating.example');
    const token = incidentLinkIn(baaRequest);
    const future = await rt.api('POST', `/portal/${token}/incidents`, {
      body: {
        type: 'security_incident',
        discoveredAt: '2027-06-05T00:00:00.000Z',
        summary: 'Phishing',
        phiInvolved: false,
        unsecuredPhi: false,
      },
    });
    expect(future.status).toBe(400);
    expect(future.json.error.message).toMatch(/discoveredAt|future/);
    const badState = await rt.api('POST', `/portal/${token}/incidents`, {
      body: {
        type: 'security_incident',
        discoveredAt: '2027-05-30T00:00:00.000Z',
        summary: 'Phishing',
        phiInvolved: true,
        unsecuredPhi: true,
        states: [{ state: 'California', count: 3 }],
      },
    });
    expect(badState.status).toBe(400);
    expect(badState.json.error.message).toContain('states.0.state');

    const rotated = await rt.api('POST', `/vendors/${vendorId}/incident-link/rotation`, {
      role: 'compliance',
    });
    expect(rotated.status).toBe(200);
    expect(rotated.json.url).not.toContain(token);
    expect((await rt.api('GET', `/portal/${token}/incidents`)).status).toBe(410);
    const fresh = rotated.json.url.match(/\/portal\/([A-Za-z0-9_-]{43})\/incidents/)[1];
    expect((await rt.api('GET', `/portal/${fresh}/incidents`)).status).toBe(200);

    // A small breach through the new link lands in the 2027 HHS log; the countersigned
    // low-probability incident and the 700-person breach (told to HHS at once) do not.
    const smallBody = {
      type: 'security_incident',
      discoveredAt: '2027-05-30T00:00:00.000Z',
      summary: 'Phishing: one mailbox with referral letters',
      phiInvolved: true,
      unsecuredPhi: true,
      individualsAffected: 3,
      states: [{ state: 'WA', count: 3 }],
      phiCategories: ['clinical', 'insurance'],
    };
    const small = await rt.api('POST', `/portal/${fresh}/incidents`, { body: smallBody });
    expect(small.status).toBe(201);
    // Sent twice (a double click): the same incident, alerted and acknowledged once.
    const twice = await rt.api('POST', `/portal/${fresh}/incidents`, { body: smallBody });
    expect(twice.status).toBe(201);
    expect(twice.json.id).toBe(small.json.id);
    const alerts = (await rt.inbox()).filter((e) =>
      e.subject.startsWith('Vendor incident reported: Rotating Co'),
    );
    expect(alerts).toHaveLength(1);
    const log = await rt.api('GET', '/reports/hhs-breach-log?year=2027', { role: 'compliance' });
    expect(log.status).toBe(200);
    expect(log.headers.get('content-type')).toContain('text/csv');
    const lines = log.text.trim().split('\r\n');
    expect(lines[0]).toContain('Approximate Number of Individuals Affected');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Rotating Co');
    expect(lines[1]).toContain('2027-06-01,3,');
    expect(lines[1]).toContain('Clinical; Financial');
    expect((await rt.api('GET', '/reports/hhs-breach-log?year=99', { role: 'compliance' })).status).toBe(400);
    const exported = await rt.api('GET', '/reports/incidents?format=csv', { role: 'procurement' });
    expect(exported.status).toBe(200);
    expect(exported.text.split('\r\n').filter(Boolean).length).toBeGreaterThanOrEqual(4);
    // Types, statuses and times in words (times with their zone), the ISO time beside each.
    const [header, ...records] = exported.text.trim().split('\r\n');
    expect(header).toContain('Type,Discovered,Discovered (ISO 8601),');
    expect(exported.text).not.toMatch(/security_incident|suspected_breach|contingency_activation/);
    for (const record of records) {
      expect(record).toMatch(/,(Security incident|Suspected breach of PHI|Contingency-plan activation),/);
      expect(record).toMatch(/,"\w+ \d{1,2}, \d{4}, \d\d:\d\d UTC",\d{4}-\d\d-\d\dT/);
      expect(record).toMatch(/,(Open|Closed),/);
    }
  });

  it('keeps the standing incident link working when a new BAA link is emailed', async () => {
    // Found walking the demo: the first BAA reminder (a new BAA-only link, replacing older ones)
    // also revoked the incident link printed at the foot of that very email.
    const contact = 'ops@keepsake.example';
    const { vendorId, baaRequest } = await registerPhiVendor('Keepsake Health IT', contact);
    const token = incidentLinkIn(baaRequest);
    const baaToken = baaRequest.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!;
    // The BAA is due back in 30 days; its first reminder (with a new BAA link) comes 14 days before.
    expect((await rt.api('POST', '/local/clock', { body: { advanceDays: 17 } })).status).toBe(200);
    await sweep();
    const reminder = await rt.waitForEmail(
      (e) => e.destination.to.includes(contact) && e.subject.includes('signed Business Associate Agreement'),
    );
    expect(reminder.body.text).not.toContain(`/portal/${baaToken}/baa`);
    // The older BAA link is replaced; the incident link (in the reminder's footer too) still opens.
    expect((await rt.api('GET', `/portal/${baaToken}/baa/status`)).status).toBe(410);
    expect(incidentLinkIn(reminder)).toBe(token);
    expect((await rt.api('GET', `/portal/${token}/incidents`)).status).toBe(200);
    const link = await rt.api('GET', `/vendors/${vendorId}/incident-link`, { role: 'compliance' });
    expect(link.json.url).toContain(`/portal/${token}/incidents`);
  });
});
