/**
 * What every console route shares: the signed-in session, role checks mirrored from the JSON API
 * operations, HTML responses (never JSON, never a stack trace) and the GET/POST route wrappers.
 *
 * - Auth: the staff JWT in the `session` cookie (session.ts), verified on every request; without a
 *   valid one a page answers 303 to /console/login. Each route needs the roles of the JSON API
 *   operation it mirrors, read from that operation's declaration, so the two cannot drift; a
 *   refused role gets a 403 page.
 * - Forms are POSTs carrying the session's CSRF token; each answers 303 to a GET (a reload never
 *   re-posts), or re-renders its page with the problem next to the form and the values kept.
 * - Every failure is an HTML page with the same status.
 */
import type { Principal } from '../../../adapters/staff-tokens.ts';
import { AppError } from '../../../errors.ts';
import { logger } from '../../../logger.ts';
import type { Role } from '../../../schemas/core.ts';
import type { AppContext } from '../../context.ts';
import { operations, STAFF } from '../../operations.ts';
import { problemPage, type Viewer } from '../../pages/console/components.ts';
import {
  CSRF_FIELD,
  clearSessionCookie,
  csrfTokenFor,
  readSessionToken,
  tokensMatch,
} from '../../session.ts';
import { type FormBody, field } from './forms.ts';

/** Lists read one page through the repositories' cursors: nothing loads every vendor. */
export const PAGE_SIZE = 25;

export interface Session {
  principal: Principal;
  viewer: Viewer;
}

export { STAFF };
// --- roles: the same as the JSON API operation each console route mirrors --------------------------

export function rolesOf(operationId: string): readonly Role[] {
  const op = operations().find((o) => o.id === operationId);
  if (!op) throw new Error(`The console mirrors API operation ${operationId}, which is not mounted`);
  return op.roles ?? STAFF;
}

export const allowed = (role: Role, roles: readonly Role[]) => role === 'admin' || roles.includes(role);

// --- responses ----------------------------------------------------------------------------------------

export function send(c: AppContext, body: string, status = 200) {
  // Console pages show vendor risk data: never kept in shared caches or the browser's disk cache.
  c.header('cache-control', 'no-store');
  return c.html(body, status as 200);
}

export function problem(
  c: AppContext,
  session: Session | undefined,
  status: number,
  title: string,
  message: string,
  backUrl?: string,
) {
  return send(
    c,
    problemPage({
      organisation: c.var.deps.config.organisation,
      ...(session ? { viewer: session.viewer } : {}),
      status,
      title,
      message,
      ...(backUrl ? { backUrl, backLabel: 'Back' } : {}),
    }),
    status,
  );
}

export const forbidden = (c: AppContext, session: Session | undefined, message: string) =>
  problem(c, session, 403, 'You cannot do this', message);

export function failure(c: AppContext, session: Session | undefined, error: unknown) {
  if (error instanceof AppError) {
    if (error.status === 404) return problem(c, session, 404, 'Not found', error.message);
    if (error.status === 403) return forbidden(c, session, error.message);
    return problem(c, session, error.status, 'This could not be done', error.message);
  }
  // Name only: messages may carry input (see errors.ts).
  logger.error('Unhandled error on a console page', {
    errorName: error instanceof Error ? error.name : typeof error,
    path: c.req.routePath,
  });
  return problem(
    c,
    session,
    500,
    'Something went wrong on our side',
    'It has been logged. Please try again in a few minutes.',
  );
}

// --- session -------------------------------------------------------------------------------------------

/** The signed-in staff member, or undefined when there is no valid session cookie. */
export async function sessionOf(c: AppContext): Promise<Session | undefined> {
  const token = readSessionToken(c);
  if (!token) return undefined;
  let principal: Principal;
  try {
    principal = await c.var.verifyToken(token);
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthenticated') return undefined;
    throw error;
  }
  return {
    principal,
    viewer: { email: principal.email, role: principal.role, csrf: csrfTokenFor(token) },
  };
}

export function toLogin(c: AppContext) {
  if (readSessionToken(c)) clearSessionCookie(c); // expired or invalid: drop it
  const here = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : '/console';
  const next = here === '/console' ? '' : `?next=${encodeURIComponent(here)}`;
  return c.redirect(`/console/login${next}`, 303);
}

/** Runs `handler` for a signed-in user with one of `roles`; everything else becomes a page. */
export async function guarded(
  c: AppContext,
  roles: readonly Role[],
  handler: (session: Session) => Promise<Response>,
): Promise<Response> {
  let session: Session | undefined;
  try {
    session = await sessionOf(c);
  } catch (error) {
    return failure(c, undefined, error);
  }
  if (!session) return toLogin(c);
  if (!allowed(session.principal.role, roles)) {
    return forbidden(
      c,
      session,
      `This needs the ${roles.join(' or ')} role; you are signed in as ${session.principal.role}.`,
    );
  }
  c.set('principal', session.principal);
  try {
    return await handler(session);
  } catch (error) {
    return failure(c, session, error);
  }
}

/** A GET page for `roles`. */
export const view =
  (roles: () => readonly Role[], handler: (c: AppContext, s: Session) => Promise<Response>) =>
  (c: AppContext) =>
    guarded(c, roles(), (s) => handler(c, s));

/** A form POST for `roles`, with the session's CSRF token checked before anything happens. */
export const action =
  (roles: () => readonly Role[], handler: (c: AppContext, s: Session, form: FormBody) => Promise<Response>) =>
  (c: AppContext) =>
    guarded(c, roles(), async (s) => {
      const form = (await c.req.parseBody({ all: true })) as FormBody;
      if (!tokensMatch(s.viewer.csrf, field(form, CSRF_FIELD))) {
        return forbidden(
          c,
          s,
          'This form has expired or did not come from the console. Go back, reload the page and submit it again.',
        );
      }
      return handler(c, s, form);
    });

// --- form reading ------------------------------------------------------------------------------------
