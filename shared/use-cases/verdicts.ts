/**
 * The reviewer's verdict per question: accepted, needs clarification (asks the vendor, see
 * clarifications.ts) or an override of the vendor's answer with a reason (the evidence shows "no"
 * where the vendor said "yes"). An override, or withdrawing one, reruns the review so scores and
 * findings follow; every verdict is audited.
 */
import type { Deps } from '../composition.ts';
import { validateAnswers } from '../domain/answer-validation.ts';
import { visibleQuestions } from '../domain/question-visibility.ts';
import { effectiveAnswers, valueInWords } from '../domain/review-desk.ts';
import { AppError, notFound } from '../errors.ts';
import type { AnswerValue } from '../schemas/questionnaire.ts';
import { type Verdict, VerdictRequest } from '../schemas/review-desk.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { requestClarifications } from './clarifications.ts';
import { type RescoreResult, rescoreAssessment } from './rescore-assessment.ts';
import { parseInput } from './validation.ts';

const VERDICT_WORDS = {
  accepted: 'accepted',
  needs_clarification: 'needs clarification',
  override: 'overridden',
} as const;

export async function setVerdict(
  deps: Deps,
  actor: Actor,
  assessmentId: string,
  questionId: string,
  body: unknown,
): Promise<{ verdict: Verdict; rescore: RescoreResult | null }> {
  const request = parseInput(VerdictRequest, body, 'verdict');
  const assessment = await deps.assessments.get(assessmentId);
  if (!assessment) throw notFound('Assessment', assessmentId);
  if (assessment.status !== 'reviewed') {
    throw new AppError('not_reviewed', 'Verdicts are recorded once the first review has finished', 409);
  }
  const vendor = await deps.vendors.get(assessment.vendorId);
  if (!vendor) throw notFound('Vendor', assessment.vendorId);
  const questions = assessment.questionnaire?.questions ?? [];
  const [clarifications, verdicts] = await Promise.all([
    deps.reviewDesk.listClarifications(assessment.id),
    deps.reviewDesk.listVerdicts(assessment.id),
  ]);
  const effective = effectiveAnswers(questions, assessment.answers, clarifications, verdicts);
  const question = visibleQuestions(questions, vendor.intake, effective.answers).find(
    (q) => q.id === questionId,
  );
  if (!question) throw new AppError('not_found', 'This question was not asked of this vendor', 404);
  const reason = request.reason?.trim() ?? '';
  if (request.verdict !== 'accepted' && !reason) {
    throw new AppError(
      'reason_required',
      request.verdict === 'override'
        ? 'Say why the answer is overridden (what the evidence shows)'
        : 'Write the question to ask the vendor',
      400,
      [{ path: 'reason', message: 'Required' }],
    );
  }

  let answer: AnswerValue | undefined;
  if (request.verdict === 'override') {
    if (request.answer === undefined || request.answer === null || request.answer === '') {
      throw new AppError('answer_required', 'Choose the answer that counts instead of the vendor’s', 400, [
        { path: 'answer', message: 'Required' },
      ]);
    }
    if (!question.scored) {
      throw new AppError(
        'not_scored',
        'Only scored questions can be overridden; ask for a clarification instead',
        400,
      );
    }
    const result = validateAnswers(
      questions,
      { ...effective.answers, [questionId]: request.answer },
      {
        intake: vendor.intake,
        mode: 'draft',
      },
    );
    const own = result.ok ? [] : result.errors.filter((e) => e.questionId === questionId);
    if (own.length > 0)
      throw new AppError('invalid_answer', `The answer is not valid: ${own[0]!.message}`, 400, own);
    answer = result.ok ? result.answers[questionId] : (request.answer as AnswerValue);
  }

  if (request.verdict === 'needs_clarification') {
    await requestClarifications(deps, actor, assessmentId, { requests: [{ questionId, note: reason }] });
  }

  const at = deps.clock.now().toISOString();
  const previous = verdicts.find((v) => v.questionId === questionId);
  const event = {
    at,
    by: actor.id,
    verdict: request.verdict,
    ...(reason ? { reason } : {}),
    ...(answer !== undefined ? { answer } : {}),
  };
  const next: Verdict = {
    assessmentId,
    vendorId: vendor.id,
    questionId,
    verdict: request.verdict,
    ...(reason ? { reason } : {}),
    ...(answer !== undefined ? { answer } : {}),
    by: actor.id,
    at,
    history: [...(previous?.history ?? []), event],
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
    version: previous?.version ?? 1,
  };
  const saved = await deps.reviewDesk.saveVerdict(next, !previous);
  await audit(deps, {
    vendorId: vendor.id,
    actor,
    action: 'verdict.recorded',
    target: { type: 'assessment', id: assessmentId },
    summary:
      request.verdict === 'override'
        ? `Overrode the answer to “${question.title}”: ${valueInWords(question, effective.answers[questionId])} → ${valueInWords(question, answer)} (${reason})`
        : `Marked the answer to “${question.title}” ${VERDICT_WORDS[request.verdict]}${reason ? ` (${reason})` : ''}`,
    ...(previous ? { before: { verdict: previous.verdict } } : {}),
    after: { questionId, verdict: request.verdict },
  });
  // An override changes what counts; replacing an earlier override changes it back.
  const rescore =
    request.verdict === 'override' || previous?.verdict === 'override'
      ? await rescoreAssessment(deps, actor, assessmentId, `verdict on “${question.title}”`)
      : null;
  return { verdict: saved, rescore };
}
