/**
 * Words a vendor (and the audit trail) reads, found walking the product: counts in words ("1 file",
 * never "file(s)" or "0 evidence files"), an overdue questionnaire said as overdue, a quoted note
 * not ending ".”.", the incident link printed once in the incident acknowledgement, and the
 * "Your other pages" navigation naming only this vendor's pages. Expectations written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { IncidentFooterMailer } from '#shared/adapters/incident-footer-mailer.ts';
import { eventLetter } from '#shared/email/event-emails.ts';
import { incidentAcknowledgementEmail } from '#shared/email/incident-emails.ts';
import { incidentPortalPage } from '#shared/http/pages/incident-portal-page.ts';
import { otherPagesNav, type PortalContext } from '#shared/http/pages/portal-layout.ts';
import { dueLine } from '#shared/http/pages/portal-questionnaire-page.ts';
import { quoted } from '#shared/http/pages/portal-status-page.ts';
import { plural } from '#shared/labels.ts';
import type { OutgoingEmail } from '#shared/ports/mailer.ts';
import type { Incident } from '#shared/schemas/incident.ts';

describe('plural', () => {
  it.each([
    [0, 'evidence file', undefined, '0 evidence files'],
    [1, 'evidence file', undefined, '1 evidence file'],
    [2, 'evidence file', undefined, '2 evidence files'],
    [1, 'deadline', undefined, '1 deadline'],
    [4, 'deadline', undefined, '4 deadlines'],
    [1, 'address', 'addresses', '1 address'],
    [2, 'address', 'addresses', '2 addresses'],
    [0, 'address', 'addresses', '0 addresses'],
  ] as const)('%d %s → %s', (n, one, many, expected) => {
    expect(plural(n, one, many)).toBe(expected);
  });
});

describe('the questionnaire due date', () => {
  const DUE = '2026-12-16T08:00:00.000Z';
  it.each([
    ['no clock', undefined, 'Please answer by December 16, 2026'],
    ['a week before', '2026-12-09T08:00:00.000Z', 'Please answer by December 16, 2026'],
    ['a minute before', '2026-12-16T07:59:00.000Z', 'Please answer by December 16, 2026'],
    [
      'an hour after',
      '2026-12-16T09:00:00.000Z',
      'This was due on December 16, 2026 (earlier today); please answer as soon as you can',
    ],
    [
      'the next morning',
      '2026-12-17T01:00:00.000Z',
      'This was due on December 16, 2026 (1 day ago); please answer as soon as you can',
    ],
    [
      'a week later',
      '2026-12-23T10:00:00.000Z',
      'This was due on December 16, 2026 (7 days ago); please answer as soon as you can',
    ],
  ])('%s', (_label, now, words) => {
    const text = dueLine(DUE, now).value.replace(/<[^>]+>/g, '');
    expect(text).toBe(words);
  });
});

describe('a quoted fix note ends its sentence once', () => {
  it.each([
    ['Turned on MFA', 0, '“Turned on MFA”.'],
    ['Turned on MFA.', 0, '“Turned on MFA.”'],
    ['Done!', 0, '“Done!”'],
    ['Turned on MFA.  ', 0, '“Turned on MFA.”'],
    ['Turned on MFA.', 1, '“Turned on MFA.” (1 file).'],
    ['Turned on MFA', 3, '“Turned on MFA” (3 files).'],
  ])('%j with %d files → %s', (note, files, expected) => {
    expect(quoted(note, files)).toBe(expected);
  });
});

describe('the "fix reported" email to compliance', () => {
  const finding = { title: 'MFA for remote access', severity: 'high', dueAt: '2027-01-10T00:00:00.000Z' };
  it.each([
    [0, 'without evidence files.'],
    [1, 'with 1 evidence file.'],
    [2, 'with 2 evidence files.'],
  ])('%d files → "%s"', (evidenceCount, words) => {
    const letter = eventLetter({
      event: { type: 'fix_reported', finding, note: 'Turned it on.', evidenceCount },
      vendorName: 'Harbor Labs',
      organisation: 'Example Health',
      toVendor: false,
    });
    expect(letter.paragraphs[0]).toContain(`Harbor Labs reported a fix for`);
    expect(letter.paragraphs[0]).toContain(` ${words} Its reminders are paused`);
  });
});

describe('the incident link in vendor emails', () => {
  const URL = 'https://vendors.example.org/portal/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde/incidents';
  const sent: OutgoingEmail[] = [];
  const mailer = new IncidentFooterMailer(
    {
      send: async (email) => {
        sent.push(email);
        return { messageId: 'm' };
      },
    },
    async () => URL,
  );
  const count = (text: string, part: string) => text.split(part).length - 1;

  it('the incident acknowledgement carries it once, as its button (no footer copy)', async () => {
    const ack = incidentAcknowledgementEmail({
      incident: {
        type: 'suspected_breach',
        reportedAt: '2027-01-10T10:00:00.000Z',
        discoveredAt: '2027-01-05T09:00:00.000Z',
      } as Incident,
      contactName: 'Jo Vendor',
      organisation: 'Example Health',
      incidentUrl: URL,
      contact: 'privacy-officer@example.org',
    });
    await mailer.send({
      to: ['jo@harbor.example'],
      vendorId: 'v_1',
      kind: 'incident-acknowledgement',
      ...ack,
    });
    const mail = sent.at(-1)!;
    expect(count(mail.text, URL)).toBe(1);
    expect(mail.text).not.toContain('To report a security incident');
    expect(mail.html).not.toContain('To report a security incident');
  });

  it('any other vendor email still ends with it', async () => {
    await mailer.send({
      to: ['jo@harbor.example'],
      vendorId: 'v_1',
      kind: 'fix-verified',
      subject: 'Fix verified',
      text: 'Dear Jo,\n\nThank you.',
      html: '<html><body><p>Dear Jo,</p></body></html>',
    });
    const mail = sent.at(-1)!;
    expect(mail.text).toBe(
      `Dear Jo,\n\nThank you.\n\nTo report a security incident, a suspected breach of our PHI or a contingency-plan activation, use your incident link: ${URL}`,
    );
    expect(count(mail.html, `href="${URL}"`)).toBe(1);
  });
});

describe('"Your other pages" on the questionnaire and the remediation plan', () => {
  const TOKEN = 'T'.repeat(43);
  const ctx = (otherPages: PortalContext['otherPages']): PortalContext => ({
    organisation: 'Example Health',
    token: TOKEN,
    contact: 'compliance@example.org',
    vendorName: 'Harbor Labs',
    ...(otherPages ? { otherPages } : {}),
  });
  const links = (html: string) =>
    [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[2], m[1]] as const);
  const INCIDENT = 'https://vendors.example.org/portal/IIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII/incidents';

  it.each([
    [
      'a BAA in play and an incident link',
      { baa: true, incidentUrl: INCIDENT },
      [
        ['Business Associate Agreement', `/portal/${TOKEN}/baa`],
        ['Security documents', `/portal/${TOKEN}/security`],
        ['Report an incident', INCIDENT],
      ],
    ],
    ['no BAA, no incident link yet', { baa: false }, [['Security documents', `/portal/${TOKEN}/security`]]],
    [
      'no BAA, an incident link',
      { baa: false, incidentUrl: INCIDENT },
      [
        ['Security documents', `/portal/${TOKEN}/security`],
        ['Report an incident', INCIDENT],
      ],
    ],
  ] as const)('%s', (_label, other, expected) => {
    const nav = otherPagesNav(ctx(other));
    const text = nav === '' ? '' : nav.value;
    expect(text).toContain('<nav class="card other-pages" aria-labelledby="other-pages-title">');
    expect(text).toContain('<h2 id="other-pages-title">Your other pages</h2>');
    expect(links(text)).toEqual(expected);
  });

  it('is left out of pages that do not ask for it', () => {
    expect(otherPagesNav(ctx(undefined))).toBe('');
  });
});

describe('the incident page counts the updates the vendor sent', () => {
  const update = { at: '2027-01-11T10:00:00.000Z', text: 'More detail.' };
  it.each([
    [[update], '1 update sent.'],
    [[update, update], '2 updates sent.'],
  ])('%#: %s', (vendorUpdates, words) => {
    const page = incidentPortalPage({
      organisation: 'Example Health',
      vendorName: 'Harbor Labs',
      token: 'T'.repeat(43),
      contact: 'privacy-officer@example.org',
      incidents: [
        {
          id: 'i_1',
          type: 'security_incident',
          reportedAt: '2027-01-10T10:00:00.000Z',
          discoveredAt: '2027-01-05T09:00:00.000Z',
          notices: {},
          vendorUpdates,
        } as unknown as Incident,
      ],
    });
    expect(page).toContain(`Discovered January 5, 2027. ${words}</p>`);
    expect(page).not.toContain('(s)');
  });
});
