/**
 * `npm start` as a user runs it (a child process, its own ports and data folder): time from spawn
 * to "Ready", and its resident memory once idle. Cold = no cached template (it synthesizes the CDK
 * app in a child); warm = the template is cached. The floor is a process that starts only the
 * stand-ins (./stand-ins.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tunablesFor } from '#local/malloc-tuning.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** The flags `npm start` passes (package.json "start"). */
const START_ARGS = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  .scripts.start.split(/\s+/)
  .slice(1) as string[];

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => res(port));
    });
  });
}

export const rssMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
};

export interface StartSample {
  readyMs: number;
  idleRssMb: number;
}

/** Starts `args` (a node script and its flags), waits for "Ready", idles `idleMs`, reads RSS, stops it. */
async function sample(args: string[], env: Record<string, string>, idleMs: number): Promise<StartSample> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'baa-guard-bench-start-'));
  const ports = {
    PORT: await freePort(),
    INBOX_PORT: await freePort(),
    DYNAMODB_PORT: await freePort(),
    S3_PORT: await freePort(),
  };
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'WARN',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const readyMs = await new Promise<number>((res, rej) => {
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (/Ready in/.test(out)) res(performance.now() - t0);
      });
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.on('exit', (code) =>
        rej(new Error(`${args.join(' ')} exited ${code} before Ready: ${err.slice(-2000)}`)),
      );
      setTimeout(() => rej(new Error(`${args.join(' ')} not ready in 120 s`)), 120_000);
    });
    await new Promise((r) => setTimeout(r, idleMs));
    return { readyMs, idleRssMb: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export interface StartFigures {
  coldMs: number;
  warmMs: number;
  floorMs: number;
  idleRssMb: number;
  floorRssMb: number;
}

export async function measureStart(runs = 3, log: (line: string) => void = () => {}): Promise<StartFigures> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'baa-guard-bench-cache-'));
  try {
    const startArgs = [...START_ARGS];
    const floorArgs = [
      ...START_ARGS.filter((a) => a.startsWith('--')),
      join(ROOT, 'test', 'bench', 'stand-ins.ts'),
    ];
    // The floor runs with the malloc settings `npm start` re-executes itself with (on Linux), set
    // up front: the same allocator, without the re-exec (local/malloc-tuning.ts).
    const tunables = tunablesFor(process.env, process.platform);
    const floorEnv = { BAA_GUARD_CACHE_DIR: cacheDir, ...(tunables ? { GLIBC_TUNABLES: tunables } : {}) };
    const cold = await sample(startArgs, { BAA_GUARD_CACHE_DIR: cacheDir }, 500);
    await sample(floorArgs, floorEnv, 500); // warms the floor's compile cache
    log(`  cold start (synthesizes the template): ${(cold.readyMs / 1000).toFixed(1)} s`);
    const warm: StartSample[] = [];
    const floor: StartSample[] = [];
    for (let i = 0; i < runs; i++) {
      warm.push(await sample(startArgs, { BAA_GUARD_CACHE_DIR: cacheDir }, 6000));
      floor.push(await sample(floorArgs, floorEnv, 6000));
      log(
        `  warm start ${i + 1}/${runs}: ready ${(warm.at(-1)!.readyMs / 1000).toFixed(2)} s, idle ${warm.at(-1)!.idleRssMb.toFixed(0)} MB (stand-ins only: ${(floor.at(-1)!.readyMs / 1000).toFixed(2)} s, ${floor.at(-1)!.idleRssMb.toFixed(0)} MB)`,
      );
    }
    return {
      coldMs: cold.readyMs,
      warmMs: median(warm.map((s) => s.readyMs)),
      floorMs: median(floor.map((s) => s.readyMs)),
      idleRssMb: median(warm.map((s) => s.idleRssMb)),
      floorRssMb: median(floor.map((s) => s.idleRssMb)),
    };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
