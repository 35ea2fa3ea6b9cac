/**
 * The review workflow's steps: score → findings → proposed outcome → emails → audit. Each step is
 * idempotent: results are stored on the assessment (or as findings with deterministic ids) and a
 * retried step returns what is stored instead of computing or sending again.
 */

import { findingKey } from '../adapters/dynamodb/finding-repository.ts';
import type { Deps } from '../composition.ts';
import { withDecisionRules } from '../content/questionnaires/decision-rules.ts';
import { scheduleDue } from '../domain/due-index.ts';
import { deriveFindings } from '../domain/findings.ts';
import { knockOutsHit } from '../domain/knock-outs.ts';
import { proposeOutcome } from '../domain/outcome.ts';
import { rateAssessment } from '../domain/rating.ts';
import { residualRating, scoreAssessment } from '../domain/scoring.ts';
import { DAY_MS } from '../domain/time.ts';
import { replyToOf } from '../email/compose.ts';
import {
  criticalEscalationEmail,
  procurementSummaryEmail,
  remediationPlanEmail,
} from '../email/review-emails.ts';
import { AppError, notFound } from '../errors.ts';
import { newLinkToken, sha256Hex } from '../ids.ts';
import { DECISION_LABELS, humanDate, labelOf } from '../labels.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { Finding } from '../schemas/finding.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { type Actor, SYSTEM } from './actor.ts';
import { audit } from './audit.ts';
import { policiesOf } from './policies.ts';

export interface ReviewInput {
  assessmentId: string;
}

async function load(deps: Deps, assessmentId: string): Promise<{ assessment: Assessment; vendor: Vendor }> {
  const assessment = await deps.assessments.get(assessmentId);
  if (!assessment) throw notFound('Assessment', assessmentId);
  const vendor = await deps.vendors.get(assessment.vendorId);
  if (!vendor) throw notFound('Vendor', assessment.vendorId);
  if (!assessment.questionnaire) throw new Error(`Assessment ${assessmentId} has no questionnaire`);
  return { assessment, vendor };
}

export async function scoreStep(deps: Deps, input: ReviewInput) {
  const { assessment, vendor } = await load(deps, input.assessmentId);
  if (assessment.score !== undefined) return { overall: assessment.score, rating: assessment.rating };
  const score = scoreAssessment(assessment.questionnaire!.questions, assessment.answers, vendor.intake);
  const rating = residualRating(assessment.tier, score.overall);
  await deps.assessments.save({
    ...assessment,
    score: score.overall,
    domainScores: score.domains,
    rating,
    updatedAt: deps.clock.now().toISOString(),
  });
  return { overall: score.overall, rating };
}

export async function findingsStep(deps: Deps, input: ReviewInput) {
  const { assessment, vendor } = await load(deps, input.assessmentId);
  const policies = policiesOf(deps);
  const now = deps.clock.now();
  const drafts = deriveFindings({
    questions: assessment.questionnaire!.questions,
    answers: assessment.answers,
    intake: vendor.intake,
    score: {
      overall: assessment.score ?? 0,
      domains: (assessment.domainScores ?? []) as Parameters<typeof deriveFindings>[0]['score']['domains'],
    },
    policy: policies.remediation,
    tier: assessment.tier,
    // Deadlines run from the submission, so a slow review never shortens the vendor's time.
    now: assessment.submittedAt ? new Date(assessment.submittedAt) : now,
  });
  for (const draft of drafts) {
    const base = {
      ...draft,
      assessmentId: assessment.id,
      vendorId: vendor.id,
      vendorName: vendor.name,
      status: 'open' as const,
      originalDueAt: draft.dueAt,
      history: [
        { at: now.toISOString(), actor: 'system', action: 'created', note: `Due ${humanDate(draft.dueAt)}` },
      ],
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    };
    const finding: Finding = {
      ...base,
      ...scheduleDue(policies.escalation, findingKey(base), {
        kind: 'finding_remediation',
        dueAt: draft.dueAt,
        severity: draft.severity,
      }),
    };
    await deps.findings.createIfAbsent(finding);
  }
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const d of drafts) counts[d.severity]++;
  return { total: drafts.length, ...counts };
}

