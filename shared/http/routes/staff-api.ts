/** Staff JSON API: vendors and assessments. */
import type { Hono } from 'hono';
import { AppError } from '../../errors.ts';
import { RegisterVendorRequest, Vendor, VendorStage } from '../../schemas/vendor.ts';
import * as z from '../../schemas/zod.ts';
import { recomputeRatings } from '../../use-cases/assessment-rating.ts';
import { evidenceCatalogue } from '../../use-cases/evidence-files.ts';
import { resendInvitation } from '../../use-cases/launch-assessment.ts';
import { getVendor, registerVendor } from '../../use-cases/register-vendor.ts';
import { rerunReview, sortFindings } from '../../use-cases/review-assessment.ts';
import { getAssessment, startAssessment } from '../../use-cases/start-assessment.ts';
import type { AppEnv } from '../context.ts';
import { decodeCursor, encodeCursor, parseLimit } from '../cursor.ts';
import { mount } from '../operations.ts';
import { EvidenceFileSchema, evidenceFileView } from '../review-views.ts';
import { AssessmentViewSchema, assessmentView, staffFindingView } from '../views.ts';

const VendorList = z.object({ items: z.array(Vendor), nextCursor: z.nullable(z.string()) });

export function staffApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'registerVendor',
      method: 'post',
      path: '/vendors',
      summary: 'Register a vendor from its intake; returns it with its inherent-risk tier',
      tag: 'Vendors',
      auth: 'staff',
      roles: ['procurement'],
      body: RegisterVendorRequest,
      responses: { 201: { description: 'Registered', schema: Vendor } },
    },
    async (c, body) => {
      const vendor = await registerVendor(c.var.deps, c.var.principal, body);
      return c.json(vendor, 201, { Location: `/vendors/${vendor.id}` });
    },
  );

  mount(
    app,
    {
      id: 'listVendors',
      method: 'get',
      path: '/vendors',
      summary: 'List vendors by name, a page at a time',
      tag: 'Vendors',
      auth: 'staff',
      query: {
        limit: 'Page size, 1–100 (default 25)',
        cursor: 'nextCursor from the previous page',
        stage: 'Only vendors in this pipeline stage',
      },
      responses: { 200: { description: 'A page of vendors', schema: VendorList } },
    },
    async (c) => {
      const stage = c.req.query('stage');
      if (stage !== undefined && !VendorStage.options.includes(stage as never)) {
        throw new AppError('invalid_request', `stage must be one of: ${VendorStage.options.join(', ')}`, 400);
      }
      const options = {
        limit: parseLimit(c.req.query('limit')),
        cursor: decodeCursor(c.req.query('cursor')),
      };
      const page = stage
        ? await c.var.deps.vendors.listByStage(stage, options)
        : await c.var.deps.vendors.list(options);
      return c.json({ items: page.items, nextCursor: encodeCursor(page.cursor) });
    },
  );

  mount(
    app,
    {
      id: 'getVendor',
      method: 'get',
      path: '/vendors/{vendorId}',
      summary: 'A vendor with its tier, stage, BAA status and assessments',
      tag: 'Vendors',
      auth: 'staff',
      responses: { 200: { description: 'The vendor', schema: Vendor } },
    },
    async (c) => {
      const deps = c.var.deps;
      const vendorId = c.req.param('vendorId')!;
      // Independent reads in parallel (the list is wasted only for an unknown vendor, a 404).
      const [vendor, assessments] = await Promise.all([
        getVendor(deps, vendorId),
        deps.assessments.listByVendor(vendorId),
      ]);
      return c.json({ ...vendor, assessments: assessments.map(assessmentView) });
    },
  );

  mount(
    app,
    {
      id: 'startAssessment',
      method: 'post',
      path: '/vendors/{vendorId}/assessments',
      summary: 'Start the launch workflow: questionnaire by tier, private link, invitation email',
      tag: 'Assessments',
      auth: 'staff',
      roles: ['procurement'],
      responses: {
        202: { description: 'Accepted; the launch workflow is running', schema: AssessmentViewSchema },
        409: { description: 'The vendor already has an open assessment' },
      },
    },
    async (c) => {
      const assessment = await startAssessment(c.var.deps, c.var.principal, c.req.param('vendorId')!);
      return c.json(assessmentView(assessment), 202, { Location: `/assessments/${assessment.id}` });
    },
  );

  mount(
    app,
    {
      id: 'resendInvitation',
      method: 'post',
      path: '/assessments/{assessmentId}/invitation',
      summary: 'Resend the questionnaire invitation with a new link; every earlier link is revoked',
      tag: 'Assessments',
      auth: 'staff',
      roles: ['procurement'],
      responses: {
        200: { description: 'Sent', schema: AssessmentViewSchema },
        409: { description: 'The assessment is not open' },
      },
    },
    async (c) => {
      const assessment = await resendInvitation(c.var.deps, c.var.principal, c.req.param('assessmentId')!);
      return c.json(assessmentView(assessment));
    },
  );

  mount(
    app,
    {
      id: 'rerunReview',
      method: 'post',
      path: '/assessments/{assessmentId}/review',
      summary: 'Rerun the review workflow of a submitted assessment whose review failed',
      tag: 'Assessments',
      auth: 'staff',
      roles: ['compliance'],
      responses: {
        202: { description: 'The review is running again' },
        409: { description: 'Not awaiting a review' },
      },
    },
    async (c) => c.json(await rerunReview(c.var.deps, c.var.principal, c.req.param('assessmentId')!), 202),
  );

  mount(
    app,
    {
      id: 'getAssessment',
      method: 'get',
      path: '/assessments/{assessmentId}',
      summary:
        'An assessment: status, answers, score, domain scores, rating, outcome, findings and every evidence file (name, size, SHA-256, `href` to open it)',
      tag: 'Assessments',
      auth: 'staff',
      responses: {
        200: {
          description: 'The assessment',
          schema: z.extend(AssessmentViewSchema, { evidence: z.array(EvidenceFileSchema) }),
        },
      },
    },
    async (c) => {
      const deps = c.var.deps;
      const assessmentId = c.req.param('assessmentId')!;
      const [assessment, listed, clarifications] = await Promise.all([
        getAssessment(deps, assessmentId),
        deps.findings.listByAssessment(assessmentId),
        deps.reviewDesk.listClarifications(assessmentId),
      ]);
      const findings = sortFindings(listed);
      const evidence = evidenceCatalogue({ assessment, findings, clarifications });
      return c.json({
        ...assessmentView(assessment),
        findings: findings.map(staffFindingView),
        evidence: evidence.map((f) => evidenceFileView(assessment.id, f)),
      });
    },
  );

  mount(
    app,
    {
      id: 'recomputeRatings',
      method: 'post',
      path: '/ratings/recompute',
      summary:
        'Apply the current severity, knock-out and rating rules to every reviewed assessment (audited; dryRun=true only reports)',
      tag: 'Assessments',
      auth: 'staff',
      roles: ['compliance'],
      query: { dryRun: 'true to list what would change without writing anything' },
      responses: { 200: { description: 'What changed (or would change)' } },
    },
    async (c) => {
      const dryRun = c.req.query('dryRun');
      if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') {
        throw new AppError('invalid_request', 'dryRun must be true or false', 400);
      }
      return c.json(await recomputeRatings(c.var.deps, c.var.principal, { dryRun: dryRun === 'true' }));
    },
  );
}
