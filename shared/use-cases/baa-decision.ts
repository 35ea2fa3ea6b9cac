/**
 * Deciding a BAA under review: request changes, mark it signed (effective date, expiry or periodic
 * review), or give the second compliance approval a review with equivalent clauses or exceptions needs.
 */
import { baaKey } from '../adapters/dynamodb/baa-repository.ts';
import type { Deps } from '../composition.ts';
import { BAA_CHECKLIST_V1 } from '../content/baa-clauses.v1.ts';
import { evaluateClauseReview } from '../domain/baa-clause-rules.ts';
import { scheduleDue } from '../domain/due-index.ts';
import { AppError, notFound } from '../errors.ts';
import { humanDate } from '../labels.ts';
import { BaaDecisionRequest, type BaaRecord } from '../schemas/baa-record.ts';
import { type Actor, requireCompliance } from './actor.ts';
import { audit } from './audit.ts';
import { nextReviewDueAt } from './baa-end-of-life.ts';
import { applyEvent, loadBaa, saveBaa } from './baa-records.ts';
import { responseDue } from './baa-response-deadline.ts';
import { notify } from './notify.ts';
import { policiesOf } from './policies.ts';
import { parseInput } from './validation.ts';

export async function decideBaa(deps: Deps, actor: Actor, vendorId: string, baaId: string, body: unknown) {
  const request = parseInput(BaaDecisionRequest, body, 'decision');
  const baa = await loadBaa(deps, vendorId, baaId);
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const at = deps.clock.now().toISOString();

  if (request.action === 'request_changes') {
    // The vendor owes a revised copy: the response deadline starts again (unless a renewal's expiry
    // ladder already holds the item).
    const saved = await saveBaa(deps, {
      ...applyEvent(baa, { type: 'request_changes' }, actor, at, request.note),
      ...responseDue(deps, baa, deps.clock.now()),
    });
    await notify(deps, vendor, { type: 'baa_changes_requested', note: request.note });
    await audit(deps, {
      vendorId,
      actor,
      action: 'baa.changes_requested',
      target: { type: 'baa', id: `${vendorId}/${baaId}` },
      summary: `Requested changes to the BAA: ${request.note}`,
    });
    return saved;
  }

  // Signing and its second approval rest on the stored review, judged again under the current rules
  // (a review recorded under earlier rules cannot slip through on its stored verdict).
  if (!baa.review) throw new AppError('review_required', 'Record the clause review before signing', 409);
  const evaluation = evaluateClauseReview(BAA_CHECKLIST_V1, baa.review, policiesOf(deps).baa);
  if (!evaluation.canSign) {
    throw new AppError(
      'baa_not_signable',
      `The BAA cannot be signed: ${evaluation.blockers.map((b) => b.message).join('; ')}`,
      409,
      { blockers: evaluation.blockers },
    );
  }

  if (request.action === 'approve')
    return approveReview(deps, actor, baa, evaluation.approvalReasons, request.note);

  if (evaluation.needsSecondApproval && !baa.review.secondApproval) {
    throw new AppError(
      'second_approval_required',
      `A second compliance user (not the reviewer) must approve before signing: ${evaluation.approvalReasons.join('; ')}`,
      409,
      { reasons: evaluation.approvalReasons },
    );
  }
  // The copy to sign is the latest document, it is a signed copy, and it is the one reviewed.
  const latest = baa.documents.at(-1);
  const signedCopy = latest?.kind === 'signed' ? latest : undefined;
  if (signedCopy && baa.review.documentVersion !== signedCopy.version) {
    throw new AppError(
      'review_outdated',
      `The review is of version ${baa.review.documentVersion}; review version ${signedCopy.version} before signing`,
      409,
    );
  }
  if (!signedCopy)
    throw new AppError('signed_copy_required', 'Upload the signed copy before marking the BAA signed', 409);
  const { effectiveAt, expiresAt } = request;
  if (expiresAt !== undefined && expiresAt <= effectiveAt)
    throw new AppError('invalid_term', 'The expiry must be after the effective date', 400);
  if (expiresAt !== undefined && expiresAt <= at)
    throw new AppError('invalid_term', 'The agreement has already expired', 400);
  const signed = applyEvent(
    baa,
    { type: 'sign', effectiveAt, ...(expiresAt ? { expiresAt } : {}) },
    actor,
    at,
    `signed copy v${signedCopy.version}`,
  );
  // Without an expiry the BAA runs with the services agreement and is reviewed periodically instead.
  const reviewDueAt = expiresAt ? undefined : nextReviewDueAt(deps, [effectiveAt, at].sort().at(-1)!);
  const saved = await saveBaa(
    deps,
    {
      ...signed,
      effectiveAt,
      expiresAt,
      reviewDueAt,
      signedAt: at,
      // The renewed agreement replaces the one it renews; no response is awaited any more.
      priorTerm: undefined,
      responseDueAt: undefined,
      // Expiry, renewal and review ride the same due index and ladders as every other deadline.
      ...scheduleDue(
        policiesOf(deps).escalation,
        baaKey(baa),
        expiresAt ? { kind: 'baa_expiry', dueAt: expiresAt } : { kind: 'baa_review', dueAt: reviewDueAt! },
      ),
    },
    { approvalLapsed: false },
  );
  const approval = baa.review.secondApproval;
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.signed',
    target: { type: 'baa', id: `${vendorId}/${baaId}` },
    summary:
      `Marked the BAA signed (copy v${signedCopy.version}, sha256 ${signedCopy.sha256.slice(0, 16)}…), effective ${humanDate(effectiveAt)}` +
      (expiresAt
        ? ` to ${humanDate(expiresAt)}`
        : `, no expiry (coterminous with the services agreement); review due ${humanDate(reviewDueAt!)}`) +
      `; reviewed by ${baa.review.reviewedBy}${approval ? `, approved by ${approval.by}` : ''}`,
    before: { status: baa.status },
    after: {
      status: 'signed',
      effectiveAt,
      expiresAt: expiresAt ?? null,
      reviewDueAt: reviewDueAt ?? null,
      reviewedBy: baa.review.reviewedBy,
      approvedBy: approval?.by ?? null,
    },
  });
  await notify(deps, vendor, {
    type: 'baa_signed',
    effectiveAt,
    ...(expiresAt ? { expiresAt } : {}),
    ...(reviewDueAt ? { reviewDueAt } : {}),
  });
  return saved;
}

