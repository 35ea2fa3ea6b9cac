/**
 * The product in the bench's process: the real local runtime (its own stand-ins, or running ones
 * with `--ports`), a meter on its DynamoDB client, a plain client for the direct-call floors, the
 * portal links it mails, and an HTTP client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime.ts';
import { tableDefinition } from '#local/template.ts';
import { loadTemplate } from '#local/template-cache.ts';
import { createDynamoClient } from '#shared/adapters/clients/dynamodb.ts';
import type { OutgoingEmail } from '#shared/ports/mailer.ts';
import type { Driver } from './lifecycle.ts';
import { DynamoMeter } from './meter.ts';

export interface Harness extends Driver {
  rt: LocalRuntime;
  dataDir: string;
  meter: DynamoMeter;
  /** A plain document client on the same DynamoDB (no meter): the floors' direct calls. */
  direct: LocalRuntime['deps']['clients']['ddb'];
  /** The portal token of the last invitation mailed to `address`. */
  portalToken(address: string): string | undefined;
  /** Holds workflow starts until released (to meter a request apart from the workflow it starts). */
  holdWorkflows(hold: boolean): void;
  releaseWorkflows(): Promise<string[]>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { services?: { dynamodb?: string; s3?: string; ses?: string } } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'baa-guard-bench-'));
  const tableName = options.services ? `baa-guard-bench-${Date.now()}` : undefined;
  const rt = await startLocalRuntime({
    dataDir,
    port: 0,
    inboxPort: 0,
    dynamoPort: 0,
    s3Port: 0,
    sweepIntervalMs: 0,
    services: options.services,
    tableName,
  });
  const { template } = await loadTemplate();
  const shape = tableDefinition(template, rt.deps.config.tableName);
  const lookup = createDynamoClient(rt.deps.config);
  const meter = new DynamoMeter(rt.deps.clients.ddb, lookup, shape as never);

  // Portal links, read from what the product mails (the inbox stand-in keeps every mail; scanning
  // it for each of 1,000 lifecycles would measure the inbox, not the product).
  const tokens = new Map<string, string>();
  const mailer = rt.deps.mailer;
  const send = mailer.send.bind(mailer);
  mailer.send = async (email: OutgoingEmail) => {
    const match = email.text.match(/\/portal\/([A-Za-z0-9_-]{43})/);
    if (match && email.kind === 'questionnaire-invitation')
      for (const to of email.to) tokens.set(to, match[1]!);
    return send(email);
  };

  // Workflow starts can be held and released later (see holdWorkflows).
  let holding = false;
  const held: (() => Promise<{ executionId: string }>)[] = [];
  const start = rt.runner.start.bind(rt.runner);
  rt.runner.start = async (workflow, input, name) => {
    if (!holding) return start(workflow, input, name);
    held.push(() => start(workflow, input, name));
    return { executionId: `${workflow}:${name}` };
  };

  const staff = new Map<string, Promise<string>>();
  const api: Harness['api'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${rt.appUrl}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  };
  return {
    rt,
    dataDir,
    meter,
    direct: lookup,
    api,
    staffToken(role) {
      // One token per role, minted once even when ten workers ask at the same moment.
      if (!staff.has(role)) {
        staff.set(
          role,
          api('POST', '/local/token', { body: { role, email: `${role}@example.org` } }).then(
            (res) => (res.json as { token: string }).token,
          ),
        );
      }
      return staff.get(role)!;
    },
    portalToken: (address) => tokens.get(address),
    async launched(assessmentId, contactEmail) {
      const record = await rt.runner.wait(`launch:${assessmentId}`);
      if (record.status !== 'SUCCEEDED') throw new Error(`launch ${record.status}`);
      const token = tokens.get(contactEmail);
      if (!token) throw new Error(`No invitation reached ${contactEmail}`);
      return token;
    },
    async reviewed(assessmentId) {
      const record = await rt.runner.wait(`review:${assessmentId}-review`);
      if (record.status !== 'SUCCEEDED') throw new Error(`review ${record.status}`);
    },
    holdWorkflows(hold) {
      holding = hold;
    },
    async releaseWorkflows() {
      const ids: string[] = [];
      for (let next = held.shift(); next; next = held.shift()) {
        const { executionId } = await next();
        await rt.runner.wait(executionId);
        ids.push(executionId);
      }
      return ids;
    },
    async close() {
      await rt.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