export async function outcomeStep(deps: Deps, input: ReviewInput) {
  const { assessment, vendor } = await load(deps, input.assessmentId);
  if (assessment.outcome) return { outcome: assessment.outcome };
  const findings = await deps.findings.listByAssessment(assessment.id);
  const knockOuts = knockOutsHit(
    withDecisionRules(assessment.questionnaire!),
    assessment.answers,
    vendor.intake,
  );
  const proposal = proposeOutcome({
    tier: assessment.tier,
    score: { overall: assessment.score ?? 0 },
    findings,
    intake: vendor.intake,
    knockOuts,
  });
  // The findings now exist, so the rating takes their floor (a good score cannot hide a critical gap).
  const rated = rateAssessment({ tier: assessment.tier, overall: assessment.score ?? 0, findings });
  const counts: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  const now = deps.clock.now().toISOString();
  await deps.assessments.save({
    ...assessment,
    status: 'reviewed',
    rating: rated.rating,
    ratingReasons: rated.reasons,
    knockOuts,
    outcome: proposal.outcome,
    outcomeReasons: proposal.reasons,
    findingCounts: counts,
    reviewedAt: now,
    updatedAt: now,
  });
  const fresh = await deps.vendors.get(vendor.id);
  if (fresh && fresh.stage !== 'decided') {
    await deps.vendors.save({
      ...fresh,
      stage: findings.length ? 'in_remediation' : 'answered',
      updatedAt: now,
    });
  }
  return { outcome: proposal.outcome };
}

/** Records that an email went out; a retried step sees the mark and sends nothing. */
async function markNotified(deps: Deps, assessmentId: string, what: string) {
  const current = await deps.assessments.get(assessmentId);
  if (!current) return;
  const at = deps.clock.now().toISOString();
  await deps.assessments.save({
    ...current,
    notified: { ...(current.notified ?? {}), [what]: at },
    updatedAt: at,
  });
}

export async function notifyVendorStep(deps: Deps, input: ReviewInput) {
  const { assessment, vendor } = await load(deps, input.assessmentId);
  if (assessment.notified?.remediationPlan) return { sent: false };
  const findings = sortFindings(await deps.findings.listByAssessment(assessment.id));
  // The plan carries its own link (the token is never stored, so the first one cannot be reused);
  // it stays valid until 60 days after the last remediation deadline.
  const now = deps.clock.now();
  const lastDue = Math.max(now.getTime() + 30 * DAY_MS, ...findings.map((f) => new Date(f.dueAt).getTime()));
  const token = newLinkToken();
  await deps.links.create({
    tokenHash: sha256Hex(token),
    assessmentId: assessment.id,
    vendorId: vendor.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(lastDue + 60 * DAY_MS).toISOString(),
  });
  const email = remediationPlanEmail({
    vendorName: vendor.name,
    contactName: vendor.contactName,
    organisation: deps.config.organisation,
    score: assessment.score ?? 0,
    findings,
    portalUrl: `${deps.config.baseUrl}/portal/${token}`,
    replyTo: deps.config.mail.compliance[0] ?? deps.config.mail.from,
  });
  await deps.mailer.send({
    to: [vendor.contactEmail],
    vendorId: vendor.id,
    kind: 'remediation-plan',
    replyTo: replyToOf(deps.config, 'compliance'),
    ...email,
  });
  await markNotified(deps, assessment.id, 'remediationPlan');
  return { sent: true };
}

export async function notifyProcurementStep(deps: Deps, input: ReviewInput) {
  const { assessment, vendor } = await load(deps, input.assessmentId);
  if (assessment.notified?.procurementSummary) return { sent: false };
  const email = procurementSummaryEmail({
    vendorName: vendor.name,
    tier: assessment.tier,
    score: assessment.score ?? 0,
    rating: assessment.rating ?? assessment.tier,
    outcome: assessment.outcome ?? 'needs_review',
    reasons: assessment.outcomeReasons ?? [],
    counts: assessment.findingCounts ?? {},
    consoleUrl: `${deps.config.baseUrl}/console/vendors/${vendor.id}`,
  });
  const to = [...new Set([...deps.config.mail.procurement, vendor.businessOwnerEmail])];
  await deps.mailer.send({
    to,
    kind: 'procurement-summary',
    replyTo: replyToOf(deps.config, 'procurement'),
    ...email,
  });
  await markNotified(deps, assessment.id, 'procurementSummary');
  return { sent: true };
}

