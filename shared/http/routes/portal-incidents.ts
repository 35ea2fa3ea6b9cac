/**
 * The vendor's incident link: `/portal/{token}/incidents`. Browsers get the page and post its
 * forms; API clients get JSON (documented in /openapi.json). The token is the only credential and
 * opens nothing but this page.
 */
import type { Context, Hono } from 'hono';
import { AppError } from '../../errors.ts';
import type { Incident } from '../../schemas/incident.ts';
import { ReportIncidentRequest } from '../../schemas/incident.ts';
import * as z from '../../schemas/zod.ts';
import { recordVendorUpdate, VendorUpdateRequest } from '../../use-cases/incident-actions.ts';
import { type IncidentPortalSession, openIncidentPortal } from '../../use-cases/incident-link.ts';
import { reportIncident } from '../../use-cases/report-incident.ts';
import type { AppEnv } from '../context.ts';
import { mount } from '../operations.ts';
import { incidentPortalPage } from '../pages/incident-portal-page.ts';
import { linkProblemPage } from '../pages/portal-pages.ts';

const HTML = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

/** What the vendor sees of its own reports: its facts and our open request, never our deliberations. */
export const vendorIncidentView = (i: Incident) => ({
  id: i.id,
  type: i.type,
  discoveredAt: i.discoveredAt,
  reportedAt: i.reportedAt,
  summary: i.summary,
  individualsAffected: i.individualsAffected,
  informationRequest:
    i.informationRequest && !i.notices.vendor_information
      ? { items: i.informationRequest.items, dueAt: i.informationRequest.dueAt }
      : null,
  updates: i.vendorUpdates?.length ?? 0,
});
const VendorIncidentList = z.object({ vendorName: z.string(), incidents: z.array(z.unknown()) });

const wantsHtml = (c: Context<AppEnv>) => {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  return (
    type.startsWith('application/x-www-form-urlencoded') ||
    type.startsWith('multipart/form-data') ||
    (c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html'))
  );
};

/** `datetime-local` gives "2026-03-02T15:00" (the page says UTC). */
const utc = (value: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)
    ? `${value.length === 16 ? `${value}:00` : value}.000Z`
    : value;

/** The page's form as the JSON report; unparseable parts are left for the schema to name. */
export function reportFromForm(form: Record<string, string | string[]>): Record<string, unknown> {
  const one = (k: string) => {
    const v = form[k];
    return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
  };
  const list = (k: string) => {
    const v = form[k];
    return Array.isArray(v) ? v : v ? [v] : [];
  };
  const states = one('states')
    .split(/[\n;,]+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = line.match(/^([A-Za-z]{2})\s*[:=\s]\s*(\d+)$/);
      // An unreadable line goes on whole as the State, so the page names one problem in words.
      return match ? { state: match[1]!, count: Number(match[2]) } : { state: line, count: 0 };
    });
  const flag = (k: string) => (one(k) === 'yes' ? true : one(k) === 'no' ? false : undefined);
  return {
    type: one('type'),
    discoveredAt: utc(one('discoveredAt')),
    summary: one('summary'),
    phiInvolved: flag('phiInvolved'),
    unsecuredPhi: flag('unsecuredPhi'),
    individualsAffected: one('individualsAffected') === '' ? 0 : Number(one('individualsAffected')),
    states,
    systems: one('systems')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    phiCategories: list('phiCategories'),
    ...(one('reporterName') ? { reporterName: one('reporterName') } : {}),
    ...(one('reporterEmail') ? { reporterEmail: one('reporterEmail') } : {}),
  };
}

async function formOf(c: Context<AppEnv>) {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

async function renderPage(
  c: Context<AppEnv>,
  session: IncidentPortalSession,
  extra: {
    values?: Record<string, string | string[]>;
    errors?: { path: string; message: string }[];
    notice?: string;
  },
  status: 200 | 400 = 200,
) {
  const deps = c.var.deps;
  return c.body(
    incidentPortalPage({
      organisation: deps.config.organisation,
      vendorName: session.vendor.name,
      token: c.req.param('token')!,
      contact: session.contact,
      incidents: await deps.incidents.listByVendor(session.vendor.id),
      ...extra,
    }),
    status,
    HTML,
  );
}

/** Link problems on a page are a page, not JSON. */
async function asPage(c: Context<AppEnv>, run: () => Promise<Response>) {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AppError) || !error.code.startsWith('link_')) throw error;
    const contact = (error.details as { contact?: unknown } | undefined)?.contact;
    return c.body(
      linkProblemPage({
        organisation: c.var.deps.config.organisation,
        code: error.code,
        message: error.message,
        ...(typeof contact === 'string' ? { contact } : {}),
      }),
      error.status as 404,
      HTML,
    );
  }
}

