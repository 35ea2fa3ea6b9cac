/**
 * The embedded runtime: starts the stand-ins, creates the table from the synthesized template,
 * binds the synthesized state machines to the in-process handlers, serves the HTTP app and sweeps
 * on a timer. `npm start` (local/start.ts), the integration tests and the demo all use it.
 */

import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  QueryCommand,
  type QueryCommandInput,
  ResourceInUseException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { serve } from '@hono/node-server';
import { apiComposition } from '#functions/api/composition.ts';
import { composeDeps, type Deps, installDeps } from '#shared/composition.ts';
import { loadConfig } from '#shared/config.ts';
import { createApp } from '#shared/http/app.ts';
import { publishAuditHeads } from '#shared/use-cases/publish-audit-heads.ts';
import { ensureLocalBucket, migrateLocalData } from './migrate.ts';
import { recoverInterruptedWorkflows } from './recover-workflows.ts';
import { type RunningService, startDynalite, startS3, startSes } from './services.ts';
import { tableDefinition, workflowDefinitions } from './template.ts';
import { loadTemplate } from './template-cache.ts';
import { pruneExpired } from './ttl-pruner.ts';
import { LocalWorkflowRunner } from './workflow-runner.ts';

/** How often local mode deletes expired records (DynamoDB's TTL does it in AWS). */
const PRUNE_INTERVAL_MS = 10 * 60_000;

export interface LocalRuntimeOptions {
  dataDir: string;
  port: number;
  inboxPort: number;
  dynamoPort: number;
  s3Port: number;
  /** Real-time interval of the sweep timer; 0 turns the timer off (tests drive sweeps themselves). */
  sweepIntervalMs: number;
  /** Overrides Retry intervals of every task (tests use a few ms instead of seconds). */
  retryIntervalMs?: number;
  /** Extra environment for the config (mail lists, organisation, policy). */
  env?: Record<string, string>;
  /**
   * Stand-ins that are already running (URLs), used instead of starting them: `npm run bench --
   * --ports` measures against a running product this way. Their ports options are then ignored.
   */
  services?: { dynamodb?: string; s3?: string; ses?: string };
  /** The table to use (default `baa-guard`); the bench uses its own beside a running product's. */
  tableName?: string;
}

export interface LocalRuntime {
  /** Workflows restarted at start for assessments an earlier run left mid-workflow. */
  recovered: { launch: number; review: number };
  appUrl: string;
  inboxUrl: string;
  dynamoUrl: string;
  s3Url: string;
  deps: Deps;
  runner: LocalWorkflowRunner;
  /** Runs one sweep now and waits for it (POST /local/sweep does the same). */
  sweepNow(): Promise<unknown>;
  /** Publishes the audit chain heads that moved to the local archive bucket (the timer does it too). */
  publishAuditHeads(): Promise<{ published: number; moved: number }>;
  stop(): Promise<void>;
}

const DEFAULT_TABLE_NAME = 'baa-guard';
const BUCKET_NAME = 'baa-guard-documents';
const AUDIT_ARCHIVE_BUCKET = 'baa-guard-audit-heads';

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => res(port));
    });
  });
}

