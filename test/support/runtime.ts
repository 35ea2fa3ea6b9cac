/**
 * Starts the real local runtime (dynalite, aws-ses-v2-local, s3rver, synthesized state machines,
 * HTTP app) on free loopback ports with a throwaway data folder, and gives tests a small client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime.ts';
import type { Role } from '#shared/schemas/core.ts';

export interface InboxEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  replyTo?: string[];
  body: { html?: string; text?: string };
  at: number;
}

export interface TestRuntime extends LocalRuntime {
  dataDir: string;
  token(role: Role, email?: string): Promise<string>;
  api(
    method: string,
    path: string,
    options?: { role?: Role; body?: unknown; token?: string | null },
  ): Promise<{ status: number; json: any; text: string; headers: Headers }>;
  inbox(): Promise<InboxEmail[]>;
  emailsTo(address: string): Promise<InboxEmail[]>;
  waitForEmail(predicate: (e: InboxEmail) => boolean, timeoutMs?: number): Promise<InboxEmail>;
  close(): Promise<void>;
}

export async function startTestRuntime(
  env: Record<string, string> = {},
  options: { dataDir?: string } = {},
): Promise<TestRuntime> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'baa-guard-test-'));
  const runtime = await startLocalRuntime({
    dataDir,
    port: 0,
    inboxPort: 0,
    dynamoPort: 0,
    s3Port: 0,
    sweepIntervalMs: 0,
    retryIntervalMs: 5,
    env,
  });
  const tokens = new Map<string, string>();
  const token = async (role: Role, email = `${role}@example.org`) => {
    const key = `${role}:${email}`;
    if (!tokens.has(key)) {
      const res = await fetch(`${runtime.appUrl}/local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role, email }),
      });
      tokens.set(key, ((await res.json()) as { token: string }).token);
    }
    return tokens.get(key)!;
  };
  const inbox = async () => {
    const res = await fetch(`${runtime.inboxUrl}/store`);
    return ((await res.json()) as { emails: InboxEmail[] }).emails;
  };
  return {
    ...runtime,
    dataDir,
    token,
    async api(method, path, opts = {}) {
      const headers: Record<string, string> = {};
      const bearer = opts.token === undefined ? (opts.role ? await token(opts.role) : undefined) : opts.token;
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${runtime.appUrl}${path}`, {
        method,
        headers,
        body:
          opts.body === undefined
            ? undefined
            : typeof opts.body === 'string'
              ? opts.body
              : JSON.stringify(opts.body),
      });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: res.status, json, text, headers: res.headers };
    },
    inbox,
    async emailsTo(address) {
      return (await inbox()).filter((e) => e.destination.to.includes(address));
    },
    async waitForEmail(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = (await inbox()).find(predicate);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('No matching email arrived in the local inbox');
    },
    async close() {
      await runtime.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const phiVendor = (overrides: Record<string, unknown> = {}) => ({
  name: 'Acme Imaging',
  contactName: 'Jo Vendor',
  contactEmail: 'jo@acme.example',
  services: ['Cloud PACS hosting'],
  businessOwnerEmail: 'owner@example.org',
  intake: { handlesPhi: true, medicalDevice: false, systemAccess: 'user', recordVolume: '10k_to_100k' },
  // Tests register the same sample vendor many times; duplicate detection has its own test.
  allowDuplicate: true,
  ...overrides,
});

/** The portal token in an email's text part. */
export function portalToken(email: InboxEmail): string {
  const match = email.body.text?.match(/\/portal\/([A-Za-z0-9_-]{43})/);
  if (!match) throw new Error(`No portal link in "${email.subject}"`);
  return match[1]!;
}

/**
 * One runtime per test file: started before the file's tests, stopped after them. The returned
 * handle forwards to the runtime once it is up, so tests write `rt.api(…)` as usual.
 */
export function useTestRuntime(env: Record<string, string> = {}): TestRuntime {
  let current: TestRuntime | undefined;
  beforeAll(async () => {
    current = await startTestRuntime(env);
  });
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as TestRuntime, {
    get(_target, property) {
      if (!current) throw new Error('The test runtime is not started yet (use it inside a test or hook)');
      const value = current[property as keyof TestRuntime];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

/**
 * The ladder step a deadline email's subject names, in the words of the ladder tables
 * (docs/escalation.md): vendors' reminders start "Reminder:", staff emails end with the step
 * ("— reminder", "— escalated to the business owner and procurement", "— compliance review",
 * "— executive review").
 */
export function stepOfSubject(subject: string): string {
  if (subject.startsWith('Reminder') || subject.endsWith('— reminder')) return 'Reminder';
  if (subject.endsWith('— escalated to the business owner and procurement')) return 'Escalation L1';
  if (subject.endsWith('— compliance review')) return 'Escalation L2';
  if (subject.endsWith('— executive review')) return 'Escalation L3';
  if (subject.endsWith('— weekly digest')) return 'Digest';
  return subject;
}
