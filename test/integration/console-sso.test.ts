/**
 * Console sign-in when deployed: the authorization-code flow against the Cognito hosted UI. A
 * loopback stand-in plays Cognito's two endpoints (token and JWKS) with a real RS256 key, so the
 * app's own code (redirect, state check, code exchange, token verification, session cookie) runs
 * unchanged.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#shared/http/app.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let rt: TestRuntime;
let cognito: Server;
let app: ReturnType<typeof createApp>;
let issuer: string;

beforeAll(async () => {
  rt = await startTestRuntime();
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  cognito = createServer(async (req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    if (req.method === 'POST' && req.url === '/oauth2/token') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      if (
        form.get('code') !== 'good-code' ||
        form.get('client_id') !== 'client-1' ||
        !form.get('redirect_uri')?.endsWith('/console/callback')
      ) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
        return;
      }
      const idToken = await new SignJWT({ email: 'cora@example.org', 'cognito:groups': ['compliance'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer)
        .setAudience('client-1')
        .setSubject('cora')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id_token: idToken, token_type: 'Bearer' }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => cognito.listen(0, '127.0.0.1', () => r()));
  issuer = `http://127.0.0.1:${(cognito.address() as AddressInfo).port}`;
  const deps = {
    ...rt.deps,
    config: {
      ...rt.deps.config,
      mode: 'aws' as const,
      auth: {
        issuer,
        audience: 'client-1',
        jwksUrl: `${issuer}/.well-known/jwks.json`,
        hostedUiUrl: issuer,
        clientId: 'client-1',
      },
    },
  };
  app = createApp({ deps: () => deps });
});
afterAll(async () => {
  await new Promise((r) => cognito?.close(r));
  await rt?.close();
});

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0] ?? '';

describe('console sign-in through the Cognito hosted UI', () => {
  it('offers the hosted UI instead of the local form', async () => {
    const page = await (await app.request('/console/login')).text();
    expect(page).toContain('/console/sso');
    expect(page).not.toContain('name="role"');
  });

  it('redirects to Cognito with state, exchanges the code, verifies the ID token and opens the console', async () => {
    const start = await app.request('/console/sso?next=%2Fconsole%2Ffindings');
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(`${issuer}/oauth2/authorize`);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('client_id')).toBe('client-1');
    const state = authorize.searchParams.get('state')!;
    const stateCookie = cookieOf(start, 'console_sso');
    expect(stateCookie).not.toBe('');

    const back = await app.request(`/console/callback?code=good-code&state=${state}`, {
      headers: { cookie: stateCookie },
    });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/console/findings');
    const session = cookieOf(back, 'session');
    expect(session).toMatch(/^session=ey/);
    expect(back.headers.getSetCookie().join(';')).toMatch(/HttpOnly/i);

    const board = await app.request('/console', { headers: { cookie: session } });
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('cora@example.org');
  });

  it('refuses a callback whose state does not match (login CSRF) or whose code is bad', async () => {
    const start = await app.request('/console/sso');
    const stateCookie = cookieOf(start, 'console_sso');
    const forged = await app.request('/console/callback?code=good-code&state=forged', {
      headers: { cookie: stateCookie },
    });
    expect(forged.status).toBe(400);
    expect(forged.headers.getSetCookie().join(';')).not.toContain('session=ey');

    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const badCode = await app.request(`/console/callback?code=stolen&state=${state}`, {
      headers: { cookie: stateCookie },
    });
    expect(badCode.status).toBe(401);
    expect(await badCode.text()).toContain('Sign-in did not complete');
  });

  it('has no local sign-in or local endpoints when deployed', async () => {
    expect((await app.request('/console/login', { method: 'POST' })).status).toBe(404);
    expect((await app.request('/local/token', { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
