/**
 * The launch workflow's steps. Each is idempotent, because Step Functions retries a step after a
 * timeout even when the first attempt went through: a step first checks whether its effect is
 * already recorded on the assessment item.
 */

import { keys } from '../adapters/dynamodb/table-layout.ts';
import type { Deps } from '../composition.ts';
import { freezeTemplate, templateForTier } from '../content/questionnaires/index.ts';
import { scheduleDue } from '../domain/due-index.ts';
import { countQuestions } from '../domain/question-count.ts';
import { DAY_MS } from '../domain/time.ts';
import { replyToOf } from '../email/compose.ts';
import { formatDate } from '../email/layout.ts';
import { questionnaireInvitationEmail } from '../email/questionnaire-invitation.ts';
import { AppError, notFound } from '../errors.ts';
import { newLinkToken, sha256Hex } from '../ids.ts';
import { plural } from '../labels.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { type Actor, SYSTEM } from './actor.ts';
import { audit } from './audit.ts';
import { incidentUrlOf } from './incident-link.ts';
import { policiesOf } from './policies.ts';

/** A link stays usable this long after the due date, so late vendors can still answer. */
const LINK_GRACE_DAYS = 60;

export interface LaunchInput {
  assessmentId: string;
  vendorId: string;
}

async function load(deps: Deps, assessmentId: string): Promise<Assessment> {
  const assessment = await deps.assessments.get(assessmentId);
  if (!assessment) throw notFound('Assessment', assessmentId);
  return assessment;
}

/** Chooses the questionnaire by tier and freezes its questions into the assessment. */
export async function prepareAssessment(deps: Deps, input: LaunchInput) {
  const assessment = await load(deps, input.assessmentId);
  const vendor = await deps.vendors.get(assessment.vendorId);
  if (!vendor) throw notFound('Vendor', assessment.vendorId);
  if (!assessment.questionnaire) {
    const now = deps.clock.now();
    const days = policiesOf(deps).remediation.questionnaireResponseDays;
    await deps.assessments.save({
      ...assessment,
      questionnaire: freezeTemplate(templateForTier(assessment.tier)),
      dueAt: new Date(now.getTime() + days * DAY_MS).toISOString(),
      updatedAt: now.toISOString(),
    });
  }
  return { assessmentId: assessment.id, vendorId: vendor.id, baaRequired: vendor.baaRequired };
}

/**
 * Issues the vendor's private link and emails it. The raw token never leaves this step (it is not
 * returned to the workflow, so it never reaches the execution history or logs).
 */
export async function sendInvitation(deps: Deps, input: LaunchInput) {
  let assessment = await load(deps, input.assessmentId);
  if (assessment.sentAt) return { sent: false, reason: 'already sent' };
  // The vendor with its incident link (printed in the email's footer): one read.
  const { vendor, incidentToken } = await deps.vendors.getWithIncidentLink(assessment.vendorId);
  if (!vendor) throw notFound('Vendor', assessment.vendorId);
  if (!assessment.questionnaire || !assessment.dueAt) throw new Error('Assessment is not prepared');

  const now = deps.clock.now();
  // A retried step may have issued a link before failing: that link is revoked, not left dangling.
  if (assessment.linkTokenHash) await deps.links.revoke(assessment.linkTokenHash, now.toISOString());
  const token = newLinkToken();
  const tokenHash = sha256Hex(token);
  await deps.links.create({
    tokenHash,
    assessmentId: assessment.id,
    vendorId: vendor.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(new Date(assessment.dueAt).getTime() + LINK_GRACE_DAYS * DAY_MS).toISOString(),
  });
  assessment = await deps.assessments.save({
    ...assessment,
    linkTokenHash: tokenHash,
    updatedAt: now.toISOString(),
  });

  const email = questionnaireInvitationEmail({
    vendorName: vendor.name,
    contactName: vendor.contactName,
    portalUrl: `${deps.config.baseUrl}/portal/${token}`,
    dueAt: assessment.dueAt!,
    questionCount: countQuestions(assessment.questionnaire!.questions, vendor.intake),
    organisation: deps.config.organisation,
    replyTo: deps.config.mail.compliance[0] ?? deps.config.mail.from,
  });
  await deps.mailer.send({
    to: [vendor.contactEmail],
    vendorId: vendor.id,
    ...(incidentToken ? { incidentUrl: incidentUrlOf(deps, incidentToken) } : {}),
    kind: 'questionnaire-invitation',
    replyTo: replyToOf(deps.config, 'compliance'),
    ...email,
  });

  const sentAt = deps.clock.now().toISOString();
  await deps.assessments.save({
    ...assessment,
    status: 'sent',
    sentAt,
    updatedAt: sentAt,
    // Non-response is chased by the deadline sweep: reminders, then escalation (docs/escalation.md).
    ...scheduleDue(policiesOf(deps).escalation, keys.assessment(assessment.id), {
      kind: 'questionnaire_response',
      dueAt: assessment.dueAt!,
    }),
  });
  await deps.vendors.update(vendor, (v) =>
    v.stage === 'intake' ? { ...v, stage: 'assessment_sent', updatedAt: sentAt } : undefined,
  );
  return { sent: true };
}

