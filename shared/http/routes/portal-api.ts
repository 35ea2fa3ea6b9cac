/** The vendor portal's JSON API: the private link token in the path is the only credential. */
import type { Hono } from 'hono';
import { type Finding, ReportFixRequest } from '../../schemas/finding.ts';
import * as z from '../../schemas/zod.ts';
import { questionnaireView, saveDraft, submitAnswers } from '../../use-cases/answer-questionnaire.ts';
import { createEvidenceUpload, UploadRequest } from '../../use-cases/evidence-upload.ts';
import { reportFix } from '../../use-cases/finding-actions.ts';
import { openPortal } from '../../use-cases/portal-access.ts';
import { sortFindings } from '../../use-cases/review-assessment.ts';
import type { AppEnv } from '../context.ts';
import { mount } from '../operations.ts';

const AnswersBody = z.object({ answers: z.record(z.string(), z.unknown()) });

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
        200: { description: 'The questionnaire' },
        404: { description: 'Unknown link' },
        410: { description: 'Expired or revoked link (the message says whom to contact)' },
      },
    },
    async (c) => {
      const session = await openPortal(c.var.deps, c.req.param('token')!);
      return c.json(questionnaireView(session));
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
      responses: { 200: { description: 'Saved' }, 409: { description: 'Already submitted' } },
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
        400: { description: 'Incomplete or invalid answers (details per question)' },
        409: { description: 'The assessment is closed' },
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
