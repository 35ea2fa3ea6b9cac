/**
 * Staff authentication. In AWS, Cognito issues the JWTs (groups = roles) and the API's JWT
 * authorizer checks them; the app checks them again against Cognito's JWKS (defence in depth, one
 * code path). Locally, the same check runs against a key pair generated under the data folder, and
 * `POST /local/token` issues tokens signed by it (local mode only).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

interface LocalKeys {
  privateJwk: JWK;
  publicJwk: JWK;
}

function localKeysFile(config: AppConfig) {
  return join(config.dataDir, 'keys', 'staff-jwt.json');
}

/** Loads the local signing key pair, creating it on first use (never used in AWS). */
export async function loadOrCreateLocalKeys(config: AppConfig): Promise<LocalKeys> {
  const file = localKeysFile(config);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalKeys;
  } catch {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const keys: LocalKeys = {
      privateJwk: { ...(await exportJWK(privateKey)), kid: 'local', alg: ALG },
      publicJwk: { ...(await exportJWK(publicKey)), kid: 'local', alg: ALG },
    };
    mkdirSync(join(config.dataDir, 'keys'), { recursive: true });
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
    return keys;
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
      }));
    } catch {
      throw new AppError('unauthenticated', 'The access token is missing, expired or invalid', 401);
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
