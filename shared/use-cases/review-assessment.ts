/**
 * The review workflow's steps: score → findings → proposed outcome → emails → audit. Each step is
 * idempotent: results are stored on the assessment (or as findings with deterministic ids) and a
 * retried step returns what is stored instead of computing or sending again.
 */

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { findingKey } from '../adapters/dynamodb/finding-repository.ts';
import { incidentLinkKey } from '../adapters/dynamodb/incident-repository.ts';
import { classifyDynamoError, stripKeys } from '../adapters/dynamodb/item-store.ts';
import { keys } from '../adapters/dynamodb/table-layout.ts';
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
import { incidentUrlOf } from './incident-link.ts';
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

/**
 * The score of the submitted answers: stored ones when the review already stored them, else
 * computed (pure: the answers are frozen at submission). It is stored with the outcome, in the
 * outcome step's one write of the assessment, rather than in a write of its own.
 */
function scoreOf(assessment: Assessment, vendor: Vendor) {
  if (assessment.score !== undefined && assessment.domainScores !== undefined) {
    return { overall: assessment.score, domains: assessment.domainScores };
  }
  return scoreAssessment(assessment.questionnaire!.questions, assessment.answers, vendor.intake);
}

export async function scoreStep(deps: Deps, input: ReviewInput) {
  const { assessment, vendor } = await load(deps, input.assessmentId);
  if (assessment.score !== undefined) return { overall: assessment.score, rating: assessment.rating };
  const score = scoreOf(assessment, vendor);
  return { overall: score.overall, rating: residualRating(assessment.tier, score.overall) };
}

export async function findingsStep(deps: Deps, input: ReviewInput) {
  const { assessment, vendor } = await load(deps, input.assessmentId);
  const policies = policiesOf(deps);
  const now = deps.clock.now();
  const score = scoreOf(assessment, vendor);
  const drafts = deriveFindings({
    questions: assessment.questionnaire!.questions,
    answers: assessment.answers,
    intake: vendor.intake,
    score: {
      overall: score.overall,
      domains: score.domains as Parameters<typeof deriveFindings>[0]['score']['domains'],
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
  const score = scoreOf(assessment, vendor);
  const proposal = proposeOutcome({
    tier: assessment.tier,
    score: { overall: score.overall },
    findings,
    intake: vendor.intake,
    knockOuts,
  });
  // The findings now exist, so the rating takes their floor (a good score cannot hide a critical gap).
  const rated = rateAssessment({ tier: assessment.tier, overall: score.overall, findings });
  const counts: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  const now = deps.clock.now().toISOString();
  await deps.assessments.save({
    ...assessment,
    status: 'reviewed',
    score: score.overall,
    domainScores: score.domains,
    rating: rated.rating,
    ratingReasons: rated.reasons,
    knockOuts,
    outcome: proposal.outcome,
    outcomeReasons: proposal.reasons,
    findingCounts: counts,
    reviewedAt: now,
    updatedAt: now,
  });
  const stage = findings.length ? 'in_remediation' : 'answered';
  await deps.vendors.update(vendor, (v) =>
    v.stage !== 'decided' && v.stage !== stage ? { ...v, stage, updatedAt: now } : undefined,
  );
  return { outcome: proposal.outcome };
}

type EmailMark = 'remediationPlan' | 'procurementSummary' | 'criticalEscalation';

/**
 * Records that an email went out; a retried step sees the mark and sends nothing. The marks live on
 * their own small item (`ASSESSMENT#<id>` / `NOTIFIED`): one UpdateItem of one attribute, no read,
 * and the state item is not rewritten (assessments reviewed before kept theirs in `notified`).
 */
async function markNotified(deps: Deps, assessmentId: string, what: EmailMark) {
  await deps.store.ddb
    .send(
      new UpdateCommand({
        TableName: deps.store.tableName,
        Key: keys.assessmentNotified(assessmentId),
        UpdateExpression: 'SET #what = :at, entity = :entity, assessmentId = :id',
        ExpressionAttributeNames: { '#what': what },
        ExpressionAttributeValues: {
          ':at': deps.clock.now().toISOString(),
          ':entity': 'AssessmentNotified',
          ':id': assessmentId,
        },
      }),
    )
    .catch(classifyDynamoError);
}

/**
 * What an email step needs: the assessment, then in ONE BatchGetItem the vendor, the email marks
 * and (for an email to the vendor) the vendor's incident link for the footer.
 */
async function loadForEmail(deps: Deps, assessmentId: string, options: { incidentLink?: boolean } = {}) {
  const assessment = await deps.assessments.get(assessmentId);
  if (!assessment) throw notFound('Assessment', assessmentId);
  const vendorKey = keys.vendor(assessment.vendorId);
  const marksKey = keys.assessmentNotified(assessmentId);
  const items = await deps.store.batchGetRaw([
    vendorKey,
    marksKey,
    ...(options.incidentLink ? [incidentLinkKey(assessment.vendorId)] : []),
  ]);
  const find = (key: { PK: string; SK: string }) => items.find((i) => i.PK === key.PK && i.SK === key.SK);
  const vendorItem = find(vendorKey);
  if (!vendorItem) throw notFound('Vendor', assessment.vendorId);
  const marks = (find(marksKey) ?? {}) as Partial<Record<EmailMark, string>>;
  const link = options.incidentLink ? find(incidentLinkKey(assessment.vendorId)) : undefined;
  return {
    assessment,
    vendor: stripKeys<Vendor>(vendorItem),
    notified: (what: EmailMark) => Boolean(assessment.notified?.[what] ?? marks[what]),
    ...(typeof link?.token === 'string' ? { incidentUrl: incidentUrlOf(deps, link.token) } : {}),
  };
}

export async function notifyVendorStep(deps: Deps, input: ReviewInput) {
  const { assessment, vendor, notified, incidentUrl } = await loadForEmail(deps, input.assessmentId, {
    incidentLink: true,
  });
  if (notified('remediationPlan')) return { sent: false };
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
    ...(incidentUrl ? { incidentUrl } : {}),
    kind: 'remediation-plan',
    replyTo: replyToOf(deps.config, 'compliance'),
    ...email,
  });
  await markNotified(deps, assessment.id, 'remediationPlan');
  return { sent: true };
}

export async function notifyProcurementStep(deps: Deps, input: ReviewInput) {
  const { assessment, vendor, notified } = await loadForEmail(deps, input.assessmentId);
  if (notified('procurementSummary')) return { sent: false };
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
  const { assessment, vendor, notified } = await loadForEmail(deps, input.assessmentId);
  if (notified('criticalEscalation')) return { sent: false };
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
    // Submit leaves the stage to the review: a failed review shows the vendor as answered (the
    // answers are in; the review awaits a rerun).
    const vendor = await deps.vendors.get(assessment.vendorId);
    if (vendor)
      await deps.vendors.update(vendor, (v) =>
        v.stage === 'intake' || v.stage === 'assessment_sent'
          ? { ...v, stage: 'answered', updatedAt: at }
          : undefined,
      );
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
