/**
 * What people do with findings. The vendor reports a fix (note + evidence); compliance verifies or
 * rejects it, grants an extension or accepts the risk until a date. Each is one conditional write
 * of the finding item, and each takes effect on the deadline ladder at once: the due fields are
 * cleared or rescheduled in the same write, so no running execution needs touching.
 */

import { findingKey } from '../adapters/dynamodb/finding-repository.ts';
import type { Deps } from '../composition.ts';
import { clearDue, scheduleDue } from '../domain/due-index.ts';

import { DAY_MS } from '../domain/time.ts';
import type { NotifyEvent } from '../email/event-emails.ts';

import { AppError, notFound } from '../errors.ts';
import { humanDate, plural } from '../labels.ts';
import {
  AcceptRiskRequest,
  ExtendFindingRequest,
  type Finding,
  ReportFixRequest,
  VerifyFixRequest,
} from '../schemas/finding.ts';
import type { EvidenceRef } from '../schemas/questionnaire.ts';
import { type Actor, requireCompliance } from './actor.ts';
import { refreshRating } from './assessment-rating.ts';
import { audit } from './audit.ts';
import { notify } from './notify.ts';
import { policiesOf } from './policies.ts';
import type { PortalSession } from './portal-access.ts';
import { findIssuedUpload, PIN_PROBLEMS, pinStoredUpload } from './upload-keys.ts';
import { parseInput } from './validation.ts';

async function load(deps: Deps, assessmentId: string, findingId: string): Promise<Finding> {
  const finding = await deps.findings.get(assessmentId, findingId);
  if (!finding) throw notFound('Finding', findingId);
  return finding;
}

/** Tells whoever acts next (see EVENT_RULES); the finding's vendor is read once here. */
async function tell(deps: Deps, finding: Finding, event: NotifyEvent) {
  const vendor = await deps.vendors.get(finding.vendorId);
  if (vendor) await notify(deps, vendor, event, { assessmentId: finding.assessmentId });
}

const ref = (f: Finding) => ({ title: f.title, severity: f.severity, dueAt: f.dueAt });

const event = (actor: Actor, action: string, at: string, note?: string) => ({
  at,
  actor: actor.id,
  action,
  ...(note ? { note } : {}),
});

export async function reportFix(deps: Deps, session: PortalSession, findingId: string, body: unknown) {
  const request = parseInput(ReportFixRequest, body, 'fix report');
  const finding = await load(deps, session.assessment.id, findingId);
  if (finding.status !== 'open') {
    throw new AppError(
      'finding_not_open',
      `This finding is ${finding.status.replace('_', ' ')}; a fix can be reported on open findings only`,
      409,
    );
  }
  // Only files issued to this assessment's link; what is kept is what the store holds (pinned).
  const scope = {
    kind: 'evidence' as const,
    vendorId: session.vendor.id,
    assessmentId: session.assessment.id,
  };
  const evidence: EvidenceRef[] = [];
  for (const e of request.evidence) {
    const issued = await findIssuedUpload(deps, e.key, scope);
    if (!issued) {
      throw new AppError(
        'invalid_evidence',
        `Evidence "${e.name}" was not uploaded through this portal`,
        400,
      );
    }
    const pinned = await pinStoredUpload(deps, e.key);
    if (!pinned.ok) {
      throw new AppError(
        'invalid_evidence',
        `Evidence "${issued.fileName}" ${PIN_PROBLEMS[pinned.problem]}; upload it again`,
        400,
      );
    }
    const { file } = pinned;
    evidence.push({
      key: file.key,
      name: issued.fileName,
      size: file.size,
      contentType: file.contentType,
      sha256: file.sha256,
      ...(file.versionId ? { versionId: file.versionId } : {}),
    });
  }
  const at = deps.clock.now().toISOString();
  const saved = await deps.findings.save({
    ...finding,
    status: 'fix_reported',
    fixReport: { note: request.note, evidence, reportedAt: at },
    history: [...finding.history, event(session.actor, 'fix_reported', at, request.note)],
    updatedAt: at,
    // The vendor did its part: the ladder pauses while compliance verifies.
    ...clearDue(),
  });
  await audit(deps, {
    vendorId: finding.vendorId,
    actor: session.actor,
    action: 'finding.fix_reported',
    target: { type: 'finding', id: `${finding.assessmentId}/${finding.id}` },
    summary: `The vendor reported a fix for "${finding.title}" ${evidence.length ? `with ${plural(evidence.length, 'evidence file')}` : 'without evidence files'}`,
  });
  await tell(deps, finding, {
    type: 'fix_reported',
    finding: ref(finding),
    note: request.note,
    evidenceCount: request.evidence.length,
  });
  return saved;
}

