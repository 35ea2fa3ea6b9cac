/**
 * Rerunning the review of a reviewed assessment with the answers that count now (clarified answers
 * and the reviewer's overrides, shared/domain/review-desk.ts): the same scoring, findings and
 * outcome rules as the review workflow, then the differences are applied and audited — new gaps
 * become findings, findings whose gap is gone are closed, the score, rating and proposed outcome
 * follow. The vendor's submitted answers are never changed.
 */
import { findingKey } from '../adapters/dynamodb/finding-repository.ts';
import type { Deps } from '../composition.ts';
import { clearDue, scheduleDue } from '../domain/due-index.ts';
import { deriveFindings } from '../domain/findings.ts';
import { proposeOutcome } from '../domain/outcome.ts';
import { effectiveAnswers } from '../domain/review-desk.ts';
import { residualRating, scoreAssessment } from '../domain/scoring.ts';
import { AppError, notFound } from '../errors.ts';
import { labelOf, PROPOSED_OUTCOME_LABELS, plural } from '../labels.ts';
import type { Finding } from '../schemas/finding.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { policiesOf } from './policies.ts';

const ACTIVE: readonly Finding['status'][] = ['open', 'fix_reported', 'accepted'];

export interface RescoreResult {
  before: { score: number | null; rating: string | null; outcome: string | null };
  after: { score: number; rating: string; outcome: string };
  opened: { id: string; title: string; severity: string }[];
  closed: { id: string; title: string }[];
  changedAnswers: { questionId: string; source: string }[];
}

export async function rescoreAssessment(
  deps: Deps,
  actor: Actor,
  assessmentId: string,
  reason?: string,
): Promise<RescoreResult> {
  const assessment = await deps.assessments.get(assessmentId);
  if (!assessment) throw notFound('Assessment', assessmentId);
  if (assessment.status !== 'reviewed' || !assessment.questionnaire) {
    throw new AppError(
      'not_reviewed',
      'The review can be rerun once the first review has finished (the assessment is not reviewed yet)',
      409,
    );
  }
  const vendor = await deps.vendors.get(assessment.vendorId);
  if (!vendor) throw notFound('Vendor', assessment.vendorId);
  const questions = assessment.questionnaire.questions;
  const [clarifications, verdicts, existing] = await Promise.all([
    deps.reviewDesk.listClarifications(assessment.id),
    deps.reviewDesk.listVerdicts(assessment.id),
    deps.findings.listByAssessment(assessment.id),
  ]);
  const effective = effectiveAnswers(questions, assessment.answers, clarifications, verdicts);
  const policies = policiesOf(deps);
  const now = deps.clock.now();
  const at = now.toISOString();

  // The review workflow's rules (scoreStep, findingsStep, outcomeStep) on the answers that count now.
  const score = scoreAssessment(questions, effective.answers, vendor.intake);
  const rating = residualRating(assessment.tier, score.overall);
  const drafts = deriveFindings({
    questions,
    answers: effective.answers,
    intake: vendor.intake,
    score,
    policy: policies.remediation,
    // A finding raised now gets its full remediation time from now.
    now,
  });
  const note = reason ? `: ${reason}` : '';
  const opened: RescoreResult['opened'] = [];
  const closed: RescoreResult['closed'] = [];
  const byId = new Map(existing.map((f) => [f.id, f]));
  for (const draft of drafts) {
    const current = byId.get(draft.id);
    if (current && ACTIVE.includes(current.status)) continue;
    // A fix compliance verified stays verified: the answer still says "no", but the gap was closed.
    if (current && current.history.at(-1)?.action !== 'closed_by_review') continue;
    if (current) {
      // Closed by an earlier rerun and a gap again: open it with a new deadline.
      await deps.findings.save({
        ...current,
        ...draft,
        status: 'open',
        originalDueAt: draft.dueAt,
        history: [
          ...current.history,
          { at, actor: actor.id, action: 'reopened_by_review', note: `Gap again after the rerun${note}` },
        ],
        updatedAt: at,
        ...scheduleDue(policies.escalation, findingKey(current), {
          kind: 'finding_remediation',
          dueAt: draft.dueAt,
          severity: draft.severity,
        }),
      });
    } else {
      const base = {
        ...draft,
        assessmentId: assessment.id,
        vendorId: vendor.id,
        vendorName: vendor.name,
        status: 'open' as const,
        originalDueAt: draft.dueAt,
        history: [
          {
            at,
            actor: actor.id,
            action: 'created',
            note: `Raised by the rerun review${note}; due ${draft.dueAt}`,
          },
        ],
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      await deps.findings.createIfAbsent({
        ...base,
        ...scheduleDue(policies.escalation, findingKey(base), {
          kind: 'finding_remediation',
          dueAt: draft.dueAt,
          severity: draft.severity,
        }),
      });
    }
    opened.push({ id: draft.id, title: draft.title, severity: draft.severity });
  }
  const stillGaps = new Set(drafts.map((d) => d.id));
  for (const f of existing) {
    if (!ACTIVE.includes(f.status) || stillGaps.has(f.id)) continue;
    await deps.findings.save({
      ...f,
      status: 'closed',
      history: [
        ...f.history,
        { at, actor: actor.id, action: 'closed_by_review', note: `No longer a gap after the rerun${note}` },
      ],
      updatedAt: at,
      ...clearDue(),
    });
    closed.push({ id: f.id, title: f.title });
  }

  const active = (await deps.findings.listByAssessment(assessment.id)).filter((f) =>
    ACTIVE.includes(f.status),
  );
  const proposal = proposeOutcome({ tier: assessment.tier, score, findings: active, intake: vendor.intake });
  const counts: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of active) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  const before = {
    score: assessment.score ?? null,
    rating: assessment.rating ?? null,
    outcome: assessment.outcome ?? null,
  };
  await deps.assessments.save({
    ...assessment,
    score: score.overall,
    domainScores: score.domains,
    rating,
    outcome: proposal.outcome,
    outcomeReasons: proposal.reasons,
    findingCounts: counts,
    updatedAt: at,
  });
  const fresh = await deps.vendors.get(vendor.id);
  // Only the stages a review moves between: a later reassessment or a decision is left alone.
  if (fresh && (fresh.stage === 'answered' || fresh.stage === 'in_remediation')) {
    const stage = active.length ? 'in_remediation' : 'answered';
    if (fresh.stage !== stage) await deps.vendors.save({ ...fresh, stage, updatedAt: at });
  }
  const changedAnswers = Object.entries(effective.sources)
    .filter(([, source]) => source !== 'submitted')
    .map(([questionId, source]) => ({ questionId, source }));
  const after = { score: score.overall, rating, outcome: proposal.outcome };
  await audit(deps, {
    vendorId: vendor.id,
    actor,
    action: 'assessment.rescored',
    target: { type: 'assessment', id: assessment.id },
    summary:
      `Reran the review with ${plural(changedAnswers.length, 'clarified or overridden answer')}${note}: score ${before.score ?? '—'} → ${after.score}, ` +
      `residual ${before.rating ?? '—'} → ${after.rating}, proposed ${before.outcome ? labelOf(PROPOSED_OUTCOME_LABELS, before.outcome).toLowerCase() : '—'} → ${labelOf(PROPOSED_OUTCOME_LABELS, after.outcome).toLowerCase()}; ` +
      `${plural(opened.length, 'finding')} raised, ${closed.length} closed`,
    before,
    after: { ...after, opened: opened.map((f) => f.id), closed: closed.map((f) => f.id), changedAnswers },
  });
  return { before, after, opened, closed, changedAnswers };
}
