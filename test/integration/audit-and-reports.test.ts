/**
 * The audit trail and what auditors take away: the chain verifies after a vendor's whole journey;
 * an edited, deleted or deleted-last event is reported by seq and kind (the last one through the
 * recorded head); the register exports (CSV and JSON, paged, formula-safe); the printable audit
 * packet; and who may read any of it.
 */
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '#shared/domain/audit-chain.ts';
import { escapeHtml } from '#shared/html.ts';
import type { Vendor } from '#shared/schemas/vendor.ts';
import { compliantAnswers } from '../support/answers.ts';
import { phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

interface Journey {
  vendorId: string;
  assessmentId: string;
  token: string;
}

/** Register a PHI vendor, launch, answer with two critical gaps, submit, wait for the review. */
async function reviewedVendor(name: string, contactEmail: string): Promise<Journey> {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name, contactEmail }),
  });
  expect(vendor.status).toBe(201);
  const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
  expect(started.status).toBe(202);
  const invitation = await rt.waitForEmail(
    (e) => e.destination.to.includes(contactEmail) && e.subject.startsWith('Security questionnaire'),
  );
  const token = portalToken(invitation);
  await rt.runner.idle();
  const view = (await rt.api('GET', `/portal/${token}/questionnaire`)).json;
  const answers = compliantAnswers(view, { 'enc-at-rest': 'no', 'ir-plan-tested': 'no' });
  expect((await rt.api('POST', `/portal/${token}/submit`, { body: { answers } })).status).toBe(202);
  await rt.runner.idle();
  return { vendorId: vendor.json.id, assessmentId: started.json.id, token };
}

/** A launched PHI vendor (registration, BAA request, launch): enough events to tamper with. */
async function launchedVendor(name: string, contactEmail: string): Promise<string> {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name, contactEmail }),
  });
  await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
  await rt.runner.idle();
  return vendor.json.id;
}

const eventKey = (vendorId: string, seq: number) => ({
  PK: `AUDIT#${vendorId}`,
  SK: `EVENT#${String(seq).padStart(10, '0')}`,
});

const verify = async (vendorId: string) =>
  (await rt.api('GET', `/vendors/${vendorId}/audit/verify`, { role: 'compliance' })).json;

