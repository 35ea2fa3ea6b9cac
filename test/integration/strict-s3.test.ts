/**
 * The local S3 stand-in refuses what S3 refuses. Each probe below returned 200 from bare s3rver;
 * the expected codes are S3's (ErrorResponses in the S3 API reference), written out here, not read
 * from the verifier.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literalKeyPath, type StrictS3, startStrictS3 } from '#local/strict-s3.ts';
import { LOCAL_S3_CREDENTIALS } from '#shared/adapters/aws-clients.ts';

const BUCKET = 'docs';
let s3: StrictS3;
let dataDir: string;
let clockOffsetMs = 0;

const client = (options: { secret?: string; keyId?: string; region?: string; checksums?: 'default' } = {}) =>
  new S3Client({
    region: options.region ?? 'us-east-1',
    endpoint: s3.url,
    forcePathStyle: true,
    credentials: {
      accessKeyId: options.keyId ?? LOCAL_S3_CREDENTIALS.accessKeyId,
      secretAccessKey: options.secret ?? LOCAL_S3_CREDENTIALS.secretAccessKey,
    },
    ...(options.checksums === 'default' ? {} : { requestChecksumCalculation: 'WHEN_REQUIRED' as const }),
  });

const presignPut = (key: string, contentType: string, size: number, c = client(), expiresIn = 900) =>
  getSignedUrl(
    c,
    new PutObjectCommand({ Bucket: BUCKET, Key: key, ContentType: contentType, ContentLength: size }),
    {
      expiresIn,
      signableHeaders: new Set(['content-type', 'content-length']),
    },
  );

const put = (
  url: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/pdf' },
) => fetch(url, { method: 'PUT', headers, body });

/** A PUT with the path exactly as given (no URL normalisation), like curl --path-as-is. */
function rawPut(url: string, body: string): Promise<Response> {
  const at = url.indexOf('/', 'http://'.length);
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method: 'PUT',
        path: url.slice(at),
        headers: { 'content-type': 'application/pdf', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode })));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function errorCode(res: Response) {
  const text = await res.text();
  return {
    status: res.status,
    code: text.match(/<Code>([^<]+)<\/Code>/)?.[1],
    message: text.match(/<Message>([^<]+)<\/Message>/)?.[1],
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'strict-s3-'));
  s3 = await startStrictS3({
    dataDir,
    port: 0,
    bucket: BUCKET,
    region: 'us-east-1',
    credentials: { [LOCAL_S3_CREDENTIALS.accessKeyId]: LOCAL_S3_CREDENTIALS.secretAccessKey },
    now: () => new Date(Date.now() + clockOffsetMs),
  });
});
afterAll(async () => {
  await s3?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the SDK (signed by header) works as against S3', () => {
  it('puts, heads and gets objects, each PUT under a new version id', async () => {
    const c = client();
    const first = await c.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'a/report.txt', Body: 'one', ContentType: 'text/plain' }),
    );
    const second = await c.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'a/report.txt', Body: 'two!', ContentType: 'text/plain' }),
    );
    expect(first.VersionId).toMatch(/^[\w-]{20,}$/);
    expect(second.VersionId).not.toBe(first.VersionId);
    const head = await c.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'a/report.txt' }));
    expect(head).toMatchObject({ ContentLength: 4, ContentType: 'text/plain', VersionId: second.VersionId });
    const old = await c.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'a/report.txt', VersionId: first.VersionId }),
    );
    expect(await old.Body?.transformToString()).toBe('one');
    expect(old.VersionId).toBe(first.VersionId);
    const latest = await c.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a/report.txt' }));
    expect(await latest.Body?.transformToString()).toBe('two!');
    await expect(
      c.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a/report.txt', VersionId: 'no-such-version' })),
    ).rejects.toMatchObject({ name: 'NoSuchVersion' });
  });

  it('also accepts SDK puts that carry a flexible checksum, and checks it', async () => {
    const out = await client({ checksums: 'default' }).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'crc.txt', Body: 'checked', ContentType: 'text/plain' }),
    );
    expect(out.VersionId).toBeTruthy();
  });

  it('keeps keys literal: "a/../b.txt" is its own object and never lands outside the bucket', async () => {
    const c = client();
    await c.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'a/../b.txt', Body: 'literal', ContentType: 'text/plain' }),
    );
    await expect(c.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'b.txt' }))).rejects.toMatchObject({
      name: 'NotFound',
    });
    const got = await c.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a/../b.txt' }));
    expect(await got.Body?.transformToString()).toBe('literal');
    // Nothing lands outside the bucket folder.
    await c.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'x/../../../escaped.txt',
        Body: 'inside',
        ContentType: 'text/plain',
      }),
    );
    expect(existsSync(join(dataDir, 'escaped.txt._S3rver_object'))).toBe(false);
    expect(existsSync(join(dataDir, 's3', 'escaped.txt._S3rver_object'))).toBe(false);
    expect(readdirSync(join(dataDir, 's3')).sort()).toEqual([BUCKET, `${BUCKET}-versions`].sort());
    expect(existsSync(join(dataDir, 's3', BUCKET, 'b.txt._S3rver_object'))).toBe(false);
  });
});

