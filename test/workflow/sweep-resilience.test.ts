/**
 * Sweep resilience against the local runtime: an item that keeps failing is counted, retried with
 * growing delays and quarantined after the policy's attempts (default 5) with exactly one alert to
 * compliance, while every other item and the digest go on; racing sweeps send one digest.
 */

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { pruneExpired } from '#local/ttl-pruner.ts';
import type { OffsetClock } from '#shared/adapters/clock.ts';
import type { Mailer } from '#shared/ports/mailer.ts';
import { fileDigestLine, sendDigests } from '#shared/use-cases/sweep-digest.ts';
import { phiVendor, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const clock = () => rt.deps.clock as OffsetClock;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const sweep = async () => {
  const res = await rt.api('POST', '/local/sweep');
  expect(res.status).toBe(200);
  return res.json;
};
const subjects = async (to: string) => (await rt.emailsTo(to)).map((e) => e.subject);

async function launch(name: string, contactEmail: string) {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({
      name,
      contactEmail,
      businessOwnerEmail: `owner-${contactEmail.split('@')[0]}@example.org`,
    }),
  });
  const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
  expect(started.status).toBe(202);
  await rt.runner.idle();
  return { vendorId: vendor.json.id as string, assessmentId: started.json.id as string };
}

describe('an item that keeps failing', () => {
  it('is retried later with growing delays, quarantined after 5 attempts with one alert to compliance, and never stops the others or the digest', async () => {
    const t0 = clock().now().getTime();
    const poison = await launch('Poison Pill Ltd', 'poison@vendor.example');
    await launch('Healthy Co', 'healthy@vendor.example');

    // One vendor's deadline record no longer parses (an unknown kind, as after a bad hand edit):
    // a permanent failure of that one item.
    await rt.deps.store.ddb.send(
      new UpdateCommand({
        TableName: rt.deps.store.tableName,
        Key: { PK: `ASSESSMENT#${poison.assessmentId}`, SK: 'STATE' },
        UpdateExpression: 'SET #due.#kind = :bad',
        ExpressionAttributeNames: { '#due': 'due', '#kind': 'kind' },
        ExpressionAttributeValues: { ':bad': 'no_such_kind' },
      }),
    );
    {
      clock().set(new Date(t0 + 7.01 * DAY));
      // A digest line waiting to go out: the failing item must not hold it back.
      await fileDigestLine(rt.deps, {
        item: { PK: 'TEST#digest', SK: 'LINE' },
        stepId: 'digest-1',
        line: 'Seeded Vendor: a line the digest must carry',
        sweepId: 'seed',
        now: clock().now().toISOString(),
      });
      const first = await sweep();
      expect(first.status).toBe('SUCCEEDED');
      expect(first.output.summary.failed).toBe(1);
      expect((await subjects('healthy@vendor.example')).filter((s) => s.startsWith('Reminder'))).toHaveLength(
        1,
      );
      const digests = (await rt.emailsTo('compliance@example.org')).filter((e) =>
        e.subject.startsWith('Weekly overdue digest'),
      );
      expect(digests.map((d) => d.body.text).join('\n')).toContain('a line the digest must carry');

      // Attempts 2..5, each after the growing delay (15, 30, 60, 120 minutes).
      const item = async () => rt.deps.store.getRaw({ PK: `ASSESSMENT#${poison.assessmentId}`, SK: 'STATE' });
      let at = t0 + 7.01 * DAY;
      for (const [attempt, delayMinutes] of [
        [2, 15],
        [3, 30],
        [4, 60],
        [5, 120],
      ] as const) {
        // Just before the delay ends, the item is left alone.
        clock().set(new Date(at + (delayMinutes - 1) * 60_000));
        await sweep();
        expect((await item())?.sweepFailures).toMatchObject({ count: attempt - 1 });
        at += delayMinutes * 60_000 + 30_000;
        clock().set(new Date(at));
        const result = await sweep();
        expect(result.status).toBe('SUCCEEDED');
        expect((await item())?.sweepFailures).toMatchObject({ count: attempt });
      }

      const quarantined = await item();
      expect(quarantined?.nextActionAt, 'a quarantined item is off the due index').toBeUndefined();
      expect(quarantined?.dueShard).toBeUndefined();
      expect(quarantined?.sweepQuarantine).toMatchObject({ attempts: 5 });
      const alerts = async () =>
        (await subjects('compliance@example.org')).filter((s) =>
          s.startsWith('Action needed: reminders stopped'),
        );
      expect(await alerts()).toEqual([expect.stringContaining('Poison Pill Ltd')]);
      const alert = (await rt.emailsTo('compliance@example.org')).find((e) =>
        e.subject.startsWith('Action needed'),
      )!;
      expect(alert.body.text).toContain('after 5 attempts');
      expect(alert.body.text).not.toMatch(/ASSESSMENT#|questionnaire_response|Error/);

      // Later sweeps neither retry it nor alert again.
      for (const hours of [1, 5, 30]) {
        clock().set(new Date(at + hours * HOUR));
        expect((await sweep()).status).toBe('SUCCEEDED');
      }
      expect(await alerts()).toHaveLength(1);
      expect((await item())?.sweepFailures).toMatchObject({ count: 5 });
    }

    // Failure records are bounded: each carries a TTL (`purgeAt`, epoch seconds, ~90 days ahead).
    const { items } = await rt.deps.store.query<Record<string, unknown>>(
      { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'FAILURE#sweep' } },
      { keepKeys: true },
    );
    expect(items.length).toBeGreaterThanOrEqual(5);
    const nowSeconds = clock().now().getTime() / 1000;
    for (const record of items) {
      expect(Number(record.purgeAt)).toBeGreaterThan(nowSeconds + 80 * 86_400);
      expect(Number(record.purgeAt)).toBeLessThan(nowSeconds + 100 * 86_400);
    }
  });
});

