/**
 * The end of a BAA's life and its periodic checks (docs/baa.md "End of life"):
 * - termination lapses the vendor's approval at once and opens a return-or-destroy task on the due
 *   model (vendor reminders, then compliance), closed by the vendor's attestation in the portal or
 *   by compliance recording why return is infeasible (the protections then continue);
 * - renewal keeps the old agreement in force, and its expiry ladder running, until the new one is
 *   signed;
 * - a BAA without an expiry is reviewed periodically (BAA policy reviewMonths).
 */
import { baaKey } from '../adapters/dynamodb/baa-repository.ts';
import type { Deps } from '../composition.ts';
import { addCalendarMonths } from '../domain/approval-gates.ts';
import { clearDue, scheduleDue } from '../domain/due-index.ts';
import { DAY_MS } from '../domain/time.ts';
import { baaRequestEmail, baaReturnOrDestroyEmail } from '../email/baa-emails.ts';
import { replyToOf } from '../email/compose.ts';
import { AppError, notFound } from '../errors.ts';
import {
  BaaPeriodicReviewRequest,
  type BaaRecord,
  ReturnInfeasibleRequest,
  ReturnOrDestroyAttestation,
  TerminateBaaRequest,
} from '../schemas/baa-record.ts';
import { type Actor, requireCompliance } from './actor.ts';
import { audit } from './audit.ts';
import { applyEvent, issueBaaLink, loadBaa, saveBaa } from './baa-records.ts';
import { policiesOf } from './policies.ts';
import { findIssuedUpload, PIN_PROBLEMS, pinStoredUpload } from './upload-keys.ts';
import { parseInput } from './validation.ts';

const target = (baa: BaaRecord) => ({ type: 'baa', id: `${baa.vendorId}/${baa.id}` });

export async function terminateBaa(deps: Deps, actor: Actor, vendorId: string, baaId: string, body: unknown) {
  const request = parseInput(TerminateBaaRequest, body, 'termination');
  const baa = await loadBaa(deps, vendorId, baaId);
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const policy = policiesOf(deps).baa;
  const dueAt = new Date(now.getTime() + policy.returnOrDestroyDays * DAY_MS).toISOString();
  const terminated = applyEvent(baa, { type: 'terminate' }, actor, at, request.reason);
  // The approval given under this agreement no longer stands; PHI must come back or be destroyed.
  const saved = await saveBaa(
    deps,
    {
      ...terminated,
      terminatedAt: at,
      returnOrDestroy: { status: 'pending', openedAt: at, dueAt },
      ...scheduleDue(policiesOf(deps).escalation, baaKey(baa), { kind: 'baa_return_destroy', dueAt }),
    },
    { approvalLapsed: true },
  );
  const email = baaReturnOrDestroyEmail({
    vendorName: vendor.name,
    contactName: vendor.contactName,
    organisation: deps.config.organisation,
    dueAt,
    portalUrl: await issueBaaLink(deps, vendor, policy.returnOrDestroyDays + 60),
    contact: deps.config.mail.compliance[0] ?? deps.config.mail.from,
  });
  await deps.mailer.send({
    to: [vendor.contactEmail],
    vendorId: vendor.id,
    kind: 'baa-return-or-destroy',
    ...email,
  });
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.terminated',
    target: target(baa),
    summary: `Terminated the BAA: ${request.reason}. The vendor's approval lapsed; return or destruction of PHI is due ${dueAt.slice(0, 10)}. Kept for ${policy.retentionYears} years.`,
    before: { status: baa.status },
    after: { status: 'terminated', returnOrDestroyDueAt: dueAt, approvalLapsed: true },
  });
  return saved;
}

function assertReturnPending(baa: BaaRecord) {
  if (baa.status !== 'terminated' || baa.returnOrDestroy?.status !== 'pending') {
    throw new AppError(
      'return_not_pending',
      baa.returnOrDestroy
        ? `Return or destruction of PHI is already recorded (${baa.returnOrDestroy.status.replace('_', ' ')})`
        : 'Return or destruction of PHI is only asked after the agreement is terminated',
      409,
    );
  }
}

/** The vendor attests, through its portal link, that our PHI was returned or destroyed. */
export async function attestReturnOrDestroy(
  deps: Deps,
  actor: Actor,
  vendorId: string,
  baaId: string,
  body: unknown,
) {
  const request = parseInput(ReturnOrDestroyAttestation, body, 'attestation');
  const baa = await loadBaa(deps, vendorId, baaId);
  assertReturnPending(baa);
  let certificate:
    | { key: string; fileName: string; sha256: string; size: number; versionId?: string }
    | undefined;
  if (request.certificate) {
    // Only a key this product issued for this agreement (never a client-built path), pinned to
    // the bytes S3 holds now.
    if (!(await findIssuedUpload(deps, request.certificate.key, { kind: 'baa', vendorId, baaId }))) {
      throw new AppError('invalid_document', 'This certificate was not uploaded for this agreement', 400);
    }
    const pinned = await pinStoredUpload(deps, request.certificate.key);
    if (!pinned.ok) {
      throw new AppError('invalid_document', `The certificate ${PIN_PROBLEMS[pinned.problem]}`, 400);
    }
    certificate = {
      key: pinned.file.key,
      fileName: request.certificate.fileName,
      sha256: pinned.file.sha256,
      size: pinned.file.size,
      ...(pinned.file.versionId ? { versionId: pinned.file.versionId } : {}),
    };
  }
  const at = deps.clock.now().toISOString();
  const saved = await saveBaa(deps, {
    ...baa,
    returnOrDestroy: {
      ...baa.returnOrDestroy!,
      status: 'attested',
      attestation: {
        method: request.method,
        attestedBy: request.attestedBy,
        ...(request.note ? { note: request.note } : {}),
        ...(certificate ? { certificate } : {}),
        at,
      },
    },
    updatedAt: at,
    ...clearDue(),
  });
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.return_attested',
    target: target(baa),
    summary: `${request.attestedBy} attested that our PHI was ${request.method.replaceAll('_', ' and ')}${certificate ? ` (certificate ${certificate.fileName}, sha256 ${certificate.sha256.slice(0, 16)}…)` : ''}`,
    after: { method: request.method, certificate: certificate?.sha256 ?? null },
  });
  return saved;
}

