/**
 * The reviewer's desk in the console: one assessment's answers, evidence, findings, verdicts and
 * clarification threads (GET), and the forms that ask the vendor, record a verdict and rerun the
 * review. Roles mirror the JSON API operations (review-desk-api.ts).
 */
import type { Hono } from 'hono';
import { ROW_FILTERS, type RowFilter } from '../../../domain/review-desk.ts';
import { AppError, notFound } from '../../../errors.ts';
import { loadAssessmentReview } from '../../../use-cases/assessment-review.ts';
import { requestClarifications } from '../../../use-cases/clarifications.ts';
import { rescoreAssessment } from '../../../use-cases/rescore-assessment.ts';
import { setVerdict } from '../../../use-cases/verdicts.ts';
import type { AppContext, AppEnv } from '../../context.ts';
import { type AssessmentPageProblem, assessmentPage } from '../../pages/console/assessment-page.ts';
import type { Notice } from '../../pages/console/components.ts';
import { detailMessages, type FormBody, field, oneOf, stringFields } from './forms.ts';
import { action, allowed, rolesOf, type Session, send, view } from './guard.ts';

const DONE: Record<string, Notice> = {
  clarified: {
    kind: 'success',
    message: 'Clarification requests sent: the vendor was emailed one link to answer them.',
  },
  verdict: { kind: 'success', message: 'Verdict recorded.' },
  overridden: {
    kind: 'success',
    message: 'Answer overridden and the review rerun: the score and findings now reflect it.',
  },
  rescored: {
    kind: 'success',
    message: 'Review rerun with the clarified answers; the changes are in the audit trail.',
  },
};

const pathOf = (vendorId: string, assessmentId: string) =>
  `/console/vendors/${encodeURIComponent(vendorId)}/assessments/${encodeURIComponent(assessmentId)}`;

async function render(
  c: AppContext,
  s: Session,
  extra: { notice?: Notice; problem?: AssessmentPageProblem; filter?: RowFilter } = {},
  status = 200,
) {
  const { vendorId, assessmentId } = c.req.param() as Record<string, string>;
  const review = await loadAssessmentReview(c.var.deps, assessmentId!);
  if (review.vendor.id !== vendorId) throw notFound('Assessment', assessmentId!);
  const role = s.principal.role;
  return send(
    c,
    assessmentPage({
      organisation: c.var.deps.config.organisation,
      viewer: s.viewer,
      now: c.var.deps.clock.now().toISOString(),
      review,
      filter: extra.filter ?? oneOf(ROW_FILTERS, c.req.query('show')) ?? 'all',
      can: {
        clarify: allowed(role, rolesOf('requestClarifications')),
        verdict: allowed(role, rolesOf('setVerdict')),
        rescore: allowed(role, rolesOf('rescoreAssessment')),
      },
      ...(extra.notice ? { notice: extra.notice } : {}),
      ...(extra.problem ? { problem: extra.problem } : {}),
    }),
    status,
  );
}

/** Runs a form; a refused request re-renders the page with the message next to the form. */
async function form(c: AppContext, s: Session, body: FormBody, key: string, run: () => Promise<Response>) {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AppError) || error.status === 403 || error.status === 404) throw error;
    const details = detailMessages(error);
    return render(
      c,
      s,
      {
        problem: {
          form: key,
          message: error.message,
          ...(details ? { details } : {}),
          values: stringFields(body),
        },
      },
      error.status,
    );
  }
}

const done = (c: AppContext, what: keyof typeof DONE, anchor: string) => {
  const { vendorId, assessmentId } = c.req.param() as Record<string, string>;
  return c.redirect(`${pathOf(vendorId!, assessmentId!)}?done=${what}#${anchor}`, 303);
};

/** A form's answer field: several values for a multi-choice, a number for a number question. */
function answerField(body: FormBody): unknown {
  const raw = body.answer;
  if (Array.isArray(raw)) return raw.filter((v): v is string => typeof v === 'string');
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

export function assessmentRoutes(app: Hono<AppEnv>) {
  app.get(
    '/console/vendors/:vendorId/assessments/:assessmentId',
    view(
      () => rolesOf('getAssessmentReview'),
      (c, s) => {
        const notice = DONE[c.req.query('done') ?? ''];
        return render(c, s, notice ? { notice } : {});
      },
    ),
  );

  app.post(
    '/console/vendors/:vendorId/assessments/:assessmentId/clarifications',
    action(
      () => rolesOf('requestClarifications'),
      (c, s, body) =>
        form(c, s, body, 'clarify', async () => {
          const requests = Object.keys(body)
            .filter((name) => name.startsWith('note.'))
            .map((name) => ({ questionId: name.slice(5), note: field(body, name).trim() }))
            .filter((r) => r.note !== '');
          if (requests.length === 0) {
            throw new AppError('invalid_request', 'Write a note next to at least one answer, then send', 400);
          }
          await requestClarifications(c.var.deps, s.principal, c.req.param('assessmentId')!, { requests });
          return done(c, 'clarified', 'questions');
        }),
    ),
  );

  app.post(
    '/console/vendors/:vendorId/assessments/:assessmentId/questions/:questionId/verdict',
    action(
      () => rolesOf('setVerdict'),
      (c, s, body) => {
        const questionId = c.req.param('questionId')!;
        return form(c, s, body, `verdict:${questionId}`, async () => {
          const verdict = field(body, 'verdict');
          const answer = answerField(body);
          const reason = field(body, 'reason').trim();
          await setVerdict(c.var.deps, s.principal, c.req.param('assessmentId')!, questionId, {
            verdict,
            ...(reason ? { reason } : {}),
            ...(verdict === 'override' && answer !== undefined ? { answer } : {}),
          });
          return done(c, verdict === 'override' ? 'overridden' : 'verdict', `q-${questionId}`);
        });
      },
    ),
  );

  app.post(
    '/console/vendors/:vendorId/assessments/:assessmentId/rescore',
    action(
      () => rolesOf('rescoreAssessment'),
      (c, s, body) =>
        form(c, s, body, 'rescore', async () => {
          const reason = field(body, 'reason').trim();
          await rescoreAssessment(c.var.deps, s.principal, c.req.param('assessmentId')!, reason || undefined);
          return done(c, 'rescored', 'rescore');
        }),
    ),
  );
}
