/**
 * Clarification requests: after submission a reviewer asks the vendor about specific questions
 * (a note per question). The vendor gets one email with its link per batch, answers each request
 * in the portal (text, a revised answer and/or new evidence) without reopening the rest, and each
 * question keeps its thread. An open request has a reply date on the due model
 * (`clarification_response`: reminders, then the escalation ladder); the reply takes it off.
 */
import { clarificationKey } from '../adapters/dynamodb/review-desk-repository.ts';
import type { Deps } from '../composition.ts';
import { validateAnswers } from '../domain/answer-validation.ts';
import { clearDue, scheduleDue } from '../domain/due-index.ts';
import { visibleQuestions } from '../domain/question-visibility.ts';
import { effectiveAnswers, valueInWords } from '../domain/review-desk.ts';
import { DAY_MS } from '../domain/time.ts';
import { clarificationAnsweredEmail, clarificationRequestEmail } from '../email/clarification-emails.ts';
import { AppError, notFound } from '../errors.ts';
import { newLinkToken, sha256Hex } from '../ids.ts';
import { plural } from '../labels.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { Question } from '../schemas/questionnaire.ts';
import {
  type Clarification,
  type ClarificationMessage,
  ClarificationReply,
  ClarificationRequest,
} from '../schemas/review-desk.ts';
import type { Vendor } from '../schemas/vendor.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { pinEvidence } from './evidence-files.ts';
import { policiesOf } from './policies.ts';
import type { PortalSession } from './portal-access.ts';
import { parseInput } from './validation.ts';

/** Policy: days the vendor has to answer a clarification request. */
export const CLARIFICATION_DAYS = 7;
/** The link in the request email stays valid this long after the reply date. */
const LINK_GRACE_DAYS = 60;

const REVIEWABLE: readonly Assessment['status'][] = ['submitted', 'reviewed'];

async function loadReviewable(deps: Deps, assessmentId: string) {
  const assessment = await deps.assessments.get(assessmentId);
  if (!assessment) throw notFound('Assessment', assessmentId);
  if (!REVIEWABLE.includes(assessment.status)) {
    throw new AppError(
      'not_submitted',
      'Clarifications can be requested once the vendor has submitted the questionnaire',
      409,
    );
  }
  const vendor = await deps.vendors.get(assessment.vendorId);
  if (!vendor) throw notFound('Vendor', assessment.vendorId);
  return { assessment, vendor };
}

/** The questions the vendor was asked, judged on the answers that count now. */
async function askedQuestions(deps: Deps, assessment: Assessment, vendor: Vendor) {
  const questions = assessment.questionnaire?.questions ?? [];
  const [clarifications, verdicts] = await Promise.all([
    deps.reviewDesk.listClarifications(assessment.id),
    deps.reviewDesk.listVerdicts(assessment.id),
  ]);
  const effective = effectiveAnswers(questions, assessment.answers, clarifications, verdicts);
  return {
    questions,
    visible: visibleQuestions(questions, vendor.intake, effective.answers),
    effective,
    clarifications,
  };
}

