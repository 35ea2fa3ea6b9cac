/** GET /portal/{token}/baa: the vendor's BAA page (the link in the BAA request email). */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { AppError } from '../../errors.ts';
import { MAIN_BAA } from '../../use-cases/baa.ts';
import { incidentLinkUrl } from '../../use-cases/incident-link.ts';
import { openBaaPortal } from '../../use-cases/portal-access.ts';
import type { AppEnv } from '../context.ts';
import { BAA_JS } from '../pages/assets/baa-js.ts';
import { baaPortalPage } from '../pages/baa-portal-page.ts';
import { linkProblemPage } from '../pages/portal-pages.ts';

const SCRIPT_URL = `/assets/baa.js?v=${createHash('sha256').update(BAA_JS).digest('hex').slice(0, 12)}`;

export function portalBaaPageRoutes(app: Hono<AppEnv>) {
  app.get('/assets/baa.js', (c) =>
    c.body(BAA_JS, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  );
  app.get('/portal/:token/baa', async (c) => {
    const deps = c.var.deps;
    const organisation = deps.config.organisation;
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    try {
      const session = await openBaaPortal(deps, c.req.param('token'));
      const baa = await deps.baas.get(session.vendor.id, MAIN_BAA);
      return c.body(
        baaPortalPage({
          organisation,
          vendorName: session.vendor.name,
          token: c.req.param('token'),
          contact: session.contact,
          baa,
          scriptUrl: SCRIPT_URL,
          incidentUrl: await incidentLinkUrl(deps, session.vendor.id),
        }),
        200,
        headers,
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const contact = (error.details as { contact?: unknown } | undefined)?.contact;
      return c.body(
        linkProblemPage({
          organisation,
          code: error.code,
          message: error.message,
          ...(typeof contact === 'string' ? { contact } : {}),
        }),
        error.status as 404,
        headers,
      );
    }
  });
}
