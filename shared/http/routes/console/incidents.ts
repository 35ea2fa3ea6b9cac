/** The incident register and one incident's page with its forms (assessment, countersignature, notices, delay). */
import type { Hono } from 'hono';
import { AppError } from '../../../errors.ts';
import {
  countersignAssessment,
  loadIncident,
  recordLawEnforcementDelay,
  recordNoticeSent,
  recordRiskAssessment,
  requestInformation,
  setAgency,
} from '../../../use-cases/incident-actions.ts';
import { withClocks } from '../../../use-cases/incident-clocks.ts';
import { incidentRegister } from '../../../use-cases/incident-reports.ts';
import type { AppContext, AppEnv } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../cursor.ts';
import type { Notice } from '../../pages/console/components.ts';
import { incidentPage } from '../../pages/console/incident-page.ts';
import { incidentsPage } from '../../pages/console/incidents-page.ts';
import { badDate, dateField, detailMessages, type FormBody, field, lines } from './forms.ts';
import { action, allowed, PAGE_SIZE, rolesOf, type Session, STAFF, send, view } from './guard.ts';

const DONE: Record<string, Notice> = {
  assessed: { kind: 'success', message: 'Risk assessment recorded.' },
  countersigned: {
    kind: 'success',
    message: 'Countersigned: the notice clocks are closed, the rationale kept.',
  },
  notice: { kind: 'success', message: 'Notice recorded with its evidence.' },
  delayed: {
    kind: 'success',
    message: 'Law-enforcement delay recorded: our clocks are tolled for its period.',
  },
  requested: { kind: 'success', message: 'Request sent to the vendor through its incident link.' },
  agency: { kind: 'success', message: 'Agency recorded: the clocks were recomputed.' },
};

async function render(c: AppContext, s: Session, notice?: Notice, status = 200) {
  const deps = c.var.deps;
  const now = deps.clock.now();
  const incident = withClocks(deps, await loadIncident(deps, c.req.param('incidentId')!), now);
  const prefix = incident.id;
  const timeline = (await deps.audit.list(incident.vendorId)).filter(
    (e) => e.target.id === prefix || e.target.id.startsWith(`${prefix}/`),
  );
  return send(
    c,
    incidentPage({
      organisation: deps.config.organisation,
      viewer: s.viewer,
      now: now.toISOString(),
      incident,
      timeline,
      canAct: allowed(s.principal.role, rolesOf('recordRiskAssessment')),
      ...(notice ? { notice } : {}),
    }),
    status,
  );
}

/** Runs a form's use case; a refusal re-renders the page with the reason, success redirects (303). */
function incidentForm(
  operationId: string,
  run: (c: AppContext, s: Session, form: FormBody) => Promise<string>,
) {
  return action(
    () => rolesOf(operationId),
    async (c, s, form) => {
      try {
        const done = await run(c, s, form);
        return c.redirect(`/console/incidents/${c.req.param('incidentId')}?done=${done}`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) throw error;
        const details = detailMessages(error);
        return render(
          c,
          s,
          { kind: 'error', message: details ? `${error.message} (${details.join('; ')})` : error.message },
          error.status,
        );
      }
    },
  );
}

export function incidentsRoutes(app: Hono<AppEnv>) {
  app.get(
    '/console/incidents',
    view(
      () => STAFF,
      async (c, s) => {
        const deps = c.var.deps;
        const status = c.req.query('status') === 'closed' ? 'closed' : 'open';
        const cursor = decodeCursor(c.req.query('cursor') || undefined);
        const page = await incidentRegister(deps, { status, limit: PAGE_SIZE, cursor });
        return send(
          c,
          incidentsPage({
            organisation: deps.config.organisation,
            viewer: s.viewer,
            now: deps.clock.now().toISOString(),
            status,
            incidents: page.items,
            nextCursor: encodeCursor(page.cursor),
            isFirstPage: !cursor,
          }),
        );
      },
    ),
  );
  app.get(
    '/console/incidents/:incidentId',
    view(
      () => STAFF,
      (c, s) => render(c, s, DONE[c.req.query('done') ?? '']),
    ),
  );

  const base = '/console/incidents/:incidentId';
  const id = (c: AppContext) => c.req.param('incidentId')!;
  app.post(
    `${base}/assessment`,
    incidentForm('recordRiskAssessment', async (c, s, form) => {
      await recordRiskAssessment(c.var.deps, s.principal, id(c), {
        factors: {
          natureAndExtent: field(form, 'natureAndExtent'),
          unauthorizedPerson: field(form, 'unauthorizedPerson'),
          acquiredOrViewed: field(form, 'acquiredOrViewed'),
          mitigation: field(form, 'mitigation'),
        },
        determination: field(form, 'determination'),
        rationale: field(form, 'rationale'),
      });
      return 'assessed';
    }),
  );
  app.post(
    `${base}/countersignature`,
    incidentForm('countersignAssessment', async (c, s) => {
      await countersignAssessment(c.var.deps, s.principal, id(c));
      return 'countersigned';
    }),
  );
  app.post(
    `${base}/notices/:deadlineId`,
    incidentForm('recordIncidentNotice', async (c, s, form) => {
      const sentAt = dateField(field(form, 'sentAt'), 'start');
      if (!sentAt) throw badDate('date sent');
      const key = field(form, 'key').trim();
      await recordNoticeSent(c.var.deps, s.principal, id(c), c.req.param('deadlineId')!, {
        sentAt,
        evidence: [{ description: field(form, 'evidence'), ...(key ? { key } : {}) }],
      });
      return 'notice';
    }),
  );
  app.post(
    `${base}/law-enforcement-delay`,
    incidentForm('recordLawEnforcementDelay', async (c, s, form) => {
      const from = dateField(field(form, 'from'), 'start');
      const until = dateField(field(form, 'until'), 'end');
      if (!from) throw badDate('start of the delay');
      if (!until) throw badDate('end of the delay');
      await recordLawEnforcementDelay(c.var.deps, s.principal, id(c), {
        basis: field(form, 'basis'),
        statement: field(form, 'statement'),
        from,
        until,
      });
      return 'delayed';
    }),
  );
  app.post(
    `${base}/information-request`,
    incidentForm('requestIncidentInformation', async (c, s, form) => {
      const dueAt = dateField(field(form, 'dueAt'), 'end');
      if (!dueAt) throw badDate('due date');
      await requestInformation(c.var.deps, s.principal, id(c), { items: lines(field(form, 'items')), dueAt });
      return 'requested';
    }),
  );
  app.post(
    `${base}/agency`,
    incidentForm('setIncidentAgency', async (c, s, form) => {
      await setAgency(c.var.deps, s.principal, id(c), {
        vendorIsAgent: field(form, 'vendorIsAgent') === 'yes',
        reason: field(form, 'reason'),
      });
      return 'agency';
    }),
  );
}
