/**
 * A finding's deadline ladder against dynalite and the local inbox: a finding left open walks the
 * whole ladder; an extension restarts it for the new date; a verified fix or an accepted risk stops
 * it at once; an acceptance that lapses brings the finding back.
 */
import { describe, expect, it } from 'vitest';
import type { OffsetClock } from '#shared/adapters/clock.ts';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { compliantAnswers } from '../support/answers.ts';
import { phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

const setClock = async (at: number) => {
  expect((await rt.api('POST', '/local/clock', { body: { now: new Date(at).toISOString() } })).status).toBe(
    200,
  );
};
const sweep = async () => (await rt.api('POST', '/local/sweep')).json;
const mailsAbout = async (to: string, needle: string) =>
  (await rt.emailsTo(to)).filter((e) => e.subject.includes(needle)).map((e) => e.subject);

/** A reviewed assessment with one high finding (a non-device vendor answering "no" to MFA). */
async function vendorWithFinding(name: string, contact: string, owner: string) {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name, contactEmail: contact, businessOwnerEmail: owner }),
  });
  const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
  const invitation = await rt.waitForEmail(
    (e) => e.destination.to.includes(contact) && e.subject.startsWith('Security questionnaire'),
  );
  const token = portalToken(invitation);
  const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
  const answers = compliantAnswers(view, { 'access-unique-ids': 'no' });
  expect((await rt.api('POST', `/portal/${token}/submit`, { body: { answers } })).status).toBe(202);
  await rt.runner.idle();
  const assessment = (await rt.api('GET', `/assessments/${started.json.id}`, { role: 'compliance' })).json;
  const finding = assessment.findings.find(
    (f: { questionId: string }) => f.questionId === 'access-unique-ids',
  );
  expect(finding).toBeDefined();
  return {
    assessmentId: started.json.id as string,
    finding: finding as { id: string; title: string; dueAt: string; severity: string },
  };
}

describe('a finding left open', () => {
  it('walks the whole ladder: reminders, L1, L2, L3, then the weekly digest, each once', async () => {
    const { finding } = await vendorWithFinding(
      'Open Forever',
      'open@vendor.example',
      'open-owner@example.org',
    );
    const due = new Date(finding.dueAt).getTime();
    const title = finding.title;
    const steps: [number, () => Promise<void>][] = [
      [
        -7,
        async () => expect(await mailsAbout('open@vendor.example', 'Reminder: 1 finding')).toHaveLength(1),
      ],
      [
        -1,
        async () => expect(await mailsAbout('open@vendor.example', 'Reminder: 1 finding')).toHaveLength(2),
      ],
      [
        0,
        async () =>
          expect(await mailsAbout('open-owner@example.org', 'at Open Forever is due today —')).toHaveLength(
            1,
          ),
      ],
      [
        7,
        async () =>
          expect(
            (await rt.emailsTo('compliance@example.org')).filter(
              (e) => e.subject.includes('Open Forever') && e.subject.endsWith('compliance review'),
            ),
          ).toHaveLength(1),
      ],
      [
        21,
        async () =>
          expect(
            (await rt.emailsTo('security-officer@example.org')).filter((e) =>
              e.subject.includes('Open Forever'),
            ),
          ).toHaveLength(1),
      ],
      [
        28,
        async () => {
          const digests = (await rt.emailsTo('compliance@example.org')).filter(
            (e) => e.subject.startsWith('Weekly overdue digest') && e.body.text?.includes(title),
          );
          expect(digests.length).toBeGreaterThanOrEqual(1);
        },
      ],
    ];
    for (const [offset, check] of steps) {
      await setClock(due + offset * DAY + 60_000);
      await sweep();
      await sweep();
      await check();
    }
    // The L2 email lists every overdue item of the vendor.
    const l2 = (await rt.emailsTo('compliance@example.org')).find(
      (e) => e.subject.includes('Open Forever') && e.subject.endsWith('compliance review'),
    )!;
    expect(l2.body.text).toContain(title);
    expect(l2.body.text).toContain('/console/vendors/');
  });
});

