/**
 * The vendor portal's HTML pages, built on the same use cases as the JSON API. Plain forms
 * (application/x-www-form-urlencoded, fields `q.<questionId>`) so everything works without
 * JavaScript; POSTs answer with a 303 to a GET (a reload never re-posts), and GETs never change
 * state (mail scanners follow links). Every failure renders an HTML page with the same status,
 * never JSON and never a stack trace.
 */
import type { Hono } from 'hono';
import { canonicalJson } from '../../domain/audit-chain.ts';
import { AppError } from '../../errors.ts';
import { sha256Hex } from '../../ids.ts';
import { logger } from '../../logger.ts';
import type { Answers, Question } from '../../schemas/questionnaire.ts';
import { saveDraft, submitAnswers } from '../../use-cases/answer-questionnaire.ts';
import { answerProposals } from '../../use-cases/evidence-reuse.ts';
import { reportFix } from '../../use-cases/finding-actions.ts';
import { incidentUrlOf } from '../../use-cases/incident-link.ts';
import { openPortal, type PortalSession } from '../../use-cases/portal-access.ts';
import { sortFindings } from '../../use-cases/review-assessment.ts';
import type { AppContext, AppEnv } from '../context.ts';
import {
  checkForSubmit,
  donePage,
  type FieldError,
  linkProblemPage,
  type Notice,
  type OtherPages,
  type PortalContext,
  problemPage,
  questionnairePage,
  reviewPage,
  type StatusModel,
  statusPage,
} from '../pages/portal-pages.ts';
import { assetRoutes } from './assets.ts';

type FormBody = Record<string, string | File | (string | File)[]>;

const OPEN_STATUSES = ['sent', 'in_progress'];

const isOpen = (session: PortalSession) => OPEN_STATUSES.includes(session.assessment.status);
/** The questions this vendor may see: a PHI-only question never reaches a vendor without PHI. */
const questionsOf = (session: PortalSession): readonly Question[] =>
  (session.assessment.questionnaire?.questions ?? []).filter(
    (q) => !q.phiOnly || session.vendor.intake.handlesPhi,
  );

function strings(form: FormBody, name: string): string[] {
  const raw = form[name];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((v): v is string => typeof v === 'string');
}

/**
 * Reads the questionnaire form into answers. Every rendered question is present (null when left
 * empty), so clearing a field in the form clears the saved answer. Values that cannot be read are
 * kept as typed, so validation names the question and the form shows them back for correction.
 */
export function parseAnswerForm(questions: readonly Question[], form: FormBody): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of questions) {
    const values = strings(form, `q.${q.id}`);
    const first = values[0]?.trim() ?? '';
    switch (q.type) {
      case 'multi_choice':
        answers[q.id] = values.length > 0 ? values : null;
        break;
      case 'number': {
        const n = Number(first);
        answers[q.id] = first === '' ? null : Number.isFinite(n) ? n : first;
        break;
      }
      case 'evidence':
        answers[q.id] = first === '' ? null : parseJson(first);
        break;
      default:
        answers[q.id] = values[0] ?? null;
    }
  }
  return answers;
}

/**
 * Reads the "Use this document for my answer" boxes: every question the form rendered is named
 * (`null` when unticked), so unticking drops the source. A ticked box answers from the document:
 * the answer field is left for the server to fill from it.
 */
