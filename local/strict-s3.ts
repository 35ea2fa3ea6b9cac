/**
 * The local S3: s3rver stores the objects, and this loopback proxy in front of it checks each
 * request the way S3 does (local/s3-verify.ts) before it forwards it. s3rver alone accepts anything
 * (a changed key, a `../` key, a bigger body, another type, an anonymous PUT), so a presigned URL
 * that real S3 would reject looked fine locally; through this proxy it is rejected with S3's code.
 *
 * It also gives the bucket what the deployed one has and s3rver lacks:
 * - literal keys: `..`, `.` and empty path segments are stored as literal segments (s3rver would
 *   resolve them against its folder);
 * - versioning: every PUT gets a version id (`x-amz-version-id`), and GET/HEAD `?versionId=` read
 *   that exact version (kept in a companion bucket `<bucket>-versions`).
 * Response header overrides (`response-content-disposition` …) are applied here, since s3rver only
 * honours them on requests it verified itself.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  errorXml,
  parseQuery,
  type RawS3Request,
  type S3Rejection,
  verifyPayload,
  verifySignature,
} from './s3-verify.ts';

const require = createRequire(import.meta.url);
const HOST = '127.0.0.1';
/** Well above the product's 10 MB limit; the stand-in keeps whole bodies in memory to verify them. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const VERSION_META = 'x-amz-meta-local-version-id';
const AUTH_QUERY =
  /^(x-amz-(algorithm|credential|date|expires|signedheaders|signature|security-token|content-sha256|checksum-.*|sdk-checksum-algorithm)|response-.*|versionid|x-id)$/i;
const FORWARD_DROP_HEADERS = new Set([
  'authorization',
  'host',
  'x-amz-content-sha256',
  'x-amz-date',
  'x-amz-sdk-checksum-algorithm',
  'x-amz-trailer',
  'x-amz-decoded-content-length',
  'content-md5',
  'expect',
]);

export interface StrictS3Options {
  dataDir: string;
  port: number;
  bucket: string;
  region: string;
  /** Access key id -> secret: the only keys the stand-in accepts. */
  credentials: Record<string, string>;
  /** The clock expiry is judged by (tests move it); the SDK signs with the system clock. */
  now?: () => Date;
}

export interface StrictS3 {
  url: string;
  close(): Promise<void>;
}

/**
 * The key as s3rver must see it to store it literally. S3 decodes the path (`%2F` is a `/`) and
 * keeps every segment as written; s3rver would resolve `..`, `.` and empty segments against its
 * folder (even out of it), so those become `~`-prefixed literal segments (injective: a segment of
 * only `~`s and dots gains one more `~`).
 */
export function literalKeyPath(rawKeyPath: string): string {
  let decoded = rawKeyPath;
  try {
    decoded = decodeURIComponent(rawKeyPath);
  } catch {
    /* leave as sent */
  }
  return decoded
    .split('/')
    .map((segment) => encodeURIComponent(/^~*(\.{1,2})?$/.test(segment) ? `~${segment}` : segment))
    .join('/');
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

interface Upstream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function forward(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: HOST, port, method, path, headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(method === 'GET' || method === 'HEAD' ? undefined : body);
  });
}

