/**
 * The staff console: server-rendered pages under /console over the same use cases as the JSON API,
 * one module per page or resource (guard.ts holds what they share: session, roles, responses).
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { CONSOLE_CSS } from '../../pages/assets/console-css.ts';
import { assessmentRoutes } from './assessment.ts';
import { assuranceConsoleRoutes } from './assurance.ts';
import { baasRoutes } from './baas.ts';
import { boardRoutes } from './board.ts';
import { findingsRoutes } from './findings.ts';
import { guarded, problem, STAFF } from './guard.ts';
import { incidentsRoutes } from './incidents.ts';
import { signInRoutes } from './sign-in.ts';
import { trustRoutes } from './trust.ts';
import { vendorRoutes } from './vendor.ts';
import { vendorsRoutes } from './vendors.ts';

const LONG_CACHE = 'public, max-age=31536000, immutable';

export function consoleRoutes(app: Hono<AppEnv>) {
  app.get('/assets/console.css', (c) =>
    c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': LONG_CACHE }),
  );
  signInRoutes(app);
  app.get('/console/', (c) => c.redirect('/console', 301));
  boardRoutes(app);
  vendorsRoutes(app);
  vendorRoutes(app);
  assessmentRoutes(app);
  findingsRoutes(app);
  baasRoutes(app);
  incidentsRoutes(app);
  trustRoutes(app);
  assuranceConsoleRoutes(app);
  // Anything else under /console: an HTML 404 (after sign-in, so it reveals nothing).
  app.all('/console/*', (c) =>
    guarded(c, STAFF, async (s) => problem(c, s, 404, 'Not found', 'There is no console page here.')),
  );
}
