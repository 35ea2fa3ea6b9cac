/**
 * Keeping a reviewed assessment's rating true to its findings. The rating is recomputed (and the
 * change audited) when a finding is verified fixed; an accepted risk keeps its weight. Assessments
 * reviewed under the earlier rules get the current ones through `recomputeRatings`, one audited
 * pass started by compliance (CLI `baa-guard ratings recompute`), never silently.
 */
import { findingKey } from '../adapters/dynamodb/finding-repository.ts';
import type { Deps } from '../composition.ts';
import { withDecisionRules } from '../content/questionnaires/decision-rules.ts';
import { scheduleDue } from '../domain/due-index.ts';
import { questionSeverity } from '../domain/findings.ts';
import { knockOutsHit } from '../domain/knock-outs.ts';
import { proposeOutcome } from '../domain/outcome.ts';
import { rateAssessment } from '../domain/rating.ts';
import { answerCredit } from '../domain/scoring.ts';
import { AppError } from '../errors.ts';
import type { Assessment } from '../schemas/assessment.ts';
import { SEVERITY_ORDER } from '../schemas/core.ts';
import type { Finding } from '../schemas/finding.ts';
import { type Actor, requireCompliance } from './actor.ts';
import { audit } from './audit.ts';
import { policiesOf } from './policies.ts';

const sameList = (a: readonly string[] = [], b: readonly string[] = []) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Recomputes the rating of one reviewed assessment from its stored findings; saves and audits it
 * when it changed. Returns the assessment as stored.
 */
export async function refreshRating(
  deps: Deps,
  actor: Actor,
  assessmentId: string,
  why: string,
): Promise<Assessment | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const assessment = await deps.assessments.get(assessmentId);
    if (assessment?.status !== 'reviewed' || assessment.score === undefined) return assessment;
    const findings = await deps.findings.listByAssessment(assessmentId);
    const rated = rateAssessment({ tier: assessment.tier, overall: assessment.score, findings });
    if (rated.rating === assessment.rating && sameList(rated.reasons, assessment.ratingReasons)) {
      return assessment;
    }
    const at = deps.clock.now().toISOString();
    try {
      const saved = await deps.assessments.save({
        ...assessment,
        rating: rated.rating,
        ratingReasons: rated.reasons,
        updatedAt: at,
      });
      if (rated.rating !== assessment.rating) {
        await audit(deps, {
          vendorId: assessment.vendorId,
          actor,
          action: 'assessment.rating_changed',
          target: { type: 'assessment', id: assessment.id },
          summary: `Residual rating ${assessment.rating ?? 'none'} → ${rated.rating} (${why})`,
          before: { rating: assessment.rating },
          after: { rating: rated.rating, reasons: rated.reasons },
        });
      }
      return saved;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'version_conflict')) throw error;
    }
  }
  return deps.assessments.get(assessmentId);
}

export interface RecomputeChange {
  assessmentId: string;
  vendorId: string;
  vendorName: string;
  rating: { before: string | null; after: string };
  outcome: { before: string | null; after: string };
  /** Question findings whose severity the current rules raise. */
  severities: { findingId: string; before: string; after: string }[];
}

/**
 * What the current rules make of one reviewed assessment: raised finding severities (never
 * lowered: a lower severity would only shorten scrutiny), the knock-outs, the proposed outcome and
 * the rating. Pure over what was read.
 */
function recomputeOne(
  assessment: Assessment,
  intake: Parameters<typeof knockOutsHit>[2],
  findings: Finding[],
) {
  const questions = withDecisionRules(assessment.questionnaire!);
  const raised: { finding: Finding; severity: Finding['severity'] }[] = [];
  for (const finding of findings) {
    if (!finding.questionId || finding.status === 'verified' || finding.status === 'closed') continue;
    const question = questions.find((q) => q.id === finding.questionId);
    if (!question) continue;
    const value = Object.hasOwn(assessment.answers, question.id)
      ? assessment.answers[question.id]
      : undefined;
    const credit = answerCredit(question, value);
    if (credit === null) continue;
    const severity = questionSeverity(question, credit, intake, assessment.tier);
    if (severity && SEVERITY_ORDER.indexOf(severity) > SEVERITY_ORDER.indexOf(finding.severity)) {
      raised.push({ finding, severity });
    }
  }
  const current = findings.map((f) => {
    const r = raised.find((x) => x.finding.id === f.id);
    return r ? { ...f, severity: r.severity } : f;
  });
  const knockOuts = knockOutsHit(questions, assessment.answers, intake);
  const proposal = proposeOutcome({
    tier: assessment.tier,
    score: { overall: assessment.score ?? 0 },
    findings: current,
    intake,
    knockOuts,
  });
  const rated = rateAssessment({ tier: assessment.tier, overall: assessment.score ?? 0, findings: current });
  return { raised, current, knockOuts, proposal, rated };
}

