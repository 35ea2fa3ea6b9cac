/**
 * Audit completeness (issue 11, item 5) and batched appends (issue 13): the hash covers the whole
 * stored item, a deleted head fails verification, heads are published to the write-once archive
 * with a six-year compliance lock, and a rewrite of the whole chain (head included) is caught
 * against the published head. One request writes its audit events with one head update.
 */
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { archiveKey } from '#shared/adapters/audit-head-archive.ts';
import { chainNext } from '#shared/domain/audit-chain.ts';
import type { AuditEvent } from '#shared/schemas/audit.ts';
import { pkOf, recordCapacity } from '../support/capacity.ts';
import { phiVendor, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

const eventKey = (vendorId: string, seq: number) => ({
  PK: `AUDIT#${vendorId}`,
  SK: `EVENT#${String(seq).padStart(10, '0')}`,
});
const headKey = (vendorId: string) => ({ PK: `AUDITHEAD#${vendorId}`, SK: 'HEAD' });
const verify = async (vendorId: string) =>
  (await rt.api('GET', `/vendors/${vendorId}/audit/verify`, { role: 'compliance' })).json;
const put = (Item: Record<string, unknown>) =>
  rt.deps.clients.ddb.send(new PutCommand({ TableName: rt.deps.config.tableName, Item }));
const del = (Key: Record<string, unknown>) =>
  rt.deps.clients.ddb.send(new DeleteCommand({ TableName: rt.deps.config.tableName, Key }));

let n = 0;
async function vendorWithTrail(): Promise<string> {
  n++;
  const res = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name: `Archive Co ${n}`, contactEmail: `archive${n}@vendor.example` }),
  });
  expect(res.status).toBe(201);
  await rt.api('POST', `/vendors/${res.json.id}/assessments`, { role: 'procurement' });
  await rt.runner.idle();
  return res.json.id;
}

describe('the hash covers the whole stored item', () => {
  it('new events are stored under hash scheme 2 and verify', async () => {
    const vendorId = await vendorWithTrail();
    const events = await rt.deps.audit.list(vendorId);
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.every((e) => e.hashVersion === 2)).toBe(true);
    expect((await verify(vendorId)).ok).toBe(true);
  });

  it('an extra attribute written into an event fails verification, naming the event', async () => {
    const vendorId = await vendorWithTrail();
    const [first] = await rt.deps.audit.list(vendorId);
    await put({ ...eventKey(vendorId, 1), entity: 'AuditEvent', ...first!, note: 'added later' });
    const result = await verify(vendorId);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 1, kind: 'altered' })]);
  });

  it('an event moved to another position fails verification', async () => {
    const vendorId = await vendorWithTrail();
    const events = await rt.deps.audit.list(vendorId);
    const last = events.at(-1)!;
    await put({ ...eventKey(vendorId, last.seq), entity: 'Something', ...last });
    expect((await verify(vendorId)).problems).toEqual([
      expect.objectContaining({ seq: last.seq, kind: 'altered' }),
    ]);
  });
});

describe('the recorded head', () => {
  it('a deleted head fails verification once the trail had one', async () => {
    const vendorId = await vendorWithTrail();
    expect((await verify(vendorId)).anchor).not.toBeNull();
    await del(headKey(vendorId));
    const result = await verify(vendorId);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'missing' })]);
    expect(result.problems[0].message).toContain('head');
  });

  it('the last event deleted together with the head fails verification', async () => {
    const vendorId = await vendorWithTrail();
    const events = await rt.deps.audit.list(vendorId);
    await del(eventKey(vendorId, events.length));
    await del(headKey(vendorId));
    expect((await verify(vendorId)).ok).toBe(false);
  });
});

