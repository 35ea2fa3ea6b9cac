/**
 * The annual business associate verification (docs/assurance.md). A PROPOSED rule (HIPAA Security
 * Rule NPRM, 90 FR 898, 6 Jan 2025: written verification, at least every 12 months, that the BA has
 * deployed the 164.312 technical safeguards, with a written analysis by a qualified person and a
 * certification by an authorised representative) and a recommended practice today; a policy toggle
 * (`assurance.annualVerification.enabled`, on by default) turns the approval gate on or off.
 *
 * Request → the vendor is emailed a link to the form (due in 30 days, `verification_response`
 * ladder) → the vendor attests each standard, uploads the analysis and signs → compliance accepts
 * (current 12 months; `verification_renewal` ladder tells compliance when to ask again) or returns it
 * with a note (the vendor is emailed and the response ladder restarts).
 */
import {
  assuranceKeys,
  assuranceRepository,
  verificationItem,
} from '../adapters/dynamodb/assurance-repository.ts';
import type { Deps } from '../composition.ts';
import { addCalendarMonths } from '../domain/approval-gates.ts';
import { clearDue, scheduleDue } from '../domain/due-index.ts';
import { DAY_MS } from '../domain/time.ts';
import { checkUpload } from '../domain/upload-policy.ts';
import { verificationReceivedEmail, verificationRequestEmail } from '../email/assurance-emails.ts';
import { replyToOf } from '../email/compose.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, newLinkToken, sha256Hex } from '../ids.ts';
import {
  AssuranceUploadRequest,
  VERIFICATION_STANDARDS,
  type Verification,
  VerificationDecisionRequest,
  VerificationSubmission,
} from '../schemas/assurance.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { type Actor, requireCompliance, SYSTEM } from './actor.ts';
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

const OPEN: ReadonlySet<Verification['status']> = new Set(['requested', 'returned', 'submitted']);
const target = (v: Verification) => ({ type: 'verification', id: `${v.vendorId}/${v.id}` });

export const STATUS_WORDS: Record<Verification['status'], string> = {
  requested: 'Requested, waiting for the vendor',
  submitted: 'Submitted, waiting for compliance',
  accepted: 'Accepted',
  returned: 'Returned to the vendor for changes',
};

/**
 * A link to the vendor's security documents and verification pages. These links are listed apart
 * from BAA links, so a later BAA email never revokes them.
 */
export async function issueDocumentsLink(
  deps: Deps,
  vendor: Pick<Vendor, 'id'>,
  validDays: number,
  page: string,
) {
  const token = newLinkToken();
  const now = deps.clock.now();
  await deps.links.create({
    tokenHash: sha256Hex(token),
    scope: 'documents',
    vendorId: vendor.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + validDays * DAY_MS).toISOString(),
  });
  return `${deps.config.baseUrl}/portal/${token}/${page}`;
}

/** The verification that makes the vendor current now, if any (pure over the list). */
export function currentVerification(verifications: readonly Verification[], now: Date) {
  return verifications
    .filter((v) => v.status === 'accepted' && v.currentUntil && Date.parse(v.currentUntil) > now.getTime())
    .sort((a, b) => b.currentUntil!.localeCompare(a.currentUntil!))[0];
}

function latestAccepted(verifications: readonly Verification[]) {
  return verifications
    .filter((v) => v.status === 'accepted' && v.currentUntil)
    .sort((a, b) => b.currentUntil!.localeCompare(a.currentUntil!))[0];
}

async function requireVendor(deps: Deps, vendorId: string) {
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  return vendor;
}

async function emailRequest(deps: Deps, vendor: Vendor, dueAt: string, returned?: { note: string }) {
  const days = Math.ceil((Date.parse(dueAt) - deps.clock.now().getTime()) / DAY_MS) + 60;
  const email = verificationRequestEmail({
    vendorName: vendor.name,
    contactName: vendor.contactName,
    organisation: deps.config.organisation,
    dueAt,
    portalUrl: await issueDocumentsLink(deps, vendor, days, 'verification'),
    contact: deps.config.mail.compliance[0] ?? deps.config.mail.from,
    ...(returned ? { returned } : {}),
  });
  // Replies reach compliance; vendorId puts the standing incident link in the footer, like every vendor email.
  const replyTo = replyToOf(deps.config, 'compliance');
  await deps.mailer.send({
    to: [vendor.contactEmail],
    kind: 'verification-request',
    ...(replyTo.length ? { replyTo } : {}),
    vendorId: vendor.id,
    ...email,
  });
}

