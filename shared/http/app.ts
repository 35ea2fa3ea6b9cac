/**
 * The one HTTP app: JSON API, vendor portal and staff console. It runs unchanged behind API
 * Gateway (functions/api/handler.ts) and on the local Node server (local/start.ts).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { createTokenVerifier } from '../adapters/staff-tokens.ts';
import type { Deps } from '../composition.ts';
import type { AppEnv } from './context.ts';
import { errorBody, toErrorResponse } from './errors.ts';
import { formGuard, noStore } from './hygiene.ts';
import { openApiDocument } from './openapi.ts';
import { assuranceApiRoutes, trustMatrixApiRoutes } from './routes/assurance-api.ts';
import { baaApiRoutes } from './routes/baa-api.ts';
import { baaEndOfLifeApiRoutes, baaExemptionApiRoutes } from './routes/baa-end-of-life-api.ts';
import { consoleRoutes } from './routes/console/index.ts';
import { decisionsApiRoutes } from './routes/decisions-api.ts';
import { findingsApiRoutes } from './routes/findings-api.ts';
import { incidentsApiRoutes } from './routes/incidents-api.ts';
import { localRoutes } from './routes/local.ts';
import { offshoreReviewApiRoutes } from './routes/offshore-review-api.ts';
import { portalApiRoutes } from './routes/portal-api.ts';
import { portalAssurancePageRoutes } from './routes/portal-assurance-pages.ts';
import { portalBaaPageRoutes } from './routes/portal-baa-page.ts';
import { portalClarificationRoutes } from './routes/portal-clarifications.ts';
import { portalIncidentRoutes } from './routes/portal-incidents.ts';
import { portalPageRoutes } from './routes/portal-pages.ts';
import { reportsApiRoutes } from './routes/reports-api.ts';
import { reviewDeskApiRoutes } from './routes/review-desk-api.ts';
import { staffApiRoutes } from './routes/staff-api.ts';

export type HealthChecks = Record<string, () => Promise<unknown>>;

export interface AppOptions {
  deps: () => Deps;
  /** Components reported by GET /health (each resolves when healthy, rejects otherwise). */
  healthChecks?: HealthChecks;
}

const MAX_JSON_BODY = 512 * 1024;

export function createApp(options: AppOptions) {
  const app = new Hono<AppEnv>();
  let verifier: ReturnType<typeof createTokenVerifier> | undefined;

  app.use('*', async (c, next) => {
    const shared = options.deps();
    verifier ??= createTokenVerifier(shared.config);
    // The audit events of one request are written together at its end (one head update per vendor),
    // or before a workflow it starts, so that the trail records the request before the workflow.
    const audit = shared.audit.deferred();
    const deps = {
      ...shared,
      audit,
      workflows: {
        async start(...args: Parameters<typeof shared.workflows.start>) {
          await audit.flush();
          return shared.workflows.start(...args);
        },
      },
    };
    c.set('deps', deps);
    c.set('verifyToken', verifier);
    try {
      await next();
    } finally {
      await deps.audit.flush();
    }
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'http://127.0.0.1:*', 'https:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_JSON_BODY,
      onError: (c) =>
        c.json(
          errorBody('payload_too_large', `Request bodies are limited to ${MAX_JSON_BODY / 1024} KB`),
          413,
        ),
    }),
  );

  app.use('*', noStore);
  app.use('*', formGuard);

  app.get('/health', async (c) => {
    const checks = Object.entries(options.healthChecks ?? {});
    const results = await Promise.all(
      checks.map(async ([name, check]) => {
        try {
          await check();
          return [name, { status: 'ok' }] as const;
        } catch (error) {
          return [
            name,
            { status: 'down', error: error instanceof Error ? error.message : String(error) },
          ] as const;
        }
      }),
    );
    const components = Object.fromEntries(results);
    const ok = results.every(([, r]) => r.status === 'ok');
    return c.json(
      { status: ok ? 'ok' : 'degraded', mode: c.var.deps.config.mode, components },
      ok ? 200 : 503,
    );
  });

  app.get('/openapi.json', (c) => c.json(openApiDocument(c.var.deps.config.baseUrl)));

  staffApiRoutes(app);
  findingsApiRoutes(app);
  baaApiRoutes(app);
  baaEndOfLifeApiRoutes(app);
  baaExemptionApiRoutes(app);
  offshoreReviewApiRoutes(app);
  decisionsApiRoutes(app);
  // Before the reports: /reports/hhs-breach-log and /reports/incidents are not generic datasets.
  incidentsApiRoutes(app);
  assuranceApiRoutes(app);
  trustMatrixApiRoutes(app);
  reportsApiRoutes(app);
  reviewDeskApiRoutes(app);
  portalIncidentRoutes(app);
  portalApiRoutes(app);
  portalPageRoutes(app);
  portalBaaPageRoutes(app);
  portalClarificationRoutes(app);
  portalAssurancePageRoutes(app);
  consoleRoutes(app);
  localRoutes(app);

  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => toErrorResponse(error, c));
  return app;
}
