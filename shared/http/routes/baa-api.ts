/** BAA endpoints: staff (review, decide, documents, register) and the vendor's side through its link. */
import type { Hono } from 'hono';
import { BAA_CHECKLIST_V1 } from '../../content/baa-clauses.v1.ts';
import { baaTemplate, baaTemplateText } from '../../content/baa-template.v1.ts';
import { AppError, notFound } from '../../errors.ts';
import {
  AddSubcontractorRequest,
  BaaDecisionRequest,
  type BaaRecord,
  BaaUploadRequest,
  ClauseReviewRequest,
  RegisterBaaDocumentRequest,
  TerminateBaaRequest,
} from '../../schemas/baa-record.ts';
import {
  addSubcontractorBaa,
  createBaaUpload,
  decideBaa,
  deleteBaa,
  MAIN_BAA,
  recordClauseReview,
  registerBaaDocument,
  renewBaa,
  terminateBaa,
} from '../../use-cases/baa.ts';
import { openBaaPortal } from '../../use-cases/portal-access.ts';
import { UpdateIntakeRequest, updateIntake } from '../../use-cases/update-intake.ts';
import type { AppEnv } from '../context.ts';
import { decodeCursor, encodeCursor, parseLimit } from '../cursor.ts';
import { mount } from '../operations.ts';

export const baaView = (b: BaaRecord) => {
  const { due: _due, dueShard: _shard, ...rest } = b;
  return rest;
};

const vendorBaaView = (b: BaaRecord) => ({
  id: b.id,
  party: b.party,
  status: b.status,
  expiresAt: b.expiresAt ?? null,
  returnOrDestroy: b.returnOrDestroy
    ? { status: b.returnOrDestroy.status, dueAt: b.returnOrDestroy.dueAt }
    : null,
  documents: b.documents.map((d) => ({
    version: d.version,
    kind: d.kind,
    fileName: d.fileName,
    size: d.size,
    sha256: d.sha256,
    uploadedAt: d.uploadedAt,
  })),
});

const base = '/vendors/{vendorId}/baas/{baaId}';

/** The document parsers, loaded on first use (they are large and only these routes need them). */
const textReader = async () => (await import('../../documents/document-text.ts')).documentText;

const TEMPLATE_FORMATS = {
  pdf: { type: 'application/pdf', ext: 'pdf' },
  docx: {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ext: 'docx',
  },
  txt: { type: 'text/plain; charset=utf-8', ext: 'txt' },
} as const;
const ids = (c: { req: { param(name: string): string | undefined } }) =>
  [c.req.param('vendorId')!, c.req.param('baaId')!] as const;

