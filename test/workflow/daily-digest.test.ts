/**
 * A role that chose the daily digest (POLICY_JSON notifications.delivery) gets one email a day
 * listing everything that reached it, across vendors; immediate roles are unaffected.
 */
import { describe, expect, it } from 'vitest';
import { DAY_MS as DAY } from '#shared/domain/time.ts';
import { vendorWithSixFindings } from '../support/findings.ts';
import { useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime({
  POLICY_JSON: JSON.stringify({
    notifications: { delivery: { compliance: 'daily' }, dailyDigestHourUtc: 8 },
  }),
});

const setClock = async (at: number) => {
  expect((await rt.api('POST', '/local/clock', { body: { now: new Date(at).toISOString() } })).status).toBe(
    200,
  );
};
const sweep = async () => (await rt.api('POST', '/local/sweep')).json;
const daily = async () =>
  (await rt.emailsTo('compliance@example.org')).filter((e) => e.subject.startsWith('Daily vendor deadlines'));

describe('a daily digest preference', () => {
  it('sends compliance one email a day listing every vendor, and nothing in between', async () => {
    // A due date at 10:00 UTC, so the next digest hour (08:00) is the following morning.
    const start = new Date(rt.deps.clock.now().getTime() + 40 * DAY);
    const due = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), 10);
    await vendorWithSixFindings(rt, 'Daily One Health', 'dailyone', due);
    await vendorWithSixFindings(rt, 'Daily Two Labs', 'dailytwo', due);

    await setClock(due + 7 * DAY + 60_000); // compliance's step for high findings
    await sweep();
    await sweep();
    // Nothing yet for compliance; the business owner (immediate) was told on the due date's sweep.
    expect(await daily()).toHaveLength(0);
    const before = (await rt.emailsTo('compliance@example.org')).length;

    await setClock(due + 7 * DAY + 21 * 3_600_000 + 60_000); // 07:01 the next morning
    await sweep();
    expect(await daily()).toHaveLength(0);

    await setClock(due + 7 * DAY + 22 * 3_600_000 + 60_000); // 08:01
    await sweep();
    await sweep();
    const mails = await daily();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Daily vendor deadlines: 12 items at 2 vendors need attention');
    expect(mails[0]!.body.text).toContain('Daily One Health — High: Backups not encrypted');
    expect(mails[0]!.body.text).toContain('Daily Two Labs — High: Backups not encrypted');
    // The digest replaced the per-vendor emails for compliance.
    expect((await rt.emailsTo('compliance@example.org')).length).toBe(before + 1);
  });
});
