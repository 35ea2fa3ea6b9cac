/**
 * Identifiers and secrets. Ids are random (not sequential) so that they reveal nothing; vendor
 * link tokens carry 256 bits and only their SHA-256 hash is ever stored.
 */
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomId(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 62 * 4 = 248 < 256: the tiny modulo bias is irrelevant for ids (tokens use base64url below).
  for (const b of bytes) out += ALPHABET[b % 62];
  return out;
}

export const newVendorId = () => `v_${randomId(16)}`;
export const newAssessmentId = () => `a_${randomId(16)}`;
export const newId = (prefix: string) => `${prefix}_${randomId(16)}`;

/** A vendor portal link token: 32 random bytes, base64url (43 characters). */
export const newLinkToken = () => randomBytes(32).toString('base64url');

export const sha256Hex = (value: string | Uint8Array) => createHash('sha256').update(value).digest('hex');
