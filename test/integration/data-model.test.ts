/**
 * The request shapes that make the write units (issue 13): a draft save is ONE small UpdateItem of
 * the assessment's state item (never the frozen questionnaire), the questionnaire is its own
 * immutable item written once per distinct content, and list reads take keys from the indexes and
 * the items by BatchGetItem.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { compliantAnswers } from '../support/answers.ts';
import { pkOf, recordCapacity, totals } from '../support/capacity.ts';
import { phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

const WRITES = ['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand'];

async function invite(name: string, contactEmail: string) {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name, contactEmail }),
  });
  const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
  const email = await rt.waitForEmail(
    (e) => e.destination.to.includes(contactEmail) && e.subject.startsWith('Security questionnaire'),
  );
  await rt.runner.idle();
  return {
    vendorId: vendor.json.id as string,
    assessmentId: started.json.id as string,
    token: portalToken(email),
  };
}

const raw = async (PK: string, SK: string) =>
  (await rt.deps.clients.ddb.send(new GetCommand({ TableName: rt.deps.config.tableName, Key: { PK, SK } })))
    .Item;

describe('a draft save', () => {
  it('is one UpdateItem of the state item that sets only what changed', async () => {
    const { assessmentId, token } = await invite('Shape Co', 'shape@vendor.example');
    const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
    const answers = Object.fromEntries(Object.entries(compliantAnswers(view)).slice(0, 10));

    const rec = recordCapacity(rt.deps.clients.ddb);
    let calls: Awaited<ReturnType<typeof rec.during>>['calls'];
    try {
      const out = await rec.during(() => rt.api('PUT', `/portal/${token}/draft`, { body: { answers } }));
      expect(out.result.status).toBe(200);
      calls = out.calls;
    } finally {
      rec.stop();
    }

    const writes = calls.filter((c) => WRITES.includes(c.command));
    expect(writes).toHaveLength(1);
    const [update] = writes;
    expect(update!.command).toBe('UpdateItemCommand');
    expect(pkOf(update!)).toBe(`ASSESSMENT#${assessmentId}`);
    expect(JSON.stringify(update!.input.Key)).toContain('STATE');
    const setNames = Object.values(update!.input.ExpressionAttributeNames as Record<string, string>).sort();
    expect(setNames).toEqual(['answersGz', 'draftSavedAt', 'status', 'updatedAt', 'version']);
    expect(update!.input.ConditionExpression).toContain('#version = :expected');
    // Small: the request carries the (compressed) answers and four scalars, not the questionnaire.
    expect(JSON.stringify(update!.input).length).toBeLessThan(2048);
    expect(update!.wcu).toBeLessThanOrEqual(2);
    // No write to the questionnaire; no audit event for a draft.
    expect(calls.some((c) => pkOf(c)?.startsWith('QUESTIONNAIRE#') && WRITES.includes(c.command))).toBe(
      false,
    );

    // A second save changes only answers and times (status stays in_progress).
    const rec2 = recordCapacity(rt.deps.clients.ddb);
    try {
      const { calls: again } = await rec2.during(() =>
        rt.api('PUT', `/portal/${token}/draft`, {
          body: { answers: { ...answers, 'gov-risk-analysis': 'no' } },
        }),
      );
      const second = again.filter((c) => WRITES.includes(c.command));
      expect(second).toHaveLength(1);
      expect(Object.values(second[0]!.input.ExpressionAttributeNames).sort()).toEqual([
        'answersGz',
        'draftSavedAt',
        'updatedAt',
        'version',
      ]);
      expect(totals(again).wcu).toBeLessThanOrEqual(2);
    } finally {
      rec2.stop();
    }
  });
});

describe('the frozen questionnaire', () => {
  it('is stored once, apart from the state item, and shared by assessments sent the same version', async () => {
    const a = await invite('Frozen One', 'frozen1@vendor.example');
    const b = await invite('Frozen Two', 'frozen2@vendor.example');
    const stateA = await raw(`ASSESSMENT#${a.assessmentId}`, 'STATE');
    const stateB = await raw(`ASSESSMENT#${b.assessmentId}`, 'STATE');
    expect(stateA!.questionnaire).toBeUndefined();
    expect(stateA!.questionnaireRef.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stateB!.questionnaireRef.sha256).toBe(stateA!.questionnaireRef.sha256);
    expect(JSON.stringify(stateA).length).toBeLessThan(4096);

    const frozen = await raw(`QUESTIONNAIRE#${stateA!.questionnaireRef.sha256}`, 'FROZEN');
    expect(frozen).toMatchObject({ entity: 'FrozenQuestionnaire', encoding: 'gzip+json' });
    // The vendor still sees every question.
    const view = (await rt.api('GET', `/portal/${a.token}/questionnaire`)).json;
    expect(view.questions.length).toBe(stateA!.questionnaireRef.questionCount);
  });

  it('a questionnaire whose content does not match its address is refused, not shown', async () => {
    const { QuestionnaireStore } = await import('#shared/adapters/dynamodb/questionnaire-store.ts');
    const a = await invite('Tampered Q', 'tamperedq@vendor.example');
    const state = await raw(`ASSESSMENT#${a.assessmentId}`, 'STATE');
    const frozen = await raw(`QUESTIONNAIRE#${state!.questionnaireRef.sha256}`, 'FROZEN');
    const { gzipSync, gunzipSync } = await import('node:zlib');
    const json = gunzipSync(frozen!.body).toString('utf8').replace('"title":"', '"title":"Edited ');
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const fakeSha = 'f'.repeat(64);
    await rt.deps.clients.ddb.send(
      new PutCommand({
        TableName: rt.deps.config.tableName,
        Item: { ...frozen, PK: `QUESTIONNAIRE#${fakeSha}`, body: gzipSync(json) },
      }),
    );
    // A fresh store (no cache) reads it from the table and checks it against its address.
    await expect(new QuestionnaireStore(rt.deps.store).get(fakeSha)).rejects.toThrow(/does not match/);
  });
});

describe('list reads', () => {
  it('query an index for keys and read the items by BatchGetItem', async () => {
    await invite('List Co', 'list@vendor.example');
    const rec = recordCapacity(rt.deps.clients.ddb);
    try {
      const { result, calls } = await rec.during(() =>
        rt.api('GET', '/vendors?limit=5', { role: 'procurement' }),
      );
      expect(result.status).toBe(200);
      expect(result.json.items.length).toBeGreaterThan(0);
      expect(result.json.items[0].contactEmail).toBeDefined(); // whole entities, not just keys
      expect(calls.map((c) => c.command)).toEqual(['QueryCommand', 'BatchGetItemCommand']);
      // A list view may be a moment stale: the item reads are eventually consistent.
      const batch = calls[1]!.input.RequestItems[rt.deps.config.tableName];
      expect(batch.ConsistentRead).toBe(false);
    } finally {
      rec.stop();
    }
  });
});

describe('registering a vendor', () => {
  it('takes at most 6 DynamoDB calls with the BAA request, 4 without (the duplicate check included)', async () => {
    const rec = recordCapacity(rt.deps.clients.ddb);
    try {
      const phi = await rec.during(() =>
        rt.api('POST', '/vendors', {
          role: 'procurement',
          body: phiVendor({ name: 'Calls Co', contactEmail: 'calls@vendor.example' }),
        }),
      );
      expect(phi.result.status).toBe(201);
      expect(phi.result.json.baaStatus).toBe('sent');
      expect(phi.calls.length).toBeLessThanOrEqual(6);
      const plain = await rec.during(() =>
        rt.api('POST', '/vendors', {
          role: 'procurement',
          body: phiVendor({
            name: 'Plain Calls Co',
            contactEmail: 'plaincalls@vendor.example',
            intake: { handlesPhi: false, medicalDevice: false, systemAccess: 'none', recordVolume: 'none' },
          }),
        }),
      );
      expect(plain.result.status).toBe(201);
      // The holders' read runs even with allowDuplicate: it decides which identity markers to write.
      expect(plain.calls.length).toBeLessThanOrEqual(4);
    } finally {
      rec.stop();
    }
    // What was written in one batch reads back whole: the vendor, its BAA, and a working BAA link.
    const email = await rt.waitForEmail((e) => e.destination.to.includes('calls@vendor.example'));
    const token = email.body.text?.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)?.[1];
    expect(token).toBeDefined();
    expect((await rt.api('GET', `/portal/${token}/baa/status`)).status).toBe(200);
  });
});

/** Per item kind: how many writes the calls made (BatchWriteItem counts once, as one call). */
function writesByKind(calls: ReturnType<typeof recordCapacity>['calls']) {
  const out: Record<string, number> = {};
  for (const c of calls) {
    if (!WRITES.includes(c.command)) continue;
    const key = c.input.Key ?? c.input.Item ?? {};
    const sk = (typeof key.SK === 'string' ? key.SK : key.SK?.S) ?? 'batch';
    const pk = pkOf(c) ?? 'batch';
    const kind = `${pk.split('#')[0]} ${sk.split('#')[0]}`;
    out[kind] = (out[kind] ?? 0) + 1;
  }
  return out;
}
const reads = (calls: ReturnType<typeof recordCapacity>['calls'], sk: string) =>
  calls.filter((c) => {
    const keys = c.input.Key
      ? [c.input.Key]
      : Object.values((c.input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>).flatMap(
          (r) => r.Keys ?? [],
        );
    return (
      c.command.includes('Get') &&
      keys.some((k) => {
        const v = (k as { SK: string | { S: string } }).SK;
        return (typeof v === 'string' ? v : v.S) === sk;
      })
    );
  }).length;

describe('the writes of launch, submit and review (issue 13 write units)', () => {
  it('launch: four writes of the small state item, one audit event and one head per request and per execution, no footer read', async () => {
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Launch Shape Co', contactEmail: 'launchshape@vendor.example' }),
    });
    await rt.runner.idle();
    const rec = recordCapacity(rt.deps.clients.ddb);
    try {
      const { calls } = await rec.during(async () => {
        const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, {
          role: 'procurement',
        });
        await rt.waitForEmail(
          (e) =>
            e.destination.to.includes('launchshape@vendor.example') &&
            e.subject.startsWith('Security questionnaire'),
        );
        await rt.runner.idle();
        return started;
      });
      const byKind = writesByKind(calls);
      // Request: vendor (double-click guard and stage), state, event, head. Workflow: state ×3
      // (questionnaire reference and due date; the link hash before the email; sent), link, event, head.
      expect(byKind['ASSESSMENT STATE']).toBe(4);
      // Once: the request's double-click guard also moves the stage (the workflow leaves it).
      expect(byKind['VENDOR PROFILE']).toBe(1);
      expect(byKind['LINK LINK']).toBe(1);
      expect(byKind['AUDIT EVENT']).toBe(2);
      expect(byKind['AUDITHEAD HEAD']).toBe(2);
      // The invitation's incident-link footer comes with the vendor read (one BatchGetItem).
      // (the RequestBaa step reads the vendor the same way: its BAA was already sent at registration)
      expect(reads(calls, 'INCIDENTLINK')).toBe(2);
      expect(
        calls.filter(
          (c) =>
            c.command === 'GetItemCommand' &&
            pkOf(c)?.startsWith('VENDOR#') &&
            c.input.Key.SK === 'INCIDENTLINK',
        ),
      ).toHaveLength(0);
    } finally {
      rec.stop();
    }
  });

  it('submit writes the state item once; review once (score with outcome) and marks its emails on a small item; never the questionnaire, no footer read', async () => {
    const { assessmentId, token } = await invite('Review Shape Co', 'reviewshape@vendor.example');
    const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
    const answers = compliantAnswers(view) as Record<string, unknown>;
    const rec = recordCapacity(rt.deps.clients.ddb);
    try {
      const submitted = await rec.during(() =>
        rt.api('POST', `/portal/${token}/submit`, { body: { answers } }),
      );
      expect(submitted.result.status).toBe(202);
      expect(writesByKind(submitted.calls)).toEqual({
        'ASSESSMENT STATE': 1, // answers, status, due fields cleared: one UpdateItem
        // No vendor write: the review moves the stage (a transient "answered" moved GSI2 twice).
        'AUDIT EVENT': 1,
        'AUDITHEAD HEAD': 1,
      });
      const review = await rec.during(async () => {
        await rt.runner.idle();
      });
      const findings = review.calls.filter(
        (c) =>
          c.command === 'PutItemCommand' &&
          String(c.input.Item?.SK?.S ?? c.input.Item?.SK).startsWith('FINDING#'),
      ).length;
      const byKind = writesByKind(review.calls);
      // Score and outcome in one write of the state item; the "email sent" marks on their own
      // small item (remediation plan, procurement summary; the critical escalation when it applies).
      expect(byKind['ASSESSMENT STATE']).toBe(1);
      expect(byKind['ASSESSMENT NOTIFIED']).toBeGreaterThanOrEqual(2);
      expect(byKind['ASSESSMENT NOTIFIED']).toBeLessThanOrEqual(3);
      expect(byKind['ASSESSMENT FINDING'] ?? 0).toBe(findings);
      expect(byKind['VENDOR PROFILE']).toBe(1); // assessment sent → its review's stage, once
      expect(byKind['AUDIT EVENT']).toBe(1);
      expect(byKind['AUDITHEAD HEAD']).toBe(1);
      expect(byKind.QUESTIONNAIRE).toBeUndefined();
      expect(
        review.calls.filter(
          (c) => c.command === 'GetItemCommand' && (c.input.Key.SK?.S ?? c.input.Key.SK) === 'INCIDENTLINK',
        ),
      ).toHaveLength(0);
      // The reviewed state item stays under 2 KB (domain scores stored without their labels, the
      // invitation link's hash dropped at submission): 2 write units per write, not 3.
      const stateWrites = review.calls.filter(
        (c) =>
          WRITES.includes(c.command) &&
          pkOf(c) === `ASSESSMENT#${assessmentId}` &&
          (c.input.Key?.SK?.S ?? c.input.Key?.SK) === 'STATE',
      );
      expect(stateWrites.map((c) => c.wcu)).toEqual([2]);
      const shown = await rt.api('GET', `/assessments/${assessmentId}`, { role: 'compliance' });
      expect(shown.json.domainScores.length).toBeGreaterThan(3);
      for (const d of shown.json.domainScores) expect(d.label).toMatch(/^[A-Z]/);
      const state = await raw(`ASSESSMENT#${assessmentId}`, 'STATE');
      expect(state?.linkTokenHash).toBeUndefined();
      expect(state?.status).toBe('reviewed');
      expect(typeof state?.score).toBe('number');
    } finally {
      rec.stop();
    }
  });
});

describe('a launch that cannot start', () => {
  it('leaves the vendor in intake (the request had moved it to "assessment sent")', async () => {
    const vendor = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Unstarted Co', contactEmail: 'unstarted@vendor.example' }),
    });
    const workflows = rt.deps.workflows;
    const start = workflows.start.bind(workflows);
    workflows.start = async () => {
      throw Object.assign(new Error('Step Functions is down'), { name: 'ServiceUnavailable' });
    };
    try {
      const res = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
      expect(res.status).toBe(503);
    } finally {
      workflows.start = start;
    }
    const after = await rt.api('GET', `/vendors/${vendor.json.id}`, { role: 'procurement' });
    expect(after.json.stage).toBe('intake');
  });
});