export async function requestClarifications(deps: Deps, actor: Actor, assessmentId: string, body: unknown) {
  const request = parseInput(ClarificationRequest, body, 'clarification request');
  const { assessment, vendor } = await loadReviewable(deps, assessmentId);
  const { visible, clarifications } = await askedQuestions(deps, assessment, vendor);
  const byId = new Map(visible.map((q) => [q.id, q]));
  const problems: { questionId: string; code: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const r of request.requests) {
    if (seen.has(r.questionId)) {
      problems.push({ questionId: r.questionId, code: 'duplicate', message: 'Ask about each question once' });
    } else if (!byId.has(r.questionId)) {
      problems.push({
        questionId: r.questionId,
        code: 'unknown_question',
        message: 'This question was not asked of this vendor',
      });
    }
    seen.add(r.questionId);
  }
  if (problems.length) {
    throw new AppError(
      'invalid_request',
      `Cannot request clarification: ${problems[0]!.message}`,
      400,
      problems,
    );
  }

  const now = deps.clock.now();
  const at = now.toISOString();
  const dueAt = new Date(now.getTime() + CLARIFICATION_DAYS * DAY_MS).toISOString();
  const policy = policiesOf(deps).escalation;
  const threads: Clarification[] = [];
  for (const r of request.requests) {
    const question = byId.get(r.questionId)!;
    const message: ClarificationMessage = {
      at,
      from: 'reviewer',
      actor: actor.id,
      text: r.note,
      evidence: [],
    };
    const existing = clarifications.find((c) => c.questionId === r.questionId);
    const base = { assessmentId: assessment.id, questionId: question.id };
    const due = scheduleDue(policy, clarificationKey(base), { kind: 'clarification_response', dueAt });
    if (!existing) {
      const thread: Clarification = {
        ...base,
        vendorId: vendor.id,
        questionTitle: question.title,
        status: 'open',
        dueAt,
        requestedAt: at,
        messages: [message],
        ...due,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      if (!(await deps.reviewDesk.createClarification(thread))) {
        throw new AppError('version_conflict', 'Someone asked about this question meanwhile; reload', 409);
      }
      threads.push(thread);
    } else {
      // A follow-up: an open thread keeps its reply date; an answered one reopens with a new date.
      const reopened = existing.status === 'answered';
      threads.push(
        await deps.reviewDesk.saveClarification({
          ...existing,
          status: 'open',
          messages: [...existing.messages, message],
          ...(reopened ? { dueAt, requestedAt: at, ...due } : {}),
          updatedAt: at,
        }),
      );
    }
  }

  const token = newLinkToken();
  await deps.links.create({
    tokenHash: sha256Hex(token),
    assessmentId: assessment.id,
    vendorId: vendor.id,
    createdAt: at,
    expiresAt: new Date(Date.parse(dueAt) + LINK_GRACE_DAYS * DAY_MS).toISOString(),
  });
  const email = clarificationRequestEmail({
    vendorName: vendor.name,
    contactName: vendor.contactName,
    organisation: deps.config.organisation,
    requests: request.requests.map((r) => ({ title: byId.get(r.questionId)!.title, note: r.note })),
    dueAt,
    portalUrl: `${deps.config.baseUrl}/portal/${token}/clarifications`,
    replyTo: deps.config.mail.compliance[0] ?? deps.config.mail.from,
  });
  await deps.mailer.send({
    to: [vendor.contactEmail],
    vendorId: vendor.id,
    kind: 'clarification-request',
    // A vendor naturally answers by replying: the reply reaches compliance, not the sending address.
    ...(deps.config.mail.compliance.length ? { replyTo: [...deps.config.mail.compliance] } : {}),
    ...email,
  });
  await audit(deps, {
    vendorId: vendor.id,
    actor,
    action: 'clarification.requested',
    target: { type: 'assessment', id: assessment.id },
    summary: `Asked the vendor to clarify ${plural(request.requests.length, 'answer')}: ${request.requests
      .map((r) => `“${byId.get(r.questionId)!.title}”`)
      .join(', ')}; reply due ${dueAt.slice(0, 10)}`,
    after: { questions: request.requests.map((r) => r.questionId), dueAt },
  });
  return { dueAt, threads };
}

export function listClarifications(deps: Deps, assessmentId: string) {
  return deps.reviewDesk.listClarifications(assessmentId);
}

/** The vendor answers one request: text, a revised answer and/or new evidence. */
export async function answerClarification(
  deps: Deps,
  session: PortalSession,
  questionId: string,
  body: unknown,
): Promise<Clarification> {
  const reply = parseInput(ClarificationReply, body, 'reply');
  const { assessment, vendor } = session;
  const thread = await deps.reviewDesk.getClarification(assessment.id, questionId);
  if (!thread) throw new AppError('not_found', 'There is no clarification request on this question', 404);
  if (thread.status !== 'open') {
    throw new AppError('clarification_closed', 'This request was already answered', 409);
  }
  const { questions, effective } = await askedQuestions(deps, assessment, vendor);
  const question = questions.find((q) => q.id === questionId)!;
  const hasAnswer = reply.answer !== undefined && reply.answer !== null && reply.answer !== '';
  if (!reply.text && !hasAnswer && reply.evidence.length === 0) {
    throw new AppError('empty_reply', 'Write an answer, change your answer or attach a file', 400, [
      { questionId, code: 'required', message: 'Write an answer, change your answer or attach a file' },
    ]);
  }
  const answer = hasAnswer
    ? revisedAnswer(question, questions, vendor, effective.answers, reply.answer)
    : undefined;
  const evidence = await pinEvidence(deps, reply.evidence, {
    vendorId: vendor.id,
    assessmentId: assessment.id,
    questionId,
  });
  const at = deps.clock.now().toISOString();
  const saved = await deps.reviewDesk.saveClarification({
    ...thread,
    status: 'answered',
    answeredAt: at,
    messages: [
      ...thread.messages,
      {
        at,
        from: 'vendor',
        actor: session.actor.id,
        text: reply.text,
        ...(answer !== undefined ? { answer } : {}),
        evidence,
      },
    ],
    updatedAt: at,
    // Answered: the reminders stop at once.
    ...clearDue(),
  });
  await audit(deps, {
    vendorId: vendor.id,
    actor: session.actor,
    action: 'clarification.answered',
    target: { type: 'assessment', id: assessment.id },
    summary: `The vendor answered the clarification request on “${question.title}”${answer !== undefined ? ' with a revised answer' : ''}${evidence.length ? ` and ${plural(evidence.length, 'evidence file')}` : ''}`,
    after: { questionId, revisedAnswer: answer !== undefined, files: evidence.length },
  });
  if (deps.config.mail.compliance.length > 0) {
    const email = clarificationAnsweredEmail({
      vendorName: vendor.name,
      questionTitle: question.title,
      revisedAnswer: answer !== undefined ? valueInWords(question, answer) : null,
      files: evidence.length,
      consoleUrl: `${deps.config.baseUrl}/console/vendors/${vendor.id}/assessments/${assessment.id}#q-${question.id}`,
      organisation: deps.config.organisation,
    });
    await deps.mailer.send({
      to: deps.config.mail.compliance,
      kind: 'clarification-answered',
      replyTo: [...deps.config.mail.compliance],
      ...email,
    });
  }
  return saved;
}

/** Checks a revised answer against the question as the questionnaire would. */
function revisedAnswer(
  question: Question,
  questions: readonly Question[],
  vendor: Vendor,
  current: Record<string, unknown>,
  value: unknown,
) {
  if (question.type === 'evidence') {
    throw new AppError('invalid_answer', 'Attach new files as evidence rather than as an answer', 400, [
      { questionId: question.id, code: 'invalid_value', message: 'Attach the files as evidence' },
    ]);
  }
  const result = validateAnswers(
    questions,
    { ...current, [question.id]: value },
    {
      intake: vendor.intake,
      mode: 'draft',
    },
  );
  const own = result.ok ? [] : result.errors.filter((e) => e.questionId === question.id);
  if (!result.ok && own.length > 0) {
    throw new AppError('invalid_answer', `The revised answer is not valid: ${own[0]!.message}`, 400, own);
  }
  return result.ok ? result.answers[question.id] : (value as never);
}