describe('publishing heads to the write-once archive', () => {
  it('publishes each moved head with a compliance-mode lock of at least six years', async () => {
    const vendorId = await vendorWithTrail();
    const requests: Record<string, any>[] = [];
    rt.deps.clients.s3.middlewareStack.add(
      (next, context) => async (args) => {
        if ((context as { commandName?: string }).commandName === 'PutObjectCommand') {
          requests.push({ ...(args.input as object) });
        }
        return next(args);
      },
      { step: 'initialize', name: 'capturePutObject', override: true },
    );
    try {
      const result = await rt.publishAuditHeads();
      expect(result.published).toBeGreaterThanOrEqual(1);
    } finally {
      rt.deps.clients.s3.middlewareStack.remove('capturePutObject');
    }
    const mine = requests.find((r) => r.Key === archiveKey(vendorId))!;
    expect(mine).toBeDefined();
    expect(mine.ObjectLockMode).toBe('COMPLIANCE');
    const sixYears = new Date(rt.deps.clock.now());
    sixYears.setUTCFullYear(sixYears.getUTCFullYear() + 6);
    expect(new Date(mine.ObjectLockRetainUntilDate).getTime()).toBeGreaterThanOrEqual(sixYears.getTime());

    // The stored object: the head, and the retention request kept with it by the local stand-in.
    const bucket = rt.deps.config.auditArchiveBucket!;
    const head = await rt.deps.clients.s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: archiveKey(vendorId) }),
    );
    expect(head.Metadata?.['lock-mode']).toBe('COMPLIANCE');
    expect(new Date(head.Metadata!['retain-until']!).getTime()).toBeGreaterThanOrEqual(sixYears.getTime());
    const body = JSON.parse(
      (await (
        await rt.deps.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: archiveKey(vendorId) }))
      ).Body?.transformToString()) ?? '{}',
    );
    const recorded = await rt.deps.audit.head(vendorId);
    expect(body).toMatchObject({ vendorId, seq: recorded!.seq, hash: recorded!.hash });

    // Published heads leave the to-do list: a second run publishes nothing new for this vendor.
    const again = await rt.publishAuditHeads();
    expect(again.published).toBe(0);
    const verification = await verify(vendorId);
    expect(verification.ok).toBe(true);
    expect(verification.published).toMatchObject({ seq: recorded!.seq, hash: recorded!.hash });
  });

  it('a rewrite of the whole chain and its recorded head is caught against the published head', async () => {
    const vendorId = await vendorWithTrail();
    await rt.publishAuditHeads();
    const original = await rt.deps.audit.list(vendorId);

    // Someone with table access rewrites history: event 1 says something else, every later event
    // is re-chained, the recorded head is moved to the new last hash. On its own it is consistent.
    const rewritten: AuditEvent[] = [];
    for (const event of original) {
      const { seq: _s, prevHash: _p, hash: _h, hashVersion: _v, ...input } = event;
      const changed = event.seq === 1 ? { ...input, summary: 'Registered nothing of interest' } : input;
      rewritten.push(chainNext(rewritten.at(-1) ?? null, changed));
    }
    for (const event of rewritten)
      await put({ ...eventKey(vendorId, event.seq), entity: 'AuditEvent', ...event });
    const last = rewritten.at(-1)!;
    await put({
      ...headKey(vendorId),
      entity: 'AuditHead',
      vendorId,
      seq: last.seq,
      hash: last.hash,
      at: last.at,
    });

    const result = await verify(vendorId);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: original.length, kind: 'altered' })]);
    expect(result.problems[0].message).toContain('published');
  });

  it('a chain truncated with its head moved back is caught against the published head', async () => {
    const vendorId = await vendorWithTrail();
    await rt.publishAuditHeads();
    const events = await rt.deps.audit.list(vendorId);
    const keep = events.at(-2)!;
    await del(eventKey(vendorId, events.length));
    await put({
      ...headKey(vendorId),
      entity: 'AuditHead',
      vendorId,
      seq: keep.seq,
      hash: keep.hash,
      at: keep.at,
    });
    const result = await verify(vendorId);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: events.length, kind: 'missing' })]);
  });
});

describe('the audit events of one request are appended together', () => {
  it('a request view appends its events one after another, then writes the head once', async () => {
    const created = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Deferred Co', contactEmail: 'deferred@vendor.example' }),
    });
    const vendorId = created.json.id as string;
    const view = rt.deps.audit.deferred();
    const entry = (action: string) => ({
      vendorId,
      actor: { id: 'compliance@example.org', role: 'compliance' as const },
      action,
      target: { type: 'vendor', id: vendorId },
      summary: action,
      at: new Date().toISOString(),
    });
    await view.append(entry('test.first'));
    await view.append(entry('test.second'));
    const rec = recordCapacity(rt.deps.clients.ddb);
    try {
      const { calls } = await rec.during(() => view.flush());
      expect(calls.map((c) => [c.command, pkOf(c)?.split('#')[0]])).toEqual([
        ['PutItemCommand', 'AUDIT'],
        ['PutItemCommand', 'AUDIT'],
        ['PutItemCommand', 'AUDITHEAD'],
      ]);
    } finally {
      rec.stop();
    }
    expect((await verify(vendorId)).ok).toBe(true);
  });

  it('registering a PHI vendor (one event: registered, BAA request emailed) writes the head once and reads no chain', async () => {
    const rec = recordCapacity(rt.deps.clients.ddb);
    try {
      const { calls } = await rec.during(() =>
        rt.api('POST', '/vendors', {
          role: 'procurement',
          body: phiVendor({ name: 'Batch Co', contactEmail: 'batch@vendor.example' }),
        }),
      );
      const writes = calls.filter((c) => c.command === 'PutItemCommand' || c.command === 'UpdateItemCommand');
      const headWrites = writes.filter((c) => pkOf(c)?.startsWith('AUDITHEAD#'));
      const eventWrites = writes.filter((c) => pkOf(c)?.startsWith('AUDIT#'));
      const chainReads = calls.filter((c) => c.command === 'QueryCommand' && pkOf(c)?.startsWith('AUDIT#'));
      expect(eventWrites).toHaveLength(1);
      expect(headWrites).toHaveLength(1);
      expect(chainReads).toHaveLength(0);
    } finally {
      rec.stop();
    }
  });
});
