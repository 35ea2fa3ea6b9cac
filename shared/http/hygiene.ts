/**
 * App-wide request and response hygiene, as middleware so no route can forget it:
 *
 * - `formGuard`: a form body (multipart or urlencoded) is parsed once before any route sees it; a
 *   malformed one is a 400 page (or JSON for API clients), never a 500. Routes then read the
 *   parsed form from Hono's body cache with `c.req.parseBody({ all: true })`.
 * - `noStore`: every response except the content-hashed static assets carries
 *   `Cache-Control: no-store`: pages and JSON show answers, findings and agreements behind a staff
 *   session or a vendor's link, and must not stay in shared caches or the browser's disk cache.
 */
import type { MiddlewareHandler } from 'hono';
import { html } from '../html.ts';
import type { AppEnv } from './context.ts';
import { errorBody } from './errors.ts';
import { page } from './pages/page-layout.ts';

const FORM_TYPES = new Set(['multipart/form-data', 'application/x-www-form-urlencoded']);

/** Browser forms get a page; API clients (asking for JSON) get the JSON error. */
const wantsPage = (path: string, accept: string | undefined) =>
  (path.startsWith('/console') || path.startsWith('/portal')) && !(accept ?? '').includes('application/json');

export const formGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const mediaType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || !mediaType || !FORM_TYPES.has(mediaType)) {
    return next();
  }
  try {
    await c.req.parseBody({ all: true });
  } catch {
    const message =
      'The form could not be read (the request was cut off or is not a valid form). Go back, reload the page and try again.';
    if (wantsPage(c.req.path, c.req.header('accept'))) {
      const body = html`<div class="page-intro"><h1>The form could not be read</h1></div>
<div class="card"><p>${message}</p></div>`;
      c.header('cache-control', 'no-store');
      return c.html(
        page({ title: 'The form could not be read', body, organisation: c.var.deps.config.organisation }),
        400,
      );
    }
    return c.json(errorBody('invalid_form', message), 400);
  }
  return next();
};

export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const path = c.req.path;
  // Static assets are public and content-hashed (a year-long cache on purpose).
  if (path.startsWith('/assets/')) return;
  c.res.headers.set('cache-control', 'no-store');
};