/** Compliance records why return or destruction is infeasible; the BAA's protections continue. */
export async function recordReturnInfeasible(
  deps: Deps,
  actor: Actor,
  vendorId: string,
  baaId: string,
  body: unknown,
) {
  requireCompliance(actor, 'record that return or destruction of PHI is infeasible');
  const request = parseInput(ReturnInfeasibleRequest, body, 'infeasibility');
  const baa = await loadBaa(deps, vendorId, baaId);
  assertReturnPending(baa);
  const at = deps.clock.now().toISOString();
  const saved = await saveBaa(deps, {
    ...baa,
    returnOrDestroy: {
      ...baa.returnOrDestroy!,
      status: 'infeasible',
      infeasible: { reason: request.reason, by: actor.id, at },
    },
    updatedAt: at,
    ...clearDue(),
  });
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.return_infeasible',
    target: target(baa),
    summary: `Recorded that returning or destroying the PHI is infeasible: ${request.reason}. The agreement's protections continue for as long as the vendor holds it (45 CFR 164.504(e)(2)(ii)(J)).`,
  });
  return saved;
}

/**
 * Renewal: an expiring or expired BAA goes back to `sent` and the vendor gets a fresh request. The
 * old agreement stays in force (its term is kept as `priorTerm`) and its expiry ladder keeps
 * running until the new one is signed, so a renewal that stalls still reaches compliance and the
 * executive, and the approval lapses if the old agreement runs out first.
 */
export async function renewBaa(deps: Deps, actor: Actor, vendorId: string, baaId: string) {
  const baa = await loadBaa(deps, vendorId, baaId);
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const at = deps.clock.now().toISOString();
  const renewed = applyEvent(baa, { type: 'renew' }, actor, at);
  const email = baaRequestEmail({
    vendorName: vendor.name,
    contactName: vendor.contactName,
    organisation: deps.config.organisation,
    portalUrl: await issueBaaLink(deps, vendor),
    replyTo: deps.config.mail.compliance[0] ?? deps.config.mail.from,
    renewal: true,
  });
  await deps.mailer.send({
    to: [vendor.contactEmail],
    vendorId: vendor.id,
    kind: 'baa-request',
    replyTo: replyToOf(deps.config, 'compliance'),
    ...email,
  });
  // The review starts over for the new document; the due fields (the expiry ladder) stay as they are.
  const saved = await saveBaa(deps, {
    ...renewed,
    review: undefined,
    priorTerm: {
      ...(baa.effectiveAt ? { effectiveAt: baa.effectiveAt } : {}),
      ...(baa.expiresAt ? { expiresAt: baa.expiresAt } : {}),
      ...(baa.signedAt ? { signedAt: baa.signedAt } : {}),
      ...(baa.status === 'expired' ? { lapsedAt: baa.expiresAt ?? at } : {}),
    },
  });
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.renewal_requested',
    target: target(baa),
    summary: `Requested the renewal of the BAA that ${baa.status === 'expired' ? 'expired' : 'expires'} ${baa.expiresAt?.slice(0, 10) ?? ''}; the current agreement stays in force until then`,
  });
  return saved;
}

/** The next periodic review of a BAA without an expiry, counted from `fromIso`. */
export function nextReviewDueAt(deps: Deps, fromIso: string): string {
  return addCalendarMonths(fromIso, policiesOf(deps).baa.reviewMonths);
}

/** Compliance records the periodic review of a signed BAA without an expiry; the next one is scheduled. */
export async function recordPeriodicReview(
  deps: Deps,
  actor: Actor,
  vendorId: string,
  baaId: string,
  body: unknown,
) {
  const request = parseInput(BaaPeriodicReviewRequest, body, 'periodic review');
  const baa = await loadBaa(deps, vendorId, baaId);
  if (baa.status !== 'signed' || baa.expiresAt) {
    throw new AppError(
      'no_periodic_review',
      'Only a signed BAA without an expiry date is reviewed periodically; one with an expiry is renewed instead',
      409,
    );
  }
  const at = deps.clock.now().toISOString();
  const reviewDueAt = nextReviewDueAt(deps, at);
  const saved = await saveBaa(deps, {
    ...baa,
    reviewDueAt,
    history: [
      ...baa.history,
      { at, actor: actor.id, event: 'periodic_review', from: baa.status, to: baa.status, note: request.note },
    ],
    updatedAt: at,
    ...scheduleDue(policiesOf(deps).escalation, baaKey(baa), { kind: 'baa_review', dueAt: reviewDueAt }),
  });
  await audit(deps, {
    vendorId,
    actor,
    action: 'baa.periodic_review',
    target: target(baa),
    summary: `Reviewed the BAA (no expiry; coterminous with the services agreement): ${request.note}. Next review due ${reviewDueAt.slice(0, 10)}`,
    before: { reviewDueAt: baa.reviewDueAt },
    after: { reviewDueAt },
  });
  return saved;
}
