/**
 * BAA management: request (with a response deadline), document versions, clause review, second
 * approval, signature, deletion under retention; termination, renewal and periodic review live in
 * baa-end-of-life.ts and are re-exported here. Every status change goes through the pure lifecycle (baa-lifecycle.ts)
 * and lands in the audit trail; the vendor item mirrors the main BAA's status for lists and gates.
 *
 * Documents live in baa-documents.ts, the clause review in baa-clause-review.ts, the decision and
 * second approval in baa-decision.ts; they are re-exported here, so callers import from this module.
 */
import type { Deps } from '../composition.ts';
import { canDelete } from '../domain/baa-retention.ts';
import { baaRequestEmail } from '../email/baa-emails.ts';
import { replyToOf } from '../email/compose.ts';
import { AppError, notFound } from '../errors.ts';
import { humanDate } from '../labels.ts';
import type { BaaRecord } from '../schemas/baa-record.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { type Actor, SYSTEM } from './actor.ts';
import { audit } from './audit.ts';
import { applyEvent, ensureMainBaa, loadBaa, newBaa, saveBaaAndVendor } from './baa-records.ts';
import { responseDue } from './baa-response-deadline.ts';
import { incidentUrlOf } from './incident-link.ts';
import { policiesOf } from './policies.ts';
import { issueBaaLink } from './portal-links.ts';

export { recordClauseReview } from './baa-clause-review.ts';
export { decideBaa } from './baa-decision.ts';
export { createBaaUpload, registerBaaDocument } from './baa-documents.ts';
export {
  attestReturnOrDestroy,
  recordPeriodicReview,
  recordReturnInfeasible,
  renewBaa,
  terminateBaa,
} from './baa-end-of-life.ts';
export {
  approvalLapses,
  baaStatusAfterStep,
  ensureMainBaa,
  issueBaaLink,
  MAIN_BAA,
  mirrorOnVendor,
} from './baa-records.ts';

/**
 * Emails the BAA request and moves the BAA from required to sent. Idempotent: a BAA already past
 * `required` is left alone (the launch workflow calls this again for PHI vendors).
 */
export async function requestBaa(
  deps: Deps,
  input: { vendorId: string },
  /** A vendor registered in this request with its BAA record and link already written (register-vendor.ts). */
  fresh?: {
    vendor: Vendor;
    baa: BaaRecord;
    portalUrl: string;
    incidentUrl?: string;
    /** false: the caller records the request in its own audit event (one event per request). */
    audited?: boolean;
  },
) {
  // The vendor with its incident link (the email's footer) in one read, unless the caller has them.
  const read = fresh ? undefined : await deps.vendors.getWithIncidentLink(input.vendorId);
  const vendor = fresh?.vendor ?? read?.vendor;
  if (!vendor) throw notFound('Vendor', input.vendorId);
  const incidentUrl =
    fresh?.incidentUrl ?? (read?.incidentToken ? incidentUrlOf(deps, read.incidentToken) : undefined);
  const baa = fresh?.baa ?? (await ensureMainBaa(deps, vendor));
  if (baa?.status !== 'required') return { requested: false, status: baa?.status ?? 'not_required' };
  const email = baaRequestEmail({
    vendorName: vendor.name,
    contactName: vendor.contactName,
    organisation: deps.config.organisation,
    portalUrl: fresh?.portalUrl ?? (await issueBaaLink(deps, vendor)),
    replyTo: deps.config.mail.compliance[0] ?? deps.config.mail.from,
  });
  await deps.mailer.send({
    to: [vendor.contactEmail],
    vendorId: vendor.id,
    ...(incidentUrl ? { incidentUrl } : {}),
    kind: 'baa-request',
    replyTo: replyToOf(deps.config, 'compliance'),
    ...email,
  });
  const now = deps.clock.now();
  const at = now.toISOString();
  const { saved, vendor: mirrored } = await saveBaaAndVendor(
    deps,
    { ...applyEvent(baa, { type: 'send' }, SYSTEM, at), ...responseDue(deps, baa, now) },
    {},
    fresh?.vendor,
  );
  if (fresh?.audited === false) {
    return {
      requested: true,
      status: saved.status,
      vendor: mirrored,
      ...(saved.responseDueAt ? { responseDueAt: saved.responseDueAt } : {}),
    };
  }
  await audit(deps, {
    vendorId: vendor.id,
    actor: SYSTEM,
    action: 'baa.requested',
    target: { type: 'baa', id: `${vendor.id}/${baa.id}` },
    summary: `Emailed the BAA request to ${vendor.name}${saved.responseDueAt ? `; due back ${humanDate(saved.responseDueAt)}` : ''}`,
    before: { status: 'required' },
    after: { status: saved.status },
  });
  return { requested: true, status: saved.status, vendor: mirrored };
}

/** Deleting is refused while HIPAA retention runs (6 years after termination or last effective date). */
export async function deleteBaa(deps: Deps, actor: Actor, vendorId: string, baaId: string) {
  const baa = await loadBaa(deps, vendorId, baaId);
  const check = canDelete(baa, deps.clock.now(), policiesOf(deps).baa);
  if (!check.ok) throw new AppError(check.code, check.message, 409, { retainUntil: check.retainUntil });
  await deps.baas.delete(baa);
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.deleted',
    target: { type: 'baa', id: `${vendorId}/${baaId}` },
    summary: `Deleted the BAA record after its retention period`,
  });
  return { deleted: true };
}

/** A subcontractor the vendor declares that handles our PHI: its sub-BAA is tracked like the vendor's own. */
export async function addSubcontractorBaa(deps: Deps, actor: Actor, vendorId: string, name: string) {
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const id = `sub-${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'unnamed'
  }`;
  const created = await deps.baas.createIfAbsent(
    newBaa(vendor, id, { type: 'subcontractor', name }, deps.clock.now().toISOString()),
  );
  if (!created)
    throw new AppError('subcontractor_exists', `A BAA for subcontractor "${name}" is already tracked`, 409);
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.subcontractor_added',
    target: { type: 'baa', id: `${vendorId}/${id}` },
    summary: `Tracking the subcontractor BAA of ${name} (164.502(e)(1)(ii))`,
  });
  return loadBaa(deps, vendorId, id);
}
