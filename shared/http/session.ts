/**
 * The staff console's browser session: the staff JWT in an HttpOnly cookie named `session` (the
 * same token the JSON API takes as a bearer, so `authenticate` accepts either), and the CSRF token
 * every console form carries. The CSRF token is derived from the JWT (sha256, truncated): it needs
 * no server-side state, changes with every sign-in, and a cross-site page cannot compute it because
 * it cannot read the HttpOnly cookie. SameSite=Lax already keeps the cookie off cross-site POSTs;
 * the token is the second lock.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppContext } from './context.ts';

export const SESSION_COOKIE = 'session';
/** Double-submit token of the local sign-in form (there is no session to derive one from yet). */
export const LOGIN_CSRF_COOKIE = 'console_login';
/** Matches the local token lifetime (staff-tokens.ts, 12 hours). */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
export const CSRF_FIELD = '_csrf';

const secure = (c: AppContext) => c.var.deps.config.baseUrl.startsWith('https:');

const cookieOptions = (c: AppContext, maxAge: number, path = '/') =>
  ({ path, httpOnly: true, sameSite: 'Lax', secure: secure(c), maxAge }) as const;

/** The JWT from the session cookie, if any. */
export const readSessionToken = (c: AppContext): string | undefined =>
  getCookie(c, SESSION_COOKIE) || undefined;

export function setSessionCookie(c: AppContext, jwt: string): void {
  setCookie(c, SESSION_COOKIE, jwt, cookieOptions(c, SESSION_MAX_AGE_SECONDS));
}

export function clearSessionCookie(c: AppContext): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c), httpOnly: true, sameSite: 'Lax' });
}

/** The per-session CSRF token: sha256 of the JWT, 32 hex characters. */
export const csrfTokenFor = (jwt: string): string =>
  createHash('sha256').update(`console-csrf:${jwt}`).digest('hex').slice(0, 32);

/** Constant-time comparison of a posted token with the expected one. */
export function tokensMatch(expected: string, provided: unknown): boolean {
  if (typeof provided !== 'string' || provided.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(provided));
}

/** A fresh double-submit token for the sign-in form, set as a short-lived cookie scoped to it. */
export function issueLoginCsrf(c: AppContext): string {
  const token = randomBytes(16).toString('hex');
  setCookie(c, LOGIN_CSRF_COOKIE, token, cookieOptions(c, 30 * 60, '/console/login'));
  return token;
}

export function checkLoginCsrf(c: AppContext, provided: unknown): boolean {
  const expected = getCookie(c, LOGIN_CSRF_COOKIE);
  return expected !== undefined && tokensMatch(expected, provided);
}

export function clearLoginCsrf(c: AppContext): void {
  deleteCookie(c, LOGIN_CSRF_COOKIE, {
    path: '/console/login',
    secure: secure(c),
    httpOnly: true,
    sameSite: 'Lax',
  });
}

/** Where to go after signing in: only a console path, so `next` cannot redirect off-site. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string') return '/console';
  return /^\/console(?:[/?#]|$)/.test(next) && !next.startsWith('//') && !next.includes('\\')
    ? next
    : '/console';
}