/** Requests this year's verification and emails the vendor its link. One open request at a time. */
export async function requestVerification(deps: Deps, actor: Actor, vendorId: string) {
  const vendor = await requireVendor(deps, vendorId);
  const repo = assuranceRepository(deps);
  const open = (await repo.listVerifications(vendorId)).find((v) => OPEN.has(v.status));
  if (open) {
    throw new AppError(
      'verification_open',
      `A verification requested on ${open.requestedAt.slice(0, 10)} is still open (${STATUS_WORDS[open.status].toLowerCase()})`,
      409,
      { verificationId: open.id },
    );
  }
  const verification = newRequest(deps, vendorId, newId('ver'), actor);
  await repo.createVerification(verification);
  await announceRequest(deps, actor, vendor, verification);
  return verification;
}

/** A new request, due `responseDays` from now, on the response ladder. */
function newRequest(deps: Deps, vendorId: string, id: string, actor: Actor): Verification {
  const policy = policiesOf(deps);
  const now = deps.clock.now();
  const at = now.toISOString();
  const responseDueAt = new Date(
    now.getTime() + policy.assurance.annualVerification.responseDays * DAY_MS,
  ).toISOString();
  return {
    id,
    vendorId,
    status: 'requested',
    requestedAt: at,
    requestedBy: actor.id,
    responseDueAt,
    submissions: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...scheduleDue(policy.escalation, assuranceKeys.verification(vendorId, id), {
      kind: 'verification_response',
      dueAt: responseDueAt,
    }),
  };
}

async function announceRequest(deps: Deps, actor: Actor, vendor: Vendor, verification: Verification) {
  await emailRequest(deps, vendor, verification.responseDueAt);
  await audit(deps, {
    vendorId: vendor.id,
    actor,
    action: 'verification.requested',
    target: target(verification),
    summary: `Requested the annual verification of HIPAA technical safeguards (proposed rule, recommended practice); due ${verification.responseDueAt.slice(0, 10)}${actor.id === SYSTEM.id ? ' (automatically, 30 days before the current one lapses)' : ''}`,
  });
}

/**
 * Sweep handler for an accepted verification whose renewal is due: requests the next one itself
 * (nobody has to remember to ask), then takes the old one off the due index. The new request's id
 * is derived from the old one, so two sweeps racing create and email it once; the request then
 * has its own response ladder (vendor, then compliance). With the policy off, or for other due
 * kinds, the item is an ordinary ladder deadline (undefined).
 */
export async function renewVerificationWhenDue(
  deps: Deps,
  item: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  const old = item as unknown as Verification;
  if (old.due?.kind !== 'verification_renewal') return undefined;
  if (!policiesOf(deps).assurance.annualVerification.enabled) return undefined;
  if (!old.nextActionAt || Date.parse(old.nextActionAt) > deps.clock.now().getTime()) {
    return { result: 'not_due' };
  }
  const repo = assuranceRepository(deps);
  const [vendor, list] = await Promise.all([
    deps.vendors.get(old.vendorId),
    repo.listVerifications(old.vendorId),
  ]);
  let requested = false;
  if (vendor && !list.some((v) => OPEN.has(v.status))) {
    const next = newRequest(deps, old.vendorId, `${old.id}_next`, SYSTEM);
    requested = await deps.store.create(verificationItem(next));
    if (requested) await announceRequest(deps, SYSTEM, vendor, next);
  }
  try {
    await repo.saveVerification({ ...old, ...clearDue() });
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'version_conflict')) throw error;
  }
  return { result: requested ? 'renewal_requested' : 'renewal_skipped' };
}

