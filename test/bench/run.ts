/**
 * `npm run bench`: speed and memory as ratios against floors measured in the same run (absolute
 * times on these shared machines are noise; ratios between interleaved runs are not).
 *
 *   npm run bench                                  everything, on stand-ins of its own
 *   npm run bench -- --ports app=3000,inbox=8005,dynamodb=4567,s3=4568[,pid=1234]
 *                                                  against a product already running (`npm start`):
 *                                                  lifecycles over HTTP against its app (its RSS with
 *                                                  pid=); requests, capacity and sweep in-process on
 *                                                  its stand-ins, in a table of its own beside the
 *                                                  product's; start-up is not measured then
 *   npm run bench -- --lifecycles 1000             the soak length (default 300; the RSS target is stated for 1,000)
 *   npm run bench -- --only bundles,requests,...   a subset: bundles, start, requests, capacity,
 *                                                  sweep, lifecycles
 *
 * Figures (see README "Benchmark" for the latest numbers):
 * - bundles: each Lambda's size and cold init vs the same function importing only its SDK clients;
 * - start: `npm start` warm/cold time to Ready and idle RSS vs a process starting only the stand-ins;
 * - requests: p50/p99 of five endpoints vs the same DynamoDB calls made directly;
 * - capacity: DynamoDB calls, read and write units per operation (ReturnConsumedCapacity, plus the
 *   GSI writes AWS would bill, which dynalite does not report);
 * - sweep: time vs table size (flat) and vs due items (linear); its fixed cost per year;
 * - lifecycles: full vendor lifecycles per minute at concurrency 10, RSS after them vs idle, and
 *   the data folder vs the data it holds.
 */
import './quiet.ts';
import { loadTemplate } from '#local/template-cache.ts';
import { compliantAnswers } from '../support/answers.ts';
import { measureBundles } from './bundles.ts';
import { type Harness, startHarness } from './harness.ts';
import {
  draftOf,
  openQuestionnaire,
  registerVendor,
  saveDraft,
  startAssessment,
  submit,
  waitForLaunch,
  waitForReview,
} from './lifecycle.ts';
import { type CallRecord, replay, sum } from './meter.ts';
import { fmt, printTable, type Row } from './report.ts';
import { measureLifecycles } from './soak.ts';
import { measureStart } from './startup.ts';
import { seedVendors, sweepTime } from './sweep.ts';
import { sweepFixedCost } from './sweep-cost.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);
/** One metered call on one line (`--detail`): command, units, the key or index it addressed. */
const describeCall = (r: CallRecord) => {
  const i = r.input as Record<string, any>;
  const key = i.Key ?? i.Item;
  const where = key
    ? `${key.PK} ${key.SK}`
    : i.IndexName
      ? `${i.IndexName} ${JSON.stringify(i.ExpressionAttributeValues ?? {})}`
      : i.RequestItems
        ? Object.values(i.RequestItems as Record<string, any>)
            .flatMap((v: any) => (Array.isArray(v) ? v : v.Keys))
            .map((e: any) => e.PutRequest?.Item?.PK ?? e.DeleteRequest?.Key?.PK ?? e.PK)
            .join(', ')
        : JSON.stringify(i.ExpressionAttributeValues ?? {});
  const name = r.command.replace('Command', '').padEnd(15);
  return `${name} rcu=${r.readUnits} wcu=${r.writeUnits}+${r.indexWriteUnits} ${String(where).slice(0, 110)}`;
};
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const ports = option('ports');
const portMap: Record<string, string> = ports
  ? Object.fromEntries(ports.split(',').map((p) => p.split('=') as [string, string]))
  : {};
const url = (port: string | undefined) => (port ? `http://127.0.0.1:${port}` : undefined);
const services = ports
  ? { dynamodb: url(portMap.dynamodb), s3: url(portMap.s3), ses: url(portMap.inbox ?? portMap.ses) }
  : undefined;
const LIFECYCLES = Number(option('lifecycles') ?? 300);
const only = new Set((option('only') ?? 'bundles,start,requests,capacity,sweep,lifecycles').split(','));
const SAMPLES = 40;

const rows: Row[] = [];
const row = (r: Row) => {
  rows.push(r);
};
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