export function portalIncidentRoutes(app: Hono<AppEnv>) {
  // Browsers first; JSON clients fall through to the documented operations below.
  app.get('/portal/:token/incidents', async (c, next) => {
    if (!wantsHtml(c)) return next();
    return asPage(c, async () => {
      const session = await openIncidentPortal(c.var.deps, c.req.param('token'));
      const notice = c.req.query('reported')
        ? 'Thank you: we received your report and emailed you an acknowledgement with what we need next.'
        : c.req.query('updated')
          ? 'Thank you: we received your information.'
          : undefined;
      return renderPage(c, session, notice ? { notice } : {});
    });
  });
  app.post('/portal/:token/incidents', async (c, next) => {
    if (!wantsHtml(c)) return next();
    return asPage(c, async () => {
      const deps = c.var.deps;
      const session = await openIncidentPortal(deps, c.req.param('token'));
      const values = await formOf(c);
      try {
        await reportIncident(deps, session.actor, session.vendor.id, reportFromForm(values), 'portal');
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500 || error.code.startsWith('link_'))
          throw error;
        const details = Array.isArray(error.details)
          ? (error.details as { path: string; message: string }[])
          : [{ path: 'report', message: error.message }];
        return renderPage(c, session, { values, errors: details }, 400);
      }
      return c.redirect(`/portal/${c.req.param('token')}/incidents?reported=1`, 303);
    });
  });
  app.post('/portal/:token/incidents/:incidentId/updates', async (c, next) => {
    if (!wantsHtml(c)) return next();
    return asPage(c, async () => {
      const deps = c.var.deps;
      const session = await openIncidentPortal(deps, c.req.param('token'));
      const values = await formOf(c);
      const count = typeof values.individualsAffected === 'string' ? values.individualsAffected.trim() : '';
      try {
        await recordVendorUpdate(deps, session.actor, session.vendor.id, c.req.param('incidentId'), {
          text: values.text,
          ...(count ? { individualsAffected: Number(count) } : {}),
        });
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500 || error.code.startsWith('link_'))
          throw error;
        return renderPage(c, session, { errors: [{ path: 'update', message: error.message }] }, 400);
      }
      return c.redirect(`/portal/${c.req.param('token')}/incidents?updated=1`, 303);
    });
  });

  mount(
    app,
    {
      id: 'portalIncidents',
      method: 'get',
      path: '/portal/{token}/incidents',
      summary: "The vendor's incident reports (HTML page for browsers; JSON otherwise)",
      tag: 'Vendor portal',
      auth: 'link',
      responses: {
        200: { description: 'The vendor’s reports', schema: VendorIncidentList },
        404: { description: 'Unknown link, or not an incident link' },
        410: { description: 'Revoked link (rotated)' },
      },
    },
    async (c) => {
      const session = await openIncidentPortal(c.var.deps, c.req.param('token')!);
      const incidents = await c.var.deps.incidents.listByVendor(session.vendor.id);
      c.header('cache-control', 'no-store');
      return c.json({ vendorName: session.vendor.name, incidents: incidents.map(vendorIncidentView) });
    },
  );
  mount(
    app,
    {
      id: 'portalReportIncident',
      method: 'post',
      path: '/portal/{token}/incidents',
      summary:
        'Report an incident through the vendor’s incident link (JSON; the page posts a form). vendorIsAgent is ignored: staff decide it',
      tag: 'Vendor portal',
      auth: 'link',
      body: ReportIncidentRequest,
      responses: { 201: { description: 'Received; the acknowledgement email says what we need next' } },
    },
    async (c, body) => {
      const session = await openIncidentPortal(c.var.deps, c.req.param('token')!);
      const incident = await reportIncident(c.var.deps, session.actor, session.vendor.id, body, 'portal');
      return c.json(vendorIncidentView(incident), 201);
    },
  );
  mount(
    app,
    {
      id: 'portalIncidentUpdate',
      method: 'post',
      path: '/portal/{token}/incidents/{incidentId}/updates',
      summary: 'Send more information about an earlier report (answers an open information request)',
      tag: 'Vendor portal',
      auth: 'link',
      body: VendorUpdateRequest,
      responses: { 200: { description: 'Received' } },
    },
    async (c, body) => {
      const session = await openIncidentPortal(c.var.deps, c.req.param('token')!);
      const incident = await recordVendorUpdate(
        c.var.deps,
        session.actor,
        session.vendor.id,
        c.req.param('incidentId')!,
        body,
      );
      return c.json(vendorIncidentView(incident));
    },
  );
}
