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
import { AppError } from '../errors.ts';
import { sha256Hex } from '../ids.ts';
import { plural } from '../labels.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { Answers, EvidenceRef, Question } from '../schemas/questionnaire.ts';
import { audit } from './audit.ts';
import { chooseSources } from './evidence-reuse.ts';
import type { PortalSession } from './portal-access.ts';
import { findIssuedUpload, PIN_PROBLEMS, pinStoredUpload } from './upload-keys.ts';

const OPEN: readonly Assessment['status'][] = ['sent', 'in_progress'];

/** The body of a save or submit: `answers`, and optionally `sources` (evidence reuse). */
const bodyOf = (body: unknown) => (body ?? {}) as { answers?: unknown; sources?: unknown };

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

const evidenceError = (q: Question, message: string, field: string) =>
  new AppError('invalid_evidence', message, 400, [
    { questionId: q.id, code: 'invalid_evidence', message: field },
  ]);

/** Every evidence answer of the questionnaire, with its question. */
function* evidenceAnswers(questions: readonly Question[], answers: Answers) {
  for (const q of questions) {
    const value = answers[q.id];
    if (q.type === 'evidence' && Array.isArray(value)) yield { q, refs: value as EvidenceRef[] };
  }
}

/**
 * Evidence must be a file this product issued an upload key for, for this assessment
 * (upload-keys.ts): a client-built path, a `../` path or another assessment's file is refused. The
 * reference is rebuilt from the issue record, so a client's own size, type or hash never reaches it.
 */
async function resolveEvidence(deps: Deps, session: PortalSession, answers: Answers): Promise<Answers> {
  const questions = session.assessment.questionnaire?.questions ?? [];
  const scope = {
    kind: 'evidence' as const,
    vendorId: session.vendor.id,
    assessmentId: session.assessment.id,
  };
  const resolved: Answers = { ...answers };
  for (const { q, refs } of evidenceAnswers(questions, answers)) {
    const out: EvidenceRef[] = [];
    for (const ref of refs) {
      const issued = await findIssuedUpload(deps, ref.key, scope);
      if (!issued) {
        throw evidenceError(
          q,
          `Evidence "${ref.name}" was not uploaded through this questionnaire`,
          'Upload the file again from this page',
        );
      }
      out.push({
        key: issued.key,
        name: issued.fileName,
        size: issued.size,
        contentType: issued.contentType,
      });
    }
    resolved[q.id] = out;
  }
  return resolved;
}

/**
 * On submit every cited file is read from the document store: it must be there, non-empty and
 * within the limit, and the reference keeps what the store holds (size, type, SHA-256, version id).
 */
async function pinEvidence(deps: Deps, questions: readonly Question[], answers: Answers): Promise<Answers> {
  const pinned: Answers = { ...answers };
  for (const { q, refs } of evidenceAnswers(questions, answers)) {
    const out: EvidenceRef[] = [];
    for (const ref of refs) {
      const result = await pinStoredUpload(deps, ref.key);
      if (!result.ok) {
        const problem = PIN_PROBLEMS[result.problem];
        throw evidenceError(q, `Evidence "${ref.name}" ${problem}; upload it again`, `The file ${problem}`);
      }
      const { file } = result;
      out.push({
        key: file.key,
        name: ref.name,
        size: file.size,
        contentType: file.contentType,
        sha256: file.sha256,
        ...(file.versionId ? { versionId: file.versionId } : {}),
      });
    }
    pinned[q.id] = out;
  }
  return pinned;
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
  // Answers taken from assurance documents are checked and filled in first (evidence-reuse.ts).
  const sources = await chooseSources(deps, assessment, vendor, bodyOf(body), 'draft');
  const result = validateAnswers(questions, sources.answers, { intake: vendor.intake, mode: 'draft' });
  if (!result.ok) throw answerErrors(result.errors, 'invalid_answers', 'Some answers are not valid');
  const answers = await resolveEvidence(deps, session, result.answers);
  const now = deps.clock.now().toISOString();
  const saved = await deps.assessments.save({
    ...assessment,
    answers,
    answerSources: sources.finish(answers),
    status: 'in_progress',
    draftSavedAt: now,
    updatedAt: now,
  });
  const visible = visibleQuestions(questions, vendor.intake, saved.answers);
  const answered = visible.filter(
    (q) => saved.answers[q.id] !== undefined && saved.answers[q.id] !== null,
  ).length;
  return {
    status: saved.status,
    draftSavedAt: now,
    answered,
    visible: visible.length,
    answeredFromDocuments: Object.keys(saved.answerSources ?? {}).length,
  };
}