// 1. Bundles and init -------------------------------------------------------------------------
if (only.has('bundles')) {
  log(`[${elapsed()}] Bundles: building each function and its SDK-only floor, timing cold init…`);
  for (const f of await measureBundles(15, log)) {
    row({
      section:
        'Lambda bundles (index.mjs, minified) and cold init vs the same function importing only its SDK clients',
      metric: `${f.name}: bundle size`,
      target: '≤ 1.2× floor',
      measured: fmt.kb(f.bytes),
      floor: fmt.kb(f.floorBytes),
      ratio: fmt.ratio(f.bytes, f.floorBytes),
      pass: f.bytes / f.floorBytes <= 1.2,
    });
    row({
      section:
        'Lambda bundles (index.mjs, minified) and cold init vs the same function importing only its SDK clients',
      metric: `${f.name}: cold init, CPU time of the module load (median of 15)`,
      target: '≤ 1.2× floor',
      measured: fmt.ms(f.initMs),
      floor: fmt.ms(f.floorInitMs),
      ratio: fmt.ratio(f.initMs, f.floorInitMs),
      pass: f.initMs / f.floorInitMs <= 1.2,
    });
    row({
      section:
        'Lambda bundles (index.mjs, minified) and cold init vs the same function importing only its SDK clients',
      metric: `${f.name}: cold init, wall time (median of 15; swings with the machine's load)`,
      target: 'info',
      measured: fmt.ms(f.initWallMs),
      floor: fmt.ms(f.floorInitWallMs),
      ratio: fmt.ratio(f.initWallMs, f.floorInitWallMs),
      pass: undefined,
    });
  }
}

// 2. Start-up ---------------------------------------------------------------------------------
if (only.has('start') && !services) {
  log(`[${elapsed()}] Start-up: npm start cold once, warm 3× (interleaved with the stand-ins-only floor)…`);
  const s = await measureStart(3, log);
  const section = '`npm start` (a child process) vs a process starting only the stand-ins';
  row({
    section,
    metric: 'warm start: spawn → "Ready" (median of 3)',
    target: '≤ 3 s',
    measured: fmt.s(s.warmMs),
    floor: fmt.s(s.floorMs),
    ratio: fmt.ratio(s.warmMs, s.floorMs),
    pass: s.warmMs <= 3000,
  });
  row({
    section,
    metric: 'cold start (no template or compile cache)',
    target: 'info',
    measured: fmt.s(s.coldMs),
    floor: fmt.s(s.floorMs),
    ratio: fmt.ratio(s.coldMs, s.floorMs),
    pass: undefined,
  });
  row({
    section,
    metric: 'idle RSS (6 s after Ready)',
    target: '≤ 250 MB',
    measured: fmt.mb(s.idleRssMb),
    floor: fmt.mb(s.floorRssMb),
    ratio: fmt.ratio(s.idleRssMb, s.floorRssMb),
    pass: s.idleRssMb <= 250,
  });
}

