/**
 * What compliance does with an incident after the report: the four-factor risk assessment and its
 * countersignature, a law-enforcement delay, notices sent (with evidence), a request to the vendor for
 * missing information, the agency flag. Each is one conditional write of the incident (version), then
 * the due rows follow, then the audit event.
 */
import type { Deps } from '../composition.ts';
import { DETERMINATION_LABEL, ORAL_DELAY_MAX_DAYS } from '../domain/breach-clocks.ts';
import { DAY_MS } from '../domain/time.ts';
import { informationRequestEmail } from '../email/incident-emails.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { humanDate, plural } from '../labels.ts';
import {
  type Incident,
  InformationRequestInput,
  LawEnforcementDelay,
  NoticeSentRequest,
  RiskAssessmentRequest,
} from '../schemas/incident.ts';
import * as z from '../schemas/zod.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { syncDeadlineRows, withClocks } from './incident-clocks.ts';
import { openIncidentFinding } from './incident-findings.ts';
import { incidentLinkUrl, incidentReplyTo } from './incident-link.ts';
import { findIssuedUpload, pinStoredUpload } from './upload-keys.ts';
import { parseInput } from './validation.ts';

export async function loadIncident(deps: Deps, id: string): Promise<Incident> {
  const incident = await deps.incidents.get(id);
  if (!incident) throw notFound('Incident', id);
  return incident;
}

/** Applies a change, recomputes the clocks, saves (version check), moves the due rows, audits. */
async function change(
  deps: Deps,
  actor: Actor,
  incident: Incident,
  next: Incident,
  entry: { action: string; summary: string; after?: Record<string, unknown> },
): Promise<Incident> {
  const now = deps.clock.now();
  const recomputed = withClocks(deps, { ...next, updatedAt: now.toISOString() }, now);
  const saved = await deps.incidents.save(recomputed);
  await syncDeadlineRows(deps, saved, incident.deadlines);
  if (saved.status === 'closed') await clearVendorFlag(deps, saved);
  const moved = saved.deadlines
    .filter((d) => {
      const before = incident.deadlines.find((b) => b.id === d.id);
      return !before || before.status !== d.status || before.dueAt !== d.dueAt;
    })
    .map((d) => `${d.label}: ${d.status}, due ${d.dueAt.slice(0, 10)}`);
  await audit(deps, {
    vendorId: incident.vendorId,
    actor,
    action: entry.action,
    target: { type: 'incident', id: incident.id },
    summary: `${entry.summary}${moved.length ? `; clocks: ${moved.join(', ')}` : ''}`,
    after: { ...entry.after, status: saved.status },
  });
  return saved;
}

/** The vendor's incident flag goes once the incident it names is closed. */
async function clearVendorFlag(deps: Deps, incident: Incident) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const vendor = await deps.vendors.get(incident.vendorId);
    if (vendor?.incidentFlag?.incidentId !== incident.id) return;
    const { incidentFlag: _flag, ...rest } = vendor;
    try {
      await deps.vendors.save({ ...rest, updatedAt: deps.clock.now().toISOString() });
      return;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'version_conflict')) throw error;
    }
  }
}

/** Compliance records the four factors and a determination (164.402(2)); the CE bears the burden (164.414(b)). */
export async function recordRiskAssessment(deps: Deps, actor: Actor, id: string, body: unknown) {
  const request = parseInput(RiskAssessmentRequest, body, 'risk assessment');
  const incident = await loadIncident(deps, id);
  if (incident.assessment?.countersignedAt) {
    throw conflict(
      'assessment_countersigned',
      'This determination was countersigned; it stands as recorded. Record a new incident if new facts emerge.',
    );
  }
  const at = deps.clock.now().toISOString();
  return change(
    deps,
    actor,
    incident,
    {
      ...incident,
      assessment: { ...request, assessedBy: actor.id, assessedAt: at },
    },
    {
      action: 'incident.assessed',
      summary: `Risk assessment: ${DETERMINATION_LABEL[request.determination]}. ${request.rationale}${request.determination === 'breach' ? '' : ' (awaiting a second compliance user’s countersignature)'}`,
      after: { determination: request.determination },
    },
  );
}