export async function startStrictS3(options: StrictS3Options): Promise<StrictS3> {
  const S3rver = require('s3rver') as new (
    o: Record<string, unknown>,
  ) => { run(): Promise<AddressInfo>; close(): Promise<void> };
  const directory = join(options.dataDir, 's3');
  mkdirSync(directory, { recursive: true });
  const versionsBucket = `${options.bucket}-versions`;
  const cors = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>x-amz-version-id</ExposeHeader></CORSRule></CORSConfiguration>`;
  const store = new S3rver({
    address: HOST,
    port: 0,
    silent: true,
    directory,
    configureBuckets: [
      { name: options.bucket, configs: [Buffer.from(cors)] },
      { name: versionsBucket, configs: [] },
    ],
    vhostBuckets: false,
  });
  const storePort = (await store.run()).port;
  const now = options.now ?? (() => new Date());

  const send = (res: ServerResponse, upstream: Upstream, extra: Record<string, string> = {}) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (value === undefined || name === 'connection' || name === 'transfer-encoding') continue;
      if (name === VERSION_META) headers['x-amz-version-id'] = value;
      else headers[name] = value;
    }
    res.writeHead(upstream.status, { ...headers, ...extra });
    res.end(upstream.body);
  };

  const refuse = (req: IncomingMessage, res: ServerResponse, rejection: S3Rejection, resource: string) => {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    const body = req.method === 'HEAD' ? '' : errorXml(rejection, resource, requestId);
    res.writeHead(rejection.status, {
      'content-type': 'application/xml',
      'x-amz-request-id': requestId,
      // The bucket's CORS rule allows any origin, so the browser may read the error.
      ...(req.headers.origin ? { 'access-control-allow-origin': '*' } : {}),
    });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : url.slice(queryAt + 1);
    const method = (req.method ?? 'GET').toUpperCase();
    // CORS preflights are answered from the bucket's CORS rules, without authentication (as S3 does).
    if (method === 'OPTIONS') {
      // (Path only: s3rver would try to authenticate the presigned query of the URL being probed.)
      const object = rawPath.match(/^\/([^/]+)\/(.+)$/);
      const path = object ? `/${object[1]}/${literalKeyPath(object[2] as string)}` : rawPath;
      send(res, await forward(storePort, method, path, req.headers, Buffer.alloc(0)));
      return;
    }
    const body = await readBody(req);
    if (!body) {
      refuse(
        req,
        res,
        {
          status: 400,
          code: 'EntityTooLarge',
          message: 'Your proposed upload exceeds the maximum allowed size',
        },
        rawPath,
      );
      return;
    }
    const raw: RawS3Request = { method, rawPath, rawQuery, headers: req.headers, body };
    const match = rawPath.match(/^\/([^/]+)\/(.+)$/);
    if (match && method === 'PUT' && req.headers['content-length'] === undefined) {
      refuse(
        req,
        res,
        {
          status: 411,
          code: 'MissingContentLength',
          message: 'You must provide the Content-Length HTTP header.',
        },
        rawPath,
      );
      return;
    }
    const rejection =
      verifySignature(raw, { credentials: options.credentials, region: options.region, now: now() }) ??
      verifyPayload(raw);
    if (rejection) {
      refuse(req, res, rejection, rawPath);
      return;
    }

    const query = parseQuery(rawQuery);
    const headers: Record<string, string | string[] | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!FORWARD_DROP_HEADERS.has(name) && !name.startsWith('x-amz-checksum-')) headers[name] = value;
    }
    const keptQuery = rawQuery
      .split('&')
      .filter((pair) => pair && !AUTH_QUERY.test(parseQuery(pair)[0]?.[0] ?? ''))
      .join('&');
    if (!match) {
      // Bucket-level requests (HEAD bucket for the health check, listings) pass through once verified.
      send(
        res,
        await forward(storePort, method, `${rawPath}${keptQuery ? `?${keptQuery}` : ''}`, headers, body),
      );
      return;
    }
    const [, bucketName, rawKey] = match as unknown as [string, string, string];
    const keyPath = literalKeyPath(rawKey);
    const versionId = query.find(([k]) => k === 'versionId')?.[1];
    const suffix = keptQuery ? `?${keptQuery}` : '';
    const overrides: Record<string, string> = {};
    for (const [name, value] of query) {
      if (name.startsWith('response-')) overrides[name.slice('response-'.length)] = value;
    }

    if (method === 'PUT' && bucketName === options.bucket) {
      const id = randomBytes(24).toString('base64url');
      const stored = { ...headers, [VERSION_META]: id };
      const latest = await forward(storePort, 'PUT', `/${bucketName}/${keyPath}${suffix}`, stored, body);
      if (latest.status === 200) {
        const copy = await forward(storePort, 'PUT', `/${versionsBucket}/${id}/${keyPath}`, stored, body);
        if (copy.status !== 200) throw new Error(`could not keep version ${id} (${copy.status})`);
        latest.headers[VERSION_META] = id;
      }
      send(res, latest);
      return;
    }
    if ((method === 'GET' || method === 'HEAD') && versionId !== undefined && bucketName === options.bucket) {
      const version = await forward(
        storePort,
        method,
        `/${versionsBucket}/${encodeURIComponent(versionId)}/${keyPath}${suffix}`,
        headers,
        body,
      );
      if (version.status === 404) {
        refuse(
          req,
          res,
          { status: 404, code: 'NoSuchVersion', message: 'The specified version does not exist.' },
          rawPath,
        );
        return;
      }
      send(res, version, overrides);
      return;
    }
    const upstream = await forward(storePort, method, `/${bucketName}/${keyPath}${suffix}`, headers, body);
    send(res, upstream, upstream.status < 300 ? overrides : {});
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      refuse(
        req,
        res,
        { status: 500, code: 'InternalError', message: String((error as Error).message ?? error) },
        req.url ?? '/',
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${HOST}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
