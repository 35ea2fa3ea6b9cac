/**
 * `npm run demo`: a scripted tour of the product through its HTTP API, the way its users drive it.
 * It uses the app already answering at BAA_API_URL (or 127.0.0.1:3000) in local mode, or starts the
 * local runtime itself (data in `<DATA_DIR or .data>/demo`, wiped first) and keeps it running at the
 * end until Ctrl-C; `--exit` stops at the end instead.
 *
 * Four vendors: a low-tier SaaS without PHI (answers fully, approved), a PHI cloud EHR host (critical
 * gaps: findings, an extension, a verified fix), a medical device maker (partial answers, approved
 * with conditions) and a PHI vendor that never answers (reminded, escalated, refused at the gate).
 */

import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { api, currentStep, DemoError, http, say, seen, target } from './demo/client.ts';
import { answersLocally, choosePort, portFromEnv } from './demo/ports.ts';
import { summary, tour, whereToLook } from './demo/tour.ts';
import { distinguishFromEarlierRuns } from './demo/vendors.ts';
import type { LocalRuntime } from './runtime.ts';

const USAGE = `Usage: npm run demo [-- --exit]

A scripted tour: registers four vendors, runs their assessments, BAAs, reminders, escalations and
decisions through the HTTP API, then prints a summary and where to look.

  --exit   stop at the end (by default a runtime the demo started keeps running until Ctrl-C)

Environment: BAA_API_URL (an app to use, default http://127.0.0.1:3000 when it answers in local
mode), BAA_INBOX_URL (its inbox, default http://127.0.0.1:8005), DATA_DIR (the demo's data goes to
<DATA_DIR>/demo, wiped at start; default .data), PORT, INBOX_PORT, DYNAMODB_PORT, S3_PORT (0 = any
free port; a busy default port is replaced by a free one).`;

// --- main -----------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    say(USAGE);
    return 0;
  }
  const unknown = argv.filter((a) => a !== '--exit');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown argument ${unknown[0]}\n\n${USAGE}\n`);
    return 2;
  }
  const exitAtEnd = argv.includes('--exit');
  const started = Date.now();
  say('BAA Guard — a guided tour of vendor risk and BAA management (local mode)');

  // An app already running (npm start) is used as it is; PORT=0 asks for a fresh runtime.
  const candidate =
    process.env.BAA_API_URL ||
    (process.env.PORT === '0' ? undefined : `http://127.0.0.1:${process.env.PORT || 3000}`);
  let runtime: LocalRuntime | undefined;
  if (candidate && (await answersLocally(candidate.replace(/\/+$/, '')))) {
    target.appUrl = candidate.replace(/\/+$/, '');
    target.inboxUrl = (
      process.env.BAA_INBOX_URL || `http://127.0.0.1:${process.env.INBOX_PORT || 8005}`
    ).replace(/\/+$/, '');
    const inbox = await http('GET', `${target.inboxUrl}/store`).catch(() => undefined);
    if (inbox?.status !== 200) {
      throw new DemoError(
        `The app at ${target.appUrl} is running but its inbox is not at ${target.inboxUrl}; set BAA_INBOX_URL`,
      );
    }
    say(`Using the product already running at ${target.appUrl} (inbox ${target.inboxUrl}).`);
  } else {
    const dataDir = resolve(process.env.DATA_DIR || '.data', 'demo');
    rmSync(dataDir, { recursive: true, force: true });
    say(`Starting the product locally (data in ${dataDir}, wiped first)…`);
    const { startLocalRuntime } = await import('./runtime.ts');
    runtime = await startLocalRuntime({
      dataDir,
      port: await choosePort('PORT', 3000),
      inboxPort: await choosePort('INBOX_PORT', 8005),
      dynamoPort: await choosePort('DYNAMODB_PORT', 4567),
      s3Port: await choosePort('S3_PORT', 4568),
      // The tour drives the sweep itself so that each step shows what it sent.
      sweepIntervalMs: 0,
    });
    target.appUrl = runtime.appUrl;
    target.inboxUrl = runtime.inboxUrl;
    say(
      `Ready in ${((Date.now() - started) / 1000).toFixed(1)}s at ${target.appUrl} (inbox ${target.inboxUrl}).`,
    );
  }

  try {
    for (const e of (await http('GET', `${target.inboxUrl}/store`)).json?.emails ?? []) seen.add(e.messageId);
    const token = async (role: string, email: string) =>
      (await api('POST', '/local/token', { body: { role, email } })).token as string;
    const tokens = {
      procurement: await token('procurement', 'pat.procurement@example.org'),
      compliance: await token('compliance', 'casey.compliance@example.org'),
    };
    if (!runtime) await distinguishFromEarlierRuns(tokens.procurement);
    await tour(tokens);
    await summary(tokens.compliance);
    whereToLook();
    say('');
    say(`Tour finished in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
  } catch (error) {
    await runtime?.stop();
    throw error;
  }

  if (!runtime || exitAtEnd) {
    await runtime?.stop();
    return 0;
  }
  // Keep the product running for a look around, with the usual sweep timer.
  const interval = portFromEnv('SWEEP_INTERVAL_SECONDS', 5) * 1000;
  const rt = runtime;
  if (interval > 0) {
    setInterval(() => {
      if (rt.runner.running('sweep').length === 0) rt.sweepNow().catch(() => undefined);
    }, interval);
  }
  say('The product keeps running (the sweep every few seconds). Press Ctrl-C to stop.');
  await new Promise<void>((res) => {
    const stop = () => res();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  say('\nStopping…');
  await rt.stop();
  say(`Stopped. The demo data stays in ${join(process.env.DATA_DIR || '.data', 'demo')} until the next run.`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException).code;
  process.stderr.write(
    `\nThe demo stopped${currentStep() ? ` at step ${currentStep()}` : ''}: ${code === 'EADDRINUSE' ? `a port is in use (${message}); set PORT, INBOX_PORT, DYNAMODB_PORT or S3_PORT` : message}\n`,
  );
  process.exitCode = 1;
}
// Stand-ins may hold handles open; the tour is over.
process.exit(process.exitCode);
