/**
 * Vendor incidents, staff side (JSON): log one from a call, the register, one incident, the risk
 * assessment and its countersignature, a law-enforcement delay, notices sent, a request to the
 * vendor for missing information, the vendor's standing incident link, the annual HHS log (CSV).
 */
import type { Hono } from 'hono';
import { AppError } from '../../errors.ts';
import {
  Incident,
  InformationRequestInput,
  LawEnforcementDelay,
  NoticeSentRequest,
  ReportIncidentRequest,
  RiskAssessmentRequest,
} from '../../schemas/incident.ts';
import * as z from '../../schemas/zod.ts';
import { createEvidenceUpload, UploadRequest } from '../../use-cases/evidence-upload.ts';
import {
  AgencyRequest,
  countersignAssessment,
  loadIncident,
  recordLawEnforcementDelay,
  recordNoticeSent,
  recordRiskAssessment,
  requestInformation,
  setAgency,
} from '../../use-cases/incident-actions.ts';
import { incidentLinkUrl, rotateIncidentLink } from '../../use-cases/incident-link.ts';
import { hhsLogCsv, incidentRegister, incidentsExport } from '../../use-cases/incident-reports.ts';
import { reportIncident } from '../../use-cases/report-incident.ts';
import type { AppEnv } from '../context.ts';
import { decodeCursor, encodeCursor, parseLimit } from '../cursor.ts';
import { mount, STAFF } from '../operations.ts';

const TAG = 'Incidents';
const COMPLIANCE = ['compliance'] as const;
const IncidentList = z.object({ items: z.array(Incident), cursor: z.nullable(z.string()) });
const LinkResponse = z.object({ url: z.string(), rotated: z.optional(z.boolean()) });