export async function submitAnswers(deps: Deps, session: PortalSession, body: unknown) {
  const { assessment, vendor } = session;
  const questions = assessment.questionnaire?.questions ?? [];
  const isOpen = OPEN.includes(assessment.status);
  // A closed assessment's sources are not checked again: a repeated submit is answered below.
  const sources = isOpen ? await chooseSources(deps, assessment, vendor, bodyOf(body), 'submit') : undefined;
  const input = sources ? sources.answers : bodyOf(body).answers;
  const result = validateAnswers(questions, input, { intake: vendor.intake, mode: 'submit' });
  if (!isOpen && !result.ok) {
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
        ? `${plural(result.errors.length, 'required question')} still ${result.errors.length === 1 ? 'needs' : 'need'} an answer`
        : 'Some answers are not valid',
    );
  }
  const answers = await resolveEvidence(deps, session, result.answers);
  const submissionHash = sha256Hex(canonicalJson(answers));

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

  const pinned = await pinEvidence(deps, questions, answers);
  const answerSources = sources?.finish(pinned);
  const now = deps.clock.now().toISOString();
  try {
    await deps.assessments.save({
      ...assessment,
      answers: pinned,
      answerSources,
      status: 'submitted',
      submittedAt: now,
      submissionHash,
      updatedAt: now,
      // Only a retried invitation step needs the link's hash (to revoke it); dropped here, in the
      // same write, it keeps the state item under 2 KB through the review.
      linkTokenHash: undefined,
      ...clearDue(),
    });
  } catch (error) {
    // Concurrent identical submits (a double click, a retry racing the first): the one that
    // landed first wins; the others are the documented duplicate, not a conflict.
    if (!(error instanceof AppError && error.code === 'version_conflict')) throw error;
    const current = await deps.assessments.get(assessment.id);
    if (current && !OPEN.includes(current.status) && current.submissionHash === submissionHash) {
      return { status: current.status, submittedAt: current.submittedAt, duplicate: true };
    }
    throw error;
  }
  // The vendor's pipeline stage is left to the review it starts (seconds later): its outcome step
  // moves the vendor straight to "answered" or "in remediation", and a failed review to "answered".
  // A stage is a key of the board's index, so a transient "answered" here cost a delete and a put
  // on GSI2 plus the vendor write (3 of submit's 8 write units) only to be moved again.
  await audit(deps, {
    vendorId: vendor.id,
    actor: session.actor,
    action: 'assessment.submitted',
    target: { type: 'assessment', id: assessment.id },
    summary: `The vendor submitted the questionnaire (${Object.keys(pinned).length} answers${answerSources ? `, ${Object.keys(answerSources).length} of them from confirmed security documents` : ''})`,
    after: {
      submissionHash,
      ...(answerSources
        ? {
            answeredFromDocuments: Object.fromEntries(
              Object.entries(answerSources).map(([qid, s]) => [
                qid,
                { documentId: s.documentId, version: s.version, sha256: s.sha256 },
              ]),
            ),
          }
        : {}),
    },
  });
  await deps.workflows.start('review', { assessmentId: assessment.id }, `${assessment.id}-review`);
  return { status: 'submitted' as const, submittedAt: now, duplicate: false };
}