/** The question count for staff ("39 questions asked; conditional questions may add more"), not the vendor's wording. */
function staffCount(assessment: Assessment, vendor: Vendor | undefined): string {
  const questions = assessment.questionnaire?.questions ?? [];
  const count = vendor
    ? countQuestions(questions, vendor.intake)
    : { shown: questions.length, mayAppear: false };
  return `${count.shown} question${count.shown === 1 ? '' : 's'} asked${count.mayAppear ? '; conditional questions may add more' : ''}`;
}

/** Records the launch in the audit trail. */
export async function auditLaunch(deps: Deps, input: LaunchInput) {
  const assessment = await load(deps, input.assessmentId);
  const vendor = await deps.vendors.get(assessment.vendorId);
  await audit(deps, {
    vendorId: assessment.vendorId,
    actor: SYSTEM,
    action: 'assessment.sent',
    target: { type: 'assessment', id: assessment.id },
    summary: `Sent the ${assessment.questionnaire?.title ?? 'security'} questionnaire (${staffCount(assessment, vendor)}), due ${formatDate(assessment.dueAt ?? '')}`,
  });
  return { audited: true };
}

/** The Catch target: marks the assessment failed and records why, so nothing fails silently. */
export async function recordLaunchFailure(
  deps: Deps,
  input: LaunchInput & { error?: { Error?: string; Cause?: string } },
) {
  const assessment = await deps.assessments.get(input.assessmentId);
  const at = deps.clock.now().toISOString();
  const errorName = input.error?.Error ?? 'Unknown';
  // Only an assessment still launching failed to launch: once sent, the vendor may be answering.
  if (assessment && assessment.status === 'launching') {
    await deps.assessments.save({
      ...assessment,
      status: 'launch_failed',
      failure: { step: 'launch', error: errorName, at },
      updatedAt: at,
    });
    // The request moved a vendor in intake to "assessment sent"; nothing was sent after all.
    const vendor = await deps.vendors.get(assessment.vendorId);
    if (vendor)
      await deps.vendors.update(vendor, (v) =>
        v.stage === 'assessment_sent' && v.latestAssessmentId === assessment.id
          ? { ...v, stage: 'intake', updatedAt: at }
          : undefined,
      );
  }
  if (assessment) {
    await audit(deps, {
      vendorId: assessment.vendorId,
      actor: SYSTEM,
      action: 'assessment.launch_failed',
      target: { type: 'assessment', id: assessment.id },
      summary: `The launch workflow failed (${errorName}); procurement can start the assessment again`,
    });
  }
  return { recorded: true, error: errorName };
}

/** Procurement resends the invitation: every earlier link stops working, a new one goes out. */
export async function resendInvitation(deps: Deps, actor: Actor, assessmentId: string) {
  const assessment = await load(deps, assessmentId);
  if (assessment.status !== 'sent' && assessment.status !== 'in_progress') {
    throw new AppError(
      'assessment_not_open',
      `An assessment that is ${assessment.status.replace('_', ' ')} has no open invitation`,
      409,
    );
  }
  const { vendor, incidentToken } = await deps.vendors.getWithIncidentLink(assessment.vendorId);
  if (!vendor) throw notFound('Vendor', assessment.vendorId);
  const now = deps.clock.now();
  const revoked = await deps.links.revokeAll(assessment.id, now.toISOString());
  const token = newLinkToken();
  const tokenHash = sha256Hex(token);
  const due = assessment.dueAt ?? now.toISOString();
  await deps.links.create({
    tokenHash,
    assessmentId: assessment.id,
    vendorId: vendor.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(
      Math.max(new Date(due).getTime(), now.getTime()) + LINK_GRACE_DAYS * DAY_MS,
    ).toISOString(),
  });
  const email = questionnaireInvitationEmail({
    vendorName: vendor.name,
    contactName: vendor.contactName,
    portalUrl: `${deps.config.baseUrl}/portal/${token}`,
    dueAt: due,
    questionCount: countQuestions(assessment.questionnaire?.questions ?? [], vendor.intake),
    organisation: deps.config.organisation,
    replyTo: deps.config.mail.compliance[0] ?? deps.config.mail.from,
    resend: true,
  });
  await deps.mailer.send({
    to: [vendor.contactEmail],
    vendorId: vendor.id,
    ...(incidentToken ? { incidentUrl: incidentUrlOf(deps, incidentToken) } : {}),
    kind: 'questionnaire-invitation',
    replyTo: replyToOf(deps.config, 'compliance'),
    ...email,
  });
  const saved = await deps.assessments.save({
    ...assessment,
    linkTokenHash: tokenHash,
    updatedAt: now.toISOString(),
  });
  await audit(deps, {
    vendorId: vendor.id,
    actor,
    action: 'assessment.invitation_resent',
    target: { type: 'assessment', id: assessment.id },
    summary: `Resent the questionnaire invitation; ${plural(revoked, 'earlier link')} revoked`,
  });
  return saved;
}
