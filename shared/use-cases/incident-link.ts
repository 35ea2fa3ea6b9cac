/**
 * The vendor's standing incident link: one per vendor, printed in every vendor email footer and on
 * the BAA page, valid until staff rotate it. It opens only `/portal/{token}/incidents`.
 */
import type { IncidentLinkRecord } from '../adapters/dynamodb/incident-repository.ts';
import type { Deps } from '../composition.ts';
import { AppError, notFound } from '../errors.ts';
import { newLinkToken, sha256Hex } from '../ids.ts';
import type { Vendor } from '../schemas/vendor.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { resolveLink } from './portal-access.ts';

/** Where a vendor's replies about an incident go: the privacy officer, else compliance. */
export function incidentReplyTo(deps: Pick<Deps, 'config'>): { replyTo?: string[] } {
  const { privacyOfficer, compliance } = deps.config.mail;
  const to = privacyOfficer.length ? privacyOfficer : compliance;
  return to.length ? { replyTo: [...to] } : {};
}

/** A standing link still carries an expiry (every link does); rotation is the normal way to end it. */
const STANDING_LINK_YEARS = 10;

type LinkDeps = Pick<Deps, 'incidents' | 'links' | 'clock' | 'config'>;

/** The incident page URL of a standing link's token. */
export const incidentUrlOf = (deps: Pick<Deps, 'config'>, token: string) =>
  `${deps.config.baseUrl}/portal/${token}/incidents`;

/** A new standing link: the portal link it opens and the vendor's record of it (not yet stored). */
export function newIncidentLink(deps: Pick<Deps, 'config'>, vendorId: string, now: Date) {
  const token = newLinkToken();
  const expires = new Date(now);
  expires.setUTCFullYear(expires.getUTCFullYear() + STANDING_LINK_YEARS);
  const tokenHash = sha256Hex(token);
  const createdAt = now.toISOString();
  return {
    url: incidentUrlOf(deps, token),
    link: { tokenHash, scope: 'incident' as const, vendorId, createdAt, expiresAt: expires.toISOString() },
    record: { vendorId, token, tokenHash, createdAt, version: 0 } satisfies IncidentLinkRecord,
  };
}

async function issue(deps: LinkDeps, vendorId: string, now: Date) {
  const { link, record } = newIncidentLink(deps, vendorId, now);
  await deps.links.create(link);
  return record.token;
}

/** The vendor's incident link URL, created on first use (concurrent first uses agree on one). */
export async function incidentLinkUrl(deps: LinkDeps, vendorId: string): Promise<string> {
  const existing = await deps.incidents.getLink(vendorId);
  if (existing) return incidentUrlOf(deps, existing.token);
  const now = deps.clock.now();
  const token = await issue(deps, vendorId, now);
  const record: IncidentLinkRecord = {
    vendorId,
    token,
    tokenHash: sha256Hex(token),
    createdAt: now.toISOString(),
    version: 0,
  };
  if (await deps.incidents.createLink(record)) return incidentUrlOf(deps, token);
  // Another request created the link first: ours must not stay usable.
  await deps.links.revoke(record.tokenHash, now.toISOString());
  const winner = await deps.incidents.getLink(vendorId);
  if (!winner) throw new Error('Incident link vanished after a create race');
  return incidentUrlOf(deps, winner.token);
}

/** Replaces the vendor's incident link; the old one stops working at once. */
export async function rotateIncidentLink(deps: Deps, actor: Actor, vendorId: string) {
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const current = await deps.incidents.getLink(vendorId);
  if (!current) return { url: await incidentLinkUrl(deps, vendorId), rotated: false };
  const now = deps.clock.now();
  const token = await issue(deps, vendorId, now);
  try {
    await deps.incidents.replaceLink({
      ...current,
      token,
      tokenHash: sha256Hex(token),
      createdAt: now.toISOString(),
    });
  } catch (error) {
    await deps.links.revoke(sha256Hex(token), now.toISOString());
    throw error;
  }
  await deps.links.revoke(current.tokenHash, now.toISOString());
  await audit(deps, {
    vendorId,
    actor,
    action: 'incident_link.rotated',
    target: { type: 'vendor', id: vendorId },
    summary: `Replaced the incident link of ${vendor.name}; the previous link no longer works`,
  });
  return { url: incidentUrlOf(deps, token), rotated: true };
}

export interface IncidentPortalSession {
  vendor: Vendor;
  actor: Actor;
  contact: string;
}

/** Opens the incident page; only the vendor's current incident link does. */
export async function openIncidentPortal(deps: Deps, token: string): Promise<IncidentPortalSession> {
  const { link, contact } = await resolveLink(deps, token);
  const vendor = link.scope === 'incident' ? await deps.vendors.get(link.vendorId) : undefined;
  if (!vendor) {
    throw new AppError(
      'link_not_found',
      `This link does not open the incident report page. Use the incident link printed at the foot of our emails, or contact ${contact}.`,
      404,
      { contact },
    );
  }
  return { vendor, actor: { id: `vendor:${vendor.id}`, role: 'vendor' }, contact };
}
