/**
 * What S3 checks before it accepts a request, as pure functions over the raw request, so the local
 * stand-in rejects whatever AWS would (guide: "the local twin is at least as strict as AWS").
 *
 * - Authentication: AWS Signature V4, by header (the product's own SDK calls) or by query string
 *   (presigned URLs). The signature is recomputed from the raw method, path (keys are literal: no
 *   `..` normalisation, no re-encoding), query and the signed headers with the local credentials.
 *   Anonymous requests are refused as by a private bucket. Every `x-amz-*` header sent must be signed.
 * - Expiry of presigned URLs (X-Amz-Expires, at most 7 days) and clock skew of header-signed ones.
 * - The payload: `x-amz-content-sha256`, `Content-MD5` and the flexible checksums
 *   (`x-amz-checksum-crc32|crc32c|sha1|sha256`, as header or signed query parameter) against the body.
 *
 * Rejections carry S3's error codes, messages and status codes
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

export interface RawS3Request {
  method: string;
  /** The path exactly as sent (still percent-encoded). */
  rawPath: string;
  /** The query string exactly as sent, without the `?`. */
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

export interface S3Rejection {
  status: number;
  code: string;
  message: string;
}

export interface VerifyOptions {
  /** Access key id -> secret access key. */
  credentials: Record<string, string>;
  region: string;
  now: Date;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_PRESIGN_SECONDS = 604_800;
const MAX_SKEW_MS = 15 * 60_000;
const UNSIGNED = 'UNSIGNED-PAYLOAD';

const reject = (status: number, code: string, message: string): S3Rejection => ({ status, code, message });
const accessDenied = (message = 'Access Denied') => reject(403, 'AccessDenied', message);
const signatureMismatch = () =>
  reject(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  );

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters is %XX. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function parseQuery(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const name = at < 0 ? pair : pair.slice(0, at);
      const value = at < 0 ? '' : pair.slice(at + 1);
      return [safeDecode(name), safeDecode(value)];
    });
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function header(request: RawS3Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

const sha256Hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Uint8Array | string, data: string) => createHmac('sha256', key).update(data).digest();

