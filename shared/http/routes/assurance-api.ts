/**
 * Assurance documents and the annual BA verification (docs/assurance.md): staff endpoints under
 * `/vendors/{vendorId}` and the vendor's side through any live link of the vendor.
 */
import type { Hono } from 'hono';
import { assuranceRepository } from '../../adapters/dynamodb/assurance-repository.ts';
import type { Deps } from '../../composition.ts';
import { AppError, notFound } from '../../errors.ts';
import type { PinnedDocumentFile } from '../../schemas/assurance.ts';
import {
  AssuranceUploadRequest,
  ConfirmAssuranceRequest,
  DocumentFindingRequest,
  RegisterAssuranceRequest,
  VerificationDecisionRequest,
  VerificationSubmission,
} from '../../schemas/assurance.ts';
import type { Actor } from '../../use-cases/actor.ts';
import {
  createVerificationUpload,
  decideVerification,
  requestVerification,
  submitVerification,
  verificationView,
} from '../../use-cases/annual-verification.ts';
import {
  assuranceOverview,
  confirmAssuranceDocument,
  createAssuranceUpload,
  registerAssuranceDocument,
} from '../../use-cases/assurance.ts';
import { raiseDocumentFinding } from '../../use-cases/document-findings.ts';
import { openBaaPortal } from '../../use-cases/portal-access.ts';
import { trustMatrixCsv, trustMatrixPage } from '../../use-cases/trust-matrix.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { decodeCursor, encodeCursor, parseLimit } from '../cursor.ts';
import { mount } from '../operations.ts';

const base = '/vendors/{vendorId}';
const vendorIdOf = (c: { req: { param(name: string): string | undefined } }) => c.req.param('vendorId')!;

/**
 * The one shape of a staff action on one of the vendor's records (a document, a verification),
 * named by `param` in the path: run the use case, answer its result (through `view`) as JSON.
 */
function onRecord<T>(
  param: string,
  run: (deps: Deps, actor: Actor, vendorId: string, id: string, body: unknown) => Promise<T>,
  view: (result: T) => unknown = (result) => result,
  status: 200 | 201 = 200,
) {
  return async (c: AppContext, body: unknown) =>
    c.json(
      view(await run(c.var.deps, c.var.principal, vendorIdOf(c), c.req.param(param)!, body)) as object,
      status,
    );
}

/**
 * Download of a pinned file found by the two path parameters `params` (a record and which of its
 * files): a redirect to a short-lived URL of the exact bytes, or 404 naming `what`.
 */
function pinnedDownload(
  what: string,
  params: [string, string],
  find: (deps: Deps, vendorId: string, id: string, which: string) => Promise<PinnedDocumentFile | undefined>,
) {
  return async (c: AppContext) => {
    const [id, which] = params.map((p) => c.req.param(p)!) as [string, string];
    const file = await find(c.var.deps, vendorIdOf(c), id, which);
    if (!file) throw notFound(what, `${id}/${which}`);
    return c.redirect(
      await c.var.deps.documents.presignDownload(file.key, file.fileName, file.versionId),
      302,
    );
  };
}

/** What a vendor sees of its own documents: no storage keys, no staff ids. */
const vendorDocumentView = (d: Awaited<ReturnType<typeof assuranceOverview>>[number]) => ({
  id: d.id,
  type: d.type,
  typeLabel: d.typeLabel,
  fields: d.fields,
  status: d.status,
  currentUntil: d.currentUntil,
  currency: d.currency,
  currencyLabel: d.currencyLabel,
  versions: d.versions.map((v) => ({
    version: v.version,
    fileName: v.file.fileName,
    size: v.file.size,
    sha256: v.file.sha256,
    submittedAt: v.submittedAt,
  })),
});