describe('deadline changes take effect at once', () => {
  it('an extension mid-ladder restarts the ladder for the new date', async () => {
    const { assessmentId, finding } = await vendorWithFinding(
      'Extended Co',
      'ext@vendor.example',
      'ext-owner@example.org',
    );
    const due = new Date(finding.dueAt).getTime();
    await setClock(due - 7 * DAY + 60_000);
    await sweep();
    expect(await mailsAbout('ext@vendor.example', 'Reminder: 1 finding')).toHaveLength(1);

    const newDue = new Date(due + 30 * DAY).toISOString();
    const res = await rt.api('POST', `/assessments/${assessmentId}/findings/${finding.id}/extension`, {
      role: 'compliance',
      body: { dueAt: newDue, reason: 'Vendor is migrating its identity provider.' },
    });
    expect(res.status).toBe(200);
    expect(res.json.dueAt).toBe(newDue);

    // The old due date passes: nothing escalates.
    await setClock(due + 60_000);
    await sweep();
    expect(await mailsAbout('ext-owner@example.org', 'Escalation')).toHaveLength(0);
    // The new date's reminders fire.
    await setClock(due + 23 * DAY + 60_000);
    await sweep();
    expect(await mailsAbout('ext@vendor.example', 'Reminder: 1 finding')).toHaveLength(2);

    expect(
      (
        await rt.api('POST', `/assessments/${assessmentId}/findings/${finding.id}/extension`, {
          role: 'procurement',
          body: { dueAt: newDue, reason: 'no' },
        })
      ).status,
    ).toBe(403);
    const earlier = await rt.api('POST', `/assessments/${assessmentId}/findings/${finding.id}/extension`, {
      role: 'compliance',
      body: { dueAt: new Date(due).toISOString(), reason: 'earlier date' },
    });
    expect(earlier.status).toBe(400);
  });

  it('a verified fix stops the ladder', async () => {
    const { assessmentId, finding } = await vendorWithFinding(
      'Fixed Early',
      'fixed@vendor.example',
      'fixed-owner@example.org',
    );
    const due = new Date(finding.dueAt).getTime();
    const res = await rt.api('POST', `/assessments/${assessmentId}/findings/${finding.id}/verification`, {
      role: 'compliance',
      body: { verdict: 'verified', note: 'Verified in a screen share.' },
    });
    expect(res.status).toBe(200);
    for (const offset of [-7, -1, 0, 7, 21]) {
      await setClock(due + offset * DAY + 60_000);
      await sweep();
    }
    // Only this finding's ladder stopped (a domain finding of the same gap may run its own).
    const about = async (to: string) =>
      (await rt.emailsTo(to)).filter((e) => e.body.text?.includes(finding.title)).map((e) => e.subject);
    // The vendor and the business owner hear of the verification, then nothing more.
    expect(await about('fixed@vendor.example')).toEqual([
      expect.stringContaining('remediation plan'),
      expect.stringMatching(/^Fix verified: /),
    ]);
    expect(await about('fixed-owner@example.org')).toEqual([expect.stringMatching(/^Fix verified: /)]);
  });

  it('an accepted risk stops the ladder until the acceptance lapses, then the finding is open again', async () => {
    const { assessmentId, finding } = await vendorWithFinding(
      'Accepted Risk LLC',
      'accept@vendor.example',
      'accept-owner@example.org',
    );
    const now = (rt.deps.clock as OffsetClock).now().getTime();
    const until = new Date(now + 60 * DAY).toISOString();
    const res = await rt.api('POST', `/assessments/${assessmentId}/findings/${finding.id}/acceptance`, {
      role: 'compliance',
      body: { until, reason: 'Compensating control: VPN with per-user certificates.' },
    });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('accepted');

    await setClock(now + 46 * DAY + 60_000); // 14 days before the acceptance ends: compliance is told
    await sweep();
    expect(
      (await rt.emailsTo('compliance@example.org')).filter(
        (e) => e.subject.includes('Accepted Risk LLC') && e.subject.endsWith('— reminder'),
      ),
    ).toHaveLength(1);
    expect(await mailsAbout('accept@vendor.example', 'Reminder: 1 finding')).toHaveLength(0);

    await setClock(now + 60 * DAY + 60_000);
    await sweep();
    const after = (await rt.api('GET', `/assessments/${assessmentId}`, { role: 'compliance' })).json;
    const lapsed = after.findings.find((f: { id: string }) => f.id === finding.id);
    expect(lapsed.status).toBe('open');
    // …and it is back in the open findings register.
    const register = await rt.api('GET', '/reports/findings?format=json', { role: 'compliance' });
    const row = register.json.items.find(
      (f: { id: string; assessmentId: string }) => f.id === finding.id && f.assessmentId === assessmentId,
    );
    expect(row.status).toBe('open');
    expect(
      (await rt.emailsTo('compliance@example.org')).filter(
        (e) => e.subject.includes('Accepted Risk LLC') && e.subject.endsWith('— acceptance lapsed'),
      ),
    ).toHaveLength(1);
  });
});
