/**
 * BAA management: request (with a response deadline), document versions, clause review, second
 * approval, signature, deletion under retention; termination, renewal and periodic review live in
 * baa-end-of-life.ts and are re-exported here. Every status change goes through the pure lifecycle (baa-lifecycle.ts)
 * and lands in the audit trail; the vendor item mirrors the main BAA's status for lists and gates.
 */
import { baaKey } from '../adapters/dynamodb/baa-repository.ts';
import { bytesMatchDeclaredType } from '../adapters/file-format.ts';
import type { Deps } from '../composition.ts';
import { BAA_CHECKLIST_V1 } from '../content/baa-clauses.v1.ts';
import { suggestClauseFindings } from '../domain/baa-clause-detection.ts';
import { evaluateClauseReview } from '../domain/baa-clause-rules.ts';
import { canDelete } from '../domain/baa-retention.ts';
import { clearDue, scheduleDue } from '../domain/due-index.ts';
import { extractText } from '../domain/file-signature.ts';
import { DAY_MS } from '../domain/time.ts';
import { checkUpload, MAX_UPLOAD_BYTES } from '../domain/upload-policy.ts';
import { baaRequestEmail } from '../email/baa-emails.ts';
import { replyToOf } from '../email/compose.ts';
import { AppError, notFound } from '../errors.ts';
import { sha256Hex } from '../ids.ts';
import { humanDate } from '../labels.ts';

import {
  BaaDecisionRequest,
  type BaaDocument,
  type BaaRecord,
  BaaUploadRequest,
  ClauseReviewRequest,
  RegisterBaaDocumentRequest,
} from '../schemas/baa-record.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { type Actor, requireCompliance, SYSTEM } from './actor.ts';
import { audit } from './audit.ts';
import { nextReviewDueAt } from './baa-end-of-life.ts';
import { applyEvent, ensureMainBaa, loadBaa, newBaa, saveBaa, saveBaaAndVendor } from './baa-records.ts';
import { incidentUrlOf } from './incident-link.ts';
import { notify } from './notify.ts';
import { policiesOf } from './policies.ts';
import { issueBaaLink } from './portal-links.ts';
import { findIssuedUpload, issueUploadKey } from './upload-keys.ts';

import { parseInput } from './validation.ts';

export {
  attestReturnOrDestroy,
  recordPeriodicReview,
  recordReturnInfeasible,
  renewBaa,
  terminateBaa,
} from './baa-end-of-life.ts';
export {
  approvalLapses,
  baaStatusAfterStep,
  ensureMainBaa,
  issueBaaLink,
  MAIN_BAA,
  mirrorOnVendor,
} from './baa-records.ts';

/** The response deadline of a BAA request, unless a renewal's expiry ladder already holds the item. */
function responseDue(deps: Deps, baa: BaaRecord, now: Date) {
  if (baa.due && baa.due.kind !== 'baa_response') return {};
  const responseDueAt = new Date(now.getTime() + policiesOf(deps).baa.responseDays * DAY_MS).toISOString();
  return {
    responseDueAt,
    ...scheduleDue(policiesOf(deps).escalation, baaKey(baa), { kind: 'baa_response', dueAt: responseDueAt }),
  };
}

/**
 * Documents are taken while the agreement is being negotiated; a signed, expired or terminated
 * BAA is a record and its document list no longer changes (renewal reopens it).
 */
function assertOpenForDocuments(baa: BaaRecord) {
  if (!['required', 'sent', 'changes_requested', 'under_review'].includes(baa.status)) {
    throw new AppError(
      'baa_not_open_for_documents',
      `The agreement is ${baa.status.replaceAll('_', ' ')}: no document can be added now`,
      409,
    );
  }
}

/**
 * Emails the BAA request and moves the BAA from required to sent. Idempotent: a BAA already past
 * `required` is left alone (the launch workflow calls this again for PHI vendors).
 */
