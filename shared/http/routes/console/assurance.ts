/** /console/vendors/:vendorId/assurance: a vendor's documents and annual verifications, with the actions. */
import type { Hono } from 'hono';
import { assuranceRepository } from '../../../adapters/dynamodb/assurance-repository.ts';
import { AppError, notFound } from '../../../errors.ts';
import type { AssuranceType } from '../../../schemas/assurance.ts';
import { decideVerification, requestVerification } from '../../../use-cases/annual-verification.ts';
import { assuranceOverview, confirmAssuranceDocument } from '../../../use-cases/assurance.ts';
import type { AppContext, AppEnv } from '../../context.ts';
import { correctionProblem, readCorrection } from '../../pages/console/assurance-fields-form.ts';
import { assurancePage } from '../../pages/console/assurance-page.ts';
import type { Notice } from '../../pages/console/components.ts';
import { field } from './forms.ts';
import { action, allowed, failure, rolesOf, type Session, send, view } from './guard.ts';

const DONE: Record<string, Notice> = {
  confirmed: { kind: 'success', message: 'Fields confirmed.' },
  corrected: { kind: 'success', message: 'Corrections saved and recorded in the audit trail.' },
  requested: { kind: 'success', message: 'Verification requested: the vendor was emailed its link.' },
  accepted: { kind: 'success', message: 'Verification accepted: current for 12 months.' },
  returned: { kind: 'success', message: 'Verification returned: the vendor was emailed your note.' },
};

async function render(c: AppContext, s: Session, notice?: Notice, status = 200) {
  const deps = c.var.deps;
  const vendorId = c.req.param('vendorId')!;
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const [documents, verifications] = await Promise.all([
    assuranceOverview(deps, vendorId),
    assuranceRepository(deps).listVerifications(vendorId),
  ]);
  return send(
    c,
    assurancePage({
      organisation: deps.config.organisation,
      viewer: s.viewer,
      vendor,
      documents,
      verifications,
      canDecide: s.principal.role === 'compliance',
      canRequest: allowed(s.principal.role, rolesOf('requestVerification')),
      ...(notice ? { notice } : {}),
    }),
    status,
  );
}

/** A refused correction names the field as the form does ("Period end: …"), not by its key. */
function inWords(error: unknown, type: AssuranceType): unknown {
  if (!(error instanceof AppError) || error.code !== 'invalid_request' || !Array.isArray(error.details)) {
    return error;
  }
  const first = error.details[0] as { path?: string; message?: string } | undefined;
  const name = first?.path?.startsWith('fields.') ? first.path.split('.')[1] : undefined;
  if (!name) return error;
  return new AppError('invalid_request', correctionProblem(type, name), 400);
}

/** Runs a form's use case; a refused request re-renders the page with the message. */
async function act(c: AppContext, s: Session, run: () => Promise<string>) {
  try {
    const done = await run();
    return c.redirect(`/console/vendors/${c.req.param('vendorId')}/assurance?done=${done}`, 303);
  } catch (error) {
    if (error instanceof Error && 'status' in error && (error as { status: number }).status < 500) {
      const e = error as Error & { status: number };
      if (e.status === 403 || e.status === 404) return failure(c, s, error);
      return render(c, s, { kind: 'error', message: e.message }, e.status);
    }
    throw error;
  }
}

export function assuranceConsoleRoutes(app: Hono<AppEnv>) {
  const path = '/console/vendors/:vendorId/assurance';
  app.get(
    path,
    view(
      () => rolesOf('listAssurance'),
      (c, s) => render(c, s, DONE[c.req.query('done') ?? '']),
    ),
  );
  app.post(
    `${path}/:documentId/confirm`,
    action(
      () => rolesOf('confirmAssurance'),
      (c, s, form) =>
        act(c, s, async () => {
          const note = field(form, 'note').trim();
          const vendorId = c.req.param('vendorId')!;
          const documentId = c.req.param('documentId')!;
          const doc = await assuranceRepository(c.var.deps).getDocument(vendorId, documentId);
          if (!doc) throw notFound('Assurance document', documentId);
          const fields = readCorrection(doc.fields, (name) => (name in form ? field(form, name) : undefined));
          try {
            await confirmAssuranceDocument(c.var.deps, s.principal, vendorId, documentId, {
              fields,
              ...(note ? { note } : {}),
            });
          } catch (error) {
            throw inWords(error, doc.type);
          }
          return doc.status === 'confirmed' ? 'corrected' : 'confirmed';
        }),
    ),
  );
  app.post(
    `${path}/verifications`,
    action(
      () => rolesOf('requestVerification'),
      (c, s) =>
        act(c, s, async () => {
          await requestVerification(c.var.deps, s.principal, c.req.param('vendorId')!);
          return 'requested';
        }),
    ),
  );
  app.post(
    `${path}/verifications/:verificationId/decision`,
    action(
      () => rolesOf('decideVerification'),
      (c, s, form) =>
        act(c, s, async () => {
          const decision = field(form, 'decision');
          const note = field(form, 'note').trim();
          await decideVerification(
            c.var.deps,
            s.principal,
            c.req.param('vendorId')!,
            c.req.param('verificationId')!,
            { decision, ...(note ? { note } : {}) },
          );
          return decision === 'accept' ? 'accepted' : 'returned';
        }),
    ),
  );
}
