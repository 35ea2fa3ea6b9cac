/**
 * The vendor's private links. The raw token goes into one email only; the table keeps its SHA-256,
 * so a leaked export or log line cannot be turned into a working link.
 */
import type { Deps } from '../composition.ts';
import { DAY_MS } from '../domain/time.ts';
import { newLinkToken, sha256Hex } from '../ids.ts';
import type { Vendor } from '../schemas/vendor.ts';

/** A fresh link to an assessment's questionnaire and findings. */
export async function issuePortalLink(deps: Deps, assessmentId: string, vendorId: string, validDays = 60) {
  const token = newLinkToken();
  const now = deps.clock.now();
  await deps.links.create({
    tokenHash: sha256Hex(token),
    assessmentId,
    vendorId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + validDays * DAY_MS).toISOString(),
  });
  return `${deps.config.baseUrl}/portal/${token}`;
}

/** A link to the vendor's BAA page. One live BAA link per vendor: the newest replaces the earlier ones. */
export async function issueBaaLink(deps: Deps, vendor: Pick<Vendor, 'id'>, validDays = 90) {
  const token = newLinkToken();
  const now = deps.clock.now();
  await deps.links.revokeAllBaa(vendor.id, now.toISOString());
  await deps.links.create({
    tokenHash: sha256Hex(token),
    scope: 'baa',
    vendorId: vendor.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + validDays * DAY_MS).toISOString(),
  });
  return `${deps.config.baseUrl}/portal/${token}/baa`;
}
