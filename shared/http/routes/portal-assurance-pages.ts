/** GET /portal/{token}/security and /portal/{token}/verification: the vendor's assurance pages. */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { assuranceRepository } from '../../adapters/dynamodb/assurance-repository.ts';
import { AppError } from '../../errors.ts';
import { assuranceOverview } from '../../use-cases/assurance.ts';
import { openBaaPortal } from '../../use-cases/portal-access.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { ASSURANCE_JS } from '../pages/assets/assurance-js.ts';
import { securityDocumentsPage, verificationPage } from '../pages/assurance-portal-pages.ts';
import { linkProblemPage } from '../pages/portal-pages.ts';

const SCRIPT_URL = `/assets/assurance.js?v=${createHash('sha256').update(ASSURANCE_JS).digest('hex').slice(0, 12)}`;
const HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

async function render(
  c: AppContext,
  build: (session: Awaited<ReturnType<typeof openBaaPortal>>) => Promise<string>,
) {
  const deps = c.var.deps;
  try {
    const session = await openBaaPortal(deps, c.req.param('token')!);
    return c.body(await build(session), 200, HEADERS);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const contact = (error.details as { contact?: unknown } | undefined)?.contact;
    return c.body(
      linkProblemPage({
        organisation: deps.config.organisation,
        code: error.code,
        message: error.message,
        ...(typeof contact === 'string' ? { contact } : {}),
      }),
      error.status as 404,
      HEADERS,
    );
  }
}

export function portalAssurancePageRoutes(app: Hono<AppEnv>) {
  app.get('/assets/assurance.js', (c) =>
    c.body(ASSURANCE_JS, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  );

  app.get('/portal/:token/security', (c) =>
    render(c, async (session) =>
      securityDocumentsPage({
        organisation: c.var.deps.config.organisation,
        vendorName: session.vendor.name,
        token: c.req.param('token'),
        contact: session.contact,
        documents: await assuranceOverview(c.var.deps, session.vendor.id),
        scriptUrl: SCRIPT_URL,
      }),
    ),
  );

  app.get('/portal/:token/verification', (c) =>
    render(c, async (session) => {
      const list = await assuranceRepository(c.var.deps).listVerifications(session.vendor.id);
      return verificationPage({
        organisation: c.var.deps.config.organisation,
        vendorName: session.vendor.name,
        token: c.req.param('token'),
        contact: session.contact,
        open: list.find((v) => v.status === 'requested' || v.status === 'returned'),
        latest: list[0],
        scriptUrl: SCRIPT_URL,
        ...(c.req.query('sent')
          ? {
              notice: {
                kind: 'success' as const,
                message: 'Thank you: your signed verification is recorded.',
              },
            }
          : {}),
      });
    }),
  );
}
