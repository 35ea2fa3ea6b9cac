/**
 * The deadline sweep against dynalite and the local inbox, with the product clock advanced step
 * by step: a vendor that never answers is reminded, then escalated up the chain, each email once.
 */
import { describe, expect, it } from 'vitest';
import type { OffsetClock } from '#shared/adapters/clock.ts';
import type { Mailer } from '#shared/ports/mailer.ts';
import { recordCapacity } from '../support/capacity.ts';
import { phiVendor, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

const clock = () => rt.deps.clock as OffsetClock;
const advanceTo = async (days: number, from: number) => {
  const res = await rt.api('POST', '/local/clock', {
    body: { now: new Date(from + days * 86_400_000).toISOString() },
  });
  expect(res.status).toBe(200);
};
const sweep = async () => {
  const res = await rt.api('POST', '/local/sweep');
  expect(res.status).toBe(200);
  return res.json;
};
const subjects = async (to: string) => (await rt.emailsTo(to)).map((e) => e.subject);

async function launch(name: string, contactEmail: string, ownerEmail: string) {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name, contactEmail, businessOwnerEmail: ownerEmail }),
  });
  const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
  expect(started.status).toBe(202);
  await rt.runner.idle();
  return { vendorId: vendor.json.id as string, assessmentId: started.json.id as string };
}

describe('a vendor that never answers', () => {
  it('is reminded on days 7 and 12, escalated on days 14, 21 and 35, then digested weekly — each email once', async () => {
    const t0 = clock().now().getTime();
    await launch('Silent Labs', 'silent@vendor.example', 'silent-owner@example.org');
    const vendorMails = async () =>
      (await subjects('silent@vendor.example')).filter(
        (s) => s.startsWith('Reminder') && s.includes('security questionnaire'),
      );
    // Only the questionnaire's ladder: the BAA request has its own response deadline and ladder.
    const l1 = async () =>
      (await subjects('silent-owner@example.org')).filter(
        (s) => s.includes('Silent Labs') && s.includes('security questionnaire'),
      );

    await advanceTo(6, t0);
    await sweep();
    expect(await vendorMails()).toHaveLength(0);

    await advanceTo(7.01, t0);
    const rec = recordCapacity(rt.deps.clients.ddb);
    try {
      await sweep();
      // The footer's incident link comes from one BatchGetItem per send, not a GetItem per email.
      const footerReads = rec.calls.filter(
        (c) => c.command === 'GetItemCommand' && (c.input.Key?.SK?.S ?? c.input.Key?.SK) === 'INCIDENTLINK',
      );
      expect(footerReads).toHaveLength(0);
    } finally {
      rec.stop();
    }
    await sweep(); // a second sweep at the same time sends nothing new
    expect(await vendorMails()).toHaveLength(1);
    const first = (await rt.emailsTo('silent@vendor.example')).find((e) => e.subject.startsWith('Reminder'))!;
    expect(first.body.text).toMatch(/due in 7 days/);
    expect(first.body.text).toContain('/portal/');
    expect(first.body.text).toMatch(/use your incident link: http\S+\/portal\/[A-Za-z0-9_-]{43}\/incidents/);

    await advanceTo(12.01, t0);
    await sweep();
    expect(await vendorMails()).toHaveLength(2);

    await advanceTo(14.01, t0);
    await sweep();
    expect(await l1()).toEqual([
      'The security questionnaire of Silent Labs is due today — escalated to the business owner and procurement',
    ]);
    expect(
      (await rt.emailsTo('procurement@example.org')).filter(
        (e) => e.subject.includes('escalated to the business owner') && e.subject.includes('Silent Labs'),
      ),
    ).toHaveLength(1);

    await advanceTo(21.01, t0);
    await sweep();
    const l2 = (await rt.emailsTo('compliance@example.org')).filter(
      (e) => e.subject.endsWith('compliance review') && e.subject.includes('Silent Labs'),
    );
    expect(l2).toHaveLength(1);
    expect(l2[0]!.body.text).toContain('Security questionnaire — due');

    await advanceTo(35.01, t0);
    await sweep();
    const l3 = (await rt.emailsTo('security-officer@example.org')).filter((e) =>
      e.subject.includes('Silent Labs'),
    );
    expect(l3).toHaveLength(1);

    await advanceTo(42.01, t0);
    await sweep();
    const digests = (await rt.emailsTo('compliance@example.org')).filter((e) =>
      e.subject.startsWith('Weekly overdue digest'),
    );
    expect(digests).toHaveLength(1);
    expect(digests[0]!.body.text).toContain('Silent Labs');

    // Nothing was ever sent twice.
    expect(await vendorMails()).toHaveLength(2);
    expect(await l1()).toHaveLength(1);
  });
});

