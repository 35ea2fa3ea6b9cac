/**
 * The pages' stylesheet and script, served from string constants bundled with the code. URLs carry
 * a content hash (see page-layout.ts), so the responses may be cached for a year.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { APP_CSS } from '../pages/assets/app-css.ts';
import { PORTAL_JS } from '../pages/assets/portal-js.ts';

const LONG_CACHE = 'public, max-age=31536000, immutable';

/** A shield with a check mark: the product's icon in browser tabs (no more 404 per page view). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2 4 6v9c0 7.5 5.1 13.4 12 15 6.9-1.6 12-7.5 12-15V6z" fill="#0b5394"/><path d="m10 16 4.2 4.2L22.5 12" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

export function assetRoutes(app: Hono<AppEnv>) {
  // `/` is the staff console (its sign-in page also tells vendors where their portal is).
  app.get('/', (c) => c.redirect('/console', 302));
  for (const path of ['/favicon.ico', '/favicon.svg', '/assets/favicon.svg']) {
    app.get(path, (c) =>
      c.body(FAVICON_SVG, 200, {
        'content-type': 'image/svg+xml',
        'cache-control': 'public, max-age=86400',
      }),
    );
  }
  app.get('/assets/app.css', (c) =>
    c.body(APP_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': LONG_CACHE }),
  );
  app.get('/assets/portal.js', (c) =>
    c.body(PORTAL_JS, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': LONG_CACHE,
    }),
  );
}
