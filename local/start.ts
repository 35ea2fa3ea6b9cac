/**
 * `npm start`: the product on this machine, no AWS account needed. Starts dynalite, the SES inbox,
 * s3rver, the synthesized state machines and the HTTP app; Ctrl-C stops everything it started.
 *
 * Frugal by design: the CDK template comes from a cache (local/template-cache.ts; a changed infra
 * source synthesizes it again in a child process), compiled code from V8's compile cache, and
 * `npm start` caps V8's young generation (`--max-semi-space-size=8`): left alone, V8 grows it to
 * 128 MB during start-up and never gives it back, which was half of the idle memory. It also fixes
 * the old generation's growth at 2× the live heap (`--heap-growing-percent=100`; V8's own factor
 * reaches 4× under load: ~60 MB more RSS after 200 lifecycles, for ~10% less CPU per lifecycle).
 * On Linux it restarts itself in place with glibc malloc settings that stop loopback traffic from
 * fragmenting the heap (local/malloc-tuning.ts).
 */
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';
import { applyMallocTuning } from './malloc-tuning.ts';

// Linux: restart in place with glibc malloc settings that keep RSS down (see the module).
applyMallocTuning();

// V8's compile cache on disk: a warm start skips parsing and compiling the ~1,500 modules of the
// product and its stand-ins (about a second here). Enabled before they load, hence the dynamic import.
enableCompileCache(
  process.env.BAA_GUARD_CACHE_DIR
    ? join(process.env.BAA_GUARD_CACHE_DIR, 'compile')
    : join(import.meta.dirname, '..', 'node_modules', '.cache', 'baa-guard', 'compile'),
);
const { startLocalRuntime } = await import('./runtime.ts');

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} must be a port number (0-65535), got "${raw}"`);
    process.exit(2);
  }
  return n;
};

console.log('Starting the vendor risk & BAA product locally…');
let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
try {
  runtime = await startLocalRuntime({
    dataDir: process.env.DATA_DIR ?? '.data',
    port: num('PORT', 3000),
    inboxPort: num('INBOX_PORT', 8005),
    dynamoPort: num('DYNAMODB_PORT', 4567),
    s3Port: num('S3_PORT', 4568),
    sweepIntervalMs: num('SWEEP_INTERVAL_SECONDS', 5) * 1000,
  });
} catch (error) {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') {
    console.error(
      `A port is already in use (${e.message}). Is another copy running? Set PORT, INBOX_PORT, DYNAMODB_PORT or S3_PORT.`,
    );
  } else {
    console.error(`Could not start: ${e.message}`);
  }
  process.exit(1);
}

// From process start (performance's time origin), so module loading counts too.
const seconds = (performance.now() / 1000).toFixed(1);
const { launch, review } = runtime.recovered;
if (launch + review > 0) {
  console.log(
    `Resumed ${launch} launch and ${review} review ${launch + review === 1 ? 'workflow' : 'workflows'} that the last run left unfinished.`,
  );
}
console.log(`
Ready in ${seconds}s.

  App, API and console   ${runtime.appUrl}            (health: ${runtime.appUrl}/health)
  Email inbox            ${runtime.inboxUrl}            (every email the product sends)
  OpenAPI                ${runtime.appUrl}/openapi.json
  Data                   ${process.env.DATA_DIR ?? '.data'}/ (kept between runs; delete it to start over)

First steps:
  TOKEN=$(curl -s -X POST ${runtime.appUrl}/local/token -H 'content-type: application/json' \\
    -d '{"role":"procurement","email":"pat@example.org"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')
  curl -s -X POST ${runtime.appUrl}/vendors -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"name":"Acme Imaging","contactName":"Jo Vendor","contactEmail":"jo@acme.example","services":["Cloud PACS"],"businessOwnerEmail":"owner@example.org","intake":{"handlesPhi":true,"medicalDevice":false,"systemAccess":"user","recordVolume":"10k_to_100k"}}'
  Then POST /vendors/<id>/assessments and open the inbox. Or run \`npm run demo\` for a guided tour.

The deadline sweep runs every ${num('SWEEP_INTERVAL_SECONDS', 5)}s; move time with POST /local/clock {"advanceDays": 7}.
Press Ctrl-C to stop.`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await runtime.stop();
  console.log('Stopped. Data is kept in the data folder.');
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