export async function escalateCriticalStep(deps: Deps, input: ReviewInput) {
  const { assessment, vendor } = await load(deps, input.assessmentId);
  if (assessment.notified?.criticalEscalation) return { sent: false };
  const critical = (await deps.findings.listByAssessment(assessment.id)).filter(
    (f) => f.severity === 'critical',
  );
  if (critical.length === 0 || deps.config.mail.compliance.length === 0) return { sent: false };
  const email = criticalEscalationEmail({
    vendorName: vendor.name,
    findings: critical,
    consoleUrl: `${deps.config.baseUrl}/console/vendors/${vendor.id}`,
  });
  await deps.mailer.send({
    to: deps.config.mail.compliance,
    kind: 'critical-escalation',
    replyTo: replyToOf(deps.config, 'compliance'),
    ...email,
  });
  await markNotified(deps, assessment.id, 'criticalEscalation');
  return { sent: true };
}

export async function auditReviewStep(deps: Deps, input: ReviewInput) {
  const { assessment } = await load(deps, input.assessmentId);
  const c = assessment.findingCounts ?? {};
  await audit(deps, {
    vendorId: assessment.vendorId,
    actor: SYSTEM,
    action: 'assessment.reviewed',
    target: { type: 'assessment', id: assessment.id },
    summary: `Scored ${assessment.score}/100 (residual risk ${assessment.rating}); findings: ${c.critical ?? 0} critical, ${c.high ?? 0} high, ${c.medium ?? 0} medium, ${c.low ?? 0} low; proposed: ${labelOf(DECISION_LABELS, assessment.outcome).toLowerCase()}`,
    after: {
      score: assessment.score,
      rating: assessment.rating,
      outcome: assessment.outcome,
      findingCounts: c,
    },
  });
  return { audited: true };
}

export async function recordReviewFailure(deps: Deps, input: ReviewInput & { error?: { Error?: string } }) {
  const assessment = await deps.assessments.get(input.assessmentId);
  const errorName = input.error?.Error ?? 'Unknown';
  if (assessment) {
    const at = deps.clock.now().toISOString();
    await deps.assessments.save({
      ...assessment,
      failure: { step: 'review', error: errorName, at },
      updatedAt: at,
    });
    await audit(deps, {
      vendorId: assessment.vendorId,
      actor: SYSTEM,
      action: 'assessment.review_failed',
      target: { type: 'assessment', id: assessment.id },
      summary: `The review workflow failed (${errorName}); the submitted answers are safe; compliance can rerun the review (POST /assessments/{id}/review)`,
    });
  }
  return { recorded: true, error: errorName };
}

const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;
export const sortFindings = (findings: Finding[]) =>
  [...findings].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.dueAt.localeCompare(b.dueAt),
  );

/**
 * Compliance reruns the review of a submitted assessment whose review failed (the failure was
 * recorded and alerted). The steps are idempotent, so a rerun completes what the first run left.
 */
export async function rerunReview(deps: Deps, actor: Actor, assessmentId: string) {
  const assessment = await deps.assessments.get(assessmentId);
  if (!assessment) throw notFound('Assessment', assessmentId);
  if (assessment.status !== 'submitted') {
    throw new AppError(
      'review_not_pending',
      `Only a submitted assessment awaiting its review can be rerun; this one is ${assessment.status}`,
      409,
    );
  }
  const at = deps.clock.now();
  const { executionId } = await deps.workflows.start(
    'review',
    { assessmentId },
    `${assessmentId}-rerun-${at.getTime()}`,
  );
  await audit(deps, {
    vendorId: assessment.vendorId,
    actor,
    action: 'assessment.review_rerun',
    target: { type: 'assessment', id: assessmentId },
    summary: 'Reran the review workflow',
  });
  return { executionId };
}