/** A second compliance user confirms a "not a breach" determination; only then do the notice clocks close. */
export async function countersignAssessment(deps: Deps, actor: Actor, id: string) {
  const incident = await loadIncident(deps, id);
  const assessment = incident.assessment;
  if (!assessment) throw conflict('not_assessed', 'Record the risk assessment first');
  if (assessment.determination === 'breach') {
    throw conflict('nothing_to_countersign', 'A breach determination needs no countersignature');
  }
  if (assessment.countersignedAt) throw conflict('already_countersigned', 'Already countersigned');
  if (assessment.assessedBy === actor.id) {
    throw new AppError(
      'same_user',
      'A second compliance user must countersign: the person who recorded the determination cannot',
      403,
    );
  }
  const at = deps.clock.now().toISOString();
  return change(
    deps,
    actor,
    incident,
    { ...incident, assessment: { ...assessment, countersignedBy: actor.id, countersignedAt: at } },
    {
      action: 'incident.countersigned',
      summary: `Countersigned: ${DETERMINATION_LABEL[assessment.determination]} (recorded by ${assessment.assessedBy})`,
      after: { determination: assessment.determination },
    },
  );
}

/** 164.412: records a law-enforcement statement; the clocks of ours are tolled for its period. */
export async function recordLawEnforcementDelay(deps: Deps, actor: Actor, id: string, body: unknown) {
  const delay = parseInput(LawEnforcementDelay, body, 'law-enforcement delay');
  if (Date.parse(delay.until) <= Date.parse(delay.from)) {
    throw new AppError('invalid_request', 'The delay must end after it starts', 400, [
      { path: 'until', message: 'not after from' },
    ]);
  }
  if (
    delay.statement === 'oral' &&
    Date.parse(delay.until) - Date.parse(delay.from) > ORAL_DELAY_MAX_DAYS * DAY_MS
  ) {
    throw new AppError(
      'oral_delay_too_long',
      `An oral statement delays notice at most ${ORAL_DELAY_MAX_DAYS} days (164.412(b)); record the written statement for a longer delay`,
      400,
    );
  }
  const incident = await loadIncident(deps, id);
  return change(
    deps,
    actor,
    incident,
    { ...incident, lawEnforcementDelay: delay },
    {
      action: 'incident.delayed',
      summary: `Law-enforcement delay (${delay.statement}) from ${delay.from.slice(0, 10)} until ${delay.until.slice(0, 10)}: ${delay.basis}`,
    },
  );
}

/** A notice task closed: the date sent and the evidence (sample letter, HHS confirmation). */
export async function recordNoticeSent(
  deps: Deps,
  actor: Actor,
  id: string,
  deadlineId: string,
  body: unknown,
) {
  const request = parseInput(NoticeSentRequest, body, 'notice');
  const incident = await loadIncident(deps, id);
  const deadline = incident.deadlines.find((d) => d.id === deadlineId);
  if (deadline?.owner !== 'covered_entity') {
    throw notFound('Notice task', deadlineId);
  }
  if (incident.notices[deadlineId]) throw conflict('notice_recorded', 'This notice is already recorded');
  // Only files uploaded for this incident (POST /incidents/{id}/evidence-uploads), pinned to the
  // bytes stored now (size, SHA-256, version id), never the caller's claim.
  const evidence = [];
  for (const e of request.evidence) {
    if (!e.key) {
      evidence.push(e);
      continue;
    }
    const scope = { kind: 'incident', vendorId: incident.vendorId, incidentId: incident.id } as const;
    const pinned = (await findIssuedUpload(deps, e.key, scope))
      ? await pinStoredUpload(deps, e.key)
      : undefined;
    if (!pinned?.ok) {
      throw new AppError(
        'evidence_not_found',
        'The evidence file was not found: upload it for this incident first, then record the notice',
        400,
        [{ path: 'evidence.key', message: 'not an uploaded file of this incident' }],
      );
    }
    const { sha256, size, versionId } = pinned.file;
    evidence.push({ ...e, sha256, size, ...(versionId ? { versionId } : {}) });
  }
  if (Date.parse(request.sentAt) > deps.clock.now().getTime() + 5 * 60_000) {
    throw new AppError('invalid_request', 'sentAt cannot be in the future', 400);
  }
  const at = deps.clock.now().toISOString();
  return change(
    deps,
    actor,
    incident,
    {
      ...incident,
      notices: {
        ...incident.notices,
        [deadlineId]: {
          sentAt: new Date(request.sentAt).toISOString(),
          evidence,
          recordedBy: actor.id,
          recordedAt: at,
        },
      },
    },
    {
      action: 'incident.notice_sent',
      summary: `${deadline.label}: sent ${request.sentAt.slice(0, 10)} (due ${deadline.dueAt.slice(0, 10)}); evidence: ${evidence.map((e) => e.description).join('; ')}`,
      after: { deadlineId },
    },
  );
}