describe('literal keys for s3rver', () => {
  it.each([
    ['a/b.txt', 'a/b.txt'],
    ['a/../b.txt', 'a/~../b.txt'],
    ['a/./b.txt', 'a/~./b.txt'],
    ['a//b.txt', 'a/~/b.txt'],
    ['~../x', '~~../x'],
    // Encoded slashes are slashes (as on S3), and their dot segments are literal too.
    ['y%2F..%2F..%2F..%2Fescaped.txt', 'y/~../~../~../escaped.txt'],
    ['%2E%2E/x', '~../x'],
  ])('%s is stored as %s', (raw, stored) => {
    expect(literalKeyPath(raw)).toBe(stored);
  });
});

describe('presigned PUTs', () => {
  it('accept exactly the signed file', async () => {
    const url = await presignPut('up/ok.pdf', 'application/pdf', 5);
    const res = await put(url, '%PDF-');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amz-version-id')).toBeTruthy();
  });

  it("refuse the SDK's default presign (a signed CRC32 of an empty body) for a real file: BadDigest", async () => {
    const url = await presignPut('up/crc.pdf', 'application/pdf', 5, client({ checksums: 'default' }));
    expect(url).toMatch(/x-amz-checksum-crc32=/);
    expect(await errorCode(await put(url, '%PDF-'))).toMatchObject({ status: 400, code: 'BadDigest' });
  });

  const tampered: [string, (url: string) => Promise<Response>, number, string][] = [
    [
      'a changed key',
      (u) => put(u.replace('/up/mine.pdf', '/up/other.pdf'), '%PDF-'),
      403,
      'SignatureDoesNotMatch',
    ],
    // fetch() would resolve "..", so these go out raw, as a hostile client sends them.
    [
      'a "../" key',
      (u) => rawPut(u.replace('/up/mine.pdf', '/up/x/../mine.pdf'), '%PDF-'),
      403,
      'SignatureDoesNotMatch',
    ],
    [
      'a "../" key aimed at another folder',
      (u) => rawPut(u.replace('/up/mine.pdf', '/up/mine.pdf/../../other/mine.pdf'), '%PDF-'),
      403,
      'SignatureDoesNotMatch',
    ],
    ['a bigger body', (u) => put(u, '%PDF-and-more'), 403, 'SignatureDoesNotMatch'],
    [
      'another content type',
      (u) => put(u, '%PDF-', { 'content-type': 'text/html' }),
      403,
      'SignatureDoesNotMatch',
    ],
    [
      'a changed expiry',
      (u) => put(u.replace('X-Amz-Expires=900', 'X-Amz-Expires=3600'), '%PDF-'),
      403,
      'SignatureDoesNotMatch',
    ],
    ['another method', (u) => fetch(u, { method: 'GET' }), 403, 'SignatureDoesNotMatch'],
    [
      'an unsigned x-amz header',
      (u) => put(u, '%PDF-', { 'content-type': 'application/pdf', 'x-amz-acl': 'public-read' }),
      403,
      'AccessDenied',
    ],
    [
      'a checksum that does not match',
      (u) => put(u, '%PDF-', { 'content-type': 'application/pdf', 'x-amz-checksum-sha256': 'AAAA' }),
      403,
      'AccessDenied',
    ],
    ['no signature at all (anonymous)', (u) => put(u.split('?')[0] as string, '%PDF-'), 403, 'AccessDenied'],
  ];
  it.each(tampered)('refuse %s', async (_label, send, status, code) => {
    const url = await presignPut('up/mine.pdf', 'application/pdf', 5);
    expect(await errorCode(await send(url))).toMatchObject({ status, code });
  });

  it("answer the browser's CORS preflight for a presigned URL without authentication", async () => {
    const url = await presignPut('up/cors.pdf', 'application/pdf', 5);
    for (const requestHeaders of [undefined, 'content-type']) {
      const res = await fetch(url, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://127.0.0.1:3000',
          'access-control-request-method': 'PUT',
          ...(requestHeaders ? { 'access-control-request-headers': requestHeaders } : {}),
        },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('refuse an expired URL: AccessDenied "Request has expired"', async () => {
    const url = await presignPut('up/late.pdf', 'application/pdf', 5, client(), 60);
    clockOffsetMs = 61_000;
    try {
      expect(await errorCode(await put(url, '%PDF-'))).toEqual({
        status: 403,
        code: 'AccessDenied',
        message: 'Request has expired',
      });
    } finally {
      clockOffsetMs = 0;
    }
    expect((await put(url, '%PDF-')).status).toBe(200);
  });

  it('refuse URLs signed with a wrong secret, an unknown key or another region', async () => {
    expect(
      await errorCode(
        await put(await presignPut('up/k.pdf', 'application/pdf', 5, client({ secret: 'guess' })), '%PDF-'),
      ),
    ).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(
      await errorCode(
        await put(
          await presignPut('up/k.pdf', 'application/pdf', 5, client({ keyId: 'AKIDEXAMPLE' })),
          '%PDF-',
        ),
      ),
    ).toMatchObject({ status: 403, code: 'InvalidAccessKeyId' });
    expect(
      await errorCode(
        await put(
          await presignPut('up/k.pdf', 'application/pdf', 5, client({ region: 'eu-west-1' })),
          '%PDF-',
        ),
      ),
    ).toMatchObject({ status: 400, code: 'AuthorizationQueryParametersError' });
  });

  it('refuse a week-plus expiry', async () => {
    const url = (await presignPut('up/w.pdf', 'application/pdf', 5)).replace(
      'X-Amz-Expires=900',
      'X-Amz-Expires=604801',
    );
    expect(await errorCode(await put(url, '%PDF-'))).toMatchObject({
      status: 400,
      code: 'AuthorizationQueryParametersError',
    });
  });
});

describe('anonymous requests are refused like a private bucket', () => {
  it.each(['GET', 'HEAD', 'PUT', 'DELETE'])('%s without a signature: 403', async (method) => {
    const res = await fetch(`${s3.url}/${BUCKET}/a/report.txt`, {
      method,
      body: method === 'PUT' ? 'x' : undefined,
    });
    expect(res.status).toBe(403);
    if (method !== 'HEAD') expect((await errorCode(res)).code).toBe('AccessDenied');
  });

  it('presigned GETs work and apply the signed response overrides', async () => {
    const url = await getSignedUrl(
      client(),
      new GetObjectCommand({
        Bucket: BUCKET,
        Key: 'a/report.txt',
        ResponseContentDisposition: 'attachment; filename="r.txt"',
      }),
      { expiresIn: 60 },
    );
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="r.txt"');
    const changed = url.replace('filename%3D%22r.txt%22', 'filename%3D%22evil.html%22');
    expect(changed).not.toBe(url);
    expect((await errorCode(await fetch(changed))).code).toBe('SignatureDoesNotMatch');
  });
});