export function baaApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'updateIntake',
      method: 'put',
      path: '/vendors/{vendorId}/intake',
      summary:
        'Update the intake: the tier is recomputed and the BAA requirement follows the PHI answer; data location and cyber insurance are kept when left out, and a changed data location re-opens the offshore data review',
      tag: 'Vendors',
      auth: 'staff',
      roles: ['procurement', 'compliance'],
      body: UpdateIntakeRequest,
      responses: { 200: { description: 'The vendor, with a note when the BAA did not follow the intake' } },
    },
    async (c, body) =>
      c.json(await updateIntake(c.var.deps, c.var.principal, c.req.param('vendorId')!, body)),
  );

  mount(
    app,
    {
      id: 'listBaas',
      method: 'get',
      path: '/baas',
      summary: 'The BAA register: every agreement by status and expiry',
      tag: 'BAAs',
      auth: 'staff',
      query: {
        status: 'Only this status (e.g. signed, expiring, expired)',
        limit: '1–100',
        cursor: 'from the previous page',
      },
      responses: { 200: { description: 'A page of BAAs' } },
    },
    async (c) => {
      const page = await c.var.deps.baas.list({
        status: c.req.query('status') || undefined,
        limit: parseLimit(c.req.query('limit')),
        cursor: decodeCursor(c.req.query('cursor')),
      });
      return c.json({ items: page.items.map(baaView), nextCursor: encodeCursor(page.cursor) });
    },
  );

  mount(
    app,
    {
      id: 'vendorBaas',
      method: 'get',
      path: '/vendors/{vendorId}/baas',
      summary: "A vendor's BAA and its subcontractors' BAAs",
      tag: 'BAAs',
      auth: 'staff',
      responses: { 200: { description: 'BAAs' } },
    },
    async (c) =>
      c.json({ items: (await c.var.deps.baas.listByVendor(c.req.param('vendorId')!)).map(baaView) }),
  );

  mount(
    app,
    {
      id: 'addSubcontractorBaa',
      method: 'post',
      path: '/vendors/{vendorId}/baas',
      summary: 'Track the BAA of a subcontractor that handles our PHI for this vendor',
      tag: 'BAAs',
      auth: 'staff',
      roles: ['compliance', 'procurement'],
      body: AddSubcontractorRequest,
      responses: { 201: { description: 'Tracked' }, 409: { description: 'Already tracked' } },
    },
    async (c, body) =>
      c.json(
        baaView(await addSubcontractorBaa(c.var.deps, c.var.principal, c.req.param('vendorId')!, body.name)),
        201,
      ),
  );

  mount(
    app,
    {
      id: 'getBaa',
      method: 'get',
      path: base,
      summary:
        'One BAA: status, every document version with its hash, the clause review, the terms, the history',
      tag: 'BAAs',
      auth: 'staff',
      responses: { 200: { description: 'The BAA with the clause checklist' } },
    },
    async (c) => {
      const [vendorId, baaId] = ids(c);
      const baa = await c.var.deps.baas.get(vendorId, baaId);
      if (!baa) throw notFound('BAA', `${vendorId}/${baaId}`);
      return c.json({ ...baaView(baa), checklist: BAA_CHECKLIST_V1 });
    },
  );

  mount(
    app,
    {
      id: 'baaUpload',
      method: 'post',
      path: `${base}/uploads`,
      summary: 'Presigned upload for a redline or signed copy (PDF, Word or text; ≤ 10 MB)',
      tag: 'BAAs',
      auth: 'staff',
      roles: ['compliance'],
      body: BaaUploadRequest,
      responses: { 200: { description: 'Where to PUT the file' } },
    },
    async (c, body) => c.json(await createBaaUpload(c.var.deps, ...ids(c), body, c.var.principal)),
  );

  mount(
    app,
    {
      id: 'registerBaaDocument',
      method: 'post',
      path: `${base}/documents`,
      summary:
        'Register an uploaded file as the next version (hash recorded, type verified, clauses suggested)',
      tag: 'BAAs',
      auth: 'staff',
      roles: ['compliance'],
      body: RegisterBaaDocumentRequest,
      responses: { 200: { description: 'The BAA with the new version' } },
    },
    async (c, body) =>
      c.json(
        baaView(await registerBaaDocument(c.var.deps, c.var.principal, ...ids(c), body, await textReader())),
      ),
  );

  mount(
    app,
    {
      id: 'downloadBaaDocument',
      method: 'get',
      path: `${base}/documents/{version}`,
      summary:
        'Download a document version (redirect to a 5-minute presigned URL); the hash is checked first',
      tag: 'BAAs',
      auth: 'staff',
      responses: { 302: { description: 'Redirect to the file' } },
    },
    async (c) => {
      const deps = c.var.deps;
      const [vendorId, baaId] = ids(c);
      const baa = await deps.baas.get(vendorId, baaId);
      const doc = baa?.documents.find((d) => String(d.version) === c.req.param('version'));
      if (!baa || !doc) throw notFound('Document', `${vendorId}/${baaId}/${c.req.param('version')}`);
      return c.redirect(await deps.documents.presignDownload(doc.key, doc.fileName, doc.s3VersionId), 302);
    },
  );

  mount(
    app,
    {
      id: 'reviewBaaClauses',
      method: 'post',
      path: `${base}/review`,
      summary:
        'Record the clause review: present / missing / deviates per clause, the breach-notice window, any exception',
      tag: 'BAAs',
      auth: 'staff',
      roles: ['compliance'],
      body: ClauseReviewRequest,
      responses: { 200: { description: 'The review and whether the BAA can be signed, with every blocker' } },
    },
    async (c, body) => {
      const { baa, evaluation } = await recordClauseReview(c.var.deps, c.var.principal, ...ids(c), body);
      return c.json({ baa: baaView(baa), evaluation });
    },
  );

  mount(
    app,
    {
      id: 'decideBaa',
      method: 'post',
      path: `${base}/decision`,
      summary:
        'Request changes; approve as the second compliance user (equivalent clauses or exceptions); or mark signed (needs a passing clause review, the second approval where required and a signed copy; expiresAt optional)',
      tag: 'BAAs',
      auth: 'staff',
      roles: ['compliance'],
      body: BaaDecisionRequest,
      responses: {
        200: { description: 'The BAA' },
        409: { description: 'Not signable: the blockers are listed' },
      },
    },
    async (c, body) => c.json(baaView(await decideBaa(c.var.deps, c.var.principal, ...ids(c), body))),
  );

  mount(
    app,
    {
      id: 'terminateBaa',
      method: 'post',
      path: `${base}/termination`,
      summary: 'Terminate the agreement (kept 6 years after termination)',
      tag: 'BAAs',
      auth: 'staff',
      roles: ['compliance'],
      body: TerminateBaaRequest,
      responses: { 200: { description: 'The BAA' } },
    },
    async (c, body) => c.json(baaView(await terminateBaa(c.var.deps, c.var.principal, ...ids(c), body))),
  );

  mount(
    app,
    {
      id: 'renewBaa',
      method: 'post',
      path: `${base}/renewal`,
      summary: 'Start the renewal of an expiring or expired BAA (the vendor gets a new request)',
      tag: 'BAAs',
      auth: 'staff',
      roles: ['compliance'],
      responses: { 200: { description: 'The BAA' } },
    },
    async (c) => c.json(baaView(await renewBaa(c.var.deps, c.var.principal, ...ids(c)))),
  );

  mount(
    app,
    {
      id: 'deleteBaa',
      method: 'delete',
      path: base,
      summary: 'Delete a BAA record: refused during the HIPAA retention period',
      tag: 'BAAs',
      auth: 'staff',
      roles: ['admin'],
      responses: {
        200: { description: 'Deleted' },
        409: { description: 'Still within retention (says until when)' },
      },
    },
    async (c) => c.json(await deleteBaa(c.var.deps, c.var.principal, ...ids(c))),
  );

  // --- the vendor's side -------------------------------------------------------------------------

  mount(
    app,
    {
      id: 'portalBaa',
      method: 'get',
      path: '/portal/{token}/baa/status',
      summary: "The vendor's BAA: status and the versions it has uploaded",
      tag: 'Vendor portal',
      auth: 'link',
      responses: { 200: { description: 'The BAA' } },
    },
    async (c) => {
      const session = await openBaaPortal(c.var.deps, c.req.param('token')!);
      const baa = await c.var.deps.baas.get(session.vendor.id, MAIN_BAA);
      if (!baa) throw new AppError('baa_not_required', 'No BAA is required from your organisation', 404);
      return c.json({
        vendor: { id: session.vendor.id, name: session.vendor.name },
        baa: vendorBaaView(baa),
        contact: session.contact,
      });
    },
  );

  mount(
    app,
    {
      id: 'portalBaaTemplate',
      method: 'get',
      path: '/portal/{token}/baa/template',
      summary:
        "Download the organisation's BAA to review and sign, with your details filled in: ?format=pdf (default), docx or txt",
      tag: 'Vendor portal',
      auth: 'link',
      responses: {
        200: { description: 'The agreement as PDF, Word document or plain text' },
        400: { description: 'Unknown format' },
      },
    },
    async (c) => {
      const deps = c.var.deps;
      const session = await openBaaPortal(deps, c.req.param('token')!);
      const format = (c.req.query('format') ?? 'pdf') as keyof typeof TEMPLATE_FORMATS;
      const spec = TEMPLATE_FORMATS[format];
      if (!Object.hasOwn(TEMPLATE_FORMATS, format) || !spec) {
        throw new AppError('invalid_format', 'Choose format=pdf, docx or txt', 400);
      }
      const v = session.vendor;
      const name = `Business-Associate-Agreement-${v.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.${spec.ext}`;
      const headers = {
        'content-type': spec.type,
        'content-disposition': `attachment; filename="${name}"`,
      };
      if (format === 'txt') return c.body(baaTemplateText(deps.config.organisation, v.name), 200, headers);
      const template = baaTemplate(deps.config.organisation, v.name, {
        contactName: v.contactName,
        contactEmail: v.contactEmail,
        services: v.services,
      });
      const bytes =
        format === 'docx'
          ? await (await import('../../documents/baa-docx.ts')).baaDocx(template)
          : await (await import('../../documents/baa-pdf.ts')).baaPdf(template);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, headers);
    },
  );

  mount(
    app,
    {
      id: 'portalBaaUpload',
      method: 'post',
      path: '/portal/{token}/baa/uploads',
      summary: 'Presigned upload for your redline or signed copy',
      tag: 'Vendor portal',
      auth: 'link',
      body: BaaUploadRequest,
      responses: { 200: { description: 'Where to PUT the file' } },
    },
    async (c, body) => {
      const session = await openBaaPortal(c.var.deps, c.req.param('token')!);
      return c.json(await createBaaUpload(c.var.deps, session.vendor.id, MAIN_BAA, body, session.actor));
    },
  );

  mount(
    app,
    {
      id: 'portalBaaDocument',
      method: 'post',
      path: '/portal/{token}/baa/documents',
      summary: 'Register your uploaded copy; our compliance team reviews it clause by clause',
      tag: 'Vendor portal',
      auth: 'link',
      body: RegisterBaaDocumentRequest,
      responses: { 200: { description: 'Received' } },
    },
    async (c, body) => {
      const deps = c.var.deps;
      const session = await openBaaPortal(deps, c.req.param('token')!);
      return c.json(
        vendorBaaView(
          await registerBaaDocument(
            deps,
            session.actor,
            session.vendor.id,
            MAIN_BAA,
            body,
            await textReader(),
          ),
        ),
      );
    },
  );
}
