/**
 * Staff authentication. In AWS, Cognito issues the JWTs (groups = roles) and the API's JWT
 * authorizer checks them; the app checks them again against Cognito's JWKS (defence in depth, one
 * code path). Locally, the same check runs against a key pair generated under the data folder, and
 * `POST /local/token` issues tokens signed by it (local mode only).
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { AppConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Role } from '../schemas/core.ts';

export interface Principal {
  id: string;
  email: string;
  role: Role;
}

/** When a user is in several groups, the broadest role wins. */
const ROLE_PRECEDENCE: readonly Role[] = ['admin', 'compliance', 'procurement'];
const ALG = 'ES256';
const LOCAL_TOKEN_TTL = '12h';
/**
 * The longest lifetime (exp - iat) a staff token may have. Cognito caps access and ID tokens at
 * one day; a token without `exp`, or one minted to live longer, is refused (policy).
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

interface LocalKeys {
  privateJwk: JWK;
  publicJwk: JWK;
}

function localKeysFile(config: AppConfig) {
  return join(config.dataDir, 'keys', 'staff-jwt.json');
}

const loading = new Map<string, Promise<LocalKeys>>();

/**
 * Loads the local signing key pair, creating it on first use (never used in AWS). Created once:
 * concurrent first calls in this process share one promise, and across processes the file appears
 * atomically (written aside, then hard-linked into place, which fails if another process won);
 * the loser reads the winner's keys, so every token verifies.
 */
export function loadOrCreateLocalKeys(config: AppConfig): Promise<LocalKeys> {
  const file = localKeysFile(config);
  let pending = loading.get(file);
  if (!pending) {
    pending = readOrCreateKeys(file).finally(() => loading.delete(file));
    loading.set(file, pending);
  }
  return pending;
}

async function readOrCreateKeys(file: string): Promise<LocalKeys> {
  const existing = readKeys(file);
  if (existing) return existing;
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const keys: LocalKeys = {
    privateJwk: { ...(await exportJWK(privateKey)), kid: 'local', alg: ALG },
    publicJwk: { ...(await exportJWK(publicKey)), kid: 'local', alg: ALG },
  };
  mkdirSync(dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(aside, JSON.stringify(keys), { mode: 0o600 });
  try {
    linkSync(aside, file);
    return keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = readKeys(file);
    if (!winner)
      throw new Error(`The local signing key ${file} is unreadable; delete it to create a new one`);
    return winner;
  } finally {
    rmSync(aside, { force: true });
  }
}

function readKeys(file: string): LocalKeys | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalKeys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function issueLocalToken(config: AppConfig, input: { role: Role; email: string }, now: Date) {
  if (config.mode !== 'local') throw new AppError('not_found', 'Not found', 404);
  const keys = await loadOrCreateLocalKeys(config);
  const key = await importJWK(keys.privateJwk, ALG);
  return new SignJWT({ email: input.email, 'cognito:groups': [input.role] })
    .setProtectedHeader({ alg: ALG, kid: 'local' })
    .setSubject(input.email)
    .setIssuer(config.auth.issuer)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(LOCAL_TOKEN_TTL)
    .sign(key);
}

export type TokenVerifier = (token: string) => Promise<Principal>;

export function createTokenVerifier(config: AppConfig): TokenVerifier {
  let keySet: JWTVerifyGetKey | undefined;
  const getKeySet = async (): Promise<JWTVerifyGetKey> => {
    if (keySet) return keySet;
    if (config.auth.jwksUrl) keySet = createRemoteJWKSet(new URL(config.auth.jwksUrl));
    else keySet = createLocalJWKSet({ keys: [(await loadOrCreateLocalKeys(config)).publicJwk] });
    return keySet;
  };
  return async (token: string) => {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, await getKeySet(), {
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        algorithms: config.auth.jwksUrl ? ['RS256'] : [ALG],
        requiredClaims: ['exp', 'iat'],
      }));
    } catch {
      throw new AppError('unauthenticated', 'The access token is missing, expired or invalid', 401);
    }
    // A token must expire, and soon: one minted without `exp` or to live longer is refused.
    if (Number(payload.exp) - Number(payload.iat) > MAX_TOKEN_LIFETIME_SECONDS) {
      throw new AppError(
        'unauthenticated',
        'The access token lives longer than staff tokens may (24 hours)',
        401,
      );
    }
    const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as unknown[]) : [];
    const role = ROLE_PRECEDENCE.find((r) => groups.includes(r));
    if (!role)
      throw new AppError(
        'forbidden',
        'Your account has no staff role (procurement, compliance or admin)',
        403,
      );
    const email = typeof payload.email === 'string' ? payload.email : String(payload.sub ?? 'unknown');
    return { id: email, email, role };
  };
}
