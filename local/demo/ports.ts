/** The demo's runtime choice: reuse an app answering in local mode, or pick free ports for a new one. */
import { createServer } from 'node:net';
import { DemoError } from './client.ts';

export async function answersLocally(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1500) });
    const body = (await res.json()) as { mode?: string };
    return body.mode === 'local';
  } catch {
    return false;
  }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

export function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new DemoError(`${name} must be a port number, got "${raw}"`);
  return n;
}

/** The requested (or default) port, or 0 (any free port) when it is taken. */
export async function choosePort(name: string, fallback: number): Promise<number> {
  const port = portFromEnv(name, fallback);
  return port === 0 || (await portFree(port)) ? port : 0;
}
