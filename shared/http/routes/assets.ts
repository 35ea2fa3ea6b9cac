/**
 * The pages' stylesheet and script, served from string constants bundled with the code. URLs carry
 * a content hash (see page-layout.ts), so the responses may be cached for a year.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { APP_CSS } from '../pages/assets/app-css.ts';
import { PORTAL_JS } from '../pages/assets/portal-js.ts';

const LONG_CACHE = 'public, max-age=31536000, immutable';

export function assetRoutes(app: Hono<AppEnv>) {
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