describe('the sweep under concurrency and failure', () => {
  it('two sweeps at once send each step exactly once', async () => {
    const t0 = clock().now().getTime();
    const vendors = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        launch(`Race Vendor ${i}`, `race${i}@vendor.example`, `race-owner${i}@example.org`),
      ),
    );
    expect(vendors).toHaveLength(5);
    await advanceTo(7.01, t0);
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect(a.status).toBe('SUCCEEDED');
    expect(b.status).toBe('SUCCEEDED');
    for (const i of [1, 2, 3, 4, 5]) {
      expect(
        (await subjects(`race${i}@vendor.example`)).filter((s) => s.startsWith('Reminder')),
      ).toHaveLength(1);
    }
  });

  it('a failing item is counted and retried later, never stopping the others; the retry sends it once', async () => {
    const t0 = clock().now().getTime();
    await launch('Flaky Mail Inc', 'flaky@vendor.example', 'flaky-owner@example.org');
    await launch('Steady Mail Inc', 'steady@vendor.example', 'steady-owner@example.org');
    await advanceTo(7.01, t0);

    // SES refuses mail for one vendor, as if the process died between claiming the step and sending it.
    const real = rt.deps.mailer;
    const failing: Mailer = {
      send: async (email) => {
        if (email.to.includes('flaky@vendor.example')) throw new Error('connection reset');
        return real.send(email);
      },
    };
    rt.deps.mailer = failing;
    const broken = await sweep();
    rt.deps.mailer = real;
    // The sweep goes on; the claimed step's batched email failed at the end of the sweep, so its
    // notice lines stay (counted, on the due index) and are retried after the lock and the
    // policy's delay (15 minutes).
    expect(broken.status).toBe('SUCCEEDED');
    expect(broken.output.digest.notices.failed).toBe(1);
    expect((await subjects('steady@vendor.example')).filter((s) => s.startsWith('Reminder'))).toHaveLength(1);
    expect((await subjects('flaky@vendor.example')).filter((s) => s.startsWith('Reminder'))).toHaveLength(0);

    // Within the claim window nothing is resent; after it, the parked step goes out exactly once.
    await sweep();
    expect((await subjects('flaky@vendor.example')).filter((s) => s.startsWith('Reminder'))).toHaveLength(0);
    await advanceTo(7.025, t0);
    await sweep();
    await sweep();
    expect((await subjects('flaky@vendor.example')).filter((s) => s.startsWith('Reminder'))).toHaveLength(1);
    expect((await subjects('steady@vendor.example')).filter((s) => s.startsWith('Reminder'))).toHaveLength(1);
  });

  it('a sweep killed mid-Map loses nothing: the rerun sends what was not sent, and nothing twice', async () => {
    const t0 = clock().now().getTime();
    const n = 12;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        launch(`Abort Vendor ${i}`, `abort${i}@vendor.example`, `abort-owner${i}@example.org`),
      ),
    );
    await advanceTo(7.01, t0);

    // The "process" dies after three emails: every later step fails after its claim, and the
    // execution is stopped. Claimed-but-unsent steps stay parked in their items' outboxes.
    const real = rt.deps.mailer;
    let sent = 0;
    rt.deps.mailer = {
      send: async (email) => {
        // Earlier tests' vendors are further up their ladders: their mail is not part of this count.
        if (!email.to.some((to) => to.startsWith('abort'))) return real.send(email);
        if (sent >= 3) throw new Error('process killed');
        sent++;
        return real.send(email);
      },
    };
    const { executionId } = await rt.runner.start(
      'sweep',
      { source: 'test', at: clock().now().toISOString() },
      `killed-${Date.now()}`,
    );
    while (sent < 3) await new Promise((r) => setTimeout(r, 2));
    rt.runner.executions.get(executionId)!.abort();
    await rt.runner.idle();
    rt.deps.mailer = real;
    const beforeRerun = (await rt.inbox()).filter(
      (e) => e.subject.startsWith('Reminder') && e.subject.includes('Abort Vendor'),
    );
    expect(beforeRerun).toHaveLength(3);

    await sweep(); // within the claim window: parked steps are not yet taken over
    await advanceTo(7.025, t0); // past the claim window and the first retry delay
    await sweep();
    await sweep();
    for (let i = 0; i < n; i++) {
      expect(
        (await subjects(`abort${i}@vendor.example`)).filter((s) => s.startsWith('Reminder')),
      ).toHaveLength(1);
    }
  });
});

describe('resending an invitation', () => {
  it('revokes every earlier link and sends a new one', async () => {
    const { assessmentId } = await launch('Resend Co', 'resend@vendor.example', 'resend-owner@example.org');
    const first = await rt.waitForEmail(
      (e) =>
        e.destination.to.includes('resend@vendor.example') && e.subject.startsWith('Security questionnaire'),
    );
    const oldToken = first.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})/)![1]!;
    const res = await rt.api('POST', `/assessments/${assessmentId}/invitation`, { role: 'procurement' });
    expect(res.status).toBe(200);
    const second = await rt.waitForEmail(
      (e) => e.destination.to.includes('resend@vendor.example') && e.subject.startsWith('New link'),
    );
    const newToken = second.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})/)![1]!;
    expect((await rt.api('GET', `/portal/${oldToken}/questionnaire`)).status).toBe(410);
    expect((await rt.api('GET', `/portal/${newToken}/questionnaire`)).status).toBe(200);
    expect(
      (await rt.api('POST', `/assessments/${assessmentId}/invitation`, { role: 'compliance' })).status,
    ).toBe(403);
  });
});