/** The open verification the vendor can answer now (requested or returned), if any. */
export async function openVerification(deps: Deps, vendorId: string) {
  const list = await assuranceRepository(deps).listVerifications(vendorId);
  return list.find((v) => v.status === 'requested' || v.status === 'returned');
}

async function requireAnswerable(deps: Deps, vendorId: string) {
  const open = await openVerification(deps, vendorId);
  if (!open) {
    throw new AppError('no_open_verification', 'There is no verification waiting for your answer', 409);
  }
  return open;
}

/** Presigned upload of the written analysis, under a key issued for the open verification. */
export async function createVerificationUpload(deps: Deps, actor: Actor, vendorId: string, body: unknown) {
  const request = parseInput(AssuranceUploadRequest, body, 'upload request');
  const open = await requireAnswerable(deps, vendorId);
  const check = checkUpload(request);
  if (!check.ok) throw new AppError(check.code, check.message, check.code === 'file_too_large' ? 413 : 400);
  const { key } = await issueUploadKey(
    deps,
    { kind: 'verification', vendorId, verificationId: open.id },
    { ...request, purpose: 'analysis' },
    actor.id,
  );
  return {
    uploadUrl: await deps.documents.presignUpload(key, request.contentType, request.size),
    method: 'PUT',
    headers: { 'content-type': request.contentType },
    key,
    fileName: request.fileName,
  };
}

const sameName = (a: string, b: string) =>
  a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

/** The vendor submits the form: every standard attested, the analysis pinned, the signature typed. */
export async function submitVerification(deps: Deps, actor: Actor, vendorId: string, body: unknown) {
  const request = parseInput(VerificationSubmission, body, 'verification');
  const vendor = await requireVendor(deps, vendorId);
  const open = await requireAnswerable(deps, vendorId);
  const missing = VERIFICATION_STANDARDS.filter((s) => !request.attestations[s.id]);
  if (missing.length) {
    throw new AppError(
      'attestation_missing',
      `Answer every safeguard: ${missing.map((s) => s.label.split(':')[0]).join('; ')}`,
      400,
      { missing: missing.map((s) => s.id) },
    );
  }
  if (!sameName(request.signature, request.authorisedRepresentative.name)) {
    throw new AppError(
      'signature_mismatch',
      'Sign by typing the authorised representative’s name exactly as given above',
      400,
      { field: 'signature' },
    );
  }
  const scope = { kind: 'verification' as const, vendorId, verificationId: open.id };
  if (!(await findIssuedUpload(deps, request.analysis.key, scope))) {
    throw notIssuedError('invalid_document', 'The written analysis');
  }
  const pinned = await pinStoredUpload(deps, request.analysis.key);
  if (!pinned.ok) {
    throw new AppError('invalid_document', `The written analysis ${PIN_PROBLEMS[pinned.problem]}`, 400);
  }
  const at = deps.clock.now().toISOString();
  const repo = assuranceRepository(deps);
  const saved = await repo.saveVerification({
    ...open,
    status: 'submitted',
    submissions: [
      ...open.submissions,
      {
        ...request,
        analysis: { ...pinned.file, fileName: request.analysis.fileName },
        submittedAt: at,
        signedAt: at,
      },
    ],
    updatedAt: at,
    // The vendor has answered: its ladder stops; compliance decides next.
    ...clearDue(),
  });
  const staff = deps.config.mail.compliance;
  if (staff.length) {
    const email = verificationReceivedEmail({
      vendorName: vendor.name,
      organisation: deps.config.organisation,
      consoleUrl: `${deps.config.baseUrl}/console/vendors/${vendor.id}`,
    });
    await deps.mailer.send({ to: staff, kind: 'verification-received', replyTo: [...staff], ...email });
  }
  const gaps = VERIFICATION_STANDARDS.filter((s) => request.attestations[s.id]?.answer !== 'implemented');
  await audit(deps, {
    vendorId,
    actor,
    action: 'verification.submitted',
    target: target(open),
    summary: `${request.authorisedRepresentative.name} (${request.authorisedRepresentative.title}) signed the annual verification; analysis by ${request.qualifiedPerson.name} (sha256 ${pinned.file.sha256.slice(0, 16)}…)${gaps.length ? `; not fully implemented: ${gaps.map((g) => g.citation).join(', ')}` : '; every safeguard attested as implemented'}`,
    after: { sha256: pinned.file.sha256, gaps: gaps.map((g) => g.id) },
  });
  return saved;
}

