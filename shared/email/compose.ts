/**
 * The one templating module for messages to people. Every email the product sends to a person is
 * built here: a named greeting, an HTML and a plain-text part (layout.ts), Reply-To the team that
 * is responsible for the matter, and one rule enforced by the shape of `Letter.action`: the vendor's
 * private portal link goes to the vendor only; staff get the console page instead.
 */
import type { AppConfig } from '../config.ts';
import type { OutgoingEmail } from '../ports/mailer.ts';
import { renderEmail } from './layout.ts';

/** Who a message is for. `vendor` is the vendor's contact; the others are our own people. */
export type Party =
  | 'vendor'
  | 'business_owner'
  | 'procurement'
  | 'compliance'
  | 'executive'
  | 'privacy_officer';
/** The team that answers replies: compliance for security and BAA matters, procurement for purchasing. */
export type Team = 'compliance' | 'procurement';

export interface Person {
  email: string;
  party: Party;
  /** A person's name when we know it (the vendor contact) or can read it from the address. */
  name?: string;
}

export interface VendorContact {
  id: string;
  name: string;
  contactName: string;
  contactEmail: string;
  businessOwnerEmail: string;
}

export const PARTY_LABEL: Record<Party, string> = {
  vendor: 'vendor contact',
  business_owner: 'business owner',
  procurement: 'procurement',
  compliance: 'compliance',
  executive: 'executive team',
  privacy_officer: 'privacy officer',
};

/** "pat.lee@x.org" → "Pat Lee"; a role address ("owner@", "it-team@") gives no name. */
export function nameFromEmail(email: string): string | undefined {
  const local = email.split('@')[0] ?? '';
  const parts = local.split(/[._]/).filter(Boolean);
  if (parts.length < 2 || parts.some((p) => !/^[a-z]{2,}$/i.test(p))) return undefined;
  return parts.map((p) => p[0]!.toUpperCase() + p.slice(1).toLowerCase()).join(' ');
}

/** The people of the given parties, one entry per address: the first party listed wins. */
export function peopleFor(
  config: AppConfig,
  vendor: VendorContact | undefined,
  parties: readonly Party[],
): Person[] {
  const out = new Map<string, Person>();
  const add = (email: string, party: Party, name?: string) => {
    const key = email.toLowerCase();
    if (!out.has(key)) out.set(key, { email, party, ...(name ? { name } : {}) });
  };
  for (const party of parties) {
    if (party === 'vendor' && vendor) add(vendor.contactEmail, 'vendor', vendor.contactName);
    if (party === 'business_owner' && vendor)
      add(vendor.businessOwnerEmail, 'business_owner', nameFromEmail(vendor.businessOwnerEmail));
    if (party === 'procurement' || party === 'compliance' || party === 'executive') {
      for (const email of config.mail[party]) add(email, party);
    }
    if (party === 'privacy_officer') for (const email of config.mail.privacyOfficer) add(email, party);
  }
  return [...out.values()];
}

export function greetingFor(person: Person, vendorName?: string): string {
  if (person.name) return `Dear ${person.name},`;
  switch (person.party) {
    case 'vendor':
      return vendorName ? `Dear ${vendorName} team,` : 'Dear colleague,';
    case 'business_owner':
      return vendorName ? `Dear business owner of ${vendorName},` : 'Dear business owner,';
    case 'procurement':
      return 'Dear procurement team,';
    case 'compliance':
      return 'Dear compliance team,';
    case 'executive':
      return 'Dear executive team,';
    case 'privacy_officer':
      return 'Dear privacy officer,';
  }
}

export interface Link {
  label: string;
  url: string;
}

export interface Letter {
  subject: string;
  paragraphs: string[];
  facts?: [string, string][];
  items?: string[];
  closing?: string[];
  /**
   * The vendor's private link (vendor only; one per matter when an email covers several) and the
   * console page (staff only).
   */
  action?: { vendor?: Link | readonly Link[]; staff?: Link };
}

export interface LetterContext {
  config: AppConfig;
  /** Message kind for metrics and tags (never the body). */
  kind: string;
  /** Who answers replies. */
  team: Team;
  vendorName?: string;
}

export function replyToOf(config: AppConfig, team: Team): string[] {
  const addresses = config.mail[team];
  return addresses.length ? [...addresses] : [];
}

/** One email to one person. */
export function compose(person: Person, letter: Letter, ctx: LetterContext): OutgoingEmail {
  const org = ctx.config.organisation;
  const toVendor = person.party === 'vendor';
  const action = toVendor ? letter.action?.vendor : letter.action?.staff;
  const replyTo = replyToOf(ctx.config, ctx.team);
  const footer = toVendor
    ? `Questions? Reply to this email: it reaches the ${ctx.team} team of ${org}.`
    : `${org} vendor risk program. You receive this as ${PARTY_LABEL[person.party]}${ctx.vendorName ? ` for ${ctx.vendorName}` : ''}.`;
  const rendered = renderEmail({
    subject: letter.subject,
    greeting: greetingFor(person, ctx.vendorName),
    paragraphs: letter.paragraphs,
    facts: letter.facts,
    items: letter.items,
    closing: letter.closing,
    action,
    footer,
  });
  return { to: [person.email], kind: ctx.kind, ...(replyTo.length ? { replyTo } : {}), ...rendered };
}

/** "1 file", "2 files" (one helper for emails and audit summaries: shared/labels.ts). */
export { plural } from '../labels.ts';
