/**
 * BAA documents: presigned uploads of a redline or signed copy, and registering an uploaded file as
 * the next document version (read back, checked for size and type, hashed, clause findings suggested).
 */
import { bytesMatchDeclaredType } from '../adapters/file-format.ts';
import type { Deps } from '../composition.ts';
import { BAA_CHECKLIST_V1 } from '../content/baa-clauses.v1.ts';
import { suggestClauseFindings } from '../domain/baa-clause-detection.ts';
import { clearDue } from '../domain/due-index.ts';
import { extractText } from '../domain/file-signature.ts';
import { checkUpload, MAX_UPLOAD_BYTES } from '../domain/upload-policy.ts';
import { AppError } from '../errors.ts';
import { sha256Hex } from '../ids.ts';

import {
  type BaaDocument,
  type BaaRecord,
  BaaUploadRequest,
  RegisterBaaDocumentRequest,
} from '../schemas/baa-record.ts';
import { type Actor, SYSTEM } from './actor.ts';
import { audit } from './audit.ts';
import { applyEvent, loadBaa, saveBaa } from './baa-records.ts';
import { findIssuedUpload, issueUploadKey } from './upload-keys.ts';

import { parseInput } from './validation.ts';

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