export async function verifyFix(
  deps: Deps,
  actor: Actor,
  assessmentId: string,
  findingId: string,
  body: unknown,
) {
  const request = parseInput(VerifyFixRequest, body, 'verification');
  const finding = await load(deps, assessmentId, findingId);
  if (finding.status !== 'fix_reported' && !(request.verdict === 'verified' && finding.status === 'open')) {
    throw new AppError(
      'finding_not_verifiable',
      `A ${finding.status.replace('_', ' ')} finding cannot be ${request.verdict}`,
      409,
    );
  }
  const at = deps.clock.now().toISOString();
  const verified = request.verdict === 'verified';
  const saved = await deps.findings.save({
    ...finding,
    status: verified ? 'verified' : 'open',
    history: [...finding.history, event(actor, verified ? 'fix_verified' : 'fix_rejected', at, request.note)],
    updatedAt: at,
    ...(verified
      ? clearDue()
      : scheduleDue(policiesOf(deps).escalation, findingKey(finding), {
          kind: 'finding_remediation',
          dueAt: finding.dueAt,
          severity: finding.severity,
        })),
  });
  await audit(deps, {
    vendorId: finding.vendorId,
    actor,
    action: verified ? 'finding.verified' : 'finding.fix_rejected',
    target: { type: 'finding', id: `${finding.assessmentId}/${finding.id}` },
    summary: verified
      ? `Verified the fix for "${finding.title}"; the finding is closed`
      : `Rejected the reported fix for "${finding.title}"${request.note ? `: ${request.note}` : ''}`,
    before: { status: finding.status },
    after: { status: saved.status },
  });
  // A verified fix lifts the floor the finding set on the residual rating.
  if (verified) await refreshRating(deps, actor, finding.assessmentId, `"${finding.title}" verified fixed`);
  await tell(deps, finding, {
    type: verified ? 'fix_verified' : 'fix_rejected',
    finding: ref(finding),
    ...(request.note ? { note: request.note } : {}),
  });
  return saved;
}

export async function extendFinding(
  deps: Deps,
  actor: Actor,
  assessmentId: string,
  findingId: string,
  body: unknown,
) {
  const request = parseInput(ExtendFindingRequest, body, 'extension');
  const finding = await load(deps, assessmentId, findingId);
  if (finding.status !== 'open' && finding.status !== 'fix_reported') {
    throw new AppError('finding_closed', `A ${finding.status} finding has no deadline to extend`, 409);
  }
  const now = deps.clock.now().toISOString();
  if (request.dueAt <= now) throw new AppError('due_in_past', 'The new due date must be in the future', 400);
  if (request.dueAt <= finding.dueAt) {
    throw new AppError(
      'not_an_extension',
      `The new due date must be after the current one (${finding.dueAt.slice(0, 10)})`,
      400,
    );
  }
  const saved = await deps.findings.save({
    ...finding,
    dueAt: request.dueAt,
    history: [
      ...finding.history,
      event(
        actor,
        'extended',
        now,
        `${finding.dueAt.slice(0, 10)} → ${request.dueAt.slice(0, 10)}: ${request.reason}`,
      ),
    ],
    updatedAt: now,
    ...(finding.status === 'open'
      ? scheduleDue(policiesOf(deps).escalation, findingKey(finding), {
          kind: 'finding_remediation',
          dueAt: request.dueAt,
          severity: finding.severity,
        })
      : {}),
  });
  await audit(deps, {
    vendorId: finding.vendorId,
    actor,
    action: 'finding.extended',
    target: { type: 'finding', id: `${finding.assessmentId}/${finding.id}` },
    summary: `Extended "${finding.title}" to ${humanDate(request.dueAt)}: ${request.reason}`,
    before: { dueAt: finding.dueAt },
    after: { dueAt: request.dueAt },
  });
  await tell(deps, finding, {
    type: 'extension_granted',
    finding: ref(saved),
    previousDueAt: finding.dueAt,
    reason: request.reason,
  });
  return saved;
}

export async function acceptRisk(
  deps: Deps,
  actor: Actor,
  assessmentId: string,
  findingId: string,
  body: unknown,
) {
  // Accepting risk is a risk decision: compliance's alone, an admin included out.
  requireCompliance(actor, 'accept a risk');
  const request = parseInput(AcceptRiskRequest, body, 'risk acceptance');
  const finding = await load(deps, assessmentId, findingId);
  if (finding.status !== 'open' && finding.status !== 'fix_reported') {
    throw new AppError('finding_closed', `A ${finding.status} finding cannot be accepted`, 409);
  }
  const nowDate = deps.clock.now();
  const now = nowDate.toISOString();
  if (request.until <= now) throw new AppError('due_in_past', 'The acceptance must end in the future', 400);
  const maxDays = policiesOf(deps).remediation.acceptanceMaxDays[finding.severity];
  const latest = new Date(nowDate.getTime() + maxDays * DAY_MS).toISOString();
  if (request.until > latest) {
    throw new AppError(
      'acceptance_too_long',
      `A ${finding.severity} risk can be accepted for at most ${maxDays} days (until ${latest.slice(0, 10)}); accept it again when that ends if it still stands`,
      400,
      { maxDays, latest },
    );
  }
  const saved = await deps.findings.save({
    ...finding,
    status: 'accepted',
    acceptance: { reason: request.reason, until: request.until, by: actor.id, at: now },
    history: [
      ...finding.history,
      event(actor, 'risk_accepted', now, `until ${humanDate(request.until)}: ${request.reason}`),
    ],
    updatedAt: now,
    // The acceptance itself expires: the same due index brings the finding back.
    ...scheduleDue(policiesOf(deps).escalation, findingKey(finding), {
      kind: 'risk_acceptance_expiry',
      dueAt: request.until,
    }),
  });
  await audit(deps, {
    vendorId: finding.vendorId,
    actor,
    action: 'finding.risk_accepted',
    target: { type: 'finding', id: `${finding.assessmentId}/${finding.id}` },
    summary: `Accepted the risk of "${finding.title}" until ${humanDate(request.until)}: ${request.reason}`,
    before: { status: finding.status },
    after: { status: 'accepted', until: request.until },
  });
  await tell(deps, finding, {
    type: 'risk_accepted',
    finding: ref(finding),
    until: request.until,
    reason: request.reason,
  });
  return saved;
}
