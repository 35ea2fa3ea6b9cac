/**
 * Every event is told to whoever acts next. Table-driven: each row performs one event through the
 * API and expects exactly these emails (recipient → subject), written here independently of
 * EVENT_RULES. Also: a named greeting, Reply-To the responsible team, the vendor's private link in
 * the vendor's email only.
 */
import { describe, expect, it } from 'vitest';
import { baaTemplateText } from '#shared/content/baa-template.v1.ts';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { compliantAnswers } from '../support/answers.ts';
import { submitVerification } from '../support/assurance.ts';
import { clauseReview, signBaa, term, uploadBaa } from '../support/baa.ts';
import { type InboxEmail, phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

const VENDOR = 'jo.vendor@tell.example';
const OWNER = 'pat.owner@example.org';
const COMPLIANCE = 'compliance@example.org';
const PROCUREMENT = 'procurement@example.org';

interface Row {
  event: string;
  /** Performs the event; returns the HTTP status. */
  act: () => Promise<number>;
  /** Exactly the emails expected: recipient → subject pattern. */
  expect: [string, RegExp][];
  replyTo: string;
  /** Whether the vendor's email carries its private link. */
  vendorLink: boolean;
  /** Words the first expected email's text must carry. */
  says?: string;
}

describe('every event told to whoever acts next', () => {
  it('sends exactly the expected emails to the expected people', async () => {
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({
        name: 'Tell Me Health',
        contactName: 'Jo Vendor',
        contactEmail: VENDOR,
        businessOwnerEmail: OWNER,
      }),
    });
    expect(vendor.status).toBe(201);
    const vendorId = vendor.json.id as string;
    const baaRequest = await rt.waitForEmail(
      (e) => e.destination.to.includes(VENDOR) && /Business Associate Agreement/.test(e.subject),
    );
    const baaToken = baaRequest.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!;

    const started = await rt.api('POST', `/vendors/${vendorId}/assessments`, { role: 'procurement' });
    const invitation = await rt.waitForEmail(
      (e) => e.destination.to.includes(VENDOR) && e.subject.startsWith('Security questionnaire'),
    );
    const token = portalToken(invitation);
    const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
    const answers = compliantAnswers(view, {
      'access-unique-ids': 'no',
      'enc-at-rest': 'no',
      'log-audit-review': 'no',
    });
    expect((await rt.api('POST', `/portal/${token}/submit`, { body: { answers } })).status).toBe(202);
    await rt.runner.idle();
    const assessmentId = started.json.id as string;
    const findings = (await rt.api('GET', `/assessments/${assessmentId}`, { role: 'compliance' })).json
      .findings as {
      id: string;
      title: string;
      dueAt: string;
    }[];
    expect(findings.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = findings as [(typeof findings)[0], (typeof findings)[0], (typeof findings)[0]];
    const findingApi = (f: { id: string }, path: string, body: unknown) =>
      rt
        .api('POST', `/assessments/${assessmentId}/findings/${f.id}/${path}`, { role: 'compliance', body })
        .then((r) => r.status);
    const reportFix = (f: { id: string }) =>
      rt
        .api('POST', `/portal/${token}/findings/${f.id}/fix`, {
          body: { note: 'Turned it on for every account.' },
        })
        .then((r) => r.status);
    const now = rt.deps.clock.now().getTime();

    let verificationToken = '';
    const rows: Row[] = [
      {
        event: 'fix reported',
        act: () => reportFix(a),
        expect: [[COMPLIANCE, /^Tell Me Health reported a fix: .* — please verify$/]],
        replyTo: COMPLIANCE,
        vendorLink: false,
        // Found walking the product: "with 0 evidence files".
        says: 'without evidence files. Its reminders are paused',
      },
      {
        event: 'fix rejected',
        act: () =>
          findingApi(a, 'verification', { verdict: 'rejected', note: 'The screenshot shows a test tenant.' }),
        expect: [
          [VENDOR, /^Fix not accepted yet: /],
          [OWNER, /^Fix not accepted yet: /],
        ],
        replyTo: COMPLIANCE,
        vendorLink: true,
      },
      {
        event: 'fix verified',
        act: () => findingApi(a, 'verification', { verdict: 'verified', note: 'Seen in a screen share.' }),
        expect: [
          [VENDOR, /^Fix verified: /],
          [OWNER, /^Fix verified: /],
        ],
        replyTo: COMPLIANCE,
        vendorLink: true,
      },
      {
        event: 'extension granted',
        act: () =>
          findingApi(b, 'extension', {
            dueAt: new Date(new Date(b.dueAt).getTime() + 30 * DAY).toISOString(),
            reason: 'Hardware on order.',
          }),
        expect: [
          [VENDOR, /^More time granted: /],
          [OWNER, /^More time granted: /],
        ],
        replyTo: COMPLIANCE,
        vendorLink: true,
      },
      {
        event: 'risk accepted',
        act: () =>
          findingApi(c, 'acceptance', {
            until: new Date(now + 90 * DAY).toISOString(),
            reason: 'Compensating control.',
          }),
        expect: [
          [VENDOR, /^Risk accepted until /],
          [OWNER, /^Risk accepted until /],
        ],
        replyTo: COMPLIANCE,
        vendorLink: true,
      },
      {
        event: 'BAA changes requested',
        act: async () => {
          await uploadBaa(
            rt,
            { token: baaToken },
            {
              name: 'redline.txt',
              contentType: 'text/plain',
              bytes: baaTemplateText('Example Health', 'Tell Me Health'),
              kind: 'redline',
            },
          );
          return (
            await rt.api('POST', `/vendors/${vendorId}/baas/main/decision`, {
              role: 'compliance',
              body: { action: 'request_changes', note: 'Keep the 10-day breach notice.' },
            })
          ).status;
        },
        expect: [
          [VENDOR, /^Changes requested to the Business Associate Agreement/],
          [OWNER, /^Changes requested to the Business Associate Agreement/],
        ],
        replyTo: COMPLIANCE,
        vendorLink: true,
      },
      {
        event: 'BAA signed',
        act: async () => {
          const fresh = (await rt.emailsTo(VENDOR))
            .filter((e) => e.subject.startsWith('Changes requested'))
            .at(-1)!;
          const newToken = fresh.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!;
          await uploadBaa(
            rt,
            { token: newToken },
            {
              name: 'signed.txt',
              contentType: 'text/plain',
              bytes: baaTemplateText('Example Health', 'Tell Me Health'),
              kind: 'signed',
            },
          );
          await rt.api('POST', `/vendors/${vendorId}/baas/main/review`, {
            role: 'compliance',
            body: clauseReview({}, 10),
          });
          return (await signBaa(rt, vendorId, term(now))).status;
        },
        expect: [
          [VENDOR, /^Business Associate Agreement signed: /],
          [OWNER, /^Business Associate Agreement signed: /],
        ],
        replyTo: COMPLIANCE,
        vendorLink: false,
      },
      {
        // Found walking the demo: this email had no Reply-To and no incident link footer.
        event: 'annual verification requested',
        act: async () => {
          const requested = await rt.api('POST', `/vendors/${vendorId}/verifications`, {
            role: 'compliance',
          });
          const ask = await rt.waitForEmail(
            (e) => e.destination.to.includes(VENDOR) && e.subject.includes('Annual verification'),
          );
          verificationToken = ask.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/verification/)![1]!;
          return requested.status;
        },
        expect: [[VENDOR, /^Annual verification of HIPAA technical safeguards: Tell Me Health$/]],
        replyTo: COMPLIANCE,
        vendorLink: true,
      },
      {
        // Found walking the demo: "Hello," and no Reply-To.
        event: 'annual verification submitted',
        act: async () => (await submitVerification(rt, verificationToken)).status,
        expect: [[COMPLIANCE, /^Annual verification received from Tell Me Health$/]],
        replyTo: COMPLIANCE,
        vendorLink: false,
      },
      {
        event: 'decision made',
        act: async () =>
          (
            await rt.api('POST', `/vendors/${vendorId}/decision`, {
              role: 'procurement',
              body: { decision: 'reject', reason: 'Not needed after all.' },
            })
          ).status,
        expect: [
          [VENDOR, /^Tell Me Health is not approved as a vendor of /],
          [OWNER, /^Tell Me Health is not approved as a vendor of /],
        ],
        replyTo: PROCUREMENT,
        vendorLink: false,
      },
    ];

    for (const row of rows) {
      const before = (await rt.inbox()).length;
      const status = await row.act();
      expect(status, row.event).toBeLessThan(300);
      const mails: InboxEmail[] = (await rt.inbox())
        .slice(before)
        .filter((e) => !/^Security review|^Assessment reviewed/.test(e.subject));
      const got = mails.map((e) => [e.destination.to.join(','), e.subject] as const);
      expect(got.length, `${row.event}: ${JSON.stringify(got)}`).toBe(row.expect.length);
      for (const [to, subject] of row.expect) {
        const mail = mails.find((e) => e.destination.to.join(',') === to);
        expect(mail, `${row.event} → ${to}`).toBeDefined();
        expect(mail!.subject, row.event).toMatch(subject);
        expect(mail!.replyTo, row.event).toEqual([row.replyTo]);
        expect(mail!.body.text, row.event).toMatch(/^Dear (Jo Vendor|Pat Owner|compliance team),/);
        expect(mail!.body.html, row.event).toContain('<p>Dear ');
        if (row.says && to === row.expect[0]![0]) expect(mail!.body.text, row.event).toContain(row.says);
        if (to === VENDOR) {
          // Every vendor email ends with the standing incident link (docs/incidents.md); the
          // private link under test is the one in the message itself.
          const [message, footer] = mail!.body.text!.split('To report a security incident');
          expect(footer, `${row.event}: incident link footer`).toMatch(
            /\/portal\/[A-Za-z0-9_-]{43}\/incidents/,
          );
          expect(message!.includes('/portal/'), `${row.event}: vendor link`).toBe(row.vendorLink);
        } else {
          expect(mail!.body.text, `${row.event}: no private link to staff`).not.toContain('/portal/');
          expect(mail!.body.text).toContain(`/console/vendors/${vendorId}`);
        }
      }
    }
  }, 60_000);
});

