/**
 * Upload keys are issued by the server, never built by a client.
 *
 * Issuing (at presign time) records the key with what it is for: evidence of one assessment, or a
 * document of one vendor's BAA. Registering an upload (questionnaire submit, fix report, BAA
 * document) accepts only a key issued for that same assessment or BAA; a client-built path, a
 * `../` path, or a key issued to another vendor or assessment is refused. Registration then reads
 * the stored object and keeps what S3 holds (size, type, SHA-256, version id), never the client's
 * claim; the pinned version id names those exact bytes even if the key is written again later.
 *
 * Table item: PK `UPLOAD#<key>`, SK `ISSUED` (one get per registered file). The record is only
 * needed until its file is registered (drafts re-register on each save), so it carries `purgeAt`:
 * DynamoDB's TTL deletes it `ISSUED_UPLOAD_RETENTION_DAYS` later (policy: longer than any
 * questionnaire, BAA or incident exchange stays open; the registered reference keeps every fact).
 */
import { randomUUID } from 'node:crypto';
import { purgeAfterDays } from '../adapters/dynamodb/table-layout.ts';
import { bytesMatchDeclaredType } from '../adapters/file-format.ts';
import type { Deps } from '../composition.ts';
import { MAX_UPLOAD_BYTES } from '../domain/upload-policy.ts';
import { AppError } from '../errors.ts';

export type UploadScope =
  | { kind: 'evidence'; vendorId: string; assessmentId: string }
  | { kind: 'baa'; vendorId: string; baaId: string }
  /** Notice evidence of a vendor incident (a sample letter, the HHS confirmation). */
  | { kind: 'incident'; vendorId: string; incidentId: string }
  // Assurance documents of a vendor, and the written analysis of one annual verification (assurance.ts).
  | { kind: 'assurance'; vendorId: string }
  | { kind: 'verification'; vendorId: string; verificationId: string };

export interface IssuedUpload {
  key: string;
  kind: UploadScope['kind'];
  vendorId: string;
  assessmentId?: string;
  baaId?: string;
  incidentId?: string;
  verificationId?: string;
  /** The question or finding the file was uploaded for (`general` when none was named). */
  purpose: string;
  /** What the client declared when it asked for the URL (the signed type and length). */
  fileName: string;
  contentType: string;
  size: number;
  issuedAt: string;
  issuedBy: string;
}

/**
 * The facts pinned when an upload is registered, all read from the stored object. Evidence
 * references (EvidenceRef) and BAA documents (BaaDocument, as `s3VersionId`) carry these.
 */
export interface PinnedFile {
  key: string;
  versionId?: string;
  sha256: string;
  size: number;
  contentType: string;
}

const recordKey = (key: string) => ({ PK: `UPLOAD#${key}`, SK: 'ISSUED' });
const safeName = (fileName: string) => fileName.replace(/[^\w.\- ]/g, '_');

function prefixOf(scope: UploadScope, purpose: string) {
  switch (scope.kind) {
    case 'evidence':
      return `evidence/${scope.assessmentId}/${purpose}`;
    case 'incident':
      return `evidence/${scope.incidentId}/${purpose}`;
    case 'baa':
      return `baa/${scope.vendorId}/${scope.baaId}`;
    case 'assurance':
      return `assurance/${scope.vendorId}`;
    case 'verification':
      return `verification/${scope.vendorId}/${scope.verificationId}`;
  }
}

/** The owner id an issued record carries for its scope (none for the vendor's assurance documents). */
function ownerOf(
  scope: UploadScope,
): Partial<Record<'assessmentId' | 'incidentId' | 'baaId' | 'verificationId', string>> {
  switch (scope.kind) {
    case 'evidence':
      return { assessmentId: scope.assessmentId };
    case 'incident':
      return { incidentId: scope.incidentId };
    case 'baa':
      return { baaId: scope.baaId };
    case 'assurance':
      return {};
    case 'verification':
      return { verificationId: scope.verificationId };
  }
}

/** Policy: how long an issued-upload record outlives its issue (see the header). */
export const ISSUED_UPLOAD_RETENTION_DAYS = 180;

/** Creates and records a fresh key for a file the client is about to upload. */
export async function issueUploadKey(
  deps: Deps,
  scope: UploadScope,
  file: { fileName: string; contentType: string; size: number; purpose?: string },
  issuedBy: string,
): Promise<IssuedUpload> {
  const purpose = file.purpose ?? 'general';
  const issued: IssuedUpload = {
    key: `${prefixOf(scope, purpose)}/${randomUUID()}/${safeName(file.fileName)}`,
    kind: scope.kind,
    vendorId: scope.vendorId,
    ...ownerOf(scope),
    purpose,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.size,
    issuedAt: deps.clock.now().toISOString(),
    issuedBy,
  };
  const purgeAt = purgeAfterDays(deps.clock.now(), ISSUED_UPLOAD_RETENTION_DAYS);
  if (!(await deps.store.create({ ...recordKey(issued.key), entity: 'IssuedUpload', ...issued, purgeAt }))) {
    throw new Error('Upload key collision');
  }
  return issued;
}

function belongsTo(issued: IssuedUpload, scope: UploadScope) {
  if (issued.kind !== scope.kind || issued.vendorId !== scope.vendorId) return false;
  return Object.entries(ownerOf(scope)).every(([field, id]) => issued[field as keyof IssuedUpload] === id);
}

/**
 * The issue record of `key` when it was issued for `scope`; otherwise undefined (never issued, or
 * issued to someone else: the caller answers both the same way, so keys cannot be probed).
 */
export async function findIssuedUpload(
  deps: Deps,
  key: string,
  scope: UploadScope,
): Promise<IssuedUpload | undefined> {
  const issued = await deps.store.get<IssuedUpload>(recordKey(key));
  return issued && issued.key === key && belongsTo(issued, scope) ? issued : undefined;
}

export type PinProblem = 'missing' | 'empty' | 'too_large' | 'mislabelled';

export const PIN_PROBLEMS: Record<PinProblem, string> = {
  missing: 'was never uploaded (or the upload did not finish)',
  empty: 'is empty',
  too_large: `is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`,
  mislabelled: 'does not contain what its type says (for example a renamed file)',
};

/**
 * Reads the stored object behind an issued key and pins it, or names what is wrong with it:
 * missing, empty, over the limit, or bytes that do not match the stored type.
 */
export async function pinStoredUpload(
  deps: Deps,
  key: string,
): Promise<{ ok: true; file: PinnedFile } | { ok: false; problem: PinProblem }> {
  const stored = await deps.documents.inspect(key, MAX_UPLOAD_BYTES);
  if (!stored) return { ok: false, problem: 'missing' };
  if (stored.size === 0) return { ok: false, problem: 'empty' };
  if (stored.size > MAX_UPLOAD_BYTES || !stored.sha256 || !stored.bytes)
    return { ok: false, problem: 'too_large' };
  // Staff open these files: the bytes must be what the type claims (a renamed page is not a PDF).
  if (!(await bytesMatchDeclaredType(stored.bytes, stored.contentType)))
    return { ok: false, problem: 'mislabelled' };
  return {
    ok: true,
    file: {
      key,
      ...(stored.versionId ? { versionId: stored.versionId } : {}),
      sha256: stored.sha256,
      size: stored.size,
      contentType: stored.contentType,
    },
  };
}

/** The error every registration answers for a key it did not issue to this caller. */
export function notIssuedError(code: string, what: string) {
  return new AppError(code, `${what} was not uploaded through this page; upload it again`, 400);
}
