/**
 * Assurance documents on file for a vendor (docs/assurance.md): the vendor (in the portal) or staff
 * upload a SOC 2 report, bridge letter, certificate, pen test or insurance certificate with its
 * structured fields; compliance confirms or corrects the fields. Every upload is a new version pinned
 * to its SHA-256 (issued upload keys only). Per type, the document with the latest currency carries
 * the freshness ladder on the due model (`assurance_expiry`): the vendor is reminded before it goes
 * stale, then compliance.
 */
import { assuranceKeys, assuranceRepository } from '../adapters/dynamodb/assurance-repository.ts';
import type { Deps } from '../composition.ts';
import { currencyOf, leadingDocuments, withStaleDates } from '../domain/assurance-freshness.ts';
import { clearDue, scheduleDue } from '../domain/due-index.ts';
import { checkUpload } from '../domain/upload-policy.ts';
import { AppError, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  ASSURANCE_TYPE_LABELS,
  type AssuranceDocument,
  type AssuranceFields,
  AssuranceUploadRequest,
  ConfirmAssuranceRequest,
  RegisterAssuranceRequest,
} from '../schemas/assurance.ts';
import { type Actor, requireCompliance } from './actor.ts';
import { audit } from './audit.ts';
import { policiesOf } from './policies.ts';
import {
  findIssuedUpload,
  issueUploadKey,
  notIssuedError,
  PIN_PROBLEMS,
  pinStoredUpload,
} from './upload-keys.ts';
import { parseInput } from './validation.ts';

const target = (doc: Pick<AssuranceDocument, 'vendorId' | 'id'>) => ({
  type: 'assurance',
  id: `${doc.vendorId}/${doc.id}`,
});

async function requireVendor(deps: Deps, vendorId: string) {
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  return vendor;
}

/** Presigned upload of a document file, under a key issued for this vendor's assurance documents. */
export async function createAssuranceUpload(deps: Deps, vendorId: string, body: unknown, actor: Actor) {
  const request = parseInput(AssuranceUploadRequest, body, 'upload request');
  await requireVendor(deps, vendorId);
  const check = checkUpload(request);
  if (!check.ok) throw new AppError(check.code, check.message, check.code === 'file_too_large' ? 413 : 400);
  const { key } = await issueUploadKey(deps, { kind: 'assurance', vendorId }, request, actor.id);
  return {
    uploadUrl: await deps.documents.presignUpload(key, request.contentType, request.size),
    method: 'PUT',
    headers: { 'content-type': request.contentType },
    key,
    fileName: request.fileName,
  };
}

/** Field-level checks a schema cannot express; answered as 400 with the field named. */
function checkFields(fields: AssuranceFields, docs: readonly AssuranceDocument[]) {
  if (fields.type === 'soc2' && fields.periodEnd < fields.periodStart) {
    throw new AppError('invalid_period', 'The report period ends before it starts', 400, {
      field: 'periodEnd',
    });
  }
  if (fields.type === 'hitrust' && fields.expiresOn <= fields.certifiedOn) {
    throw new AppError('invalid_dates', 'The certification expires before it was granted', 400, {
      field: 'expiresOn',
    });
  }
  if (fields.type === 'bridge_letter') {
    const report = docs.find((d) => d.id === fields.bridgesDocumentId);
    if (report?.fields.type !== 'soc2') {
      throw new AppError('invalid_bridge', 'A bridge letter must name a SOC 2 report already on file', 400, {
        field: 'bridgesDocumentId',
      });
    }
    if (fields.throughDate <= report.fields.periodEnd) {
      throw new AppError(
        'invalid_bridge',
        `A bridge letter covers the time after the report period (it ended ${report.fields.periodEnd})`,
        400,
        { field: 'throughDate' },
      );
    }
  }
}

