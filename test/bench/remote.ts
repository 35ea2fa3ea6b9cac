/**
 * A running product driven over HTTP only, as a user's scripts would: `npm start` spawned by the
 * bench (or one already running, `--ports app=…,inbox=…`). Portal links come from the inbox
 * stand-in, workflow completion from the assessment's status.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Driver } from './lifecycle.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const START_ARGS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(/\s+/)
  .slice(1);

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => res(port));
    });
  });
}

export interface RunningProduct {
  pid: number;
  appUrl: string;
  inboxUrl: string;
  dynamoUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** `npm start` in a child process on free ports with a throwaway data folder. */
export async function startProduct(env: Record<string, string> = {}): Promise<RunningProduct> {
  const dataDir = mkdtempSync(join(tmpdir(), 'baa-guard-bench-product-'));
  const ports = {
    PORT: await freePort(),
    INBOX_PORT: await freePort(),
    DYNAMODB_PORT: await freePort(),
    S3_PORT: await freePort(),
  };
  const child = spawn(process.execPath, START_ARGS, {
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
  await new Promise<void>((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (/Ready in/.test(out)) res();
    });
    child.on('exit', (code) => rej(new Error(`npm start exited ${code}`)));
  });
  return {
    pid: child.pid!,
    appUrl: `http://127.0.0.1:${ports.PORT}`,
    inboxUrl: `http://127.0.0.1:${ports.INBOX_PORT}`,
    dynamoUrl: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
    dataDir,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function httpDriver(appUrl: string, inboxUrl: string): Driver {
  const staff = new Map<string, Promise<string>>();
  const api: Driver['api'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${appUrl}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, json };
  };
  const staffToken = (role: string) => {
    if (!staff.has(role)) {
      staff.set(
        role,
        api('POST', '/local/token', { body: { role, email: `${role}@example.org` } }).then(
          (r) => (r.json as { token: string }).token,
        ),
      );
    }
    return staff.get(role)!;
  };
  return {
    api,
    staffToken,
    async launched(_assessmentId, contactEmail) {
      const since = Math.floor(Date.now() / 1000) - 2;
      for (let i = 0; i < 600; i++) {
        const res = await fetch(`${inboxUrl}/store?since=${since}`);
        const { emails } = (await res.json()) as {
          emails: { subject: string; destination: { to: string[] }; body: { text?: string } }[];
        };
        for (const e of emails) {
          // The invitation (the BAA request mails a portal link of its own).
          const invitation =
            e.destination.to.includes(contactEmail) && e.subject.startsWith('Security questionnaire');
          const match = invitation && e.body.text?.match(/\/portal\/([A-Za-z0-9_-]{43})/);
          if (match) return match[1]!;
        }
        await sleep(100);
      }
      throw new Error(`No invitation reached ${contactEmail}`);
    },
    async reviewed(assessmentId) {
      const token = await staffToken('procurement');
      for (let i = 0; i < 600; i++) {
        const res = await api('GET', `/assessments/${assessmentId}`, { token });
        const status = (res.json as { status?: string }).status;
        if (status && status !== 'submitted') return;
        await sleep(100);
      }
      throw new Error(`The review of ${assessmentId} did not finish`);
    },
  };
}
