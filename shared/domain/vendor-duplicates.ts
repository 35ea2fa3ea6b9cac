/**
 * Is this registration a vendor we already have? Same name (ignoring case, punctuation and legal
 * suffixes: "Acme Imaging, Inc." = "ACME imaging") or the same contact email domain (except the
 * public mail providers, where a shared domain says nothing). Pure; the use case asks the
 * registry and refuses with 409 unless procurement confirms (`allowDuplicate`).
 */
const SUFFIXES = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'plc',
  'lp',
  'llp',
  'pc',
  'pllc',
  'sa',
  'ag',
  'bv',
]);

/** Public mail providers: many unrelated vendors' contacts share these domains. */
const PUBLIC_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'mail.com',
  'zoho.com',
]);

export function normaliseVendorName(name: string): string {
  const words = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  while (words.length > 1 && SUFFIXES.has(words.at(-1)!)) words.pop();
  return words.join(' ');
}

/** Domains reserved for documentation and tests (RFC 2606, RFC 6761): they identify no organisation. */
const RESERVED = /(^|\.)(example|test|invalid|localhost)$|^example\.(com|net|org)$/;

export function emailDomain(email: string): string | undefined {
  const domain = email.split('@')[1]?.trim().toLowerCase();
  return domain && !PUBLIC_MAIL.has(domain) && !RESERVED.test(domain) ? domain : undefined;
}

export interface VendorIdentity {
  id: string;
  name: string;
  contactEmail: string;
}

export type DuplicateReason = 'same_name' | 'same_contact_domain';

/** The existing vendors this registration duplicates, each with why. */
export function findDuplicates(
  candidate: { name: string; contactEmail: string },
  existing: readonly VendorIdentity[],
): { vendor: VendorIdentity; reason: DuplicateReason }[] {
  const name = normaliseVendorName(candidate.name);
  const domain = emailDomain(candidate.contactEmail);
  const out: { vendor: VendorIdentity; reason: DuplicateReason }[] = [];
  for (const vendor of existing) {
    if (normaliseVendorName(vendor.name) === name) out.push({ vendor, reason: 'same_name' });
    else if (domain && emailDomain(vendor.contactEmail) === domain)
      out.push({ vendor, reason: 'same_contact_domain' });
  }
  return out;
}
