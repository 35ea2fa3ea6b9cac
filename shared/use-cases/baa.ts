/**
 * BAA management: request, document versions, clause review, signature, termination, renewal,
 * deletion under retention. Every status change goes through the pure lifecycle (baa-lifecycle.ts)
 * and lands in the audit trail; the vendor item mirrors the main BAA's status for lists and gates.
 */
import { randomUUID } from 'node:crypto';
import { baaKey } from '../adapters/dynamodb/baa-repository.ts';
import type { Deps } from '../composition.ts';
import { BAA_CHECKLIST_V1 } from '../content/baa-clauses.v1.ts';
import { suggestClauseFindings } from '../domain/baa-clause-detection.ts';
import { evaluateClauseReview } from '../domain/baa-clause-rules.ts';
import { transition } from '../domain/baa-lifecycle.ts';
import { canDelete } from '../domain/baa-retention.ts';
import { clearDue, scheduleDue } from '../domain/due-index.ts';
import { extractText, matchesDeclaredType } from '../domain/file-signature.ts';
import { checkUpload, MAX_UPLOAD_BYTES } from '../domain/upload-policy.ts';
import { baaRequestEmail } from '../email/baa-emails.ts';
import { replyToOf } from '../email/compose.ts';
import { AppError, notFound } from '../errors.ts';
import { sha256Hex } from '../ids.ts';
import { humanDate } from '../labels.ts';
import type { BaaEvent } from '../schemas/baa.ts';
import {
  BaaDecisionRequest,
  type BaaDocument,
  type BaaRecord,
  BaaUploadRequest,
  ClauseReviewRequest,
  RegisterBaaDocumentRequest,
  TerminateBaaRequest,
} from '../schemas/baa-record.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { type Actor, SYSTEM } from './actor.ts';
import { audit } from './audit.ts';
import { notify } from './notify.ts';
import { policiesOf } from './policies.ts';
import { issueBaaLink } from './portal-links.ts';
import { parseInput } from './validation.ts';

export const MAIN_BAA = 'main';

async function loadBaa(deps: Deps, vendorId: string, baaId: string): Promise<BaaRecord> {
  const baa = await deps.baas.get(vendorId, baaId);
  if (!baa) throw notFound('BAA', `${vendorId}/${baaId}`);
  return baa;
}

/** Applies a lifecycle event or refuses with a 409 naming the current status. */
function applyEvent(baa: BaaRecord, event: BaaEvent, actor: Actor, at: string, note?: string): BaaRecord {
  const result = transition(baa.status, event);
  if (!result.ok)
    throw new AppError(result.code, result.message, 409, { status: baa.status, event: event.type });
  return {
    ...baa,
    status: result.status,
    history: [
      ...baa.history,
      {
        at,
        actor: actor.id,
        event: event.type,
        from: baa.status,
        to: result.status,
        ...(note ? { note } : {}),
      },
    ],
    updatedAt: at,
  };
}

/** Keeps `vendor.baaStatus` equal to the main BAA's status (lists, the board and the approval gate read it). */
export async function mirrorOnVendor(deps: Deps, baa: BaaRecord, extra: Partial<Vendor> = {}) {
  if (baa.id !== MAIN_BAA) return;
  for (let attempt = 0; attempt < 3; attempt++) {
    const vendor = await deps.vendors.get(baa.vendorId);
    if (!vendor) return;
    try {
      await deps.vendors.save({ ...vendor, baaStatus: baa.status, ...extra, updatedAt: baa.updatedAt });
      return;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'version_conflict')) throw error;
    }
  }
}

async function saveBaa(deps: Deps, baa: BaaRecord, extra: Partial<Vendor> = {}) {
  const saved = await deps.baas.save(baa);
  await mirrorOnVendor(deps, saved, extra);
  return saved;
}

