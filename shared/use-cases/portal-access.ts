/**
 * Resolving a vendor's private link. The token is hashed and looked up; an unknown, expired or
 * revoked link yields an error that says whom to contact. Resolving never changes state (mail
 * scanners follow links).
 */

import type { PortalLink } from '../adapters/dynamodb/link-repository.ts';
import type { Deps } from '../composition.ts';
import { AppError } from '../errors.ts';
import { sha256Hex } from '../ids.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { Vendor } from '../schemas/vendor.ts';
import type { Actor } from './actor.ts';

export interface PortalSession {
  assessment: Assessment;
  vendor: Vendor;
  actor: Actor;
  contact: string;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Checks a token: shape, existence, revocation, expiry. Throws an error that says whom to contact. */
export async function resolveLink(deps: Deps, token: string): Promise<{ link: PortalLink; contact: string }> {
  const contact = deps.config.mail.compliance[0] ?? deps.config.mail.from;
  const notFound = new AppError(
    'link_not_found',
    `This link is not valid. Please use the link from your most recent email, or contact ${contact}.`,
    404,
    { contact },
  );
  if (!TOKEN_SHAPE.test(token)) throw notFound;
  const link = await deps.links.get(sha256Hex(token));
  if (!link) throw notFound;
  if (link.revokedAt) {
    throw new AppError(
      'link_revoked',
      `This link was replaced by a newer one. Please use the link from your most recent email, or contact ${contact}.`,
      410,
      { contact },
    );
  }
  if (link.expiresAt <= deps.clock.now().toISOString()) {
    throw new AppError(
      'link_expired',
      `This link expired on ${link.expiresAt.slice(0, 10)}. Contact ${contact} and we will send you a new one.`,
      410,
      { contact },
    );
  }
  return { link, contact };
}

/** Opens an assessment link: the questionnaire, the remediation plan. */
export async function openPortal(deps: Deps, token: string): Promise<PortalSession> {
  const { link, contact } = await resolveLink(deps, token);
  // The link names both, so the two reads run in parallel.
  const [assessment, vendor] = link.assessmentId
    ? await Promise.all([deps.assessments.get(link.assessmentId), deps.vendors.get(link.vendorId)])
    : [undefined, undefined];
  if (!assessment || !vendor || vendor.id !== assessment.vendorId) {
    throw new AppError(
      'link_not_found',
      `This link does not open a questionnaire. Contact ${contact}.`,
      404,
      { contact },
    );
  }
  return { assessment, vendor, actor: { id: `vendor:${assessment.id}`, role: 'vendor' }, contact };
}

export interface BaaPortalSession {
  vendor: Vendor;
  actor: Actor;
  contact: string;
}

/** Opens the BAA page: any live link of the vendor (BAA request or questionnaire) will do. */
export async function openBaaPortal(deps: Deps, token: string): Promise<BaaPortalSession> {
  const { link, contact } = await resolveLink(deps, token);
  // The standing incident link opens only the incident page: it is printed in every email.
  const vendor = link.scope === 'incident' ? undefined : await deps.vendors.get(link.vendorId);
  if (!vendor)
    throw new AppError('link_not_found', `This link is not valid. Contact ${contact}.`, 404, { contact });
  return { vendor, actor: { id: `vendor:${link.assessmentId ?? vendor.id}`, role: 'vendor' }, contact };
}
