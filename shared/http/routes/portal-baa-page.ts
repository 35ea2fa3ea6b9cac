/** GET /portal/{token}/baa: the vendor's BAA page (the link in the BAA request email). */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { AppError } from '../../errors.ts';
import { attestReturnOrDestroy, MAIN_BAA } from '../../use-cases/baa.ts';
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
  // The attestation form (no JavaScript needed); the JSON API takes a certificate as well.
  app.post('/portal/:token/baa/attest', async (c) => {
    const deps = c.var.deps;
    const token = c.req.param('token');
    const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    const session = await openBaaPortal(deps, token);
    const form = (await c.req.parseBody()) as Record<string, string | File>;
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
    try {
      await attestReturnOrDestroy(deps, session.actor, session.vendor.id, MAIN_BAA, {
        method: text('method'),
        attestedBy: text('attestedBy'),
        ...(text('note') ? { note: text('note') } : {}),
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const baa = await deps.baas.get(session.vendor.id, MAIN_BAA);
      const message =
        error.code === 'invalid_request'
          ? 'Say what was done and give your name and role (at least 3 characters).'
          : error.message;
      return c.body(
        baaPortalPage({
          organisation: deps.config.organisation,
          vendorName: session.vendor.name,
          token,
          contact: session.contact,
          baa,
          scriptUrl: SCRIPT_URL,
          notice: { kind: 'error', message },
        }),
        error.status as 400,
        headers,
      );
    }
    return c.redirect(`/portal/${token}/baa?attested=1`, 303);
  });

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
          ...(c.req.query('attested')
            ? { notice: { kind: 'success' as const, message: 'Thank you: your confirmation is recorded.' } }
            : {}),
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
