/**
 * One message per person per moment: a vendor with 6 findings at the same step gets one email per
 * recipient, listing all 6, at each step of the ladder; the same under two racing sweeps.
 */
import { describe, expect, it } from 'vitest';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { SIX_TITLES as TITLES, vendorWithSixFindings } from '../support/findings.ts';
import { type InboxEmail, phiVendor, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

const setClock = async (at: number) => {
  expect((await rt.api('POST', '/local/clock', { body: { now: new Date(at).toISOString() } })).status).toBe(
    200,
  );
};
const sweep = async () => (await rt.api('POST', '/local/sweep')).json;
const about = async (to: string, vendor: string) =>
  (await rt.emailsTo(to)).filter((e) => e.subject.includes(vendor));
const listsAllSix = (e: InboxEmail) => {
  for (const title of TITLES) expect(e.body.text).toContain(title);
  expect(e.body.html).toContain(TITLES[0]);
};

describe('one message per person per moment', () => {
  it('a vendor with 6 overdue findings: one email per recipient per step, listing all 6', async () => {
    const due = rt.deps.clock.now().getTime() + 30 * DAY;
    await vendorWithSixFindings(rt, 'Acme Imaging', 'acme', due);

    // Reminders: the vendor alone, one email with its private link.
    await setClock(due - 7 * DAY + 60_000);
    await sweep();
    await sweep();
    const reminders = (await about('acme@vendor.example', 'Acme Imaging')).filter((e) =>
      e.subject.startsWith('Reminder'),
    );
    expect(reminders.map((e) => e.subject)).toEqual([
      'Reminder: 6 findings for Acme Imaging are due in 7 days',
    ]);
    listsAllSix(reminders[0]!);
    expect(reminders[0]!.body.text).toMatch(/^Dear /);
    expect(reminders[0]!.body.text).toContain('/portal/');
    expect(reminders[0]!.replyTo).toEqual(['compliance@example.org']);

    // Level 1 (high findings: owner, procurement and compliance together on the due date).
    await setClock(due + 60_000);
    await sweep();
    for (const to of ['acme.owner@example.org', 'procurement@example.org']) {
      const mails = await about(to, 'Acme Imaging');
      expect(mails.map((e) => e.subject)).toEqual([
        expect.stringMatching(/^6 findings at Acme Imaging are due today — /),
      ]);
      listsAllSix(mails[0]!);
      // Staff get the console, never the vendor's private link.
      expect(mails[0]!.body.text).not.toContain('/portal/');
      expect(mails[0]!.body.text).toContain('/console/vendors/');
    }
    expect((await about('acme.owner@example.org', 'Acme Imaging'))[0]!.body.text).toMatch(
      /^Dear Acme Owner,/,
    );

    // Level 3, 21 days overdue: the executive, in plain words.
    await setClock(due + 21 * DAY + 60_000);
    await sweep();
    const executive = await about('security-officer@example.org', 'Acme Imaging');
    expect(executive.map((e) => e.subject)).toEqual([
      '6 findings at Acme Imaging are 21 days overdue — executive review',
    ]);
    listsAllSix(executive[0]!);
    expect(executive[0]!.body.text).toMatch(/^Dear executive team,/);
    // No "L1/L2/L3" and no "Hello," anywhere.
    for (const e of await rt.inbox()) {
      if (!e.subject.includes('Acme Imaging')) continue;
      expect(e.subject).not.toMatch(/\bL[123]\b/);
      expect(e.body.text).not.toMatch(/^Hello,/);
    }
  });

  it('two racing sweeps: still one email per recipient listing all 6, each finding once', async () => {
    const due = rt.deps.clock.now().getTime() + 30 * DAY;
    await vendorWithSixFindings(rt, 'Racing Radiology', 'racing', due);
    await setClock(due - 7 * DAY + 60_000);
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect(a.status).toBe('SUCCEEDED');
    expect(b.status).toBe('SUCCEEDED');
    await sweep(); // whatever a racing sweep left behind goes out now, never twice
    const mails = (await about('racing@vendor.example', 'Racing Radiology')).filter((e) =>
      e.subject.startsWith('Reminder'),
    );
    // Every finding was told exactly once across the vendor's emails…
    for (const title of TITLES) {
      expect(mails.filter((e) => e.body.text?.includes(title))).toHaveLength(1);
    }
    // …and in one email.
    expect(mails).toHaveLength(1);
    listsAllSix(mails[0]!);
  });

  it('a batched vendor email that mixes kinds carries one link per kind, each labelled for what it opens', async () => {
    // The BAA request goes out at registration (reply due in 30 days, first reminder 14 days
    // before); the questionnaire is launched 9 days later (answers due in 14 days, first reminder 7
    // days before): both first reminders fall on day 16, in one sweep.
    const registeredAt = rt.deps.clock.now().getTime();
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Mixed Matters Clinic', contactEmail: 'mixed@vendor.example' }),
    });
    expect(vendor.status).toBe(201);
    await setClock(registeredAt + 9 * DAY);
    const launched = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
    expect(launched.status).toBe(202);
    await rt.runner.idle();
    await setClock(registeredAt + 16 * DAY + 3_600_000);
    await sweep();

    const reminders = (await about('mixed@vendor.example', 'Mixed Matters Clinic')).filter((e) =>
      e.subject.startsWith('Reminder'),
    );
    expect(reminders).toHaveLength(1);
    const text = reminders[0]!.body.text!;
    // Both matters, each with its own link: the questionnaire (portal root) and the BAA page.
    const links = [...text.matchAll(/^(.+): (http\S+)$/gm)]
      .map(([, label, url]) => ({ label, url }))
      .filter((l) => !l.url?.endsWith('/incidents')); // the standing incident link of every vendor email
    expect(links).toEqual([
      { label: 'Review and return the BAA', url: expect.stringMatching(/\/portal\/[\w-]{43}\/baa$/) },
      { label: 'Open the questionnaire', url: expect.stringMatching(/\/portal\/[\w-]{43}$/) },
    ]);
    const html = reminders[0]!.body.html!;
    expect(html).toContain('>Review and return the BAA</a>');
    expect(html).toContain('>Open the questionnaire</a>');
  });

  it('a sweep that catches up says how late the items are now, in the email and the audit trail', async () => {
    // Found walking the demo: a sweep running 4 days after the due date (an outage, a moved
    // clock) wrote "due today" — the wording of the ladder step, not of the day it went out.
    const due = rt.deps.clock.now().getTime() + 30 * DAY;
    const vendorId = await vendorWithSixFindings(rt, 'Latecomer Labs', 'late', due);
    await setClock(due + 4 * DAY + 60_000);
    await sweep();
    const owner = await about('late.owner@example.org', 'Latecomer Labs');
    expect(owner.map((e) => e.subject)).toEqual([
      expect.stringMatching(/^6 findings at Latecomer Labs are 4 days overdue — /),
    ]);
    expect(owner[0]!.body.text).toContain('4 days overdue');
    expect(owner[0]!.body.text).not.toContain('due today');
    const trail = await rt.api('GET', `/vendors/${vendorId}/audit`, { role: 'compliance' });
    const steps = (trail.json.events as { action: string; summary: string }[]).filter(
      (e) => e.action === 'deadline.escalated',
    );
    expect(steps).toHaveLength(6);
    // Each event names its finding, so six events are six distinguishable lines.
    expect(new Set(steps.map((e) => e.summary)).size).toBe(6);
    for (const e of steps) {
      expect(e.summary).toContain('4 days overdue');
      // The due kind in words (found walking the product: "(finding remediation, …)").
      expect(e.summary).toContain('(finding fix, due ');
      expect(e.summary).not.toContain('remediation');
      expect(TITLES.some((t) => e.summary.includes(`"${t}"`))).toBe(true);
    }
  });
});