/**
 * Applies the current severity, knock-out and rating rules to every reviewed assessment. With
 * `dryRun` nothing is written; otherwise each changed finding and assessment is saved and audited,
 * and one summary event per vendor records the pass. Final vendor decisions are never changed:
 * compliance reads the new proposal and decides again where it matters.
 */
export async function recomputeRatings(deps: Deps, actor: Actor, options: { dryRun?: boolean } = {}) {
  requireCompliance(actor, 're-rate assessments');
  const changes: RecomputeChange[] = [];
  let examined = 0;
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await deps.vendors.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const listed of page.items) {
      const vendor = await deps.vendors.get(listed.id);
      if (!vendor) continue;
      for (const assessment of await deps.assessments.listByVendor(vendor.id)) {
        if (assessment.status !== 'reviewed' || !assessment.questionnaire) continue;
        examined++;
        const findings = await deps.findings.listByAssessment(assessment.id);
        const { raised, current, knockOuts, proposal, rated } = recomputeOne(
          assessment,
          vendor.intake,
          findings,
        );
        const changed =
          raised.length > 0 ||
          rated.rating !== assessment.rating ||
          proposal.outcome !== assessment.outcome ||
          !sameList(rated.reasons, assessment.ratingReasons) ||
          !sameList(proposal.reasons, assessment.outcomeReasons);
        if (!changed) continue;
        changes.push({
          assessmentId: assessment.id,
          vendorId: vendor.id,
          vendorName: vendor.name,
          rating: { before: assessment.rating ?? null, after: rated.rating },
          outcome: { before: assessment.outcome ?? null, after: proposal.outcome },
          severities: raised.map((r) => ({
            findingId: r.finding.id,
            before: r.finding.severity,
            after: r.severity,
          })),
        });
        if (options.dryRun) continue;
        const at = deps.clock.now().toISOString();
        for (const { finding, severity } of raised) {
          // The due date stays (the vendor was given it); the ladder follows the new severity's
          // overrides and keeps what it already sent.
          const due =
            finding.status === 'open' && finding.due
              ? scheduleDue(policiesOf(deps).escalation, findingKey(finding), {
                  kind: 'finding_remediation',
                  dueAt: finding.dueAt,
                  severity,
                })
              : undefined;
          await deps.findings.save({
            ...finding,
            severity,
            history: [
              ...finding.history,
              {
                at,
                actor: actor.id,
                action: 'severity_recomputed',
                note: `${finding.severity} → ${severity}`,
              },
            ],
            updatedAt: at,
            ...(due
              ? {
                  ...due,
                  due: { ...due.due, ...(finding.due?.ladder ? { ladder: finding.due.ladder } : {}) },
                }
              : {}),
          });
        }
        const counts: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
        for (const f of current) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
        await deps.assessments.save({
          ...assessment,
          rating: rated.rating,
          ratingReasons: rated.reasons,
          knockOuts,
          outcome: proposal.outcome,
          outcomeReasons: proposal.reasons,
          findingCounts: counts,
          updatedAt: at,
        });
        await audit(deps, {
          vendorId: vendor.id,
          actor,
          action: 'assessment.recomputed',
          target: { type: 'assessment', id: assessment.id },
          summary:
            `Recomputed under the current rating rules: rating ${assessment.rating ?? 'none'} → ${rated.rating}, ` +
            `proposed outcome ${(assessment.outcome ?? 'none').replaceAll('_', ' ')} → ${proposal.outcome.replaceAll('_', ' ')}` +
            (raised.length
              ? `, ${raised.length} finding severit${raised.length === 1 ? 'y' : 'ies'} raised`
              : ''),
          before: { rating: assessment.rating, outcome: assessment.outcome },
          after: {
            rating: rated.rating,
            outcome: proposal.outcome,
            raised: raised.map((r) => `${r.finding.id}:${r.finding.severity}->${r.severity}`),
          },
        });
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return { dryRun: options.dryRun === true, examined, changed: changes.length, changes };
}
