/**
 * Reporting a vendor incident, by the vendor through its incident link or by staff from a call.
 * Order of writes (each idempotent or create-only, no transactions): the incident (clocks computed),
 * its due rows, the audit event, the emails (marked on the incident once sent), then the
 * consequences for the vendor: the flag, an event-driven reassessment, and a finding when its notice
 * was late.
 */
import { keys } from '../adapters/dynamodb/table-layout.ts';
import type { Deps } from '../composition.ts';
import { lateVendorNotices } from '../domain/breach-clocks.ts';
import { scheduleDue } from '../domain/due-index.ts';
import {
  INCIDENT_TYPE_LABEL,
  incidentAcknowledgementEmail,
  incidentAlertEmail,
} from '../email/incident-emails.ts';
import { AppError, notFound } from '../errors.ts';
import { sha256Hex } from '../ids.ts';
import { DEADLINE_STATUS_LABELS, humanDate, labelOf, plural } from '../labels.ts';
import { type Incident, ReportIncidentRequest } from '../schemas/incident.ts';
import type { Vendor } from '../schemas/vendor.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { MAIN_BAA } from './baa.ts';
import { syncDeadlineRows, withClocks } from './incident-clocks.ts';
import { openIncidentFinding } from './incident-findings.ts';
import { incidentLinkUrl, incidentReplyTo } from './incident-link.ts';
import { policiesOf } from './policies.ts';
import { parseInput } from './validation.ts';

/** Clock skew tolerated between a reporter's device and ours. */
const SKEW_MS = 5 * 60_000;

/** The BAA's contracted reporting window from its clause review; null without a reviewed BAA. */
async function contractedWindow(deps: Deps, vendorId: string): Promise<number | null> {
  const baa = await deps.baas.get(vendorId, MAIN_BAA);
  return baa?.review?.noticeWindowDays ?? null;
}

export const consoleIncidentUrl = (deps: Pick<Deps, 'config'>, id: string) =>
  `${deps.config.baseUrl}/console/incidents/${id}`;

export async function reportIncident(
  deps: Deps,
  actor: Actor,
  vendorId: string,
  body: unknown,
  channel: Incident['channel'],
): Promise<Incident> {
  const request = parseInput(ReportIncidentRequest, body, 'incident report');
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const now = deps.clock.now();
  const discoveredAt = new Date(request.discoveredAt).toISOString();
  const reportedAt = new Date(request.reportedAt ?? now).toISOString();
  if (Date.parse(reportedAt) > now.getTime() + SKEW_MS) {
    throw new AppError('invalid_request', 'reportedAt cannot be in the future', 400, [
      { path: 'reportedAt', message: 'in the future' },
    ]);
  }
  if (Date.parse(discoveredAt) > Date.parse(reportedAt)) {
    throw new AppError('invalid_request', 'discoveredAt must be on or before the report', 400, [
      { path: 'discoveredAt', message: 'after the report' },
    ]);
  }
  const states = request.states.reduce<Map<string, number>>(
    (m, s) => m.set(s.state, (m.get(s.state) ?? 0) + s.count),
    new Map(),
  );
  const at = now.toISOString();
  const draft: Incident = {
    // The same report sent twice (a double click, a retried request) is the same incident.
    id: `inc_${sha256Hex(JSON.stringify([vendorId, request.type, discoveredAt, request.summary])).slice(0, 24)}`,
    vendorId,
    vendorName: vendor.name,
    type: request.type,
    discoveredAt,
    reportedAt,
    summary: request.summary,
    phiInvolved: request.phiInvolved,
    individualsAffected: request.individualsAffected,
    states: [...states].map(([state, count]) => ({ state, count })),
    unsecuredPhi: request.phiInvolved && request.unsecuredPhi,
    systems: request.systems,
    phiCategories: request.phiCategories,
    // Agency is ours to decide: a vendor cannot set it through its link.
    vendorIsAgent: channel === 'staff' ? request.vendorIsAgent : false,
    ...(request.reporterName ? { reporterName: request.reporterName } : {}),
    ...(request.reporterEmail ? { reporterEmail: request.reporterEmail } : {}),
    channel,
    contractedWindowDays: await contractedWindow(deps, vendorId),
    notices: {},
    deadlines: [],
    status: 'open',
    createdBy: actor.id,
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  let incident = withClocks(deps, draft, now);
  if (!(await deps.incidents.createIfAbsent(incident))) {
    incident = (await deps.incidents.get(incident.id)) ?? incident;
  }
  await syncDeadlineRows(deps, incident);
  // Each follow-up step is marked on the incident once done, so a retried report resumes where
  // the first attempt stopped and never alerts, acknowledges or audits twice.
  const step = async (name: string, run: () => Promise<unknown>) => {
    if (incident.intakeSteps?.includes(name)) return;
    await run();
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = (await deps.incidents.get(incident.id)) ?? incident;
      try {
        incident = await deps.incidents.save({
          ...current,
          intakeSteps: [...(current.intakeSteps ?? []), name],
        });
        return;
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'version_conflict')) throw error;
      }
    }
  };
  await step('audited', () =>
    audit(deps, {
      vendorId,
      actor,
      action: 'incident.reported',
      target: { type: 'incident', id: incident.id },
      summary: `${channel === 'portal' ? 'The vendor reported' : 'Logged from a call'}: ${INCIDENT_TYPE_LABEL[incident.type]} discovered ${humanDate(discoveredAt)}, reported ${humanDate(reportedAt)}; ${plural(incident.deadlines.length, 'deadline')}: ${incident.deadlines.map((d) => `${d.label}: due ${humanDate(d.dueAt)}, ${labelOf(DEADLINE_STATUS_LABELS, d.status).toLowerCase()}`).join('; ')}`,
      after: {
        type: incident.type,
        individualsAffected: incident.individualsAffected,
        deadlines: incident.deadlines.map((d) => ({ id: d.id, dueAt: d.dueAt, status: d.status })),
      },
    }),
  );
  await step('notified', () => notify(deps, incident, vendor));
  await step('flagged', () => consequences(deps, actor, incident, vendor));
  return (await deps.incidents.get(incident.id)) ?? incident;
}