/** Asks the vendor, through its incident link, for the 164.410(c) information still missing. */
export async function requestInformation(deps: Deps, actor: Actor, id: string, body: unknown) {
  const request = parseInput(InformationRequestInput, body, 'information request');
  const incident = await loadIncident(deps, id);
  const now = deps.clock.now();
  if (Date.parse(request.dueAt) <= now.getTime()) {
    throw new AppError('invalid_request', 'The due date must be in the future', 400);
  }
  const vendor = await deps.vendors.get(incident.vendorId);
  if (!vendor) throw notFound('Vendor', incident.vendorId);
  const { vendor_information: _answered, ...notices } = incident.notices;
  const saved = await change(
    deps,
    actor,
    incident,
    {
      ...incident,
      notices,
      informationRequest: {
        items: request.items,
        dueAt: new Date(request.dueAt).toISOString(),
        requestedAt: now.toISOString(),
        requestedBy: actor.id,
      },
    },
    {
      action: 'incident.information_requested',
      summary: `Asked the vendor for ${plural(request.items.length, 'item')} by ${humanDate(request.dueAt)}`,
      after: { items: request.items },
    },
  );
  const email = informationRequestEmail({
    vendorName: vendor.name,
    contactName: incident.reporterName ?? vendor.contactName,
    items: request.items,
    dueAt: request.dueAt,
    reportedAt: incident.reportedAt,
    incidentUrl: await incidentLinkUrl(deps, vendor.id),
    contact: deps.config.mail.privacyOfficer[0] ?? deps.config.mail.compliance[0] ?? deps.config.mail.from,
  });
  await deps.mailer.send({
    to: [vendor.contactEmail],
    vendorId: vendor.id,
    kind: 'incident-information-request',
    ...incidentReplyTo(deps),
    ...email,
  });
  // Having to ask means the vendor's notice lacked what 164.410(c) requires (policy: one finding).
  await openIncidentFinding(
    deps,
    actor,
    saved,
    'incomplete',
    `we had to ask for ${request.items.join('; ')}`,
  );
  return (await deps.incidents.get(id)) ?? saved;
}

/** 20 updates of at most 8,000 characters keep the incident item far below DynamoDB's 400 KB. */
export const MAX_VENDOR_UPDATES = 20;

export const VendorUpdateRequest = z.object({
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(8000)),
  /** Corrected estimate, when the vendor knows more. */
  individualsAffected: z.optional(z.int().check(z.gte(0), z.lte(1_000_000_000))),
});

/** The vendor sends more information through its link; an open information request is then answered. */
export async function recordVendorUpdate(
  deps: Deps,
  actor: Actor,
  vendorId: string,
  id: string,
  body: unknown,
) {
  const request = parseInput(VendorUpdateRequest, body, 'update');
  const incident = await loadIncident(deps, id);
  // Another vendor's incident id is reported as unknown, never as forbidden (no probing).
  if (incident.vendorId !== vendorId) throw notFound('Incident', id);
  // The incident is one small item (DynamoDB caps an item at 400 KB): past this, the vendor writes to us.
  if ((incident.vendorUpdates?.length ?? 0) >= MAX_VENDOR_UPDATES) {
    throw conflict(
      'too_many_updates',
      `This report already has ${MAX_VENDOR_UPDATES} updates; please send further information to ${deps.config.mail.privacyOfficer[0] ?? deps.config.mail.compliance[0] ?? deps.config.mail.from}`,
    );
  }
  const at = deps.clock.now().toISOString();
  const updates = [...(incident.vendorUpdates ?? []), { at, text: request.text }];
  return change(
    deps,
    actor,
    incident,
    {
      ...incident,
      vendorUpdates: updates,
      ...(request.individualsAffected !== undefined
        ? { individualsAffected: request.individualsAffected }
        : {}),
      notices:
        incident.informationRequest && !incident.notices.vendor_information
          ? {
              ...incident.notices,
              vendor_information: { sentAt: at, evidence: [], recordedBy: actor.id, recordedAt: at },
            }
          : incident.notices,
    },
    {
      action: 'incident.vendor_update',
      summary: `The vendor sent more information (${request.text.length} characters)${request.individualsAffected !== undefined ? `; individuals affected now ${request.individualsAffected}` : ''}`,
    },
  );
}

export const AgencyRequest = z.object({
  vendorIsAgent: z.boolean(),
  reason: z.string().check(z.trim(), z.minLength(3), z.maxLength(2000)),
});

/** Whether the vendor acts as our agent (federal common law of agency): moves our discovery date. */
export async function setAgency(deps: Deps, actor: Actor, id: string, body: unknown) {
  const request = parseInput(AgencyRequest, body, 'agency');
  const incident = await loadIncident(deps, id);
  return change(
    deps,
    actor,
    incident,
    { ...incident, vendorIsAgent: request.vendorIsAgent },
    {
      action: 'incident.agency_set',
      summary: `The vendor ${request.vendorIsAgent ? 'acts' : 'does not act'} as our agent: ${request.reason}`,
    },
  );
}
