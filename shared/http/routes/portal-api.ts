/** The vendor portal's JSON API: the private link token in the path is the only credential. */
import type { Hono } from 'hono';
import { AnswerSource, AnswerSourcesRequest } from '../../schemas/answer-source.ts';
import { type Finding, ReportFixRequest } from '../../schemas/finding.ts';
import * as z from '../../schemas/zod.ts';
import { questionnaireView, saveDraft, submitAnswers } from '../../use-cases/answer-questionnaire.ts';
import { answerProposals } from '../../use-cases/evidence-reuse.ts';
import { createEvidenceUpload, UploadRequest } from '../../use-cases/evidence-upload.ts';
import { reportFix } from '../../use-cases/finding-actions.ts';
import { openPortal } from '../../use-cases/portal-access.ts';
import { sortFindings } from '../../use-cases/review-assessment.ts';
import type { AppEnv } from '../context.ts';
import { mount } from '../operations.ts';

/**
 * Answers by question id; `sources` names, per question, the confirmed assurance document the answer
 * is taken from (evidence reuse; `null` drops one). Without `sources`, the stored ones are kept
 * where the answer is still the document's.
 */
const AnswersBody = z.object({
  answers: z.record(z.string(), z.unknown()),
  sources: z.optional(AnswerSourcesRequest),
});

const ProposalSchema = z.object({
  questionId: z.string(),
  documentId: z.string(),
  documentType: z.enum(['soc2', 'hitrust', 'iso27001', 'pen_test', 'cyber_insurance']),
  documentLabel: z.string(),
  description: z.string(),
  version: z.number(),
  fileName: z.string(),
  sha256: z.string(),
  answer: z.string(),
  answerText: z.string(),
  confirmedAt: z.string(),
  currentUntil: z.string(),
  prompt: z.string(),
});

const QuestionnaireSchema = z.object({
  assessmentId: z.string(),
  title: z.string(),
  status: z.string(),
  questions: z.array(z.object({ id: z.string(), title: z.string(), text: z.string(), type: z.string() })),
  visible: z.array(z.string()),
  answers: z.record(z.string(), z.unknown()),
  /** Answers a confirmed, current security document of yours can give: use one by sending its `sources` entry. */
  proposals: z.array(ProposalSchema),
  /** The documents your saved answers are taken from, by question id. */
  sources: z.record(z.string(), AnswerSource),
});

export const vendorFindingView = (f: Finding) => ({
  id: f.id,
  questionId: f.questionId,
  domain: f.domain,
  severity: f.severity,
  title: f.title,
  detail: f.detail,
  citation: f.citation,
  remediation: f.remediation,
  status: f.status,
  dueAt: f.dueAt,
  fixReport: f.fixReport ?? null,
});

export function portalApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'getQuestionnaire',
      method: 'get',
      path: '/portal/{token}/questionnaire',
      summary: 'The frozen questionnaire, visible questions and saved answers (never changes state)',
      tag: 'Vendor portal',
      auth: 'link',
      responses: {
        200: {
          description: 'The questionnaire, with proposals from your confirmed security documents',
          schema: QuestionnaireSchema,
        },
        404: { description: 'Unknown link' },
        410: { description: 'Expired or revoked link (the message says whom to contact)' },
      },
    },
    async (c) => {
      const session = await openPortal(c.var.deps, c.req.param('token')!);
      const open = session.assessment.status === 'sent' || session.assessment.status === 'in_progress';
      return c.json({
        ...questionnaireView(session),
        // Proposals only while the questionnaire can still be answered.
        proposals: open ? await answerProposals(c.var.deps, session.assessment, session.vendor) : [],
        sources: session.assessment.answerSources ?? {},
      });
    },
  );

  mount(
    app,
    {
      id: 'saveDraft',
      method: 'put',
      path: '/portal/{token}/draft',
      summary: 'Save answers as a draft (resume later from any device)',
      tag: 'Vendor portal',
      auth: 'link',
      body: AnswersBody,
      responses: {
        200: { description: 'Saved' },
        400: {
          description:
            'Invalid answers, or a source document that is not yours (document_not_on_file), cannot answer the question (document_cannot_answer) or gives another answer (answer_differs_from_document)',
        },
        409: {
          description:
            'Already submitted, or a source document not confirmed (document_not_confirmed) or out of date (document_not_current)',
        },
      },
    },
    async (c, body) => {
      const session = await openPortal(c.var.deps, c.req.param('token')!);
      return c.json(await saveDraft(c.var.deps, session, body));
    },
  );

  mount(
    app,
    {
      id: 'submitAnswers',
      method: 'post',
      path: '/portal/{token}/submit',
      summary: 'Submit the answers: validated for completeness, idempotent, starts the review workflow',
      tag: 'Vendor portal',
      auth: 'link',
      body: AnswersBody,
      responses: {
        202: { description: 'Accepted; the review is running' },
        400: {
          description:
            'Incomplete or invalid answers (details per question), or a source document that cannot answer (as for the draft)',
        },
        409: {
          description:
            'The assessment is closed, or a source document is no longer confirmed or current (document_not_confirmed, document_not_current)',
        },
      },
    },
    async (c, body) => {
      const session = await openPortal(c.var.deps, c.req.param('token')!);
      return c.json(await submitAnswers(c.var.deps, session, body), 202);
    },
  );

  mount(
    app,
    {
      id: 'createUpload',
      method: 'post',
      path: '/portal/{token}/uploads',
      summary: 'Get a presigned URL to upload an evidence file (PDF, image, text, CSV, Word, Excel; ≤ 10 MB)',
      tag: 'Vendor portal',
      auth: 'link',
      body: UploadRequest,
      responses: { 200: { description: 'Where to PUT the file, and the evidence reference to cite' } },
    },
    async (c, body) => {
      const session = await openPortal(c.var.deps, c.req.param('token')!);
      return c.json(await createEvidenceUpload(c.var.deps, session, body));
    },
  );

  mount(
    app,
    {
      id: 'vendorFindings',
      method: 'get',
      path: '/portal/{token}/findings',
      summary: 'The remediation plan: findings with due dates and status',
      tag: 'Vendor portal',
      auth: 'link',
      responses: { 200: { description: 'Findings' } },
    },
    async (c) => {
      const deps = c.var.deps;
      const session = await openPortal(deps, c.req.param('token')!);
      const findings = sortFindings(await deps.findings.listByAssessment(session.assessment.id));
      return c.json({ assessmentId: session.assessment.id, items: findings.map(vendorFindingView) });
    },
  );

  mount(
    app,
    {
      id: 'reportFix',
      method: 'post',
      path: '/portal/{token}/findings/{findingId}/fix',
      summary: 'Report a fix for a finding (note and evidence); compliance verifies it',
      tag: 'Vendor portal',
      auth: 'link',
      body: ReportFixRequest,
      responses: { 200: { description: 'Recorded' }, 409: { description: 'The finding is not open' } },
    },
    async (c, body) => {
      const deps = c.var.deps;
      const session = await openPortal(deps, c.req.param('token')!);
      return c.json(vendorFindingView(await reportFix(deps, session, c.req.param('findingId')!, body)));
    },
  );
}
