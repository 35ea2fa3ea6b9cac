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

describe('sending the notices at the end of a sweep', () => {
  it('reads only the lines that may go out now, never the lines waiting for a later digest', async () => {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { recordCapacity } = await import('../support/capacity.ts');
    const { sendNotices } = await import('#shared/use-cases/sweep-notices.ts');
    const now = rt.deps.clock.now().toISOString();
    const later = new Date(Date.parse(now) + DAY).toISOString();
    const group = `daily#${later}#waiting@example.org`;
    const SK = `${group}#FINDING#x#step#${later}`;
    await rt.deps.clients.ddb.send(
      new PutCommand({
        TableName: rt.deps.config.tableName,
        Item: {
          PK: 'NOTICE#PENDING',
          SK,
          entity: 'NoticeLine',
          group,
          deliverAfter: later,
          email: 'waiting@example.org',
        },
      }),
    );
    const rec = recordCapacity(rt.deps.clients.ddb);
    try {
      const { result, calls } = await rec.during(() => sendNotices(rt.deps, { sweepId: 'probe', now }));
      expect(result.emails).toBe(0);
      const queries = calls.filter((c) => c.command === 'QueryCommand').map((c) => c.input);
      // Never the whole partition: immediate lines by prefix, daily lines up to now by key range.
      expect(queries.map((q) => q.KeyConditionExpression).sort()).toEqual([
        'PK = :pk AND SK BETWEEN :from AND :to',
        'PK = :pk AND begins_with(SK, :now)',
      ]);
      const range = queries.find((q) => q.KeyConditionExpression.includes('BETWEEN'))!;
      const to = range.ExpressionAttributeValues[':to'];
      expect(typeof to === 'string' ? to : to.S).toBe(`daily#${now}#\uffff`);
      expect(SK > (typeof to === 'string' ? to : to.S)).toBe(true); // the waiting line is outside it
    } finally {
      rec.stop();
    }
  });

  it('a daily line filed by the previous version (group without its time) is still sent when due', async () => {
    const { PutCommand, GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { dueShardFor } = await import('#shared/domain/due-index.ts');
    const at = rt.deps.clock.now().getTime() + 200 * DAY;
    await setClock(at);
    const deliverAfter = new Date(at - 60_000).toISOString();
    const group = 'daily#compliance@example.org';
    const SK = `${group}#FINDING#legacy#f_q_x#high-7#${deliverAfter}`;
    await rt.deps.clients.ddb.send(
      new PutCommand({
        TableName: rt.deps.config.tableName,
        Item: {
          PK: 'NOTICE#PENDING',
          SK,
          entity: 'NoticeLine',
          email: 'compliance@example.org',
          party: 'compliance',
          vendorId: 'v_legacyline0000',
          vendorName: 'Legacy Line Health',
          dueKind: 'finding_remediation',
          stepKind: 'escalation',
          level: 2,
          offsetDays: 7,
          title: 'Backups not encrypted',
          severity: 'high',
          dueAt: deliverAfter,
          group,
          deliverAfter,
          sweepId: 'old',
          filedAt: deliverAfter,
          dueShard: dueShardFor('NOTICE#PENDING', SK),
          nextActionAt: deliverAfter,
        },
      }),
    );
    const before = (await daily()).length;
    await sweep();
    await sweep();
    const mails = await daily();
    expect(mails.length).toBe(before + 1);
    expect(mails.at(-1)!.body.text).toContain('Legacy Line Health');
    const left = await rt.deps.clients.ddb.send(
      new GetCommand({ TableName: rt.deps.config.tableName, Key: { PK: 'NOTICE#PENDING', SK } }),
    );
    expect(left.Item).toBeUndefined();
  });
});
