/**
 * `npm run bench`: proves the two scale claims with ratios measured in one run (absolute times on
 * these shared machines are noise; ratios between runs of the same process are not):
 *
 * 1. The deadline sweep's cost follows the number of DUE items, not the size of the table
 *    (it queries the sparse due index, never scans): sweep time with 10,000 other items in the
 *    table ÷ sweep time with 100 → expected ≈ 1.
 * 2. Listing vendors (API page and console board) stays flat from 100 to 10,000 vendors
 *    (pagination through GSIs): page time at 10,000 ÷ page time at 100 → expected ≈ 1.
 *
 * It starts the real local runtime (dynalite, SES inbox, s3rver, the synthesized state machines)
 * on loopback with a throwaway data folder, seeds items with BatchWrite, and measures medians.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '#shared/adapters/dynamodb/table-layout.ts';
import { dueShardFor } from '#shared/domain/due-index.ts';
import { newVendorId } from '#shared/ids.ts';
import { startTestRuntime } from '../support/runtime.ts';

const DUE_ITEMS = 50;
const SMALL = 100;
const LARGE = 10_000;
const REPEATS = 7;

// The same runtime the tests use: every stand-in on a free loopback port, a throwaway data folder.
const rt = await startTestRuntime();
const log = (line: string) => process.stderr.write(`${line}\n`);

function vendorItem(i: number, now: Date, due: boolean) {
  const id = newVendorId();
  const name = `bench vendor ${String(i).padStart(6, '0')}`;
  const stages = ['intake', 'assessment_sent', 'answered', 'in_remediation', 'decided'];
  const stage = stages[i % stages.length]!;
  const key = keys.vendor(id);
  const dueAt = new Date(now.getTime() - 60_000).toISOString();
  return {
    ...key,
    ...keys.vendorList(name, id),
    ...keys.vendorStage(stage, name, id),
    entity: 'Vendor',
    id,
    name,
    contactName: 'Bench Contact',
    contactEmail: `bench${i}@vendor.example`,
    services: ['bench'],
    businessOwnerEmail: 'owner@example.org',
    intake: {
      handlesPhi: false,
      medicalDevice: false,
      systemAccess: 'none',
      recordVolume: 'none',
      criticalClinicalFunction: false,
    },
    tier: 'low',
    tierReasons: ['bench'],
    baaRequired: false,
    baaStatus: 'not_required',
    stage,
    createdAt: now.toISOString(),
    createdBy: 'bench@example.org',
    updatedAt: now.toISOString(),
    version: 1,
    ...(due
      ? { due: { kind: 'reassessment', dueAt }, dueShard: dueShardFor(key.PK, key.SK), nextActionAt: dueAt }
      : {}),
  };
}

async function seed(count: number, due: boolean, offset: number) {
  const now = rt.deps.clock.now();
  const items = Array.from({ length: count }, (_, i) => vendorItem(offset + i, now, due));
  const batches: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let done = 0;
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const out = await rt.deps.clients.ddb.send(
          new BatchWriteCommand({ RequestItems: { [rt.deps.config.tableName]: pending } }),
        );
        pending = (out.UnprocessedItems?.[rt.deps.config.tableName] ?? []) as typeof pending;
      }
      done += batch.length;
      if (done % 2000 < 25) log(`  seeded ${done}/${count}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timeIt(fn: () => Promise<unknown>, repeats = REPEATS) {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** One sweep over DUE_ITEMS freshly due items (each measurement seeds its own). */
async function sweepTime() {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    await seed(DUE_ITEMS, true, 900_000 + i * 1000 + Math.floor(Math.random() * 1000));
    const t0 = performance.now();
    const result = (await rt.sweepNow()) as { status: string; output?: { summary?: { processed: number } } };
    samples.push(performance.now() - t0);
    if (result.status !== 'SUCCEEDED') throw new Error(`Sweep ${result.status}`);
  }
  return median(samples);
}

const token = async (role: string) =>
  (
    (await (
      await fetch(`${rt.appUrl}/local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role, email: `${role}@example.org` }),
      })
    ).json()) as { token: string }
  ).token;
const procurement = await token('procurement');
const getPage = (path: string) => async () => {
  const res = await fetch(`${rt.appUrl}${path}`, {
    headers: { authorization: `Bearer ${procurement}`, cookie: `session=${procurement}` },
  });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  await res.arrayBuffer();
};
const hasConsole =
  (await fetch(`${rt.appUrl}/console`, { headers: { cookie: `session=${procurement}` }, redirect: 'manual' }))
    .status === 200;

async function measure(label: string) {
  const rssBefore = process.memoryUsage().rss;
  const result = {
    label,
    sweep: await sweepTime(),
    apiPage: await timeIt(getPage('/vendors?limit=25')),
    board: hasConsole ? await timeIt(getPage('/console')) : Number.NaN,
    rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
    rssGrowthMb: Math.round((process.memoryUsage().rss - rssBefore) / 1024 / 1024),
  };
  log(
    `  ${label}: sweep ${result.sweep.toFixed(0)} ms, API page ${result.apiPage.toFixed(1)} ms, board ${result.board.toFixed(1)} ms`,
  );
  return result;
}

try {
  log(`Seeding ${SMALL} vendors…`);
  await seed(SMALL, false, 0);
  const small = await measure(`${SMALL} items`);
  log(`Seeding ${LARGE - SMALL} more vendors…`);
  await seed(LARGE - SMALL, false, SMALL);
  const large = await measure(`${LARGE} items`);

  const ratio = (a: number, b: number) =>
    Number.isFinite(a) && Number.isFinite(b) ? (a / b).toFixed(2) : 'n/a';
  const rows = [
    ['measure', `${SMALL} items`, `${LARGE} items`, `ratio (${LARGE}/${SMALL})`, 'expected'],
    [
      `sweep of ${DUE_ITEMS} due items (ms)`,
      small.sweep.toFixed(0),
      large.sweep.toFixed(0),
      ratio(large.sweep, small.sweep),
      '≈ 1 (due index)',
    ],
    [
      'GET /vendors?limit=25 (ms)',
      small.apiPage.toFixed(1),
      large.apiPage.toFixed(1),
      ratio(large.apiPage, small.apiPage),
      '≈ 1 (paged)',
    ],
    [
      'GET /console board (ms)',
      small.board.toFixed(1),
      large.board.toFixed(1),
      ratio(large.board, small.board),
      '≈ 1 (paged per stage)',
    ],
    ['process RSS (MB)', String(small.rssMb), String(large.rssMb), ratio(large.rssMb, small.rssMb), 'flat'],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`\nBenchmark (median of ${REPEATS} page loads, 3 sweeps; Node ${process.version})`);
  for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  const sweepRatio = large.sweep / small.sweep;
  const pageRatio = large.apiPage / small.apiPage;
  // Generous bounds: a Scan or an unpaged list would be ~100× (10,000 vs 100 items).
  const ok = sweepRatio < 3 && pageRatio < 3 && (!hasConsole || large.board / small.board < 3);
  console.log(
    ok
      ? '\nPASS: cost follows due items and page size, not table size.'
      : '\nFAIL: a cost grew with the table.',
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  await rt.close();
}
