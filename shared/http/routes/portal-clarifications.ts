/**
 * The vendor's clarification page (HTML forms, same rules as the other portal pages: GETs never
 * change state, POSTs answer 303, failures render a page): GET lists the requests, each reply
 * form posts to its own question.
 */
import type { Hono } from 'hono';
import { effectiveAnswers } from '../../domain/review-desk.ts';
import { AppError } from '../../errors.ts';
import { answerClarification } from '../../use-cases/clarifications.ts';
import { catalogueOf } from '../../use-cases/evidence-files.ts';
import type { PortalSession } from '../../use-cases/portal-access.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { clarificationsPage, type ReplyProblem } from '../pages/portal-clarifications-page.ts';
import type { Notice } from '../pages/portal-pages.ts';
import { withPortal } from './portal-pages.ts';

type FormBody = Record<string, string | File | (string | File)[]>;

function send(c: AppContext, body: string, status = 200) {
  c.header('cache-control', 'no-store');
  return c.html(body, status as 200);
}

const first = (form: FormBody, name: string) => {
  const raw = form[name];
  const v = Array.isArray(raw) ? raw[0] : raw;
  return typeof v === 'string' ? v : '';
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function render(
  c: AppContext,
  session: PortalSession,
  token: string,
  extra: { notice?: Notice; problem?: ReplyProblem } = {},
  status = 200,
) {
  const deps = c.var.deps;
  const { assessment, vendor } = session;
  const questions = assessment.questionnaire?.questions ?? [];
  const [threads, files] = await Promise.all([
    deps.reviewDesk.listClarifications(assessment.id),
    catalogueOf(deps, assessment),
  ]);
  // The vendor sees its own answers (submitted or revised in a reply), never a reviewer's override.
  const { answers } = effectiveAnswers(questions, assessment.answers, threads, []);
  return send(
    c,
    clarificationsPage({
      organisation: deps.config.organisation,
      token,
      contact: session.contact,
      vendorName: vendor.name,
      questions,
      answers,
      threads: [...threads].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt)),
      fileHref: (key) => {
        const f = files.find((x) => x.ref.key === key);
        return f ? `/portal/${token}/evidence/${f.fileId}` : undefined;
      },
      ...extra,
    }),
    status,
  );
}

export function portalClarificationRoutes(app: Hono<AppEnv>) {
  app.get('/portal/:token/clarifications', (c) =>
    withPortal(
      c,
      (session, token) => {
        const answered = c.req.query('answered');
        return render(
          c,
          session,
          token,
          answered
            ? { notice: { kind: 'success', message: 'Thank you — your reply was sent to our reviewers.' } }
            : {},
        );
      },
      '/clarifications',
    ),
  );

  app.post('/portal/:token/clarifications/:questionId/reply-form', (c) =>
    withPortal(
      c,
      async (session, token) => {
        const questionId = c.req.param('questionId');
        const form = (await c.req.parseBody({ all: true })) as FormBody;
        const text = first(form, 'text');
        const answerRaw = first(form, 'answer').trim();
        const evidenceText = first(form, 'evidence').trim();
        const evidence = evidenceText === '' ? [] : parseJson(evidenceText);
        const q = session.assessment.questionnaire?.questions.find((x) => x.id === questionId);
        const answer =
          answerRaw === ''
            ? undefined
            : q?.type === 'number' && Number.isFinite(Number(answerRaw))
              ? Number(answerRaw)
              : answerRaw;
        try {
          await answerClarification(c.var.deps, session, questionId, {
            text,
            ...(answer !== undefined ? { answer } : {}),
            evidence,
          });
        } catch (error) {
          if (!(error instanceof AppError) || error.status === 404 || error.status === 409) throw error;
          return render(
            c,
            session,
            token,
            {
              problem: {
                questionId,
                message:
                  error.code === 'invalid_request'
                    ? 'The reply could not be read: keep it under 2000 characters and upload the files again.'
                    : error.message,
                values: { text, answer: answerRaw, evidence: Array.isArray(evidence) ? evidence : undefined },
              },
            },
            error.status,
          );
        }
        return c.redirect(
          `/portal/${token}/clarifications?answered=1#c-${encodeURIComponent(questionId)}`,
          303,
        );
      },
      '/clarifications',
    ),
  );
}