function newBaa(vendor: Vendor, id: string, party: BaaRecord['party'], now: string): BaaRecord {
  return {
    id,
    vendorId: vendor.id,
    vendorName: vendor.name,
    party,
    status: 'required',
    documents: [],
    history: [{ at: now, actor: 'system', event: 'require', from: 'not_required', to: 'required' }],
    createdAt: now,
    updatedAt: now,
    version: 1,
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

/** The vendor's main BAA record, created as `required` when the vendor handles PHI. */
export async function ensureMainBaa(deps: Deps, vendor: Vendor): Promise<BaaRecord | undefined> {
  const existing = await deps.baas.get(vendor.id, MAIN_BAA);
  if (existing || !vendor.baaRequired) return existing;
  await deps.baas.createIfAbsent(
    newBaa(vendor, MAIN_BAA, { type: 'vendor', name: vendor.name }, deps.clock.now().toISOString()),
  );
  return deps.baas.get(vendor.id, MAIN_BAA);
}

export { issueBaaLink } from './portal-links.ts';

/**
 * Emails the BAA request and moves the BAA from required to sent. Idempotent: a BAA already past
 * `required` is left alone (the launch workflow calls this again for PHI vendors).
 */
export async function requestBaa(deps: Deps, input: { vendorId: string }) {
  const vendor = await deps.vendors.get(input.vendorId);
  if (!vendor) throw notFound('Vendor', input.vendorId);
  const baa = await ensureMainBaa(deps, vendor);
  if (baa?.status !== 'required') return { requested: false, status: baa?.status ?? 'not_required' };
  const email = baaRequestEmail({
    vendorName: vendor.name,
    contactName: vendor.contactName,
    organisation: deps.config.organisation,
    portalUrl: await issueBaaLink(deps, vendor),
    replyTo: deps.config.mail.compliance[0] ?? deps.config.mail.from,
  });
  await deps.mailer.send({
    to: [vendor.contactEmail],
    kind: 'baa-request',
    replyTo: replyToOf(deps.config, 'compliance'),
    ...email,
  });
  const at = deps.clock.now().toISOString();
  const saved = await saveBaa(deps, applyEvent(baa, { type: 'send' }, SYSTEM, at));
  await audit(deps, {
    vendorId: vendor.id,
    actor: SYSTEM,
    action: 'baa.requested',
    target: { type: 'baa', id: `${vendor.id}/${baa.id}` },
    summary: `Emailed the BAA request to ${vendor.name}`,
    before: { status: 'required' },
    after: { status: saved.status },
  });
  return { requested: true, status: saved.status };
}

/** A presigned upload for a redline or signed copy (type and size checked before any byte moves). */
export async function createBaaUpload(deps: Deps, vendorId: string, baaId: string, body: unknown) {
  const request = parseInput(BaaUploadRequest, body, 'upload request');
  assertOpenForDocuments(await loadBaa(deps, vendorId, baaId));
  const check = checkUpload(request);
  if (!check.ok) throw new AppError(check.code, check.message, check.code === 'file_too_large' ? 413 : 400);
  if (
    request.contentType !== 'application/pdf' &&
    !request.contentType.includes('wordprocessingml') &&
    request.contentType !== 'text/plain'
  ) {
    throw new AppError('unsupported_type', 'A BAA must be a PDF, a Word document or a text file', 400);
  }
  const safeName = request.fileName.replace(/[^\w.\- ]/g, '_');
  const key = `baa/${vendorId}/${baaId}/${randomUUID()}/${safeName}`;
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
  if (!request.key.startsWith(`baa/${vendorId}/${baaId}/`)) {
    throw new AppError(
      'invalid_document',
      'This file was not uploaded for this agreement; upload it again',
      400,
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
  if (!matchesDeclaredType(bytes, contentType)) {
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
  let next: BaaRecord = { ...baa, documents: [...baa.documents, document], review: undefined, updatedAt: at };
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
  const baa = await loadBaa(deps, vendorId, baaId);
  if (baa.status !== 'under_review') {
    throw new AppError(
      'baa_not_under_review',
      `A BAA that is ${baa.status.replace('_', ' ')} cannot be reviewed; it needs an uploaded document first`,
      409,
    );
  }
  const review = { checklistVersion: BAA_CHECKLIST_V1.version, ...request };
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
    },
    updatedAt: at,
  });
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.reviewed',
    target: { type: 'baa', id: `${vendorId}/${baaId}` },
    summary: `Clause review: ${evaluation.summary.present} present, ${evaluation.summary.missing} missing, ${evaluation.summary.deviates} deviating, ${evaluation.summary.unreviewed} unreviewed; ${evaluation.canSign ? 'can be signed' : `${evaluation.blockers.length} blocker(s)`}`,
    after: {
      canSign: evaluation.canSign,
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
    const saved = await saveBaa(deps, applyEvent(baa, { type: 'request_changes' }, actor, at, request.note));
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

  // Signing: the clause review must allow it and a signed copy must be on file.
  if (!baa.review) throw new AppError('review_required', 'Record the clause review before signing', 409);
  if (!baa.review.canSign) {
    throw new AppError(
      'baa_not_signable',
      `The BAA cannot be signed: ${baa.review.blockers.map((b) => b.message).join('; ')}`,
      409,
      {
        blockers: baa.review.blockers,
      },
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
  if (request.expiresAt <= request.effectiveAt)
    throw new AppError('invalid_term', 'The expiry must be after the effective date', 400);
  if (request.expiresAt <= at) throw new AppError('invalid_term', 'The agreement has already expired', 400);
  const signed = applyEvent(
    baa,
    { type: 'sign', effectiveAt: request.effectiveAt, expiresAt: request.expiresAt },
    actor,
    at,
    `signed copy v${signedCopy.version}`,
  );
  const saved = await saveBaa(
    deps,
    {
      ...signed,
      effectiveAt: request.effectiveAt,
      expiresAt: request.expiresAt,
      signedAt: at,
      // Expiry and renewal ride the same due index and ladder as every other deadline.
      ...scheduleDue(policiesOf(deps).escalation, baaKey(baa), {
        kind: 'baa_expiry',
        dueAt: request.expiresAt,
      }),
    },
    { approvalLapsed: false },
  );
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.signed',
    target: { type: 'baa', id: `${vendorId}/${baaId}` },
    summary: `Marked the BAA signed (copy v${signedCopy.version}, sha256 ${signedCopy.sha256.slice(0, 16)}…), effective ${humanDate(request.effectiveAt)} to ${humanDate(request.expiresAt)}`,
    before: { status: baa.status },
    after: { status: 'signed', effectiveAt: request.effectiveAt, expiresAt: request.expiresAt },
  });
  await notify(deps, vendor, {
    type: 'baa_signed',
    effectiveAt: request.effectiveAt,
    expiresAt: request.expiresAt,
  });
  return saved;
}

export async function terminateBaa(deps: Deps, actor: Actor, vendorId: string, baaId: string, body: unknown) {
  const request = parseInput(TerminateBaaRequest, body, 'termination');
  const baa = await loadBaa(deps, vendorId, baaId);
  const at = deps.clock.now().toISOString();
  const saved = await saveBaa(deps, {
    ...applyEvent(baa, { type: 'terminate' }, actor, at, request.reason),
    terminatedAt: at,
    ...clearDue(),
  });
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.terminated',
    target: { type: 'baa', id: `${vendorId}/${baaId}` },
    summary: `Terminated the BAA: ${request.reason}. Kept for ${policiesOf(deps).baa.retentionYears} years.`,
  });
  return saved;
}

/** Renewal: an expiring or expired BAA goes back to `sent` and the vendor gets a fresh request. */
export async function renewBaa(deps: Deps, actor: Actor, vendorId: string, baaId: string) {
  const baa = await loadBaa(deps, vendorId, baaId);
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const at = deps.clock.now().toISOString();
  const renewed = applyEvent(baa, { type: 'renew' }, actor, at);
  const email = baaRequestEmail({
    vendorName: vendor.name,
    contactName: vendor.contactName,
    organisation: deps.config.organisation,
    portalUrl: await issueBaaLink(deps, vendor),
    replyTo: deps.config.mail.compliance[0] ?? deps.config.mail.from,
    renewal: true,
  });
  await deps.mailer.send({
    to: [vendor.contactEmail],
    kind: 'baa-request',
    replyTo: replyToOf(deps.config, 'compliance'),
    ...email,
  });
  // The previous agreement's terms stay in the history; the review starts over for the new document.
  const saved = await saveBaa(deps, { ...renewed, review: undefined, ...clearDue() });
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.renewal_requested',
    target: { type: 'baa', id: `${vendorId}/${baaId}` },
    summary: `Requested the renewal of the BAA that ${baa.status === 'expired' ? 'expired' : 'expires'} ${humanDate(baa.expiresAt)}`,
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

/** The sweep's effect on a BAA when a ladder step fires: expiring at the first reminder, expired at the date. */
export function baaStatusAfterStep(baa: BaaRecord, offsetDays: number, at: string): BaaRecord {
  const event: BaaEvent | null =
    offsetDays >= 0
      ? baa.status === 'signed' || baa.status === 'expiring'
        ? { type: 'expire' }
        : null
      : baa.status === 'signed'
        ? { type: 'mark_expiring' }
        : null;
  if (!event) return baa;
  return applyEvent(baa, event, SYSTEM, at);
}