export function incidentsApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'logIncident',
      method: 'post',
      path: '/vendors/{vendorId}/incidents',
      summary:
        'Log a vendor incident reported by phone or email; computes and stores the breach clocks, alerts compliance and the privacy officer, acknowledges to the vendor',
      tag: TAG,
      auth: 'staff',
      body: ReportIncidentRequest,
      responses: { 201: { description: 'The incident with its deadlines', schema: Incident } },
    },
    async (c, body) => {
      const incident = await reportIncident(
        c.var.deps,
        c.var.principal,
        c.req.param('vendorId')!,
        body,
        'staff',
      );
      return c.json(incident, 201);
    },
  );

  mount(
    app,
    {
      id: 'vendorIncidents',
      method: 'get',
      path: '/vendors/{vendorId}/incidents',
      summary: "A vendor's incidents, newest first",
      tag: TAG,
      auth: 'staff',
      responses: { 200: { description: 'Incidents', schema: IncidentList } },
    },
    async (c) => {
      const items = await c.var.deps.incidents.listByVendor(c.req.param('vendorId')!);
      return c.json({ items, cursor: null });
    },
  );

  mount(
    app,
    {
      id: 'incidentRegister',
      method: 'get',
      path: '/incidents',
      summary: 'The incident register: open (default) or closed incidents, the soonest deadline first',
      tag: TAG,
      auth: 'staff',
      query: {
        status: 'open (default) or closed',
        limit: '1–100 (default 25)',
        cursor: 'from the last page',
      },
      responses: { 200: { description: 'A page of incidents', schema: IncidentList } },
    },
    async (c) => {
      const status = c.req.query('status') ?? 'open';
      if (status !== 'open' && status !== 'closed') {
        throw new AppError('invalid_request', 'status must be open or closed', 400);
      }
      const page = await incidentRegister(c.var.deps, {
        status,
        limit: parseLimit(c.req.query('limit')),
        cursor: decodeCursor(c.req.query('cursor')),
      });
      return c.json({ items: page.items, cursor: encodeCursor(page.cursor) });
    },
  );

  mount(
    app,
    {
      id: 'getIncident',
      method: 'get',
      path: '/incidents/{incidentId}',
      summary: 'One incident: facts, deadlines (kind, dueAt, status, basis), assessment, notices',
      tag: TAG,
      auth: 'staff',
      responses: {
        200: { description: 'The incident', schema: Incident },
        404: { description: 'Unknown id' },
      },
    },
    async (c) => c.json(await loadIncident(c.var.deps, c.req.param('incidentId')!)),
  );

  const actions = [
    {
      id: 'recordRiskAssessment',
      path: 'assessment',
      body: RiskAssessmentRequest,
      summary:
        'Record the four-factor risk assessment and a determination (164.402(2)); a non-breach determination needs a countersignature',
      run: recordRiskAssessment,
    },
    {
      id: 'countersignAssessment',
      path: 'countersignature',
      body: undefined,
      summary:
        'A second compliance user countersigns a non-breach determination; the notice clocks then close',
      run: (deps, actor, id) => countersignAssessment(deps, actor, id),
    },
    {
      id: 'recordLawEnforcementDelay',
      path: 'law-enforcement-delay',
      body: LawEnforcementDelay,
      summary: 'Record a law-enforcement delay (164.412): the clocks of ours are tolled for its period',
      run: recordLawEnforcementDelay,
    },
    {
      id: 'requestIncidentInformation',
      path: 'information-request',
      body: InformationRequestInput,
      summary: 'Ask the vendor, through its incident link, for the 164.410(c) information still missing',
      run: requestInformation,
    },
    {
      id: 'setIncidentAgency',
      path: 'agency',
      body: AgencyRequest,
      summary: 'Record whether the vendor acts as our agent (its discovery is then ours, 164.404(a)(2))',
      run: setAgency,
    },
  ] satisfies {
    id: string;
    path: string;
    body: z.ZodMiniType | undefined;
    summary: string;
    run: (
      deps: AppEnv['Variables']['deps'],
      actor: AppEnv['Variables']['principal'],
      id: string,
      body: unknown,
    ) => Promise<Incident>;
  }[];
  for (const action of actions) {
    mount(
      app,
      {
        id: action.id,
        method: 'post',
        path: `/incidents/{incidentId}/${action.path}`,
        summary: action.summary,
        tag: TAG,
        auth: 'staff',
        roles: COMPLIANCE,
        ...(action.body ? { body: action.body } : {}),
        responses: {
          200: { description: 'The updated incident', schema: Incident },
          409: { description: 'Not allowed in the incident’s state, or changed meanwhile' },
        },
      },
      async (c, body) =>
        c.json(await action.run(c.var.deps, c.var.principal, c.req.param('incidentId')!, body)),
    );
  }

  mount(
    app,
    {
      id: 'recordIncidentNotice',
      method: 'post',
      path: '/incidents/{incidentId}/notices/{deadlineId}',
      summary:
        'Close a notice task (individuals, hhs, media_<state>, extra_<id>) with the date sent and its evidence',
      tag: TAG,
      auth: 'staff',
      roles: COMPLIANCE,
      body: NoticeSentRequest,
      responses: { 200: { description: 'The updated incident', schema: Incident } },
    },
    async (c, body) =>
      c.json(
        await recordNoticeSent(
          c.var.deps,
          c.var.principal,
          c.req.param('incidentId')!,
          c.req.param('deadlineId')!,
          body,
        ),
      ),
  );

  mount(
    app,
    {
      id: 'incidentEvidenceUpload',
      method: 'post',
      path: '/incidents/{incidentId}/evidence-uploads',
      summary:
        'A presigned upload for notice evidence (sample letter, HHS confirmation); pass the returned key with the notice',
      tag: TAG,
      auth: 'staff',
      roles: COMPLIANCE,
      body: UploadRequest,
      responses: { 200: { description: 'The presigned PUT and the key to record' } },
    },
    async (c, body) => {
      const incident = await loadIncident(c.var.deps, c.req.param('incidentId')!);
      const scope = { kind: 'incident', vendorId: incident.vendorId, incidentId: incident.id } as const;
      return c.json(await createEvidenceUpload(c.var.deps, { scope, actorId: c.var.principal.id }, body));
    },
  );

  mount(
    app,
    {
      id: 'getIncidentLink',
      method: 'get',
      path: '/vendors/{vendorId}/incident-link',
      summary: "The vendor's standing incident link (created on first use)",
      tag: TAG,
      auth: 'staff',
      responses: { 200: { description: 'The link', schema: LinkResponse } },
    },
    async (c) => {
      const vendor = await c.var.deps.vendors.get(c.req.param('vendorId')!);
      if (!vendor) throw new AppError('not_found', `Vendor ${c.req.param('vendorId')} was not found`, 404);
      c.header('cache-control', 'no-store');
      return c.json({ url: await incidentLinkUrl(c.var.deps, vendor.id) });
    },
  );

  mount(
    app,
    {
      id: 'rotateIncidentLink',
      method: 'post',
      path: '/vendors/{vendorId}/incident-link/rotation',
      summary: "Replace the vendor's incident link; the old one stops working at once",
      tag: TAG,
      auth: 'staff',
      roles: STAFF,
      responses: { 200: { description: 'The new link', schema: LinkResponse } },
    },
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await rotateIncidentLink(c.var.deps, c.var.principal, c.req.param('vendorId')!));
    },
  );

  mount(
    app,
    {
      id: 'exportIncidents',
      method: 'get',
      path: '/reports/incidents',
      summary: 'Every incident with its clocks and risk assessment, as CSV (attachment) or JSON',
      tag: TAG,
      auth: 'staff',
      query: { format: 'csv or json (default json)' },
      responses: { 200: { description: 'text/csv or application/json' } },
    },
    async (c) => {
      const format = c.req.query('format') ?? 'json';
      if (format !== 'csv' && format !== 'json') {
        throw new AppError('invalid_request', 'format must be csv or json', 400);
      }
      const body = await incidentsExport(c.var.deps, format);
      return c.body(body, 200, {
        'content-type':
          format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
        ...(format === 'csv' ? { 'content-disposition': 'attachment; filename="incidents.csv"' } : {}),
        'cache-control': 'no-store',
      });
    },
  );

  mount(
    app,
    {
      id: 'hhsBreachLog',
      method: 'get',
      path: '/reports/hhs-breach-log',
      summary:
        'The annual log of breaches affecting fewer than 500 individuals discovered in a year (164.408(c)), as CSV with the HHS breach portal’s fields',
      tag: TAG,
      auth: 'staff',
      query: { year: 'calendar year of discovery, e.g. 2026' },
      responses: { 200: { description: 'text/csv' } },
    },
    async (c) => {
      const year = Number(c.req.query('year'));
      if (!Number.isInteger(year) || year < 2009 || year > 2100) {
        throw new AppError('invalid_request', 'year must be a calendar year such as 2026', 400);
      }
      const csv = await hhsLogCsv(c.var.deps, year);
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="hhs-breach-log-${year}.csv"`,
        'cache-control': 'no-store',
      });
    },
  );
}
