/**
 * Opens the BAA request for a vendor that handles PHI: emails the vendor a private link to review
 * and sign the organisation's BAA, and moves the BAA from required to sent. Idempotent: a vendor
 * whose BAA is already past `required` is left alone.
 */
import type { Deps } from '../composition.ts';
import { baaRequestEmail } from '../email/baa-emails.ts';
import { notFound } from '../errors.ts';
import { newLinkToken, sha256Hex } from '../ids.ts';
import { SYSTEM } from './actor.ts';
import { audit } from './audit.ts';

const DAY_MS = 86_400_000;

export async function requestBaa(deps: Deps, input: { assessmentId: string; vendorId: string }) {
  const vendor = await deps.vendors.get(input.vendorId);
  if (!vendor) throw notFound('Vendor', input.vendorId);
  if (!vendor.baaRequired || vendor.baaStatus !== 'required')
    return { requested: false, status: vendor.baaStatus };

  const now = deps.clock.now();
  const token = newLinkToken();
  await deps.links.create({
    tokenHash: sha256Hex(token),
    assessmentId: input.assessmentId,
    vendorId: vendor.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 90 * DAY_MS).toISOString(),
  });
  const email = baaRequestEmail({
    vendorName: vendor.name,
    contactName: vendor.contactName,
    organisation: deps.config.organisation,
    portalUrl: `${deps.config.baseUrl}/portal/${token}/baa`,
    replyTo: deps.config.mail.compliance[0] ?? deps.config.mail.from,
  });
  await deps.mailer.send({ to: [vendor.contactEmail], kind: 'baa-request', ...email });
  const at = deps.clock.now().toISOString();
  await deps.vendors.save({ ...vendor, baaStatus: 'sent', updatedAt: at });
  await audit(deps, {
    vendorId: vendor.id,
    actor: SYSTEM,
    action: 'baa.requested',
    target: { type: 'baa', id: vendor.id },
    summary: `Emailed the BAA request to ${vendor.name}`,
    before: { status: 'required' },
    after: { status: 'sent' },
  });
  return { requested: true, status: 'sent' };
}