describe('deadline mail that cannot be delivered', () => {
  it('is retried with growing delays, then dropped with one alert to compliance; other mail goes on', async () => {
    const t0 = clock().now().getTime();
    await launch('Bounce Ltd', 'bounce@vendor.example');
    await launch('Delivered Co', 'delivered@vendor.example');
    const real = rt.deps.mailer;
    const failing: Mailer = {
      send: async (email) => {
        if (email.to.includes('bounce@vendor.example')) throw new Error('address rejected');
        return real.send(email);
      },
    };
    rt.deps.mailer = failing;
    try {
      let at = t0 + 7.01 * DAY;
      clock().set(new Date(at));
      const first = await sweep();
      expect(first.status).toBe('SUCCEEDED');
      expect(first.output.digest.notices.failed).toBe(1);
      expect(
        (await subjects('delivered@vendor.example')).filter((s) => s.startsWith('Reminder')),
      ).toHaveLength(1);
      // Attempts 2..5 after the policy's delays (15, 30, 60, 120 minutes).
      for (const delayMinutes of [15, 30, 60, 120]) {
        clock().set(new Date(at + (delayMinutes - 1) * 60_000));
        expect((await sweep()).output.digest?.notices?.failed ?? 0).toBe(0); // not yet due again
        at += delayMinutes * 60_000 + 30_000;
        clock().set(new Date(at));
        expect((await sweep()).output.digest.notices.failed).toBe(1);
      }
      const alerts = async () =>
        (await subjects('compliance@example.org')).filter((s) =>
          s.startsWith('Action needed: deadline mail to bounce@vendor.example'),
        );
      expect(await alerts()).toHaveLength(1);
      // Later sweeps neither retry nor alert again.
      for (const hours of [1, 5, 30]) {
        clock().set(new Date(at + hours * HOUR));
        await sweep();
      }
      expect(await alerts()).toHaveLength(1);
      expect((await subjects('bounce@vendor.example')).filter((s) => s.startsWith('Reminder'))).toHaveLength(
        0,
      );
    } finally {
      rt.deps.mailer = real;
    }
  });
});

describe('two sweeps racing for the digest', () => {
  it('send exactly one digest with every line, round after round', async () => {
    const digestCount = async () =>
      (await rt.emailsTo('compliance@example.org')).filter((e) =>
        e.subject.startsWith('Weekly overdue digest'),
      ).length;
    for (let round = 0; round < 5; round++) {
      const now = clock().now().toISOString();
      for (let i = 0; i < 12; i++) {
        await fileDigestLine(rt.deps, {
          item: { PK: `RACE#${round}`, SK: `ITEM#${i}` },
          stepId: 'digest-1',
          line: `Race Vendor ${round}-${i}: overdue`,
          sweepId: 'seed',
          now,
        });
      }
      const before = await digestCount();
      const results = await Promise.all(
        ['a', 'b', 'c'].map((id) => sendDigests(rt.deps, { sweep: { sweepId: `race-${round}-${id}`, now } })),
      );
      expect(results.filter((r) => r.sent)).toHaveLength(1);
      expect(await digestCount()).toBe(before + 1);
      const latest = (await rt.emailsTo('compliance@example.org'))
        .filter((e) => e.subject.startsWith('Weekly overdue digest'))
        .at(-1)!;
      for (let i = 0; i < 12; i++) expect(latest.body.text).toContain(`Race Vendor ${round}-${i}`);
      // Nothing is left to send: a later sweep sends no digest.
      expect((await sendDigests(rt.deps, { sweep: { sweepId: `after-${round}`, now } })).sent).toBe(false);
    }
  });
});

describe('short-lived records in local mode', () => {
  it('are pruned once their purgeAt has passed, as DynamoDB TTL does in AWS (dynalite has no TTL)', async () => {
    const nowSeconds = Math.floor(clock().now().getTime() / 1000);
    await rt.deps.store.create({ PK: 'TTL#test', SK: 'expired', purgeAt: nowSeconds - 1 });
    await rt.deps.store.create({ PK: 'TTL#test', SK: 'current', purgeAt: nowSeconds + 3600 });
    await rt.deps.store.create({ PK: 'TTL#test', SK: 'kept', note: 'no purgeAt: kept for good' });
    expect(await pruneExpired(rt.deps)).toBeGreaterThanOrEqual(1);
    const { items } = await rt.deps.store.query<{ SK: string }>(
      { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'TTL#test' } },
      { keepKeys: true },
    );
    expect(items.map((i) => i.SK).sort()).toEqual(['current', 'kept']);
  });
});