export function parseSourceForm(
  questions: readonly Question[],
  form: FormBody,
  answers: Record<string, unknown>,
): Record<string, { documentId: string } | null> {
  const sources: Record<string, { documentId: string } | null> = {};
  for (const q of questions) {
    const documentId = strings(form, `source.${q.id}`)[0]?.trim();
    sources[q.id] = documentId ? { documentId } : null;
    if (documentId) answers[q.id] = null;
  }
  return sources;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Fingerprint of the answers the vendor reviewed: the submit must carry exactly those. */
const fingerprint = (answers: Answers) => sha256Hex(canonicalJson(answers));

function fieldErrors(error: AppError): FieldError[] | undefined {
  if (!Array.isArray(error.details)) return undefined;
  return (error.details as { questionId?: unknown; message?: unknown }[]).map((d) => ({
    ...(typeof d.questionId === 'string' ? { questionId: d.questionId } : {}),
    message: typeof d.message === 'string' ? d.message : error.message,
  }));
}

function send(c: AppContext, body: string, status = 200) {
  // Pages show a vendor's answers: never store them in shared caches or the browser's disk cache.
  c.header('cache-control', 'no-store');
  return c.html(body, status as 200);
}

function contextOf(c: AppContext, session: PortalSession, token: string): PortalContext {
  return {
    organisation: c.var.deps.config.organisation,
    token,
    contact: session.contact,
    vendorName: session.vendor.name,
  };
}

/**
 * The vendor's other pages (docs: "Your other pages"): the BAA page when a BAA is in play, the
 * security documents page (any questionnaire link opens both), and the standing incident link once
 * issued. Reads only: a GET never issues a link. Everything comes from this session's own vendor.
 */
async function otherPagesOf(c: AppContext, session: PortalSession): Promise<OtherPages> {
  const link = await c.var.deps.incidents.getLink(session.vendor.id);
  return {
    // An exempt vendor has no agreement to act on (as the trust matrix reads it).
    baa: !session.vendor.baaExemption && session.vendor.baaStatus !== 'not_required',
    ...(link ? { incidentUrl: incidentUrlOf(c.var.deps, link.token) } : {}),
  };
}

async function formPage(
  c: AppContext,
  session: PortalSession,
  token: string,
  extra: {
    values?: Record<string, unknown>;
    errors?: FieldError[];
    errorIntro?: string;
    savedAt?: string;
    notice?: Notice;
    /** The sources as just posted (a form shown back with errors). */
    chosen?: Record<string, { documentId: string } | null>;
  },
) {
  const { assessment, vendor } = session;
  const sources = assessment.answerSources ?? {};
  const chosen = extra.chosen
    ? Object.entries(extra.chosen).flatMap(([qid, s]) => (s ? [[qid, s.documentId] as const] : []))
    : Object.entries(sources).map(([qid, s]) => [qid, s.documentId] as const);
  const [proposals, otherPages] = await Promise.all([
    answerProposals(c.var.deps, assessment, vendor),
    otherPagesOf(c, session),
  ]);
  return questionnairePage({
    ...contextOf(c, session, token),
    otherPages,
    title: assessment.questionnaire?.title ?? 'Security questionnaire',
    dueAt: assessment.dueAt ?? null,
    now: c.var.deps.clock.now().toISOString(),
    questions: questionsOf(session),
    intake: vendor.intake,
    values: extra.values ?? assessment.answers,
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(extra.errorIntro ? { errorIntro: extra.errorIntro } : {}),
    ...(extra.savedAt ? { savedAt: extra.savedAt } : {}),
    ...(extra.notice ? { notice: extra.notice } : {}),
    reuse: {
      proposals: new Map(proposals.map((p) => [p.questionId, p])),
      sources,
      chosen: new Map(chosen),
    },
  });
}

async function statusOf(
  c: AppContext,
  session: PortalSession,
  token: string,
  extra: Pick<StatusModel, 'notice' | 'fixError'> & { fixedId?: string } = {},
) {
  const { assessment } = session;
  const findings = sortFindings(await c.var.deps.findings.listByAssessment(assessment.id));
  const fixed = extra.fixedId ? findings.find((f) => f.id === extra.fixedId) : undefined;
  const notice: Notice | undefined =
    extra.notice ??
    (fixed
      ? {
          kind: 'success',
          message: `Thank you — your fix for “${fixed.title}” was recorded. Our compliance team will verify it.`,
        }
      : undefined);
  return statusPage({
    ...contextOf(c, session, token),
    otherPages: await otherPagesOf(c, session),
    title: assessment.questionnaire?.title ?? 'Security questionnaire',
    status: assessment.status,
    ...(assessment.submittedAt ? { submittedAt: assessment.submittedAt } : {}),
    ...(assessment.reviewedAt ? { reviewedAt: assessment.reviewedAt } : {}),
    findings,
    openClarifications: (await c.var.deps.reviewDesk.listClarifications(assessment.id)).filter(
      (t) => t.status === 'open',
    ).length,
    ...(notice ? { notice } : {}),
    ...(extra.fixError ? { fixError: extra.fixError } : {}),
  });
}

function reviewOf(
  c: AppContext,
  session: PortalSession,
  token: string,
  answers: Answers,
  notice?: Notice,
): string {
  return reviewPage({
    ...contextOf(c, session, token),
    title: session.assessment.questionnaire?.title ?? 'Security questionnaire',
    questions: questionsOf(session),
    answers,
    reviewHash: fingerprint(answers),
    sources: session.assessment.answerSources ?? {},
    ...(notice ? { notice } : {}),
  });
}

/**
 * Opens the portal for the token in the path and runs `handler`; a bad link becomes the "link not
 * valid / replaced / expired" page, any other AppError a plain page with its status.
 */
export async function withPortal(
  c: AppContext,
  handler: (session: PortalSession, token: string) => Promise<Response>,
  /** Where "back" leads on a problem page, under `/portal/<token>` (the questionnaire by default). */
  backPath = '',
): Promise<Response> {
  const organisation = c.var.deps.config.organisation;
  const token = c.req.param('token') ?? '';
  let session: PortalSession;
  try {
    session = await openPortal(c.var.deps, token);
  } catch (error) {
    if (!(error instanceof AppError)) return unexpected(c, error, organisation);
    const contact = (error.details as { contact?: unknown } | undefined)?.contact;
    return send(
      c,
      linkProblemPage({
        organisation,
        code: error.code,
        message: error.message,
        ...(typeof contact === 'string' ? { contact } : {}),
      }),
      error.status,
    );
  }
  try {
    return await handler(session, token);
  } catch (error) {
    if (!(error instanceof AppError)) return unexpected(c, error, organisation, session.contact);
    return send(
      c,
      problemPage({
        organisation,
        title: 'This could not be done',
        message: error.message,
        contact: session.contact,
        backUrl: `/portal/${token}${backPath}`,
      }),
      error.status,
    );
  }
}

function unexpected(c: AppContext, error: unknown, organisation: string, contact?: string) {
  // Name only: messages may carry input (see errors.ts).
  logger.error('Unhandled error on a portal page', {
    errorName: error instanceof Error ? error.name : typeof error,
    path: c.req.routePath,
  });
  return send(
    c,
    problemPage({
      organisation,
      title: 'Something went wrong on our side',
      message: 'It has been logged. Your saved answers are safe; please try again in a few minutes.',
      ...(contact ? { contact } : {}),
    }),
    500,
  );
}

async function formBody(c: AppContext): Promise<FormBody> {
  return (await c.req.parseBody({ all: true })) as FormBody;
}

const CLOSED_NOTICE: Notice = {
  kind: 'warn',
  message: 'This questionnaire was already submitted, so it can no longer be changed.',
};

/** Registers the portal pages and the assets they link. */
export function portalPageRoutes(app: Hono<AppEnv>) {
  assetRoutes(app);

  app.get('/portal/:token', (c) =>
    withPortal(c, async (session, token) => {
      if (!isOpen(session)) {
        const fixedId = c.req.query('fixed');
        return send(c, await statusOf(c, session, token, fixedId ? { fixedId } : {}));
      }
      const savedAt = c.req.query('saved') ? session.assessment.draftSavedAt : undefined;
      return send(c, await formPage(c, session, token, { ...(savedAt ? { savedAt } : {}) }));
    }),
  );

  app.post('/portal/:token', (c) =>
    withPortal(c, async (session, token) => {
      if (!isOpen(session)) {
        return send(c, await statusOf(c, session, token, { notice: CLOSED_NOTICE }), 409);
      }
      const form = await formBody(c);
      const questions = questionsOf(session);
      const answers = parseAnswerForm(questions, form);
      const sources = parseSourceForm(questions, form, answers);
      try {
        await saveDraft(c.var.deps, session, { answers, sources });
      } catch (error) {
        const errors = error instanceof AppError ? fieldErrors(error) : undefined;
        if (!errors) throw error;
        return send(
          c,
          await formPage(c, session, token, {
            values: answers,
            errors,
            errorIntro: 'Your answers were not saved yet. Correct these and save again.',
            chosen: sources,
          }),
          (error as AppError).status,
        );
      }
      if (strings(form, 'action')[0] !== 'review') {
        return c.redirect(`/portal/${token}?saved=1`, 303);
      }
      // What was saved: answers taken from documents were filled in by the server.
      const saved = (await c.var.deps.assessments.get(session.assessment.id)) ?? session.assessment;
      const current = { ...session, assessment: saved };
      const check = checkForSubmit(questions, session.vendor.intake, saved.answers);
      if (!check.ok) {
        return send(
          c,
          await formPage(c, current, token, {
            errors: check.errors,
            errorIntro: 'Your answers were saved as a draft. Complete these before you submit.',
          }),
          400,
        );
      }
      return send(c, reviewOf(c, current, token, check.answers));
    }),
  );

  app.post('/portal/:token/submit-form', (c) =>
    withPortal(c, async (session, token) => {
      const form = await formBody(c);
      const saved = session.assessment.answers;
      if (isOpen(session)) {
        const check = checkForSubmit(questionsOf(session), session.vendor.intake, saved);
        if (!check.ok) {
          return send(
            c,
            await formPage(c, session, token, {
              errors: check.errors,
              errorIntro: 'Your saved answers are not complete yet.',
            }),
            400,
          );
        }
        if (strings(form, 'reviewed')[0] !== fingerprint(check.answers)) {
          // The draft changed after this review page was shown (another window or device).
          return send(
            c,
            reviewOf(c, session, token, check.answers, {
              kind: 'warn',
              message:
                'Your answers changed since you opened the review (perhaps in another window). Check them again, then submit.',
            }),
            409,
          );
        }
      }
      try {
        await submitAnswers(c.var.deps, session, { answers: saved });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const errors = fieldErrors(error);
        if (errors && isOpen(session)) {
          return send(
            c,
            await formPage(c, session, token, { errors, errorIntro: error.message }),
            error.status,
          );
        }
        return send(
          c,
          await statusOf(c, session, token, { notice: { kind: 'error', message: error.message } }),
          error.status,
        );
      }
      return c.redirect(`/portal/${token}/done`, 303);
    }),
  );

  app.get('/portal/:token/done', (c) =>
    withPortal(c, async (session, token) => {
      const { submittedAt } = session.assessment;
      if (isOpen(session) || !submittedAt) return c.redirect(`/portal/${token}`, 303);
      return send(
        c,
        donePage({
          ...contextOf(c, session, token),
          title: session.assessment.questionnaire?.title ?? 'Security questionnaire',
          submittedAt,
        }),
      );
    }),
  );

  app.post('/portal/:token/findings/:findingId/fix-form', (c) =>
    withPortal(c, async (session, token) => {
      const findingId = c.req.param('findingId');
      const form = await formBody(c);
      const note = strings(form, 'note')[0] ?? '';
      const evidenceText = strings(form, 'evidence')[0]?.trim() ?? '';
      const evidence = evidenceText === '' ? [] : parseJson(evidenceText);
      try {
        await reportFix(c.var.deps, session, findingId, { note, evidence });
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'not_found') throw error;
        const noteProblem =
          error.code === 'invalid_request' &&
          Array.isArray(error.details) &&
          error.details.some((d) => (d as { path?: unknown }).path === 'note');
        const message = noteProblem
          ? 'Describe what you changed (up to 2000 characters).'
          : error.code === 'invalid_request'
            ? 'The evidence files could not be read; upload them again.'
            : error.message;
        return send(
          c,
          await statusOf(c, session, token, {
            fixError: { findingId, message, note, evidence: Array.isArray(evidence) ? evidence : undefined },
          }),
          error.status,
        );
      }
      return c.redirect(
        `/portal/${token}?fixed=${encodeURIComponent(findingId)}#finding-${encodeURIComponent(findingId)}`,
        303,
      );
    }),
  );
}