/** One alert to compliance and the privacy officer, one acknowledgement to the vendor. */
async function notify(deps: Deps, incident: Incident, vendor: Vendor) {
  const staff = [...new Set([...deps.config.mail.compliance, ...deps.config.mail.privacyOfficer])];
  if (staff.length) {
    const alert = incidentAlertEmail({
      incident,
      organisation: deps.config.organisation,
      consoleUrl: consoleIncidentUrl(deps, incident.id),
    });
    await deps.mailer.send({ to: staff, kind: 'incident-alert', replyTo: staff, ...alert });
  }
  const vendorTo = [
    ...new Set([vendor.contactEmail, ...(incident.reporterEmail ? [incident.reporterEmail] : [])]),
  ];
  const ack = incidentAcknowledgementEmail({
    incident,
    contactName: incident.reporterName ?? vendor.contactName,
    organisation: deps.config.organisation,
    incidentUrl: await incidentLinkUrl(deps, vendor.id),
    contact: deps.config.mail.privacyOfficer[0] ?? deps.config.mail.compliance[0] ?? deps.config.mail.from,
  });
  await deps.mailer.send({
    to: vendorTo,
    vendorId: vendor.id,
    kind: 'incident-acknowledgement',
    ...incidentReplyTo(deps),
    ...ack,
  });
  await audit(deps, {
    vendorId: vendor.id,
    actor: { id: 'system', role: 'system' },
    action: 'incident.notified',
    target: { type: 'incident', id: incident.id },
    summary: `Alerted compliance and the privacy officer (${plural(staff.length, 'address', 'addresses')}); acknowledged to the vendor`,
  });
}

/**
 * The vendor is flagged and its reassessment falls due now (event-driven, on top of the tier
 * cadence); a late notice opens a finding against it.
 */
async function consequences(deps: Deps, actor: Actor, incident: Incident, vendor: Vendor) {
  const now = deps.clock.now().toISOString();
  const policies = policiesOf(deps);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = attempt === 0 ? vendor : await deps.vendors.get(vendor.id);
    if (!current) return;
    const earlier = current.reassessmentDueAt && current.reassessmentDueAt <= now;
    try {
      await deps.vendors.save({
        ...current,
        incidentFlag: { incidentId: incident.id, reportedAt: incident.reportedAt },
        updatedAt: now,
        ...(earlier
          ? {}
          : {
              reassessmentDueAt: now,
              ...scheduleDue(policies.escalation, keys.vendor(vendor.id), {
                kind: 'reassessment',
                dueAt: now,
              }),
            }),
      });
      break;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'version_conflict')) throw error;
    }
  }
  await audit(deps, {
    vendorId: vendor.id,
    actor,
    action: 'vendor.incident_flagged',
    target: { type: 'vendor', id: vendor.id },
    summary: `Flagged for the incident reported ${humanDate(incident.reportedAt)}; reassessment due now`,
    after: { reassessmentDueAt: now },
  });

  const late = lateVendorNotices(incident.deadlines);
  if (!late.length) return;
  await openIncidentFinding(deps, actor, incident, 'late', late.map((d) => d.label).join('; '));
}
