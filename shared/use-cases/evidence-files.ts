/**
 * Evidence files after submission: pinning (what the reviewer opens is what was submitted), the
 * catalogue of an assessment's files (questionnaire answers, fix reports, clarification replies)
 * and opening one, by staff or by the vendor through its own link.
 *
 * Pinning (shared/use-cases/upload-keys.ts) reads the stored object once when the file is
 * registered and records its S3 version id and the SHA-256 of its bytes on the evidence reference.
 * Opening asks S3 for that version (a new write of the same key is a new version and changes
 * nothing); where the store reports no version id, the bytes are read and checked against the
 * hash, and a changed file is refused rather than shown.
 */
import type { Deps } from '../composition.ts';
import { AppError } from '../errors.ts';
import { sha256Hex } from '../ids.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { Finding } from '../schemas/finding.ts';
import type { EvidenceRef } from '../schemas/questionnaire.ts';
import type { Clarification } from '../schemas/review-desk.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { findIssuedUpload, PIN_PROBLEMS, pinStoredUpload } from './upload-keys.ts';

/**
 * Pins the files of a clarification reply the way every registration does (upload-keys.ts): each key
 * must have been issued for this assessment, and the reference keeps what the store holds.
 */
export async function pinEvidence(
  deps: Deps,
  refs: readonly EvidenceRef[],
  scope: { vendorId: string; assessmentId: string; questionId?: string },
): Promise<EvidenceRef[]> {
  const pinned: EvidenceRef[] = [];
  for (const ref of refs) {
    const refuse = (problem: string, message = `The file ${problem}`) =>
      new AppError('invalid_evidence', `Evidence "${ref.name}" ${problem}; upload it again`, 400, [
        { ...(scope.questionId ? { questionId: scope.questionId } : {}), code: 'invalid_evidence', message },
      ]);
    const issued = await findIssuedUpload(deps, ref.key, {
      kind: 'evidence',
      vendorId: scope.vendorId,
      assessmentId: scope.assessmentId,
    });
    if (!issued) throw refuse('was not uploaded through this portal', 'Upload the file again from this page');
    const result = await pinStoredUpload(deps, ref.key);
    if (!result.ok) throw refuse(PIN_PROBLEMS[result.problem]);
    const { file } = result;
    pinned.push({
      key: file.key,
      name: issued.fileName,
      size: file.size,
      contentType: file.contentType,
      sha256: file.sha256,
      ...(file.versionId ? { versionId: file.versionId } : {}),
    });
  }
  return pinned;
}

export type EvidenceSource = 'answer' | 'fix_report' | 'clarification';

export interface EvidenceFile {
  /** Stable id of the file within its assessment (from its key). */
  fileId: string;
  source: EvidenceSource;
  questionId: string | null;
  findingId: string | null;
  ref: EvidenceRef;
}

export const fileIdOf = (ref: Pick<EvidenceRef, 'key'>) => sha256Hex(ref.key).slice(0, 32);

const isRef = (v: unknown): v is EvidenceRef =>
  typeof v === 'object' && v !== null && typeof (v as EvidenceRef).key === 'string';

/** Every evidence file of an assessment: answers, fix reports, clarification replies (deduplicated by key). */
export function evidenceCatalogue(input: {
  assessment: Pick<Assessment, 'answers' | 'questionnaire'>;
  findings: readonly Finding[];
  clarifications: readonly Clarification[];
}): EvidenceFile[] {
  const files = new Map<string, EvidenceFile>();
  const add = (
    ref: EvidenceRef,
    source: EvidenceSource,
    questionId: string | null,
    findingId: string | null,
  ) => {
    const fileId = fileIdOf(ref);
    if (!files.has(fileId)) files.set(fileId, { fileId, source, questionId, findingId, ref });
  };
  for (const q of input.assessment.questionnaire?.questions ?? []) {
    const value = input.assessment.answers[q.id];
    if (q.type === 'evidence' && Array.isArray(value)) {
      for (const ref of value.filter(isRef)) add(ref, 'answer', q.id, null);
    }
  }
  for (const f of input.findings) {
    for (const ref of f.fixReport?.evidence ?? []) add(ref, 'fix_report', f.questionId, f.id);
  }
  for (const c of input.clarifications) {
    for (const m of c.messages) for (const ref of m.evidence) add(ref, 'clarification', c.questionId, null);
  }
  return [...files.values()];
}

export async function catalogueOf(deps: Deps, assessment: Assessment): Promise<EvidenceFile[]> {
  const [findings, clarifications] = await Promise.all([
    deps.findings.listByAssessment(assessment.id),
    deps.reviewDesk.listClarifications(assessment.id),
  ]);
  return evidenceCatalogue({ assessment, findings, clarifications });
}

export type OpenedEvidence =
  | { kind: 'redirect'; url: string; file: EvidenceFile }
  | { kind: 'bytes'; bytes: Uint8Array; file: EvidenceFile };

/**
 * Opens one file of `assessment` for `actor` and records who opened it. A file id from another
 * assessment is simply not in this catalogue: 404, whoever asks.
 */
export async function openEvidence(
  deps: Deps,
  actor: Actor,
  assessment: Assessment,
  fileId: string,
): Promise<OpenedEvidence> {
  const file = (await catalogueOf(deps, assessment)).find((f) => f.fileId === fileId);
  if (!file) throw new AppError('not_found', 'There is no such evidence file in this assessment', 404);
  const { ref } = file;
  let opened: OpenedEvidence;
  if (ref.versionId || !ref.sha256) {
    // Pinned to an S3 version (immutable), or filed before pinning existed: S3 serves it directly.
    opened = {
      kind: 'redirect',
      url: await deps.documents.presignDownload(ref.key, ref.name, ref.versionId),
      file,
    };
  } else {
    const bytes = await deps.documents.get(ref.key);
    if (sha256Hex(bytes) !== ref.sha256) {
      throw new AppError(
        'evidence_changed',
        `The stored copy of "${ref.name}" no longer matches the file that was submitted (SHA-256 differs), so it is not shown. Ask the vendor to send it again.`,
        409,
      );
    }
    opened = { kind: 'bytes', bytes, file };
  }
  await audit(deps, {
    vendorId: assessment.vendorId,
    actor,
    action: 'evidence.opened',
    target: { type: 'evidence', id: `${assessment.id}/${fileId}` },
    summary: `${actor.role === 'vendor' ? 'The vendor' : actor.id} opened the evidence file "${ref.name}"${ref.sha256 ? ` (sha256 ${ref.sha256.slice(0, 16)}…)` : ''}`,
    after: { fileId, name: ref.name, ...(ref.sha256 ? { sha256: ref.sha256 } : {}) },
  });
  return opened;
}
