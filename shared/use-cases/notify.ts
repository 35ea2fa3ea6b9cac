/**
 * Tells whoever acts next that something happened (EVENT_RULES in shared/email/event-emails.ts).
 * Called after the event's write has succeeded: the event stands whether or not the mail goes out,
 * so a mail failure is recorded for operators (FAILURE#notify) instead of failing the request that
 * a person already completed (a retry of that request would otherwise be refused as a conflict).
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../composition.ts';
import { compose, type Link, peopleFor } from '../email/compose.ts';
import { EVENT_RULES, eventLetter, type NotifyEvent } from '../email/event-emails.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { issueBaaLink, issuePortalLink } from './portal-links.ts';

export interface NotifyOptions {
  /** The assessment a portal link should open (finding and questionnaire events). */
  assessmentId?: string;
}

const VENDOR_LINK_LABEL: Record<NotifyEvent['type'], string> = {
  baa_signed: 'Open the BAA page',
  baa_changes_requested: 'Upload a revised BAA',
  extension_granted: 'Open your findings',
  fix_verified: 'Open your findings',
  fix_rejected: 'Open the finding',
  risk_accepted: 'Open your findings',
  decision_made: 'Open',
  fix_reported: 'Open',
  clarification_requested: 'Answer the questions',
  clarification_answered: 'Open',
};

/** Sends the event's emails; returns the addresses written to (for tests and the audit trail). */
export async function notify(
  deps: Deps,
  vendor: Vendor,
  event: NotifyEvent,
  options: NotifyOptions = {},
): Promise<string[]> {
  const rule = EVENT_RULES[event.type];
  const people = peopleFor(deps.config, vendor, rule.audiences);
  const sent: string[] = [];
  try {
    let vendorLink: Link | undefined;
    if (people.some((p) => p.party === 'vendor')) {
      const url =
        rule.vendorLink === 'baa'
          ? await issueBaaLink(deps, vendor)
          : rule.vendorLink === 'portal' && options.assessmentId
            ? await issuePortalLink(deps, options.assessmentId, vendor.id)
            : undefined;
      if (url) vendorLink = { label: VENDOR_LINK_LABEL[event.type], url };
    }
    const staffLink: Link = {
      label: `Open ${vendor.name} in the console`,
      url: `${deps.config.baseUrl}/console/vendors/${vendor.id}`,
    };
    for (const person of people) {
      const letter = eventLetter({
        event,
        vendorName: vendor.name,
        organisation: deps.config.organisation,
        toVendor: person.party === 'vendor',
      });
      const email = compose(
        person,
        { ...letter, action: { vendor: vendorLink, staff: staffLink } },
        {
          config: deps.config,
          kind: `event-${event.type.replaceAll('_', '-')}`,
          team: rule.team,
          vendorName: vendor.name,
        },
      );
      // A vendor's email carries its standing incident link in the footer (incident-footer-mailer.ts).
      await deps.mailer.send(person.party === 'vendor' ? { ...email, vendorId: vendor.id } : email);
      sent.push(person.email);
    }
  } catch (error) {
    const at = deps.clock.now().toISOString();
    await deps.store
      .create({
        PK: 'FAILURE#notify',
        SK: `${at}#${vendor.id}#${randomUUID()}`,
        entity: 'Failure',
        error: error instanceof Error ? error.name : 'Unknown',
        event: event.type,
        vendorId: vendor.id,
        sentTo: sent.length,
        at,
      })
      .catch(() => undefined);
  }
  return sent;
}