function signingKey(secret: string, date: string, region: string, service: string) {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

function canonicalRequest(
  request: RawS3Request,
  query: [string, string][],
  signedHeaders: string[],
  payloadHash: string,
) {
  const canonicalQuery = query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(header(request, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  return [
    request.method.toUpperCase(),
    request.rawPath || '/',
    canonicalQuery,
    canonicalHeaders,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

function parseCredential(value: string): Credential | undefined {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') return undefined;
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  return { accessKeyId, date, region, service };
}

/** 20261202T052858Z -> Date. */
function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function signaturesEqual(expected: string, given: string) {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks the request's SigV4 signature (header or presigned). Returns undefined when S3 would
 * accept it, otherwise the rejection S3 answers with.
 */
export function verifySignature(request: RawS3Request, options: VerifyOptions): S3Rejection | undefined {
  const query = parseQuery(request.rawQuery);
  const param = (name: string) => query.find(([k]) => k === name)?.[1];
  const authorization = header(request, 'authorization');
  const presigned = query.some(([k]) => k === 'X-Amz-Signature' || k === 'X-Amz-Credential');
  if (!authorization && !presigned) return accessDenied();
  if (authorization && presigned) {
    return reject(
      400,
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
    );
  }

  let credentialValue: string | undefined;
  let signedHeaderList: string | undefined;
  let signature: string | undefined;
  let amzDate: string | undefined;
  let payloadHash: string;
  let signedQuery = query;
  const malformed = presigned ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed';

  if (presigned) {
    if (param('X-Amz-Algorithm') !== ALGORITHM) {
      return reject(400, malformed, 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
    }
    credentialValue = param('X-Amz-Credential');
    signedHeaderList = param('X-Amz-SignedHeaders');
    signature = param('X-Amz-Signature');
    amzDate = param('X-Amz-Date');
    const expires = param('X-Amz-Expires');
    if (!credentialValue || !signedHeaderList || !signature || !amzDate || expires === undefined) {
      return reject(
        400,
        malformed,
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
    }
    const seconds = Number(expires);
    if (!/^\d+$/.test(expires) || seconds < 1) {
      return reject(400, malformed, 'X-Amz-Expires should be a number between 1 and 604800');
    }
    if (seconds > MAX_PRESIGN_SECONDS) {
      return reject(400, malformed, 'X-Amz-Expires must be less than a week (in seconds) that is 604800');
    }
    const signedAt = parseAmzDate(amzDate);
    if (!signedAt)
      return reject(400, malformed, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    if (signedAt.getTime() - options.now.getTime() > MAX_SKEW_MS)
      return accessDenied('Request is not valid yet');
    if (options.now.getTime() > signedAt.getTime() + seconds * 1000)
      return accessDenied('Request has expired');
    payloadHash = param('X-Amz-Content-Sha256') ?? header(request, 'x-amz-content-sha256') ?? UNSIGNED;
    signedQuery = query.filter(([k]) => k !== 'X-Amz-Signature');
  } else {
    const auth = authorization as string;
    if (!auth.startsWith(`${ALGORITHM} `)) {
      return reject(
        400,
        'InvalidRequest',
        'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
      );
    }
    const fields = Object.fromEntries(
      auth
        .slice(ALGORITHM.length + 1)
        .split(',')
        .map((part) => part.trim().split('=') as [string, string]),
    );
    credentialValue = fields.Credential;
    signedHeaderList = fields.SignedHeaders;
    signature = fields.Signature;
    if (!credentialValue || !signedHeaderList || !signature) {
      return reject(
        400,
        malformed,
        'The authorization header is malformed; it must name Credential, SignedHeaders and Signature.',
      );
    }
    amzDate = header(request, 'x-amz-date');
    const signedAt = parseAmzDate(amzDate);
    if (!signedAt) {
      return accessDenied('AWS authentication requires a valid Date or x-amz-date header');
    }
    if (Math.abs(signedAt.getTime() - options.now.getTime()) > MAX_SKEW_MS) {
      return reject(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
      );
    }
    const contentSha = header(request, 'x-amz-content-sha256');
    if (!contentSha) {
      return reject(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
    }
    payloadHash = contentSha;
  }

  const credential = parseCredential(credentialValue);
  if (!credential) return reject(400, malformed, `The Credential "${credentialValue}" is malformed.`);
  const secret = options.credentials[credential.accessKeyId];
  if (secret === undefined) {
    return reject(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
    );
  }
  if (credential.service !== 's3') {
    return reject(
      400,
      malformed,
      `The authorization is for the service '${credential.service}'; expecting 's3'`,
    );
  }
  if (credential.region !== options.region) {
    return reject(
      400,
      malformed,
      `The authorization header is malformed; the region '${credential.region}' is wrong; expecting '${options.region}'`,
    );
  }
  if (credential.date !== (amzDate ?? '').slice(0, 8)) {
    return reject(400, malformed, 'The credential date does not match the date of the request.');
  }
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host')) {
    return reject(400, malformed, 'The host header must be signed.');
  }
  // S3 refuses x-amz-* headers that ride along unsigned (HeadersNotSigned).
  const unsigned = Object.keys(request.headers).filter(
    (name) =>
      name.startsWith('x-amz-') &&
      !signedHeaders.includes(name) &&
      !(presigned && name === 'x-amz-content-sha256'),
  );
  if (unsigned.length > 0) {
    return accessDenied('There were headers present in the request which were not signed');
  }
  const stringToSign = [
    ALGORITHM,
    amzDate ?? '',
    `${credential.date}/${credential.region}/${credential.service}/aws4_request`,
    sha256Hex(canonicalRequest(request, signedQuery, signedHeaders, payloadHash)),
  ].join('\n');
  const expected = hmac(
    signingKey(secret, credential.date, credential.region, credential.service),
    stringToSign,
  ).toString('hex');
  return signaturesEqual(expected, signature) ? undefined : signatureMismatch();
}

const CHECKSUMS: Record<string, { label: string; compute: (body: Uint8Array) => string }> = {
  'x-amz-checksum-crc32': { label: 'CRC32', compute: (b) => uint32Base64(crc32(b)) },
  'x-amz-checksum-crc32c': { label: 'CRC32C', compute: (b) => uint32Base64(crc32c(b)) },
  'x-amz-checksum-sha1': { label: 'SHA1', compute: (b) => createHash('sha1').update(b).digest('base64') },
  'x-amz-checksum-sha256': {
    label: 'SHA256',
    compute: (b) => createHash('sha256').update(b).digest('base64'),
  },
};

function uint32Base64(value: number) {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return buffer.toString('base64');
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Checks the body against what the request claims about it: the signed payload hash, Content-MD5
 * and a flexible checksum. S3 computes these over the bytes it received and refuses a mismatch.
 */
export function verifyPayload(request: RawS3Request): S3Rejection | undefined {
  const contentSha = header(request, 'x-amz-content-sha256');
  if (contentSha?.startsWith('STREAMING-')) {
    return reject(501, 'NotImplemented', 'aws-chunked uploads are not supported by the local S3 stand-in');
  }
  if (contentSha && contentSha !== UNSIGNED) {
    if (!/^[0-9a-f]{64}$/.test(contentSha)) {
      return reject(
        400,
        'InvalidArgument',
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a valid sha256 value.',
      );
    }
    if (sha256Hex(request.body) !== contentSha) {
      return reject(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
  }
  const md5 = header(request, 'content-md5');
  if (md5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(md5)) {
      return reject(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
    }
    if (createHash('md5').update(request.body).digest('base64') !== md5) {
      return reject(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
  }
  // Flexible checksums arrive as headers, or (presigned) as signed query parameters.
  const given = new Map<string, string>();
  for (const [name, value] of parseQuery(request.rawQuery)) {
    if (name.toLowerCase().startsWith('x-amz-checksum-')) given.set(name.toLowerCase(), value);
  }
  for (const name of Object.keys(request.headers)) {
    if (
      name.startsWith('x-amz-checksum-') &&
      name !== 'x-amz-checksum-mode' &&
      name !== 'x-amz-checksum-type'
    ) {
      given.set(name, header(request, name) ?? '');
    }
  }
  given.delete('x-amz-checksum-mode');
  given.delete('x-amz-checksum-type');
  if (given.size > 1) {
    return reject(
      400,
      'InvalidRequest',
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    );
  }
  for (const [name, value] of given) {
    const algorithm = CHECKSUMS[name];
    if (!algorithm) return reject(400, 'InvalidRequest', `Value for ${name} header is invalid.`);
    if (algorithm.compute(request.body) !== value) {
      return reject(
        400,
        'BadDigest',
        `The ${algorithm.label} you specified did not match the calculated checksum.`,
      );
    }
  }
  return undefined;
}

export function errorXml(rejection: S3Rejection, resource: string, requestId: string): string {
  const xml = (s: string) =>
    s.replace(
      /[<>&"']/g,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string,
    );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${rejection.code}</Code><Message>${xml(rejection.message)}</Message><Resource>${xml(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`;
}