/** RFC 4180 reader for the assertions: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const today = () => rt.deps.clock.now().toISOString().slice(0, 10);

let journey: Journey;

describe('the audit trail', () => {
  beforeAll(async () => {
    journey = await reviewedVendor('Trail Imaging', 'trail@vendor.example');
  });

  it("a vendor's trail verifies after registration, launch, submit and review", async () => {
    const trail = await rt.api('GET', `/vendors/${journey.vendorId}/audit`, { role: 'procurement' });
    expect(trail.status).toBe(200);
    const actions = trail.json.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'vendor.registered',
        'assessment.sent',
        'assessment.submitted',
        'assessment.reviewed',
      ]),
    );
    expect(trail.json.events.map((e: { seq: number }) => e.seq)).toEqual(
      actions.map((_: unknown, i: number) => i + 1),
    );
    expect(trail.json.verification).toMatchObject({ ok: true, problems: [] });
    // Staff's record, in staff's words (found walking the product: the vendor's "more may appear
    // from your answers" in the trail).
    const sent = trail.json.events.find((e: { action: string }) => e.action === 'assessment.sent');
    expect(sent.summary).toMatch(/\(\d+ questions asked; conditional questions may add more\), due /);
    expect(sent.summary).not.toContain('your answers');

    const result = await verify(journey.vendorId);
    const last = trail.json.events.at(-1);
    expect(result).toMatchObject({
      ok: true,
      checked: trail.json.events.length,
      headHash: last.hash,
      anchor: { seq: last.seq, hash: last.hash },
      problems: [],
    });
  });

  it('an event edited in the table is reported as altered at its seq', async () => {
    const vendorId = await launchedVendor('Edited Co', 'edited@vendor.example');
    expect((await verify(vendorId)).ok).toBe(true);

    await rt.deps.clients.ddb.send(
      new UpdateCommand({
        TableName: rt.deps.config.tableName,
        Key: eventKey(vendorId, 2),
        UpdateExpression: 'SET summary = :s',
        ExpressionAttributeValues: { ':s': 'Nothing happened here' },
      }),
    );

    const result = await verify(vendorId);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 2, kind: 'altered' })]);
  });

  it('a deleted middle event is reported as missing', async () => {
    const vendorId = await launchedVendor('Gap Co', 'gap@vendor.example');
    const before = await verify(vendorId);
    expect(before.checked).toBeGreaterThanOrEqual(3);

    await rt.deps.clients.ddb.send(
      new DeleteCommand({ TableName: rt.deps.config.tableName, Key: eventKey(vendorId, 2) }),
    );

    const result = await verify(vendorId);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 2, kind: 'missing' })]);
  });

  it('a deleted last event is reported as missing through the recorded head', async () => {
    const vendorId = await launchedVendor('Tail Co', 'tail@vendor.example');
    const before = await verify(vendorId);
    const lastSeq = before.checked as number;
    expect(before.anchor).toEqual({ seq: lastSeq, hash: before.headHash });

    await rt.deps.clients.ddb.send(
      new DeleteCommand({ TableName: rt.deps.config.tableName, Key: eventKey(vendorId, lastSeq) }),
    );

    // Without the head the shortened chain is valid on its own…
    expect(verifyChain(await rt.deps.audit.list(vendorId), { vendorId }).ok).toBe(true);
    // …with it, the deletion shows.
    const result = await verify(vendorId);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: lastSeq, kind: 'missing' })]);

    const packet = await rt.api('GET', `/vendors/${vendorId}/audit-packet`, { role: 'compliance' });
    expect(packet.text).toContain('Chain verification FAILED');
    expect(packet.text).not.toContain('Chain verified');
  });

  it('the recorded head never moves back', async () => {
    const vendorId = await launchedVendor('Head Co', 'head@vendor.example');
    const head = await rt.deps.audit.head(vendorId);
    const events = await rt.deps.audit.list(vendorId);
    expect(head).toEqual({ seq: events.length, hash: events.at(-1)!.hash });
  });

  it('an unknown vendor is a 404', async () => {
    const res = await rt.api('GET', '/vendors/v_doesnotexist00/audit/verify', { role: 'compliance' });
    expect(res.status).toBe(404);
  });
});

describe('register exports', () => {
  let injected: string;
  beforeAll(async () => {
    journey ??= await reviewedVendor('Trail Imaging', 'trail@vendor.example');
    const res = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: '=HYPERLINK("x")', contactEmail: 'formula@vendor.example' }),
    });
    injected = res.json.id;
    const decided = await rt.api('POST', `/vendors/${journey.vendorId}/decision`, {
      role: 'procurement',
      body: { decision: 'reject', reason: 'Encryption at rest missing, "no plan"' },
    });
    expect(decided.status).toBe(200);
  });

  it('vendors as CSV: header row, one row per vendor, an attachment named for the dataset and date', async () => {
    const res = await rt.api('GET', '/reports/vendors?format=csv', { role: 'compliance' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="vendors-${today()}.csv"`);
    const [header, ...rows] = parseCsv(res.text);
    expect(header!.slice(0, 5)).toEqual(['id', 'name', 'tier', 'Risk tier', 'baaRequired']);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
    const row = rows.find((r) => r[0] === journey.vendorId)!;
    expect(row[1]).toBe('Trail Imaging');
    expect(row[2]).toBe('high');
    expect(row[3]).toBe('High tier');
  });

  it('a formula-like cell is neutralised with a leading quote and quoted per RFC 4180', async () => {
    const res = await rt.api('GET', '/reports/vendors?format=csv', { role: 'procurement' });
    expect(res.text).toContain(`${injected},"'=HYPERLINK(""x"")"`);
    const row = parseCsv(res.text).find((r) => r[0] === injected)!;
    expect(row[1]).toBe(`'=HYPERLINK("x")`);
    expect(row[1]!.startsWith("'=")).toBe(true);
  });

  it('vendors as JSON (the default) has items; more than one page of vendors is streamed whole', async () => {
    const now = rt.deps.clock.now().toISOString();
    for (let i = 0; i < 105; i++) {
      const id = `v_bulk${String(i).padStart(8, '0')}`;
      await rt.deps.vendors.create({
        ...(phiVendor({
          name: `Bulk ${String(i).padStart(3, '0')}`,
          allowDuplicate: undefined,
        }) as unknown as Omit<Vendor, 'id'>),
        id,
        tier: 'moderate',
        tierReasons: [],
        baaRequired: true,
        baaStatus: 'required',
        stage: 'intake',
        createdAt: now,
        createdBy: 'procurement@example.org',
        updatedAt: now,
        version: 1,
      } as Vendor);
    }
    const res = await rt.api('GET', '/reports/vendors', { role: 'admin' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(res.json).toMatchObject({ dataset: 'vendors', columns: expect.arrayContaining(['id', 'name']) });
    const items = res.json.items as { id: string; name: string }[];
    expect(items.filter((v) => v.name.startsWith('Bulk ')).length).toBe(105);
    expect(items.find((v) => v.id === journey.vendorId)).toMatchObject({
      name: 'Trail Imaging',
      tier: 'high',
    });
    expect(new Set(items.map((v) => v.id)).size).toBe(items.length);
  });

  it('findings carry citations and statuses but never the answer text or link hashes', async () => {
    const assessment = (await rt.api('GET', `/assessments/${journey.assessmentId}`, { role: 'compliance' }))
      .json;
    const json = await rt.api('GET', '/reports/findings?format=json', { role: 'compliance' });
    const mine = json.json.items.filter((f: { vendorId: string }) => f.vendorId === journey.vendorId);
    expect(mine.length).toBe(assessment.findings.length);
    expect(mine.find((f: { questionId: string }) => f.questionId === 'enc-at-rest')).toMatchObject({
      status: 'open',
      severity: expect.any(String),
      citation: expect.stringContaining('164.'),
    });
    const csv = await rt.api('GET', '/reports/findings?format=csv', { role: 'compliance' });
    const [header] = parseCsv(csv.text);
    expect(header).not.toContain('detail');
    expect(csv.text).not.toContain('Answered "');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="findings-${today()}.csv"`);
    for (const dataset of ['vendors', 'findings', 'baas', 'decisions']) {
      const text = (await rt.api('GET', `/reports/${dataset}?format=json`, { role: 'compliance' })).text;
      expect(text).not.toMatch(/linkTokenHash|tokenHash|submissionHash/);
      expect(text).not.toContain(journey.token);
    }
  });

  it('baas and decisions: one row per BAA and one per decision entry', async () => {
    const baas = (await rt.api('GET', '/reports/baas', { role: 'compliance' })).json.items;
    expect(baas.find((b: { vendorId: string }) => b.vendorId === journey.vendorId)).toMatchObject({
      id: 'main',
      partyType: 'vendor',
    });
    const csv = await rt.api('GET', '/reports/decisions?format=csv', { role: 'procurement' });
    const [header, ...rows] = parseCsv(csv.text);
    const row = rows.find((r) => r[0] === journey.vendorId)!;
    expect(row[header!.indexOf('decision')]).toBe('reject');
    expect(row[header!.indexOf('reason')]).toBe('Encryption at rest missing, "no plan"');
  });

  // Hand-written: the intake's data location and insurance columns, machine and in words, for a vendor
  // that answered them and for one registered without them (the journey's vendor).
  const INTAKE: [column: string, answered: string, notAsked: string][] = [
    ['vendorCountries', 'US; IN', ''],
    ['Data stored or processed in', 'United States; India', 'Not recorded'],
    ['subcontractorCountries', 'DE', ''],
    ['Subcontractors in', 'Germany', 'Not recorded'],
    ['offshoreSupport', 'yes', ''],
    ['Offshore support access', 'Yes', 'Not recorded'],
    ['cyberInsurance', 'yes', ''],
    ['insuranceCarrier', 'Beazley', ''],
    ['insuranceLimitUsd', '5000000', ''],
    ['Cyber insurance', 'Yes: Beazley, limit $5,000,000', 'Not recorded'],
  ];
  it('vendors CSV carries where the data lives and cyber insurance, countries by name', async () => {
    const located = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({
        name: 'Located Health',
        contactEmail: 'located@vendor.example',
        intake: {
          ...phiVendor().intake,
          dataLocation: {
            vendorCountries: ['US', 'IN'],
            subcontractorCountries: ['DE'],
            offshoreSupport: 'yes',
          },
          cyberInsurance: { carries: 'yes', carrier: 'Beazley', limitUsd: 5_000_000 },
        },
      }),
    });
    expect(located.status).toBe(201);
    const [header, ...rows] = parseCsv(
      (await rt.api('GET', '/reports/vendors?format=csv', { role: 'compliance' })).text,
    );
    const answered = rows.find((r) => r[0] === located.json.id)!;
    const notAsked = rows.find((r) => r[0] === journey.vendorId)!;
    for (const [column, yes, no] of INTAKE) {
      expect(header, column).toContain(column);
      expect(answered[header!.indexOf(column)], column).toBe(yes);
      expect(notAsked[header!.indexOf(column)], column).toBe(no);
    }
  });

  // Hand-written: the human column of each dataset and a value it must hold for the journey's vendor.
  const HUMAN: [dataset: string, column: string, machine: string, raw: string, words: string][] = [
    ['vendors', 'Risk tier', 'tier', 'high', 'High tier'],
    ['vendors', 'Latest decision', 'decision', 'reject', 'Rejected'],
    ['vendors', 'Pipeline stage', 'stage', 'decided', 'Decided'],
    ['findings', 'Finding status', 'status', 'open', 'Open'],
    ['baas', 'Agreement', 'partyType', 'vendor', 'Vendor (main agreement)'],
    ['decisions', 'Decision made', 'decision', 'reject', 'Rejected'],
  ];
  it.each(HUMAN)('%s CSV: "%s" follows %s in words', async (dataset, column, machine, raw, words) => {
    const [header, ...rows] = parseCsv(
      (await rt.api('GET', `/reports/${dataset}?format=csv`, { role: 'compliance' })).text,
    );
    expect(header!.indexOf(column)).toBe(header!.indexOf(machine) + 1);
    const mine = rows.filter((r) => r.includes(journey.vendorId));
    expect(mine.length).toBeGreaterThan(0);
    expect(
      mine.some((r) => r[header!.indexOf(machine)] === raw && r[header!.indexOf(column)] === words),
    ).toBe(true);
  });

  it('no human CSV column holds a raw enum, an ISO time or an actor id; JSON keeps the machine columns only', async () => {
    for (const dataset of ['vendors', 'findings', 'baas', 'decisions']) {
      const [header, ...rows] = parseCsv(
        (await rt.api('GET', `/reports/${dataset}?format=csv`, { role: 'compliance' })).text,
      );
      // Human headers are words with a capital and/or a space; machine ones are camelCase.
      const human = header!.map((h, i) => [h, i] as const).filter(([h]) => /^[A-Z]|\s/.test(h));
      expect(human.length, dataset).toBeGreaterThan(2);
      for (const row of rows) {
        for (const [name, i] of human) {
          const value = row[i] ?? '';
          expect(value, `${dataset} ${name}`).not.toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
          expect(value, `${dataset} ${name}`).not.toMatch(/\d{4}-\d\d-\d\dT|vendor:|\b[vfa]_\w/);
        }
      }
      const json = (await rt.api('GET', `/reports/${dataset}`, { role: 'compliance' })).json;
      expect(
        json.columns.every((c: string) => /^[a-z][A-Za-z0-9]*$/.test(c)),
        dataset,
      ).toBe(true);
    }
  });

  it('an unknown dataset is a 404 and an unknown format a 400', async () => {
    expect((await rt.api('GET', '/reports/answers', { role: 'compliance' })).status).toBe(404);
    expect((await rt.api('GET', '/reports/vendors?format=xlsx', { role: 'compliance' })).status).toBe(400);
  });
});

describe('the audit packet', () => {
  it('holds the vendor, tier, every frozen question with its answer, findings with citations and the verified chain', async () => {
    journey ??= await reviewedVendor('Trail Imaging', 'trail@vendor.example');
    const res = await rt.api('GET', `/vendors/${journey.vendorId}/audit-packet`, { role: 'compliance' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-disposition')).toBeNull();
    const page = res.text;

    expect(page).toContain('Trail Imaging');
    expect(page).toContain('Inherent-risk tier: High tier');
    const assessment = (await rt.deps.assessments.get(journey.assessmentId))!;
    for (const q of assessment.questionnaire!.questions) expect(page).toContain(escapeHtml(q.text));
    const block = page.slice(page.indexOf('id="q-enc-at-rest"'));
    expect(block.slice(0, block.indexOf('</div>'))).toContain('Answer: No');
    const govBlock = page.slice(page.indexOf('id="q-gov-risk-analysis"'));
    expect(govBlock.slice(0, govBlock.indexOf('</div>'))).toContain('Answer: Yes');

    const findings = (await rt.api('GET', `/assessments/${journey.assessmentId}`, { role: 'compliance' }))
      .json.findings as { title: string; citation: string }[];
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(page).toContain(escapeHtml(f.title));
      expect(page).toContain(escapeHtml(f.citation));
    }

    const events = await rt.deps.audit.list(journey.vendorId);
    expect(page).toContain(`Chain verified: ${events.length} events, head`);
    expect(page).toContain(events.at(-1)!.hash);
    expect(page).toContain('@media print');
    expect(page).not.toMatch(/<script/i);
  });

  it('?download=1 makes it an attachment', async () => {
    const res = await rt.api('GET', `/vendors/${journey.vendorId}/audit-packet?download=1`, {
      role: 'procurement',
    });
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="audit-packet-trail-imaging-${today()}.html"`,
    );
  });
});

describe('who may read audit data', () => {
  const paths = () => [
    `/vendors/${journey.vendorId}/audit`,
    `/vendors/${journey.vendorId}/audit/verify`,
    `/vendors/${journey.vendorId}/audit-packet`,
    '/reports/vendors?format=csv',
    '/reports/findings',
  ];

  it('a vendor link token cannot reach any of it', async () => {
    journey ??= await reviewedVendor('Trail Imaging', 'trail@vendor.example');
    for (const path of paths()) {
      const res = await rt.api('GET', path, { token: journey.token });
      expect(res.status, path).toBe(401);
      expect(res.text).not.toContain('Trail Imaging');
    }
  });

  it('an unauthenticated call is a 401', async () => {
    for (const path of paths()) {
      const res = await rt.api('GET', path, { token: null });
      expect(res.status, path).toBe(401);
      expect(res.json.error.code).toBe('unauthenticated');
    }
  });

  it('the routes are documented in /openapi.json', async () => {
    const doc = (await rt.api('GET', '/openapi.json')).json;
    for (const path of [
      '/vendors/{vendorId}/audit',
      '/vendors/{vendorId}/audit/verify',
      '/vendors/{vendorId}/audit-packet',
      '/reports/{dataset}',
    ]) {
      expect(doc.paths[path]?.get, path).toBeDefined();
    }
  });
});
