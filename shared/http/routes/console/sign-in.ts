/** Console sign-in and sign-out: local role picker, the Cognito hosted UI, logout. */
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { authorizeUrl, exchangeCode } from '../../../adapters/hosted-ui.ts';
import { issueLocalToken } from '../../../adapters/staff-tokens.ts';
import { AppError } from '../../../errors.ts';
import { Email, Role } from '../../../schemas/core.ts';
import type { AppContext, AppEnv } from '../../context.ts';
import { loginPage } from '../../pages/console/login-page.ts';
import {
  CSRF_FIELD,
  checkLoginCsrf,
  clearLoginCsrf,
  clearSessionCookie,
  issueLoginCsrf,
  safeNext,
  setSessionCookie,
  tokensMatch,
} from '../../session.ts';
import { type FormBody, field } from './forms.ts';
import { forbidden, problem, send, sessionOf } from './guard.ts';

const SSO_STATE_COOKIE = 'console_sso';

export function signInRoutes(app: Hono<AppEnv>) {
  // Sign-in and sign-out.
  app.get('/console/login', (c) => {
    const config = c.var.deps.config;
    const signedOut = c.req.query('signedOut') === '1';
    return send(
      c,
      loginPage({
        organisation: config.organisation,
        mode: config.mode,
        csrf: config.mode === 'local' ? issueLoginCsrf(c) : '',
        next: safeNext(c.req.query('next')),
        ...(signedOut ? { notice: { kind: 'info', message: 'You are signed out.' } } : {}),
      }),
    );
  });

  app.post('/console/login', async (c) => {
    const deps = c.var.deps;
    const config = deps.config;
    if (config.mode !== 'local') {
      return problem(
        c,
        undefined,
        404,
        'Not found',
        'Sign in with your organisation account.',
        '/console/login',
      );
    }
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    if (!checkLoginCsrf(c, field(form, CSRF_FIELD))) {
      return problem(
        c,
        undefined,
        403,
        'The sign-in form expired',
        'Open the sign-in page again and submit it from there.',
        '/console/login',
      );
    }
    const email = field(form, 'email').trim();
    const role = Role.safeParse(field(form, 'role'));
    const errors: { field: 'email' | 'role'; message: string }[] = [];
    if (!Email.safeParse(email).success)
      errors.push({ field: 'email', message: 'Enter your work email address' });
    if (!role.success) errors.push({ field: 'role', message: 'Choose a role' });
    const next = safeNext(field(form, 'next'));
    if (errors.length || !role.success) {
      return send(
        c,
        loginPage({
          organisation: config.organisation,
          mode: config.mode,
          csrf: issueLoginCsrf(c),
          next,
          email,
          errors,
        }),
        400,
      );
    }
    const jwt = await issueLocalToken(config, { role: role.data, email }, deps.clock.now());
    setSessionCookie(c, jwt);
    clearLoginCsrf(c);
    return c.redirect(next, 303);
  });

  // AWS: the Cognito hosted UI (authorization-code flow). `state` is a random value in a short-lived
  // cookie scoped to the callback, checked on return (login CSRF).
  app.get('/console/sso', (c) => {
    const config = c.var.deps.config;
    if (config.mode === 'local') return c.redirect('/console/login', 303);
    const state = randomBytes(16).toString('hex');
    setCookie(c, SSO_STATE_COOKIE, `${state}.${safeNext(c.req.query('next'))}`, {
      path: '/console/callback',
      httpOnly: true,
      sameSite: 'Lax',
      secure: config.baseUrl.startsWith('https:'),
      maxAge: 600,
    });
    return c.redirect(authorizeUrl(config, state), 302);
  });

  app.get('/console/callback', async (c) => {
    const config = c.var.deps.config;
    const [expected, next] = (getCookie(c, SSO_STATE_COOKIE) ?? '').split('.');
    const state = c.req.query('state');
    const code = c.req.query('code');
    if (!expected || !state || !tokensMatch(expected, state) || !code) {
      return problem(
        c,
        undefined,
        400,
        'Sign-in expired',
        'The sign-in took too long or came from elsewhere; sign in again.',
        '/console/login',
      );
    }
    deleteCookie(c, SSO_STATE_COOKIE, { path: '/console/callback' });
    try {
      const idToken = await exchangeCode(config, code);
      await c.var.verifyToken(idToken); // the same check as every staff request: signature, issuer, audience, group
      setSessionCookie(c, idToken);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return problem(c, undefined, error.status, 'Sign-in did not complete', error.message, '/console/login');
    }
    return c.redirect(safeNext(next), 303);
  });

  const signOut = (c: AppContext) => {
    clearSessionCookie(c);
    return c.redirect('/console/login?signedOut=1', 303);
  };
  app.post('/console/logout', async (c) => {
    const session = await sessionOf(c).catch(() => undefined);
    if (session) {
      const form = (await c.req.parseBody({ all: true })) as FormBody;
      if (!tokensMatch(session.viewer.csrf, field(form, CSRF_FIELD))) {
        return forbidden(c, session, 'This sign-out did not come from the console. Use the Sign out button.');
      }
    }
    return signOut(c);
  });
  // Following a "sign out" link only drops this browser's cookie: nothing on the server changes.
  app.get('/console/logout', (c) => signOut(c));
}
