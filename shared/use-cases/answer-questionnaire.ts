/**
 * The vendor's side of an assessment: read the frozen questionnaire, save drafts, submit.
 * Drafts live server-side (resume from any device). Submit validates completeness, is idempotent
 * (an identical second submit changes nothing), persists before it answers, and starts the review.
 */

import type { Deps } from '../composition.ts';
import { validateAnswers } from '../domain/answer-validation.ts';
import { canonicalJson } from '../domain/audit-chain.ts';
import { clearDue } from '../domain/due-index.ts';
import { visibleQuestions } from '../domain/question-visibility.ts';
import { MAX_UPLOAD_BYTES } from '../domain/upload-policy.ts';
import { AppError } from '../errors.ts';
import { sha256Hex } from '../ids.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { Answers, EvidenceRef, Question } from '../schemas/questionnaire.ts';
import { audit } from './audit.ts';
import type { PortalSession } from './portal-access.ts';

const OPEN: readonly Assessment['status'][] = ['sent', 'in_progress'];

export function questionnaireView(session: PortalSession) {
  const { assessment, vendor } = session;
  // A PHI-only question never reaches a vendor without PHI, not even hidden in the payload.
  const questions = (assessment.questionnaire?.questions ?? []).filter(
    (q) => !q.phiOnly || vendor.intake.handlesPhi,
  );
  return {
    assessmentId: assessment.id,
    vendor: { id: vendor.id, name: vendor.name },
    title: assessment.questionnaire?.title ?? '',
    status: assessment.status,
    dueAt: assessment.dueAt ?? null,
    submittedAt: assessment.submittedAt ?? null,
    questions: questions.map((q) => ({
      id: q.id,
      domain: q.domain,
      title: q.title,
      text: q.text,
      help: q.help,
      type: q.type,
      ...(q.options
        ? {
            options: q.options.map((o) => ({
              value: o.value,
              label: o.label,
              exclusive: o.exclusive ?? false,
            })),
          }
        : {}),
      ...(q.type === 'yes_no' ? { allowPartial: q.allowPartial ?? false, allowNa: q.allowNa ?? false } : {}),
      ...(q.min !== undefined ? { min: q.min } : {}),
      ...(q.max !== undefined ? { max: q.max } : {}),
      ...(q.maxLength !== undefined ? { maxLength: q.maxLength } : {}),
      critical: q.critical,
      required: q.required,
      ...(q.showIf ? { showIf: q.showIf } : {}),
    })),
    visible: visibleQuestions(questions, vendor.intake, assessment.answers).map((q) => q.id),
    answers: assessment.answers,
  };
}

function answerErrors(
  errors: { questionId?: string; code: string; message: string }[],
  code: string,
  message: string,
) {
  return new AppError(code, `${message}: ${errors[0]?.message ?? ''}`.trim(), 400, errors);
}

/** Evidence must point into this assessment's own upload area: a vendor cannot cite another's files. */
function checkEvidenceKeys(questions: readonly Question[], answers: Answers, assessmentId: string) {
  const prefix = `evidence/${assessmentId}/`;
  for (const q of questions) {
    const value = answers[q.id];
    if (q.type !== 'evidence' || !Array.isArray(value)) continue;
    for (const ref of value as EvidenceRef[]) {
      if (typeof ref === 'object' && !ref.key.startsWith(prefix)) {
        throw new AppError(
          'invalid_evidence',
          `Evidence "${ref.name}" was not uploaded through this questionnaire`,
          400,
          [{ questionId: q.id, code: 'invalid_evidence', message: 'Upload the file again from this page' }],
        );
      }
    }
  }
}

/**
 * On submit every cited file must really be in the document store, non-empty and within the size
 * limit: the presigned PUT signs the length, but not every S3-compatible store enforces it.
 */
async function verifyEvidenceStored(deps: Deps, questions: readonly Question[], answers: Answers) {
  for (const q of questions) {
    const value = answers[q.id];
    if (q.type !== 'evidence' || !Array.isArray(value)) continue;
    for (const ref of value as EvidenceRef[]) {
      const stored = await deps.documents.head(ref.key);
      const problem = !stored
        ? 'was never uploaded (or the upload did not finish)'
        : stored.size === 0
          ? 'is empty'
          : stored.size > MAX_UPLOAD_BYTES
            ? 'is larger than 10 MB'
            : null;
      if (problem) {
        throw new AppError('invalid_evidence', `Evidence "${ref.name}" ${problem}; upload it again`, 400, [
          { questionId: q.id, code: 'invalid_evidence', message: `The file ${problem}` },
        ]);
      }
    }
  }
}