/**
 * The second compliance approver of a review that needs one (an "equivalent" required clause or an
 * exception): never the reviewer, and once per review.
 */
async function approveReview(
  deps: Deps,
  actor: Actor,
  baa: BaaRecord,
  reasons: string[],
  note: string | undefined,
) {
  requireCompliance(actor, 'approve a BAA review with equivalent clauses or exceptions');
  const review = baa.review!;
  if (reasons.length === 0) {
    throw new AppError(
      'approval_not_needed',
      'This review has no equivalent clause or exception: it needs no second approval',
      409,
    );
  }
  if (review.secondApproval) {
    throw new AppError(
      'already_approved',
      `This review was already approved by ${review.secondApproval.by} on ${humanDate(review.secondApproval.at)}`,
      409,
    );
  }
  if (review.reviewedBy === actor.id) {
    throw new AppError(
      'same_user',
      'The reviewer cannot approve their own review: a second compliance user must approve it',
      403,
    );
  }
  const at = deps.clock.now().toISOString();
  const saved = await saveBaa(deps, {
    ...baa,
    review: { ...review, secondApproval: { by: actor.id, at, ...(note ? { note } : {}) } },
    updatedAt: at,
  });
  await audit(deps, {
    vendorId: baa.vendorId,
    actor,
    action: 'baa.review_approved',
    target: { type: 'baa', id: `${baa.vendorId}/${baa.id}` },
    summary: `Second approval of the clause review by ${review.reviewedBy}: ${reasons.join('; ')}${note ? `. Note: ${note}` : ''}`,
    after: { reviewedBy: review.reviewedBy, approvedBy: actor.id, reasons: reasons.length },
  });
  return saved;
}