/** Registers an uploaded file with its fields: a new document, or a new version of one. */
export async function registerAssuranceDocument(deps: Deps, actor: Actor, vendorId: string, body: unknown) {
  const request = parseInput(RegisterAssuranceRequest, body, 'document');
  await requireVendor(deps, vendorId);
  const repo = assuranceRepository(deps);
  const docs = await repo.listDocuments(vendorId);
  const existing = request.documentId ? docs.find((d) => d.id === request.documentId) : undefined;
  if (request.documentId && !existing) throw notFound('Assurance document', request.documentId);
  if (existing && existing.type !== request.fields.type) {
    throw new AppError(
      'type_mismatch',
      `A new version of a ${ASSURANCE_TYPE_LABELS[existing.type]} must be a ${ASSURANCE_TYPE_LABELS[existing.type]}`,
      400,
    );
  }
  checkFields(request.fields, docs);
  if (!(await findIssuedUpload(deps, request.key, { kind: 'assurance', vendorId }))) {
    throw notIssuedError('invalid_document', 'This file');
  }
  const pinned = await pinStoredUpload(deps, request.key);
  if (!pinned.ok) throw new AppError('invalid_document', `The file ${PIN_PROBLEMS[pinned.problem]}`, 400);
  const at = deps.clock.now().toISOString();
  const version = {
    version: (existing?.versions.length ?? 0) + 1,
    file: { ...pinned.file, fileName: request.fileName },
    fields: request.fields,
    submittedAt: at,
    submittedBy: actor.id,
  };
  let doc: AssuranceDocument;
  if (existing) {
    // A new version goes back to compliance; earlier versions stay as they were.
    doc = await repo.saveDocument({
      ...existing,
      fields: request.fields,
      status: 'submitted',
      confirmation: undefined,
      versions: [...existing.versions, version],
      updatedAt: at,
    });
  } else {
    doc = {
      id: newId('doc'),
      vendorId,
      type: request.fields.type,
      fields: request.fields,
      status: 'submitted',
      versions: [version],
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await repo.createDocument(doc);
  }
  await audit(deps, {
    vendorId,
    actor,
    action: 'assurance.submitted',
    target: target(doc),
    summary: `${ASSURANCE_TYPE_LABELS[doc.type]} version ${version.version} received (${request.fileName}, sha256 ${pinned.file.sha256.slice(0, 16)}…); waiting for compliance to confirm the fields`,
    after: { version: version.version, sha256: pinned.file.sha256 },
  });
  await rescheduleFreshness(deps, vendorId);
  return (await repo.getDocument(vendorId, doc.id)) ?? doc;
}

/** Compliance confirms the fields against the file, correcting any that are wrong. */
export async function confirmAssuranceDocument(
  deps: Deps,
  actor: Actor,
  vendorId: string,
  documentId: string,
  body: unknown,
) {
  const request = parseInput(ConfirmAssuranceRequest, body, 'confirmation');
  requireCompliance(actor, 'confirm an assurance document');
  const repo = assuranceRepository(deps);
  const docs = await repo.listDocuments(vendorId);
  const doc = docs.find((d) => d.id === documentId);
  if (!doc) throw notFound('Assurance document', documentId);
  const fields = request.fields ?? doc.fields;
  if (fields.type !== doc.type) {
    throw new AppError('type_mismatch', 'A correction keeps the document type', 400);
  }
  checkFields(
    fields,
    docs.filter((d) => d.id !== doc.id),
  );
  const before = doc.fields as Record<string, unknown>;
  const after = fields as Record<string, unknown>;
  const corrected = Object.keys({ ...before, ...after }).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  const at = deps.clock.now().toISOString();
  await repo.saveDocument({
    ...doc,
    fields,
    status: 'confirmed',
    confirmation: { by: actor.id, at, corrected, ...(request.note ? { note: request.note } : {}) },
    updatedAt: at,
  });
  await audit(deps, {
    vendorId,
    actor,
    action: 'assurance.confirmed',
    target: target(doc),
    summary: `Confirmed the ${ASSURANCE_TYPE_LABELS[doc.type]}${corrected.length ? `, correcting ${corrected.join(', ')}` : ' as submitted'}`,
    ...(corrected.length
      ? {
          before: Object.fromEntries(corrected.map((k) => [k, before[k] ?? null])),
          after: Object.fromEntries(corrected.map((k) => [k, after[k] ?? null])),
        }
      : {}),
  });
  await rescheduleFreshness(deps, vendorId);
  return (await repo.getDocument(vendorId, documentId))!;
}

/**
 * Puts the leading document of each type on the freshness ladder (its stale date) and takes the
 * others off. A document whose date did not change keeps its ladder (steps already sent stay sent).
 */
export async function rescheduleFreshness(deps: Deps, vendorId: string) {
  const repo = assuranceRepository(deps);
  const docs = await repo.listDocuments(vendorId);
  const policy = policiesOf(deps);
  const lead = leadingDocuments(docs, policy.assurance);
  for (const doc of docs) {
    const entry = lead.get(doc.type);
    const dueAt = entry?.doc.id === doc.id ? entry.staleAt : undefined;
    if (dueAt && doc.due && Date.parse(doc.due.dueAt) === Date.parse(dueAt)) continue;
    if (!dueAt && !doc.due) continue;
    await repo.saveDocument({
      ...doc,
      ...(dueAt
        ? scheduleDue(policy.escalation, assuranceKeys.document(vendorId, doc.id), {
            kind: 'assurance_expiry',
            dueAt,
          })
        : clearDue()),
    });
  }
}

const CURRENCY_WORDS = {
  current: 'Current',
  expiring: 'Expiring soon',
  stale: 'Out of date',
  missing: 'Not on file',
} as const;

/** The vendor's documents with their currency, for the API, the portal and the console. */
export async function assuranceOverview(deps: Deps, vendorId: string) {
  const docs = await assuranceRepository(deps).listDocuments(vendorId);
  const now = deps.clock.now();
  const policy = policiesOf(deps).assurance;
  const stale = new Map(withStaleDates(docs, policy).map((e) => [e.doc.id, e.staleAt]));
  return docs.map((doc) => {
    const staleAt = stale.get(doc.id) ?? null;
    const currency = doc.type === 'bridge_letter' ? null : currencyOf(staleAt, now);
    const { due: _d, dueShard: _s, nextActionAt: _n, ...rest } = doc;
    return {
      ...rest,
      typeLabel: ASSURANCE_TYPE_LABELS[doc.type],
      currentUntil: staleAt,
      currency,
      currencyLabel: currency ? CURRENCY_WORDS[currency] : 'Extends its SOC 2 report',
    };
  });
}

export { CURRENCY_WORDS };

/** How a due assurance document is named in deadline emails, e.g. "SOC 2 report (Acme Audit LLP)". */
export function assuranceTitle(item: Record<string, unknown>): string {
  const fields = item.fields as AssuranceFields | undefined;
  const label = fields ? ASSURANCE_TYPE_LABELS[fields.type] : 'security document';
  if (!fields) return label;
  switch (fields.type) {
    case 'soc2':
      return `${label} for the period ending ${fields.periodEnd} (${fields.auditor})`;
    case 'hitrust':
      return `${label} (${fields.assessment}), expires ${fields.expiresOn}`;
    case 'iso27001':
      return `${label} ${fields.certificateNumber}, expires ${fields.expiresOn}`;
    case 'pen_test':
      return `${label} of ${fields.testedOn} (${fields.firm})`;
    case 'cyber_insurance':
      return `${label} with ${fields.carrier}, expires ${fields.expiresOn}`;
    default:
      return label;
  }
}
