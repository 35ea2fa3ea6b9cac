/**
 * The local stand-ins, each speaking the AWS wire protocol, each bound to loopback only:
 * dynalite (DynamoDB, LevelDB under the data folder), aws-ses-v2-local (SES v2 with a web inbox),
 * s3rver behind a verifying proxy (S3, files under the data folder; local/strict-s3.ts).
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { LOCAL_S3_CREDENTIALS } from '#shared/adapters/aws-clients.ts';
import { startStrictS3 } from './strict-s3.ts';

const require = createRequire(import.meta.url);
const HOST = '127.0.0.1';

export interface RunningService {
  url: string;
  close(): Promise<void>;
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

/** dynalite with its LevelDB files under `<dataDir>/dynamodb` (persisted across restarts). */
export async function startDynalite(dataDir: string, port: number): Promise<RunningService> {
  const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;
  const path = join(dataDir, 'dynamodb');
  mkdirSync(path, { recursive: true });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const actual = await listen(server, port);
  return { url: `http://${HOST}:${actual}`, close: () => closeServer(server) };
}

/** aws-ses-v2-local: every email the product sends lands in its inbox at `/`; `/store` lists them as JSON. */
export async function startSes(port: number): Promise<RunningService> {
  const mod = (await import('aws-ses-v2-local')) as unknown as {
    default: (c: { host: string; port: number }) => Promise<Server>;
  };
  const start =
    typeof mod.default === 'function'
      ? mod.default
      : (mod.default as unknown as { default: typeof mod.default }).default;
  const server = await start({ host: HOST, port });
  const actual = (server.address() as AddressInfo).port;
  return { url: `http://${HOST}:${actual}`, close: () => closeServer(server) };
}

/**
 * The documents bucket under `<dataDir>/s3`: s3rver behind the verifying proxy of
 * local/strict-s3.ts (SigV4, expiry, checksums, literal keys, version ids), as strict as S3.
 */
export async function startS3(
  dataDir: string,
  port: number,
  bucket: string,
  region = 'us-east-1',
): Promise<RunningService> {
  const s3 = await startStrictS3({
    dataDir,
    port,
    bucket,
    region,
    credentials: { [LOCAL_S3_CREDENTIALS.accessKeyId]: LOCAL_S3_CREDENTIALS.secretAccessKey },
  });
  return { url: s3.url, close: () => s3.close() };
}