describe('the incident acknowledgement', () => {
  it('carries the vendor incident link once: its button, no second copy in the footer', async () => {
    const contact = 'sec@ack-once.example';
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Ack Once Health', contactEmail: contact }),
    });
    expect(vendor.status).toBe(201);
    const baaRequest = await rt.waitForEmail(
      (e) => e.destination.to.includes(contact) && /Business Associate Agreement/.test(e.subject),
    );
    const url = baaRequest.body.text!.match(/(http\S+\/portal\/[A-Za-z0-9_-]{43}\/incidents)/)![1]!;
    const token = url.match(/\/portal\/([A-Za-z0-9_-]{43})\//)![1]!;

    const reported = await rt.api('POST', `/portal/${token}/incidents`, {
      body: {
        type: 'security_incident',
        discoveredAt: new Date(rt.deps.clock.now().getTime() - DAY).toISOString(),
        summary: 'A laptop was stolen from a car; its disk is encrypted.',
        phiInvolved: false,
        unsecuredPhi: false,
        individualsAffected: 0,
        states: [],
        systems: ['Laptop'],
        phiCategories: [],
        vendorIsAgent: false,
      },
    });
    expect(reported.status).toBe(201);
    const ack = await rt.waitForEmail(
      (e) => e.destination.to.includes(contact) && e.subject.startsWith('We received your incident report'),
    );

    expect(ack.body.text!.split(url)).toHaveLength(2);
    expect(ack.body.text).toContain(`Send more information or report another incident: ${url}`);
    expect(ack.body.text).not.toContain('To report a security incident');
    expect(ack.body.html).not.toContain('To report a security incident');
    // The standard footer stays on every other vendor email (here: the BAA request).
    expect(baaRequest.body.text).toContain(`use your incident link: ${url}`);
  });
});