export function assuranceApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'listAssurance',
      method: 'get',
      path: `${base}/assurance`,
      summary:
        "The vendor's assurance documents (SOC 2, bridge letters, certificates, pen tests, insurance) with currency",
      tag: 'Assurance',
      auth: 'staff',
      responses: { 200: { description: 'Documents, every version with its SHA-256' } },
    },
    async (c) => {
      const vendorId = vendorIdOf(c);
      if (!(await c.var.deps.vendors.get(vendorId))) throw notFound('Vendor', vendorId);
      return c.json({ documents: await assuranceOverview(c.var.deps, vendorId) });
    },
  );

  mount(
    app,
    {
      id: 'assuranceUpload',
      method: 'post',
      path: `${base}/assurance/uploads`,
      summary: 'Presigned upload for an assurance document file (PDF, image, text, Word, Excel; ≤ 10 MB)',
      tag: 'Assurance',
      auth: 'staff',
      body: AssuranceUploadRequest,
      responses: { 200: { description: 'Where to PUT the file' } },
    },
    async (c, body) => c.json(await createAssuranceUpload(c.var.deps, vendorIdOf(c), body, c.var.principal)),
  );

  mount(
    app,
    {
      id: 'addAssurance',
      method: 'post',
      path: `${base}/assurance`,
      summary: 'Register an uploaded file with its fields (a new document, or a new version with documentId)',
      tag: 'Assurance',
      auth: 'staff',
      body: RegisterAssuranceRequest,
      responses: { 201: { description: 'The document, waiting for compliance to confirm' } },
    },
    async (c, body) =>
      c.json(await registerAssuranceDocument(c.var.deps, c.var.principal, vendorIdOf(c), body), 201),
  );

  mount(
    app,
    {
      id: 'confirmAssurance',
      method: 'post',
      path: `${base}/assurance/{documentId}/confirmation`,
      summary: 'Compliance confirms the fields against the file, optionally correcting them',
      tag: 'Assurance',
      auth: 'staff',
      roles: ['compliance'],
      body: ConfirmAssuranceRequest,
      responses: { 200: { description: 'The confirmed document' } },
    },
    onRecord('documentId', confirmAssuranceDocument),
  );

  mount(
    app,
    {
      id: 'documentFinding',
      method: 'post',
      path: `${base}/assurance/{documentId}/findings`,
      summary:
        'Turn a SOC 2 exception, a modified opinion, an unmet user-entity control or open pen-test issues into a finding (remediation ladder, cited to the report)',
      tag: 'Assurance',
      auth: 'staff',
      roles: ['compliance'],
      body: DocumentFindingRequest,
      responses: {
        201: { description: 'The finding' },
        409: { description: 'Already raised, or no assessment' },
      },
    },
    onRecord('documentId', raiseDocumentFinding, undefined, 201),
  );

  mount(
    app,
    {
      id: 'downloadAssurance',
      method: 'get',
      path: `${base}/assurance/{documentId}/versions/{version}`,
      summary:
        'Download one version of a document (redirect to a 5-minute presigned URL of the pinned bytes)',
      tag: 'Assurance',
      auth: 'staff',
      responses: { 302: { description: 'Redirect to the file' } },
    },
    pinnedDownload(
      'Document version',
      ['documentId', 'version'],
      async (deps, vendorId, id, version) =>
        (await assuranceRepository(deps).getDocument(vendorId, id))?.versions.find(
          (v) => String(v.version) === version,
        )?.file,
    ),
  );

  mount(
    app,
    {
      id: 'requestVerification',
      method: 'post',
      path: `${base}/verifications`,
      summary:
        'Request the annual verification of HIPAA technical safeguards (proposed rule, recommended practice); emails the vendor',
      tag: 'Assurance',
      auth: 'staff',
      roles: ['compliance', 'procurement'],
      responses: { 201: { description: 'The request' }, 409: { description: 'One is already open' } },
    },
    async (c) =>
      c.json(verificationView(await requestVerification(c.var.deps, c.var.principal, vendorIdOf(c))), 201),
  );

  mount(
    app,
    {
      id: 'listVerifications',
      method: 'get',
      path: `${base}/verifications`,
      summary: "The vendor's annual verifications, newest first, with the signed submissions",
      tag: 'Assurance',
      auth: 'staff',
      responses: { 200: { description: 'Verifications' } },
    },
    async (c) => {
      const vendorId = vendorIdOf(c);
      if (!(await c.var.deps.vendors.get(vendorId))) throw notFound('Vendor', vendorId);
      const list = await assuranceRepository(c.var.deps).listVerifications(vendorId);
      return c.json({ verifications: list.map(verificationView) });
    },
  );

  mount(
    app,
    {
      id: 'downloadVerificationAnalysis',
      method: 'get',
      path: `${base}/verifications/{verificationId}/analysis/{submission}`,
      summary:
        'Download the written analysis of one submission (redirect to a 5-minute presigned URL of the pinned bytes)',
      tag: 'Assurance',
      auth: 'staff',
      responses: { 302: { description: 'Redirect to the file' } },
    },
    pinnedDownload('Submission', ['verificationId', 'submission'], async (deps, vendorId, id, submission) => {
      const n = Number(submission);
      const v = await assuranceRepository(deps).getVerification(vendorId, id);
      return Number.isInteger(n) && n >= 1 ? v?.submissions[n - 1]?.analysis : undefined;
    }),
  );

  mount(
    app,
    {
      id: 'decideVerification',
      method: 'post',
      path: `${base}/verifications/{verificationId}/decision`,
      summary: 'Compliance accepts the verification (current 12 months) or returns it with a note',
      tag: 'Assurance',
      auth: 'staff',
      roles: ['compliance'],
      body: VerificationDecisionRequest,
      responses: { 200: { description: 'The decided verification' } },
    },
    onRecord('verificationId', decideVerification, verificationView),
  );

  // The vendor's side, through any live link of the vendor.
  const session = (c: { var: AppEnv['Variables']; req: { param(name: string): string | undefined } }) =>
    openBaaPortal(c.var.deps, c.req.param('token')!);

  mount(
    app,
    {
      id: 'portalListAssurance',
      method: 'get',
      path: '/portal/{token}/assurance',
      summary: 'Your security documents on file with us, and whether each is current',
      tag: 'Vendor portal',
      auth: 'link',
      responses: { 200: { description: 'Documents' } },
    },
    async (c) => {
      const s = await session(c);
      return c.json({
        documents: (await assuranceOverview(c.var.deps, s.vendor.id)).map(vendorDocumentView),
      });
    },
  );

  mount(
    app,
    {
      id: 'portalAssuranceUpload',
      method: 'post',
      path: '/portal/{token}/assurance/uploads',
      summary: 'Presigned upload for a security document',
      tag: 'Vendor portal',
      auth: 'link',
      body: AssuranceUploadRequest,
      responses: { 200: { description: 'Where to PUT the file' } },
    },
    async (c, body) => {
      const s = await session(c);
      return c.json(await createAssuranceUpload(c.var.deps, s.vendor.id, body, s.actor));
    },
  );

  mount(
    app,
    {
      id: 'portalAddAssurance',
      method: 'post',
      path: '/portal/{token}/assurance',
      summary: 'Register your uploaded document with its details; our compliance team confirms them',
      tag: 'Vendor portal',
      auth: 'link',
      body: RegisterAssuranceRequest,
      responses: { 201: { description: 'Received' } },
    },
    async (c, body) => {
      const s = await session(c);
      const doc = await registerAssuranceDocument(c.var.deps, s.actor, s.vendor.id, body);
      const view = (await assuranceOverview(c.var.deps, s.vendor.id)).find((d) => d.id === doc.id);
      if (!view) throw new AppError('not_found', 'The document was not found after saving', 500);
      return c.json(vendorDocumentView(view), 201);
    },
  );

  mount(
    app,
    {
      id: 'portalVerificationUpload',
      method: 'post',
      path: '/portal/{token}/verification/uploads',
      summary: 'Presigned upload for the written analysis of your annual verification',
      tag: 'Vendor portal',
      auth: 'link',
      body: AssuranceUploadRequest,
      responses: { 200: { description: 'Where to PUT the file' } },
    },
    async (c, body) => {
      const s = await session(c);
      return c.json(await createVerificationUpload(c.var.deps, s.actor, s.vendor.id, body));
    },
  );

  mount(
    app,
    {
      id: 'portalSubmitVerification',
      method: 'post',
      path: '/portal/{token}/verification',
      summary: 'Submit your signed annual verification of HIPAA technical safeguards',
      tag: 'Vendor portal',
      auth: 'link',
      body: VerificationSubmission,
      responses: { 200: { description: 'Received' } },
    },
    async (c, body) => {
      const s = await session(c);
      const v = await submitVerification(c.var.deps, s.actor, s.vendor.id, body);
      return c.json({ id: v.id, status: v.status, statusLabel: verificationView(v).statusLabel });
    },
  );
}