export async function saveDraft(deps: Deps, session: PortalSession, body: unknown) {
  const { assessment, vendor } = session;
  if (!OPEN.includes(assessment.status)) {
    throw new AppError(
      'assessment_closed',
      'This questionnaire was already submitted; it can no longer be edited',
      409,
    );
  }
  const questions = assessment.questionnaire?.questions ?? [];
  const input = (body as { answers?: unknown } | null)?.answers;
  const result = validateAnswers(questions, input, { intake: vendor.intake, mode: 'draft' });
  if (!result.ok) throw answerErrors(result.errors, 'invalid_answers', 'Some answers are not valid');
  checkEvidenceKeys(questions, result.answers, assessment.id);
  const now = deps.clock.now().toISOString();
  const saved = await deps.assessments.save({
    ...assessment,
    answers: result.answers,
    status: 'in_progress',
    draftSavedAt: now,
    updatedAt: now,
  });
  const visible = visibleQuestions(questions, vendor.intake, saved.answers);
  const answered = visible.filter(
    (q) => saved.answers[q.id] !== undefined && saved.answers[q.id] !== null,
  ).length;
  return { status: saved.status, draftSavedAt: now, answered, visible: visible.length };
}

export async function submitAnswers(deps: Deps, session: PortalSession, body: unknown) {
  const { assessment, vendor } = session;
  const questions = assessment.questionnaire?.questions ?? [];
  const input = (body as { answers?: unknown } | null)?.answers;
  const result = validateAnswers(questions, input, { intake: vendor.intake, mode: 'submit' });
  if (!OPEN.includes(assessment.status) && !result.ok) {
    throw new AppError(
      'assessment_closed',
      'This questionnaire was already submitted; it can no longer be changed',
      409,
      {
        submittedAt: assessment.submittedAt,
      },
    );
  }
  if (!result.ok) {
    const incomplete = result.errors.every((e) => e.code === 'required');
    throw answerErrors(
      result.errors,
      incomplete ? 'incomplete_answers' : 'invalid_answers',
      incomplete
        ? `${result.errors.length} required question(s) still need an answer`
        : 'Some answers are not valid',
    );
  }
  checkEvidenceKeys(questions, result.answers, assessment.id);
  const submissionHash = sha256Hex(canonicalJson(result.answers));

  if (!OPEN.includes(assessment.status)) {
    if (assessment.submissionHash === submissionHash) {
      // The same submission again (a double click, a retried request): nothing changes; make sure the review runs.
      await deps.workflows.start('review', { assessmentId: assessment.id }, `${assessment.id}-review`);
      return { status: assessment.status, submittedAt: assessment.submittedAt, duplicate: true };
    }
    throw new AppError(
      'assessment_closed',
      'This questionnaire was already submitted; it can no longer be changed',
      409,
      {
        submittedAt: assessment.submittedAt,
      },
    );
  }

  await verifyEvidenceStored(deps, questions, result.answers);
  const now = deps.clock.now().toISOString();
  await deps.assessments.save({
    ...assessment,
    answers: result.answers,
    status: 'submitted',
    submittedAt: now,
    submissionHash,
    updatedAt: now,
    ...clearDue(),
  });
  const fresh = await deps.vendors.get(vendor.id);
  if (fresh && (fresh.stage === 'intake' || fresh.stage === 'assessment_sent')) {
    await deps.vendors.save({ ...fresh, stage: 'answered', updatedAt: now });
  }
  await audit(deps, {
    vendorId: vendor.id,
    actor: session.actor,
    action: 'assessment.submitted',
    target: { type: 'assessment', id: assessment.id },
    summary: `The vendor submitted the questionnaire (${Object.keys(result.answers).length} answers)`,
    after: { submissionHash },
  });
  await deps.workflows.start('review', { assessmentId: assessment.id }, `${assessment.id}-review`);
  return { status: 'submitted' as const, submittedAt: now, duplicate: false };
}
