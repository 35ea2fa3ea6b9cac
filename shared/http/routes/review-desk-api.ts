/**
 * The reviewer's desk in the JSON API: the submission question by question, evidence files staff
 * (and the vendor, through its link) can open, clarification requests and replies, verdicts per
 * question and the rerun of the review with clarified answers and overrides.
 */
import type { Hono } from 'hono';
import { valueInWords } from '../../domain/review-desk.ts';
import {
  ClarificationReply,
  ClarificationRequest,
  RescoreRequest,
  VerdictRequest,
} from '../../schemas/review-desk.ts';
import * as z from '../../schemas/zod.ts';
import { loadAssessmentReview } from '../../use-cases/assessment-review.ts';
import { answerClarification, requestClarifications } from '../../use-cases/clarifications.ts';
import { catalogueOf, type OpenedEvidence, openEvidence } from '../../use-cases/evidence-files.ts';
import { openPortal } from '../../use-cases/portal-access.ts';
import { rescoreAssessment } from '../../use-cases/rescore-assessment.ts';
import { getAssessment } from '../../use-cases/start-assessment.ts';
import { setVerdict } from '../../use-cases/verdicts.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { mount } from '../operations.ts';
import {
  AssessmentReviewSchema,
  assessmentReviewView,
  ClarificationViewSchema,
  clarificationView,
  VerdictViewSchema,
  vendorEvidenceView,
  verdictView,
} from '../review-views.ts';

/** A redirect to the pinned S3 version (presigned, 5 minutes), or the checked bytes. */
export function sendEvidence(c: AppContext, opened: OpenedEvidence) {
  c.header('cache-control', 'no-store');
  if (opened.kind === 'redirect') return c.redirect(opened.url, 302);
  const name = opened.file.ref.name.replace(/[^\w.\- ]/g, '_');
  return c.body(opened.bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': opened.file.ref.contentType,
    'content-disposition': `attachment; filename="${name}"`,
    'x-content-type-options': 'nosniff',
  });
}

const RescoreSchema = z.object({
  before: z.object({
    score: z.nullable(z.number()),
    rating: z.nullable(z.string()),
    outcome: z.nullable(z.string()),
  }),
  after: z.object({ score: z.number(), rating: z.string(), outcome: z.string() }),
  opened: z.array(z.object({ id: z.string(), title: z.string(), severity: z.string() })),
  closed: z.array(z.object({ id: z.string(), title: z.string() })),
  changedAnswers: z.array(z.object({ questionId: z.string(), source: z.string() })),
});