export async function requestBaa(
  deps: Deps,
  input: { vendorId: string },
  /** A vendor registered in this request with its BAA record and link already written (register-vendor.ts). */
  fresh?: {
    vendor: Vendor;
    baa: BaaRecord;
    portalUrl: string;
    incidentUrl?: string;
    /** false: the caller records the request in its own audit event (one event per request). */
    audited?: boolean;
  },
) {
  // The vendor with its incident link (the email's footer) in one read, unless the caller has them.
  const read = fresh ? undefined : await deps.vendors.getWithIncidentLink(input.vendorId);
  const vendor = fresh?.vendor ?? read?.vendor;
  if (!vendor) throw notFound('Vendor', input.vendorId);
  const incidentUrl =
    fresh?.incidentUrl ?? (read?.incidentToken ? incidentUrlOf(deps, read.incidentToken) : undefined);
  const baa = fresh?.baa ?? (await ensureMainBaa(deps, vendor));
  if (baa?.status !== 'required') return { requested: false, status: baa?.status ?? 'not_required' };
  const email = baaRequestEmail({
    vendorName: vendor.name,
    contactName: vendor.contactName,
    organisation: deps.config.organisation,
    portalUrl: fresh?.portalUrl ?? (await issueBaaLink(deps, vendor)),
    replyTo: deps.config.mail.compliance[0] ?? deps.config.mail.from,
  });
  await deps.mailer.send({
    to: [vendor.contactEmail],
    vendorId: vendor.id,
    ...(incidentUrl ? { incidentUrl } : {}),
    kind: 'baa-request',
    replyTo: replyToOf(deps.config, 'compliance'),
    ...email,
  });
  const now = deps.clock.now();
  const at = now.toISOString();
  const { saved, vendor: mirrored } = await saveBaaAndVendor(
    deps,
    { ...applyEvent(baa, { type: 'send' }, SYSTEM, at), ...responseDue(deps, baa, now) },
    {},
    fresh?.vendor,
  );
  if (fresh?.audited === false) {
    return {
      requested: true,
      status: saved.status,
      vendor: mirrored,
      ...(saved.responseDueAt ? { responseDueAt: saved.responseDueAt } : {}),
    };
  }
  await audit(deps, {
    vendorId: vendor.id,
    actor: SYSTEM,
    action: 'baa.requested',
    target: { type: 'baa', id: `${vendor.id}/${baa.id}` },
    summary: `Emailed the BAA request to ${vendor.name}${saved.responseDueAt ? `; due back ${humanDate(saved.responseDueAt)}` : ''}`,
    before: { status: 'required' },
    after: { status: saved.status },
  });
  return { requested: true, status: saved.status, vendor: mirrored };
}

/** A presigned upload for a redline or signed copy (type and size checked before any byte moves). */
export async function createBaaUpload(
  deps: Deps,
  vendorId: string,
  baaId: string,
  body: unknown,
  actor: Actor = SYSTEM,
) {
  const request = parseInput(BaaUploadRequest, body, 'upload request');
  const baa = await loadBaa(deps, vendorId, baaId);
  if (request.kind === 'certificate') {
    // A certificate of return or destruction, only while that task is open after termination.
    if (baa.returnOrDestroy?.status !== 'pending') {
      throw new AppError(
        'return_not_pending',
        'A certificate of destruction is only taken after termination, while return or destruction is pending',
        409,
      );
    }
  } else {
    assertOpenForDocuments(baa);
  }
  const check = checkUpload(request);
  if (!check.ok) throw new AppError(check.code, check.message, check.code === 'file_too_large' ? 413 : 400);
  if (
    request.contentType !== 'application/pdf' &&
    !request.contentType.includes('wordprocessingml') &&
    request.contentType !== 'text/plain'
  ) {
    throw new AppError('unsupported_type', 'A BAA must be a PDF, a Word document or a text file', 400);
  }
  const { key } = await issueUploadKey(deps, { kind: 'baa', vendorId, baaId }, request, actor.id);
  return {
    uploadUrl: await deps.documents.presignUpload(key, request.contentType, request.size),
    method: 'PUT',
    headers: { 'content-type': request.contentType },
    key,
    kind: request.kind,
    fileName: request.fileName,
  };
}

/**
 * Registers an uploaded file as the next version: reads it back, refuses empty, oversized or
 * mislabelled files, records its SHA-256, who and when, and suggests clause findings from its text.
 */