const needsRuntime = ['requests', 'capacity', 'sweep'].some((p) => only.has(p));
let h: Harness | undefined;
try {
  if (needsRuntime) {
    log(`[${elapsed()}] Starting the product in-process${services ? ' against the running stand-ins' : ''}…`);
    h = await startHarness({ services });
    const run = `r${Date.now().toString(36)}`;
    await seedVendors(h, 100, false);
    const procurement = await h.staffToken('procurement');

    // 3. Requests vs the same DynamoDB calls made directly ------------------------------------
    if (only.has('requests')) {
      log(
        `[${elapsed()}] Requests: ${SAMPLES} samples per endpoint, each followed by a replay of its DynamoDB calls…`,
      );
      const fixture = await registerVendor(h, 0, `${run}-fixture`);
      const assessmentId = await startAssessment(h, fixture.vendorId);
      const token = await waitForLaunch(h, assessmentId, fixture.contactEmail);
      const answers = compliantAnswers(await openQuestionnaire(h, token));
      let created = 0;
      const endpoints: [string, () => Promise<unknown>][] = [
        ['GET /vendors/{id}', () => h!.api('GET', `/vendors/${fixture.vendorId}`, { token: procurement })],
        ['GET /vendors?limit=25', () => h!.api('GET', '/vendors?limit=25', { token: procurement })],
        ['POST /vendors', () => registerVendor(h!, created++, `${run}-post`)],
        ['GET /portal/{token}/questionnaire', () => openQuestionnaire(h!, token)],
        ['PUT /portal/{token}/draft', () => saveDraft(h!, token, draftOf(answers, 10, created++ % 2 === 0))],
      ];
      for (const [name, request] of endpoints) {
        const ours: number[] = [];
        const floor: number[] = [];
        let calls = 0;
        await request(); // warm the path
        for (let i = 0; i < SAMPLES; i++) {
          h.meter.start();
          const t0 = performance.now();
          await request();
          ours.push(performance.now() - t0);
          const records = h.meter.stop();
          calls = records.length;
          const t1 = performance.now();
          await replay(h.direct, records);
          floor.push(performance.now() - t1);
        }
        log(`  ${name}: p50 ${fmt.ms(pct(ours, 50))} vs ${fmt.ms(pct(floor, 50))} direct (${calls} calls)`);
        const section = 'Requests (HTTP, in-process app) vs the same DynamoDB calls made directly';
        row({
          section,
          metric: `${name}: p50 (${calls} DynamoDB calls)`,
          target: '≤ 1.2× floor',
          measured: fmt.ms(pct(ours, 50)),
          floor: fmt.ms(pct(floor, 50)),
          ratio: fmt.ratio(pct(ours, 50), pct(floor, 50)),
          pass: pct(ours, 50) / pct(floor, 50) <= 1.2,
        });
        row({
          section,
          metric: `${name}: p99`,
          target: 'info',
          measured: fmt.ms(pct(ours, 99)),
          floor: fmt.ms(pct(floor, 99)),
          ratio: fmt.ratio(pct(ours, 99), pct(floor, 99)),
          pass: undefined,
        });
      }
    }

    if (only.has('requests')) {
      // What every request pays before any DynamoDB call (HTTP on loopback, routing, the response),
      // for reading the ratios: the floors above are the DynamoDB calls alone.
      const http: number[] = [];
      await h.api('GET', '/local/clock');
      for (let i = 0; i < SAMPLES; i++) {
        const t0 = performance.now();
        await h.api('GET', '/local/clock');
        http.push(performance.now() - t0);
      }
      log(`  HTTP round trip without DynamoDB (GET /local/clock): p50 ${fmt.ms(pct(http, 50))}`);
      row({
        section: 'Requests (HTTP, in-process app) vs the same DynamoDB calls made directly',
        metric: 'HTTP round trip of a route without DynamoDB (GET /local/clock): p50',
        target: 'info',
        measured: fmt.ms(pct(http, 50)),
        floor: '—',
        ratio: '—',
        pass: undefined,
      });
    }

    // 4. Capacity per operation ---------------------------------------------------------------
    if (only.has('capacity')) {
      log(`[${elapsed()}] Capacity: one lifecycle, each step metered (ReturnConsumedCapacity + GSI writes)…`);
      h.meter.indexWrites = true;
      const metered = async <T>(fn: () => Promise<T>): Promise<[T, CallRecord[]]> => {
        h!.meter.start();
        const value = await fn();
        return [value, h!.meter.stop()];
      };
      // Steady state: the frozen questionnaire of this template version is written by the first
      // launch only (≈10 WCU once per version, README); launch one before metering.
      const warm = await registerVendor(h, 2, `${run}-capacity-warm`);
      await waitForLaunch(h, await startAssessment(h, warm.vendorId), warm.contactEmail);
      const [{ vendorId, contactEmail }, post] = await metered(() =>
        registerVendor(h!, 1, `${run}-capacity`),
      );
      const [, getVendor] = await metered(() =>
        h!.api('GET', `/vendors/${vendorId}`, { token: procurement }),
      );
      h.holdWorkflows(true);
      const [assessmentId, start] = await metered(() => startAssessment(h!, vendorId));
      const [, launch] = await metered(() => h!.releaseWorkflows());
      const token = await waitForLaunch(h, assessmentId, contactEmail);
      const [view, portalGet] = await metered(() => openQuestionnaire(h!, token));
      const answers = compliantAnswers(view);
      await saveDraft(h, token, draftOf(answers, 10));
      const [, draft] = await metered(() => saveDraft(h!, token, draftOf(answers, 10, true)));
      const [, submitted] = await metered(() => submit(h!, token, answers));
      const [, review] = await metered(() => h!.releaseWorkflows());
      h.holdWorkflows(false);
      await waitForReview(h, assessmentId);
      h.meter.indexWrites = false;
      const section =
        'DynamoDB per operation (calls; read units; write units: table + GSI writes AWS would bill)';
      const ops: [string, CallRecord[], { wcu?: number; calls?: number }][] = [
        ['POST /vendors', post, { calls: 6 }],
        ['GET /vendors/{id}', getVendor, {}],
        ['start assessment (POST …/assessments)', start, {}],
        ['launch (workflow)', launch, { wcu: 10 }],
        ['portal GET questionnaire', portalGet, {}],
        ['draft save (PUT draft)', draft, { wcu: 2 }],
        ['submit (POST submit)', submitted, { wcu: 5 }],
        ['review (workflow)', review, { wcu: 15 }],
      ];
      for (const [name, records, target] of ops) {
        const s = sum(records);
        const wcu = s.writeUnits + s.indexWriteUnits;
        log(
          `  ${name}: ${s.calls} calls, ${fmt.n(s.readUnits)} RCU, ${fmt.n(s.writeUnits)} + ${fmt.n(s.indexWriteUnits)} WCU`,
        );
        if (args.includes('--detail')) for (const r of records) log(`    ${describeCall(r)}`);
        const wcuText = `${fmt.n(wcu)} WCU (${fmt.n(s.writeUnits)} + ${fmt.n(s.indexWriteUnits)} GSI)`;
        row({
          section,
          metric: target.calls
            ? `${name}: ${fmt.n(s.readUnits)} RCU, ${wcuText}`
            : `${name}: ${s.calls} calls, ${fmt.n(s.readUnits)} RCU`,
          target: target.wcu ? `≤ ${target.wcu} WCU` : target.calls ? `≤ ${target.calls} calls` : 'info',
          measured: target.calls ? `${s.calls} calls` : wcuText,
          floor: '—',
          ratio: '—',
          pass: target.wcu ? wcu <= target.wcu : target.calls ? s.calls <= target.calls : undefined,
        });
      }
    }

    // 5. Sweep ---------------------------------------------------------------------------------
    if (only.has('sweep')) {
      const section = 'Deadline sweep (in-process runner; medians of 3, flat: of 5)';
      log(`[${elapsed()}] Sweep: 25 vs 100 due items, then 50 due items at ~100 vs 10,000 vendors…`);
      await h.rt.sweepNow(); // clear anything due from the phases before
      const t25 = await sweepTime(h, 25);
      const t100 = await sweepTime(h, 100);
      log(`  25 due: ${fmt.ms(t25)}, 100 due: ${fmt.ms(t100)}`);
      row({
        section,
        metric: 'linear in due items: time per item, 100 due ÷ 25 due',
        target: '≤ 1.25×',
        measured: `${fmt.ms(t100 / 100)}/item (${fmt.ms(t100)})`,
        floor: `${fmt.ms(t25 / 25)}/item (${fmt.ms(t25)})`,
        ratio: fmt.ratio(t100 / 100, t25 / 25),
        pass: t100 / 100 / (t25 / 25) <= 1.25,
      });
      const small = await sweepTime(h, 50, 5);
      log('  seeding 10,000 vendors…');
      await seedVendors(h, 10_000 - 100, false, log);
      const large = await sweepTime(h, 50, 5);
      log(`  50 due at ~100 vendors: ${fmt.ms(small)}, at 10,000: ${fmt.ms(large)}`);
      row({
        section,
        metric: 'flat in table size: 50 due items at 10,000 vendors ÷ at ~100',
        target: '≤ 1.25×',
        measured: fmt.ms(large),
        floor: fmt.ms(small),
        ratio: fmt.ratio(large, small),
        pass: large / small <= 1.25,
      });
      const { template } = await loadTemplate();
      const cost = await sweepFixedCost(template);
      log(`  empty sweep: ${cost.type}, ${cost.transitions} transitions, ${cost.taskInvocations} task calls`);
      row({
        section,
        metric: `fixed cost/yr: ${cost.type} every ${cost.everyMinutes} min, empty run = ${cost.transitions} transitions + ${cost.taskInvocations} Lambda calls`,
        target: '≤ $0.10/yr',
        measured: `$${cost.dollarsPerYear.toFixed(2)}/yr`,
        floor: '—',
        ratio: '—',
        pass: cost.dollarsPerYear <= 0.1,
      });
    }
  }
} finally {
  await h?.close();
}

// 6. Lifecycles against `npm start` itself (a child process), or a running product with --ports ------
if (only.has('lifecycles')) {
  log(`[${elapsed()}] Lifecycles…`);
  rows.push(...(await measureLifecycles(LIFECYCLES, portMap, log)));
}

console.log(`\nBenchmark — Node ${process.version}, ${elapsed()} in all${services ? ', --ports' : ''}\n`);
printTable(rows);
const failed = rows.filter((r) => r.pass === false).length;
console.log(
  failed === 0
    ? '\nAll targets met.'
    : `\n${failed} ${failed === 1 ? 'target' : 'targets'} not met (see the notes in README "Benchmark").`,
);
process.exitCode = failed === 0 ? 0 : 1;