export function reviewDeskApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'getAssessmentReview',
      method: 'get',
      path: '/assessments/{assessmentId}/review',
      summary:
        'The submission question by question and by domain: the answer that counts (submitted, clarified or overridden), why a hidden question was not asked, its finding, evidence files, verdict and clarification thread',
      tag: 'Reviewer desk',
      auth: 'staff',
      responses: { 200: { description: 'The review', schema: AssessmentReviewSchema } },
    },
    async (c) =>
      c.json(assessmentReviewView(await loadAssessmentReview(c.var.deps, c.req.param('assessmentId')!))),
  );

  mount(
    app,
    {
      id: 'openEvidence',
      method: 'get',
      path: '/assessments/{assessmentId}/evidence/{fileId}',
      summary:
        'Open an evidence file (the `href` of each file in GET /assessments/{id}): a redirect to the pinned version, valid 5 minutes. Audited.',
      tag: 'Reviewer desk',
      auth: 'staff',
      responses: {
        302: { description: 'Redirect to the file (the version pinned at submission)' },
        200: {
          description: 'The file (stores without versioning: bytes checked against the pinned SHA-256)',
        },
        404: { description: 'No such file in this assessment' },
        409: { description: 'The stored bytes no longer match the pinned SHA-256' },
      },
    },
    async (c) => {
      const deps = c.var.deps;
      const assessment = await getAssessment(deps, c.req.param('assessmentId')!);
      return sendEvidence(c, await openEvidence(deps, c.var.principal, assessment, c.req.param('fileId')!));
    },
  );

  mount(
    app,
    {
      id: 'requestClarifications',
      method: 'post',
      path: '/assessments/{assessmentId}/clarifications',
      summary:
        'Ask the vendor to clarify answers (a note per question); one email with its link; each request is due in 7 days with reminders and escalation',
      tag: 'Reviewer desk',
      auth: 'staff',
      roles: ['compliance'],
      body: ClarificationRequest,
      responses: {
        201: {
          description: 'Requested',
          schema: z.object({ dueAt: z.string(), threads: z.array(ClarificationViewSchema) }),
        },
        400: { description: 'A question that was not asked, or asked twice' },
        409: { description: 'Not submitted yet' },
      },
    },
    async (c, body) => {
      const assessmentId = c.req.param('assessmentId')!;
      const { dueAt, threads } = await requestClarifications(c.var.deps, c.var.principal, assessmentId, body);
      const href = (id: string) => `/assessments/${assessmentId}/evidence/${id}`;
      return c.json({ dueAt, threads: threads.map((t) => clarificationView(t, href)) }, 201);
    },
  );

  mount(
    app,
    {
      id: 'listClarifications',
      method: 'get',
      path: '/assessments/{assessmentId}/clarifications',
      summary: 'The clarification threads of an assessment, one per question',
      tag: 'Reviewer desk',
      auth: 'staff',
      responses: {
        200: { description: 'Threads', schema: z.object({ items: z.array(ClarificationViewSchema) }) },
      },
    },
    async (c) => {
      const review = await loadAssessmentReview(c.var.deps, c.req.param('assessmentId')!);
      const view = assessmentReviewView(review);
      const items = view.domains.flatMap((d) =>
        d.questions.flatMap((q) => (q.clarification ? [q.clarification] : [])),
      );
      return c.json({ items });
    },
  );

  mount(
    app,
    {
      id: 'setVerdict',
      method: 'put',
      path: '/assessments/{assessmentId}/questions/{questionId}/verdict',
      summary:
        "The reviewer's verdict on one answer: accepted, needs_clarification (asks the vendor; `reason` is the question) or override (`answer` counts instead of the vendor's, `reason` required; reruns the review)",
      tag: 'Reviewer desk',
      auth: 'staff',
      roles: ['compliance'],
      body: VerdictRequest,
      responses: {
        200: {
          description: 'Recorded (with the rerun review for an override)',
          schema: z.object({ verdict: VerdictViewSchema, rescore: z.nullable(RescoreSchema) }),
        },
        400: { description: 'Missing reason or answer, or an answer the question does not accept' },
        409: { description: 'The assessment is not reviewed yet' },
      },
    },
    async (c, body) => {
      const { verdict, rescore } = await setVerdict(
        c.var.deps,
        c.var.principal,
        c.req.param('assessmentId')!,
        c.req.param('questionId')!,
        body,
      );
      return c.json({ verdict: verdictView(verdict), rescore });
    },
  );

  mount(
    app,
    {
      id: 'rescoreAssessment',
      method: 'post',
      path: '/assessments/{assessmentId}/rescore',
      summary:
        'Rerun the review with the clarified answers and overrides: score, rating, findings (raised or closed) and proposed outcome follow; audited',
      tag: 'Reviewer desk',
      auth: 'staff',
      roles: ['compliance'],
      body: RescoreRequest,
      responses: {
        200: { description: 'What changed', schema: RescoreSchema },
        409: { description: 'Not reviewed yet' },
      },
    },
    async (c, body) =>
      c.json(
        await rescoreAssessment(
          c.var.deps,
          c.var.principal,
          c.req.param('assessmentId')!,
          body.reason || undefined,
        ),
      ),
  );

  // --- the vendor's side --------------------------------------------------------------------------

  mount(
    app,
    {
      id: 'vendorClarifications',
      method: 'get',
      path: '/portal/{token}/clarification-requests',
      summary: "The reviewer's clarification requests to this vendor and its replies",
      tag: 'Vendor portal',
      auth: 'link',
      responses: {
        200: { description: 'Threads', schema: z.object({ items: z.array(ClarificationViewSchema) }) },
      },
    },
    async (c) => {
      const deps = c.var.deps;
      const token = c.req.param('token')!;
      const session = await openPortal(deps, token);
      const threads = await deps.reviewDesk.listClarifications(session.assessment.id);
      const questions = session.assessment.questionnaire?.questions ?? [];
      const href = (id: string) => `/portal/${token}/evidence/${id}`;
      return c.json({
        items: threads.map((t) => {
          const q = questions.find((x) => x.id === t.questionId);
          return clarificationView(t, href, q ? (v) => valueInWords(q, v as never) : undefined);
        }),
      });
    },
  );

  mount(
    app,
    {
      id: 'answerClarification',
      method: 'post',
      path: '/portal/{token}/clarification-requests/{questionId}',
      summary:
        'Answer one clarification request: `text`, a revised `answer` and/or new `evidence` (uploaded first through /portal/{token}/uploads); the other answers stay as submitted',
      tag: 'Vendor portal',
      auth: 'link',
      body: ClarificationReply,
      responses: {
        200: { description: 'Recorded', schema: ClarificationViewSchema },
        400: { description: 'Empty reply, invalid answer or evidence' },
        404: { description: 'No request on this question' },
        409: { description: 'Already answered' },
      },
    },
    async (c, body) => {
      const token = c.req.param('token')!;
      const session = await openPortal(c.var.deps, token);
      const saved = await answerClarification(c.var.deps, session, c.req.param('questionId')!, body);
      return c.json(clarificationView(saved, (id) => `/portal/${token}/evidence/${id}`));
    },
  );

  mount(
    app,
    {
      id: 'vendorEvidence',
      method: 'get',
      path: '/portal/{token}/evidence/{fileId}',
      summary: "Open one of this vendor's own evidence files (redirect to the pinned version); audited",
      tag: 'Vendor portal',
      auth: 'link',
      responses: {
        302: { description: 'Redirect to the file' },
        404: { description: 'Not a file of this assessment' },
      },
    },
    async (c) => {
      const deps = c.var.deps;
      const session = await openPortal(deps, c.req.param('token')!);
      return sendEvidence(
        c,
        await openEvidence(deps, session.actor, session.assessment, c.req.param('fileId')!),
      );
    },
  );

  mount(
    app,
    {
      id: 'vendorEvidenceList',
      method: 'get',
      path: '/portal/{token}/evidence',
      summary: 'The evidence files this vendor submitted, each with the link that opens it',
      tag: 'Vendor portal',
      auth: 'link',
      responses: {
        200: {
          description: 'Files',
          schema: z.object({
            items: z.array(
              z.object({ fileId: z.string(), name: z.string(), size: z.number(), href: z.string() }),
            ),
          }),
        },
      },
    },
    async (c) => {
      const token = c.req.param('token')!;
      const session = await openPortal(c.var.deps, token);
      const files = await catalogueOf(c.var.deps, session.assessment);
      return c.json({ items: files.map((f) => vendorEvidenceView(token, f)) });
    },
  );
}