/** GET /trust-matrix: the matrix as JSON (a page of vendors) or CSV (every vendor, streamed). */
export function trustMatrixApiRoutes(app: Hono<AppEnv>) {
  mount(
    app,
    {
      id: 'trustMatrix',
      method: 'get',
      path: '/trust-matrix',
      summary:
        'Per vendor: BAA, SOC 2 / HITRUST / ISO 27001 / pen test / insurance currency (a confirmed certificate, else the intake), data location and offshore data review, annual verification, open findings',
      tag: 'Assurance',
      auth: 'staff',
      query: {
        format: 'csv (every vendor, attachment) or json (default; one page)',
        limit: '1-100 (json)',
        cursor: 'from the previous page (json)',
      },
      responses: {
        200: { description: 'Rows with words and states (current, expiring, stale, missing, pending)' },
      },
    },
    async (c) => {
      const deps = c.var.deps;
      const format = c.req.query('format') ?? 'json';
      if (format !== 'json' && format !== 'csv') {
        throw new AppError('invalid_request', 'format must be csv or json', 400);
      }
      if (format === 'csv') {
        const chunks = trustMatrixCsv(deps);
        const encoder = new TextEncoder();
        const stream = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const next = await chunks.next();
            if (next.done) controller.close();
            else controller.enqueue(encoder.encode(next.value));
          },
        });
        c.header('content-type', 'text/csv; charset=utf-8');
        c.header(
          'content-disposition',
          `attachment; filename="trust-matrix-${deps.clock.now().toISOString().slice(0, 10)}.csv"`,
        );
        return c.body(stream);
      }
      const page = await trustMatrixPage(deps, {
        limit: parseLimit(c.req.query('limit')),
        cursor: decodeCursor(c.req.query('cursor') || undefined),
      });
      return c.json({ rows: page.rows, nextCursor: encodeCursor(page.cursor) });
    },
  );
}