/** Compliance accepts the verification (current for 12 months) or returns it with a note. */
export async function decideVerification(
  deps: Deps,
  actor: Actor,
  vendorId: string,
  verificationId: string,
  body: unknown,
) {
  const request = parseInput(VerificationDecisionRequest, body, 'decision');
  requireCompliance(actor, 'accept or return an annual verification');
  const vendor = await requireVendor(deps, vendorId);
  const repo = assuranceRepository(deps);
  const all = await repo.listVerifications(vendorId);
  const v = all.find((x) => x.id === verificationId);
  if (!v) throw notFound('Verification', verificationId);
  if (v.status !== 'submitted') {
    throw new AppError(
      'verification_not_submitted',
      `Only a submitted verification can be decided; this one is: ${STATUS_WORDS[v.status].toLowerCase()}`,
      409,
    );
  }
  const policy = policiesOf(deps);
  const now = deps.clock.now();
  const at = now.toISOString();
  const decision = {
    decision: request.decision,
    by: actor.id,
    at,
    ...(request.note ? { note: request.note } : {}),
  };
  if (request.decision === 'return') {
    if (!request.note) {
      throw new AppError('note_required', 'Say what the vendor must change', 400, { field: 'note' });
    }
    const dueAt = new Date(
      now.getTime() + policy.assurance.annualVerification.responseDays * DAY_MS,
    ).toISOString();
    const saved = await repo.saveVerification({
      ...v,
      status: 'returned',
      decision,
      responseDueAt: dueAt,
      updatedAt: at,
      ...scheduleDue(policy.escalation, assuranceKeys.verification(vendorId, v.id), {
        kind: 'verification_response',
        dueAt,
      }),
    });
    await emailRequest(deps, vendor, dueAt, { note: request.note });
    await audit(deps, {
      vendorId,
      actor,
      action: 'verification.returned',
      target: target(v),
      summary: `Returned the annual verification to the vendor: ${request.note}`,
    });
    return saved;
  }
  const currentUntil = addCalendarMonths(at, policy.assurance.annualVerification.validMonths);
  // The previous accepted verification no longer needs its renewal reminder.
  for (const old of all) {
    if (old.id !== v.id && old.due) await repo.saveVerification({ ...old, ...clearDue(), updatedAt: at });
  }
  const saved = await repo.saveVerification({
    ...v,
    status: 'accepted',
    decision,
    currentUntil,
    updatedAt: at,
    ...scheduleDue(policy.escalation, assuranceKeys.verification(vendorId, v.id), {
      kind: 'verification_renewal',
      dueAt: currentUntil,
    }),
  });
  await audit(deps, {
    vendorId,
    actor,
    action: 'verification.accepted',
    target: target(v),
    summary: `Accepted the annual verification; current until ${currentUntil.slice(0, 10)}${request.note ? `: ${request.note}` : ''}`,
  });
  return saved;
}

/** API view: words beside the enums, no due-index internals. */
export function verificationView(v: Verification) {
  const { due: _d, dueShard: _s, nextActionAt: _n, ...rest } = v;
  return { ...rest, statusLabel: STATUS_WORDS[v.status] };
}

/** The gate's view of a vendor's verification: required for PHI vendors while the policy is on. */
export async function verificationGateInput(deps: Deps, vendorId: string, handlesPhi: boolean, now: Date) {
  const required = handlesPhi && policiesOf(deps).assurance.annualVerification.enabled;
  if (!required) return { required: false, currentUntil: null };
  const list = await assuranceRepository(deps).listVerifications(vendorId);
  // The current one, else the latest accepted (so that the gate can say when it lapsed).
  const latest = currentVerification(list, now) ?? latestAccepted(list);
  return { required: true, currentUntil: latest?.currentUntil ?? null };
}