async function ensureTable(deps: Deps, definition: ReturnType<typeof tableDefinition>) {
  const ddb = deps.clients.ddb;
  try {
    await ddb.send(new CreateTableCommand(definition as ConstructorParameters<typeof CreateTableCommand>[0]));
  } catch (error) {
    if (!(error instanceof ResourceInUseException) && (error as Error).name !== 'ResourceInUseException')
      throw error;
  }
  const waitActive = async () => {
    for (let i = 0; i < 100; i++) {
      const out = await ddb.send(new DescribeTableCommand({ TableName: definition.TableName }));
      const indexesReady = (out.Table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE');
      if (out.Table?.TableStatus === 'ACTIVE' && indexesReady) return out.Table;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('The local table did not become active');
  };
  // Data kept from an older version may lack an index the template now declares: add it.
  const table = await waitActive();
  const existing = new Set((table.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (existing.has(index.IndexName)) continue;
    const attributes = definition.AttributeDefinitions.filter((a) =>
      (index.KeySchema as { AttributeName: string }[]).some((k) => k.AttributeName === a.AttributeName),
    );
    await ddb.send(
      new UpdateTableCommand({
        TableName: definition.TableName,
        AttributeDefinitions: attributes as never,
        // dynalite insists on a throughput for a new index even on an on-demand table.
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              ...index,
              ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
            } as never,
          },
        ],
      }),
    );
    await waitActive();
  }
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const dataDir = resolve(options.dataDir);
  const started: RunningService[] = [];
  const stopServices = async () => {
    for (const s of started.reverse()) await s.close().catch(() => undefined);
  };
  try {
    const { template } = await loadTemplate();
    const running = (url: string): RunningService => ({ url, close: async () => undefined });
    const dynamo = options.services?.dynamodb
      ? running(options.services.dynamodb)
      : await startDynalite(dataDir, options.dynamoPort);
    started.push(dynamo);
    const ses = options.services?.ses ? running(options.services.ses) : await startSes(options.inboxPort);
    started.push(ses);
    const s3 = options.services?.s3
      ? running(options.services.s3)
      : await startS3(dataDir, options.s3Port, BUCKET_NAME);
    started.push(s3);
    const TABLE_NAME = options.tableName ?? DEFAULT_TABLE_NAME;

    const port = options.port === 0 ? await freePort() : options.port;
    const appUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      APP_MODE: 'local',
      AWS_REGION: 'us-east-1',
      TABLE_NAME,
      BUCKET_NAME,
      APP_BASE_URL: appUrl,
      ORG_NAME: 'Example Health',
      MAIL_FROM: 'vendor-risk@example.org',
      MAIL_PROCUREMENT: 'procurement@example.org',
      MAIL_COMPLIANCE: 'compliance@example.org',
      MAIL_EXECUTIVE: 'security-officer@example.org',
      MAIL_PRIVACY_OFFICER: 'privacy-officer@example.org',
      DYNAMODB_ENDPOINT: dynamo.url,
      SES_ENDPOINT: ses.url,
      S3_ENDPOINT: s3.url,
      AUTH_ISSUER: 'baa-guard-local',
      DATA_DIR: dataDir,
      AUDIT_ARCHIVE_BUCKET,
      ...options.env,
    });

    let deps: Deps | undefined;
    const runner = await LocalWorkflowRunner.create(workflowDefinitions(template), {
      retryIntervalMs: options.retryIntervalMs,
      validated: true, // by local/synth.ts before the template was cached
      clock: () => (deps ? deps.clock.now() : new Date()),
      services: {
        // The sweep's direct due-index probe: the same request, against the local table.
        'aws-sdk:dynamodb:query': (parameters) =>
          deps!.clients.ddb.send(
            new QueryCommand({ ...(parameters as unknown as QueryCommandInput), TableName: TABLE_NAME }),
          ),
      },
    });
    let sweepCount = 0;
    /** Starts a sweep as the schedule does and waits for it and its continuations. */
    const sweepNow = async () => {
      const { executionId } = await runner.start(
        'sweep',
        { source: 'local', at: deps!.clock.now().toISOString() },
        `sweep-${Date.now()}-${sweepCount++}`,
      );
      const chain = await runner.waitChain(executionId);
      const last = chain.at(-1)!;
      const failed = chain.find((e) => e.status !== 'SUCCEEDED');
      return {
        executionId,
        status: (failed ?? last).status,
        output: last.output ?? null,
        error: failed?.error ?? null,
        executions: chain.length,
        events: chain.map((e) => e.events),
      };
    };
    deps = composeDeps(config, apiComposition, { workflows: runner, local: { sweepNow } });
    installDeps(deps);
    await ensureTable(deps, tableDefinition(template, TABLE_NAME));
    await migrateLocalData(deps, tableDefinition(template, TABLE_NAME) as never);
    await ensureLocalBucket(deps, AUDIT_ARCHIVE_BUCKET);
    const publishAuditHeadsNow = () => publishAuditHeads(deps);
    const recovered = await recoverInterruptedWorkflows(deps);

    const app = createApp({
      deps: () => deps,
      healthChecks: {
        dynamodb: () => deps.clients.ddb.send(new DescribeTableCommand({ TableName: TABLE_NAME })),
        email: async () => {
          const res = await fetch(`${ses.url}/health-check`);
          if (!res.ok) throw new Error(`inbox answered ${res.status}`);
        },
        s3: () => deps.clients.s3.send(new HeadBucketCommand({ Bucket: BUCKET_NAME })),
        workflows: async () => {
          for (const w of ['launch', 'review', 'sweep'] as const) {
            if (!(await runner.hasWorkflow(w))) throw new Error(`${w} state machine missing`);
          }
        },
      },
    });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port });
    await new Promise<void>((res, rej) => {
      server.once('listening', () => res());
      server.once('error', rej);
    });

    const prune = () =>
      pruneExpired(deps!).catch((error: unknown) =>
        console.warn(
          `Pruning expired records failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    await prune();
    const pruneTimer = setInterval(prune, PRUNE_INTERVAL_MS);
    pruneTimer.unref();

    let timer: NodeJS.Timeout | undefined;
    if (options.sweepIntervalMs > 0) {
      timer = setInterval(() => {
        if (runner.running('sweep').length === 0) sweepNow().catch(() => undefined);
        publishAuditHeadsNow().catch(() => undefined);
      }, options.sweepIntervalMs);
      timer.unref();
    }

    return {
      recovered,
      appUrl,
      inboxUrl: ses.url,
      dynamoUrl: dynamo.url,
      s3Url: s3.url,
      deps,
      runner,
      sweepNow,
      publishAuditHeads: publishAuditHeadsNow,
      async stop() {
        if (timer) clearInterval(timer);
        clearInterval(pruneTimer);
        runner.abortAll();
        await runner.idle().catch(() => undefined);
        await new Promise<void>((res) => {
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          server.close(() => res());
        });
        await stopServices();
      },
    };
  } catch (error) {
    await stopServices();
    throw error;
  }
}
