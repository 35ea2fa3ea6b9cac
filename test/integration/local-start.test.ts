/**
 * `npm start` as a user runs it (local/start.ts in a child process): on Linux it re-executes itself
 * in place with the glibc malloc settings of local/malloc-tuning.ts (same pid, the settings in its
 * environment), answers /health, and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from '../bench/remote.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'baa-guard-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it.runIf(process.platform === 'linux')(
    'runs with the malloc settings in the same process, serves, and stops on SIGTERM',
    async () => {
      const port = await freePort();
      const env: Record<string, string | undefined> = {
        ...process.env,
        PORT: String(port),
        INBOX_PORT: String(await freePort()),
        DYNAMODB_PORT: String(await freePort()),
        S3_PORT: String(await freePort()),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'WARN',
      };
      delete env.GLIBC_TUNABLES;
      delete env.BAA_GUARD_MALLOC;
      const child = spawn(
        process.execPath,
        ['--max-semi-space-size=8', '--heap-growing-percent=100', join(ROOT, 'local', 'start.ts')],
        {
          cwd: ROOT,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
      // A failed expectation must not leave the product running.
      onTestFinished(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      let out = '';
      await new Promise<void>((res, rej) => {
        child.stdout.on('data', (d) => {
          out += d;
          if (/Ready in/.test(out)) res();
        });
        child.stderr.on('data', (d) => {
          out += d;
        });
        void exited.then((code) => rej(new Error(`exited ${code} before Ready: ${out}`)));
      });
      // The process that answers is the one spawned (re-executed in place, not a child of it)…
      // (glibc splits the variable at its colons in place once it has read it, hence the raw text).
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8');
      expect(environ).toContain('GLIBC_TUNABLES=glibc.malloc.mmap_threshold=32768');
      expect(environ).toContain('glibc.malloc.arena_max=2');
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('Stopped.');
    },
    120_000,
  );
});
