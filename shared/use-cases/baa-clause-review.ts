/** The compliance reviewer's clause-by-clause review of a BAA document, evaluated against the checklist. */
import type { Deps } from '../composition.ts';
import { BAA_CHECKLIST_V1 } from '../content/baa-clauses.v1.ts';
import { evaluateClauseReview } from '../domain/baa-clause-rules.ts';
import { AppError } from '../errors.ts';
import { plural } from '../labels.ts';
import { ClauseReviewRequest } from '../schemas/baa-record.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { loadBaa, saveBaa } from './baa-records.ts';
import { policiesOf } from './policies.ts';
import { parseInput } from './validation.ts';

export async function recordClauseReview(
  deps: Deps,
  actor: Actor,
  vendorId: string,
  baaId: string,
  body: unknown,
) {
  const request = parseInput(ClauseReviewRequest, body, 'clause review');
  if (request.exceptionReason !== undefined) {
    throw new AppError(
      'exception_reason_replaced',
      'One blanket exception reason is no longer accepted: send "exceptions", one per policy item (an optional clause, or "notice-window"), each with its own reason',
      400,
    );
  }
  const baa = await loadBaa(deps, vendorId, baaId);
  if (baa.status !== 'under_review') {
    throw new AppError(
      'baa_not_under_review',
      `A BAA that is ${baa.status.replace('_', ' ')} cannot be reviewed; it needs an uploaded document first`,
      409,
    );
  }
  const { exceptionReason: _replaced, ...fields } = request;
  const review = { checklistVersion: BAA_CHECKLIST_V1.version, ...fields };
  const evaluation = evaluateClauseReview(BAA_CHECKLIST_V1, review, policiesOf(deps).baa);
  const at = deps.clock.now().toISOString();
  const saved = await saveBaa(deps, {
    ...baa,
    review: {
      ...review,
      reviewedBy: actor.id,
      reviewedAt: at,
      documentVersion: baa.documents.at(-1)?.version ?? 0,
      canSign: evaluation.canSign,
      blockers: evaluation.blockers.map((b) => ({
        code: b.code,
        message: b.message,
        ...(b.clauseId ? { clauseId: b.clauseId } : {}),
      })),
      needsSecondApproval: evaluation.needsSecondApproval,
      approvalReasons: evaluation.approvalReasons,
    },
    updatedAt: at,
  });
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.reviewed',
    target: { type: 'baa', id: `${vendorId}/${baaId}` },
    summary: `Clause review: ${evaluation.summary.present} present, ${evaluation.summary.equivalent} equivalent, ${evaluation.summary.missing} missing, ${evaluation.summary.deviates} deviating, ${evaluation.summary.unreviewed} unreviewed, ${plural(review.exceptions?.length ?? 0, 'exception')}; ${evaluation.canSign ? (evaluation.needsSecondApproval ? 'can be signed once a second compliance user approves' : 'can be signed') : plural(evaluation.blockers.length, 'blocker')}`,
    after: {
      canSign: evaluation.canSign,
      needsSecondApproval: evaluation.needsSecondApproval,
      exceptions: (review.exceptions ?? []).map((e) => e.item),
      blockers: evaluation.blockers.map((b) => b.code),
      noticeWindowDays: request.noticeWindowDays,
    },
  });
  return { baa: saved, evaluation };
}