export async function registerBaaDocument(
  deps: Deps,
  actor: Actor,
  vendorId: string,
  baaId: string,
  body: unknown,
  /**
   * Reads the document's text for clause suggestions. The HTTP routes pass the real parsers
   * (shared/documents/document-text.ts, loaded lazily); the default reads plain text and
   * uncompressed PDFs only, keeping the parsers out of every other bundle that imports this module.
   */
  readText: (bytes: Uint8Array, contentType: string) => Promise<string> | string = extractText,
) {
  const request = parseInput(RegisterBaaDocumentRequest, body, 'document');
  const baa = await loadBaa(deps, vendorId, baaId);
  assertOpenForDocuments(baa);
  // Only a key this product issued for this vendor's agreement (never a client-built path).
  if (!(await findIssuedUpload(deps, request.key, { kind: 'baa', vendorId, baaId }))) {
    throw new AppError(
      'invalid_document',
      'This file was not uploaded for this agreement; upload it again',
      400,
    );
  }
  if (baa.documents.some((d) => d.key === request.key)) {
    throw new AppError(
      'document_already_registered',
      'This file is already registered as a version of the agreement',
      409,
    );
  }
  const head = await deps.documents.head(request.key);
  if (!head)
    throw new AppError('upload_missing', 'The file has not arrived yet: upload it, then register it', 400);
  if (head.size === 0) throw new AppError('empty_file', 'The file is empty', 400);
  if (head.size > MAX_UPLOAD_BYTES) throw new AppError('file_too_large', 'Files are limited to 10 MB', 413);
  const contentType = head.contentType ?? 'application/octet-stream';
  // Hash exactly the version that is pinned (a re-upload to the same key cannot slip in between).
  const bytes = await deps.documents.get(request.key, head.versionId);
  if (!(await bytesMatchDeclaredType(bytes, contentType))) {
    throw new AppError(
      'content_mismatch',
      `The file's contents are not a valid ${contentType} document`,
      400,
    );
  }
  const text = await readText(bytes, contentType);
  const detection = text ? suggestClauseFindings(BAA_CHECKLIST_V1, text) : undefined;
  const at = deps.clock.now().toISOString();
  const document: BaaDocument = {
    version: baa.documents.length + 1,
    kind: request.kind,
    key: request.key,
    ...(head.versionId ? { s3VersionId: head.versionId } : {}),
    fileName: request.fileName,
    contentType,
    size: bytes.byteLength,
    sha256: sha256Hex(bytes),
    uploadedBy: actor.id,
    uploadedAt: at,
    ...(detection
      ? {
          suggestions: {
            present: detection.clauses.filter((c) => c.suggested === 'present').map((c) => c.clauseId),
            notFound: detection.clauses.filter((c) => c.suggested !== 'present').map((c) => c.clauseId),
            noticeWindowDays: detection.noticeWindowDays,
          },
        }
      : {}),
  };
  // A new document voids any review of an earlier one: what gets signed is what was reviewed.
  let next: BaaRecord = {
    ...baa,
    documents: [...baa.documents, document],
    review: undefined,
    updatedAt: at,
    // The vendor answered the request: its response ladder stops (a renewal's expiry ladder runs on).
    ...(baa.due?.kind === 'baa_response' ? { ...clearDue(), responseDueAt: undefined } : {}),
  };
  if (['sent', 'changes_requested', 'under_review'].includes(baa.status)) {
    next = applyEvent(next, { type: 'receive_document' }, actor, at, `${request.kind} v${document.version}`);
  }
  const saved = await saveBaa(deps, next);
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.document_uploaded',
    target: { type: 'baa', id: `${vendorId}/${baaId}` },
    summary: `Uploaded ${request.kind} copy v${document.version} (${document.fileName}, sha256 ${document.sha256.slice(0, 16)}…)`,
    after: { version: document.version, sha256: document.sha256, size: document.size },
  });
  return saved;
}

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
    summary: `Clause review: ${evaluation.summary.present} present, ${evaluation.summary.equivalent} equivalent, ${evaluation.summary.missing} missing, ${evaluation.summary.deviates} deviating, ${evaluation.summary.unreviewed} unreviewed, ${review.exceptions?.length ?? 0} exception(s); ${evaluation.canSign ? (evaluation.needsSecondApproval ? 'can be signed once a second compliance user approves' : 'can be signed') : `${evaluation.blockers.length} blocker(s)`}`,
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

/** Deleting is refused while HIPAA retention runs (6 years after termination or last effective date). */
export async function deleteBaa(deps: Deps, actor: Actor, vendorId: string, baaId: string) {
  const baa = await loadBaa(deps, vendorId, baaId);
  const check = canDelete(baa, deps.clock.now(), policiesOf(deps).baa);
  if (!check.ok) throw new AppError(check.code, check.message, 409, { retainUntil: check.retainUntil });
  await deps.baas.delete(baa);
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.deleted',
    target: { type: 'baa', id: `${vendorId}/${baaId}` },
    summary: `Deleted the BAA record after its retention period`,
  });
  return { deleted: true };
}

/** A subcontractor the vendor declares that handles our PHI: its sub-BAA is tracked like the vendor's own. */
export async function addSubcontractorBaa(deps: Deps, actor: Actor, vendorId: string, name: string) {
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const id = `sub-${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'unnamed'
  }`;
  const created = await deps.baas.createIfAbsent(
    newBaa(vendor, id, { type: 'subcontractor', name }, deps.clock.now().toISOString()),
  );
  if (!created)
    throw new AppError('subcontractor_exists', `A BAA for subcontractor "${name}" is already tracked`, 409);
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.subcontractor_added',
    target: { type: 'baa', id: `${vendorId}/${id}` },
    summary: `Tracking the subcontractor BAA of ${name} (164.502(e)(1)(ii))`,
  });
  return loadBaa(deps, vendorId, id);
}
