/**
 * Every event is told to whoever acts next. One row per event: who hears of it, which team answers
 * replies, and the words. The vendor's copy carries its private link; staff copies link the console.
 * Used by shared/use-cases/notify.ts (and by any new event: add a row and its letter here).
 */
import { type Letter, type Party, plural, type Team } from './compose.ts';
import { formatDate } from './layout.ts';

export interface FindingRef {
  title: string;
  severity: string;
  dueAt: string;
}

export type NotifyEvent =
  | { type: 'baa_signed'; effectiveAt: string; expiresAt?: string; reviewDueAt?: string }
  | { type: 'baa_changes_requested'; note: string }
  | { type: 'extension_granted'; finding: FindingRef; previousDueAt: string; reason: string }
  | { type: 'fix_verified'; finding: FindingRef; note?: string }
  | { type: 'fix_rejected'; finding: FindingRef; note?: string }
  | { type: 'risk_accepted'; finding: FindingRef; until: string; reason: string }
  | {
      type: 'decision_made';
      decision: 'approve' | 'approve_with_conditions' | 'reject';
      conditions: string[];
      reason: string | null;
    }
  | { type: 'fix_reported'; finding: FindingRef; note: string; evidenceCount: number }
  | { type: 'clarification_requested'; questions: string[]; note?: string }
  | { type: 'clarification_answered'; questions: string[] };

export type NotifyEventType = NotifyEvent['type'];

/** What the vendor's link opens: the questionnaire/findings portal or the BAA page. */
export type VendorLinkKind = 'portal' | 'baa' | 'none';

export interface EventRule {
  /** Who hears of it: whoever acts next (and the business owner of decisions that affect them). */
  audiences: Party[];
  team: Team;
  vendorLink: VendorLinkKind;
}

/**
 * Who is told of what (policy: the product's notification rules, not a regulation). The tests
 * check each row against an independently written table.
 */
export const EVENT_RULES: Record<NotifyEventType, EventRule> = {
  // No link: nothing is left for the vendor to do, and a new BAA link would revoke the one it has.
  baa_signed: { audiences: ['vendor', 'business_owner'], team: 'compliance', vendorLink: 'none' },
  baa_changes_requested: {
    audiences: ['vendor', 'business_owner'],
    team: 'compliance',
    vendorLink: 'baa',
  },
  extension_granted: { audiences: ['vendor', 'business_owner'], team: 'compliance', vendorLink: 'portal' },
  fix_verified: { audiences: ['vendor', 'business_owner'], team: 'compliance', vendorLink: 'portal' },
  fix_rejected: { audiences: ['vendor', 'business_owner'], team: 'compliance', vendorLink: 'portal' },
  risk_accepted: { audiences: ['vendor', 'business_owner'], team: 'compliance', vendorLink: 'portal' },
  decision_made: { audiences: ['vendor', 'business_owner'], team: 'procurement', vendorLink: 'none' },
  fix_reported: { audiences: ['compliance'], team: 'compliance', vendorLink: 'none' },
  clarification_requested: { audiences: ['vendor'], team: 'compliance', vendorLink: 'portal' },
  clarification_answered: { audiences: ['compliance'], team: 'compliance', vendorLink: 'none' },
};

const SEVERITY_WORD: Record<string, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};
const findingName = (f: FindingRef) =>
  `"${f.title}" (${(SEVERITY_WORD[f.severity] ?? f.severity).toLowerCase()})`;

const DECISION_WORD = {
  approve: 'approved',
  approve_with_conditions: 'approved with conditions',
  reject: 'not approved',
} as const;

const VENDOR_DECISION = {
  approve: (org: string, vendor: string) => `${org} has approved ${vendor} as a vendor.`,
  approve_with_conditions: (org: string, vendor: string) =>
    `${org} has approved ${vendor} as a vendor, with the conditions below.`,
  reject: (org: string, vendor: string) => `${org} has decided not to approve ${vendor} at this time.`,
} as const;

export interface EventLetterInput {
  event: NotifyEvent;
  vendorName: string;
  organisation: string;
  toVendor: boolean;
}

/** The words of one event, for the vendor or for staff. Links are added by the caller. */
export function eventLetter({ event, vendorName, organisation, toVendor }: EventLetterInput): Letter {
  switch (event.type) {
    case 'baa_signed':
      return {
        subject: `Business Associate Agreement signed: ${vendorName} and ${organisation}`,
        paragraphs: toVendor
          ? [
              `Thank you: the Business Associate Agreement between ${vendorName} and ${organisation} is signed and in force.`,
              event.expiresAt
                ? 'We will remind you well before it expires.'
                : 'It runs for the term of our services agreement; we review it periodically.',
            ]
          : [`The Business Associate Agreement with ${vendorName} is signed and in force.`],
        facts: [
          ['Effective', formatDate(event.effectiveAt)],
          event.expiresAt
            ? ['Expires', formatDate(event.expiresAt)]
            : ['Expires', 'With the services agreement (no fixed date)'],
          ...(event.reviewDueAt ? [['Next review', formatDate(event.reviewDueAt)] as [string, string]] : []),
        ],
      };
    case 'baa_changes_requested':
      return {
        subject: `Changes requested to the Business Associate Agreement with ${vendorName}`,
        paragraphs: toVendor
          ? [
              'Our compliance team reviewed the agreement you sent and needs changes before it can be signed:',
              event.note,
              'Please upload a revised copy through the link below.',
            ]
          : [
              `Compliance asked ${vendorName} for changes to its Business Associate Agreement before it can be signed. No patient data may be shared until it is signed.`,
              `What was asked: ${event.note}`,
            ],
      };
    case 'extension_granted':
      return {
        subject: `More time granted: ${event.finding.title} (${vendorName}), now due ${formatDate(event.finding.dueAt)}`,
        paragraphs: [
          toVendor
            ? `We extended the deadline to fix ${findingName(event.finding)} from ${formatDate(event.previousDueAt)} to ${formatDate(event.finding.dueAt)}.`
            : `Compliance extended the deadline for ${vendorName} to fix ${findingName(event.finding)} from ${formatDate(event.previousDueAt)} to ${formatDate(event.finding.dueAt)}.`,
          `Reason: ${event.reason}`,
        ],
      };
    case 'fix_verified':
      return {
        subject: `Fix verified: ${event.finding.title} (${vendorName})`,
        paragraphs: [
          toVendor
            ? `Thank you: we verified your fix for ${findingName(event.finding)}. The finding is closed and no more reminders will be sent for it.`
            : `Compliance verified the fix of ${vendorName} for ${findingName(event.finding)}; the finding is closed.`,
          ...(event.note ? [`Note from compliance: ${event.note}`] : []),
        ],
      };
    case 'fix_rejected':
      return {
        subject: `Fix not accepted yet: ${event.finding.title} (${vendorName})`,
        paragraphs: [
          toVendor
            ? `We reviewed the fix you reported for ${findingName(event.finding)} and cannot accept it yet. The finding is open again, still due ${formatDate(event.finding.dueAt)}.`
            : `Compliance did not accept the fix ${vendorName} reported for ${findingName(event.finding)}; it is open again, due ${formatDate(event.finding.dueAt)}.`,
          ...(event.note ? [`What is missing: ${event.note}`] : []),
        ],
      };
    case 'risk_accepted':
      return {
        subject: `Risk accepted until ${formatDate(event.until)}: ${event.finding.title} (${vendorName})`,
        paragraphs: [
          toVendor
            ? `${organisation} accepted the risk of ${findingName(event.finding)} until ${formatDate(event.until)}. No fix is needed before then; after that date the finding opens again with a new deadline.`
            : `Compliance accepted the risk of ${findingName(event.finding)} at ${vendorName} until ${formatDate(event.until)}; after that the finding opens again.`,
          `Reason: ${event.reason}`,
        ],
      };
    case 'decision_made': {
      const word = DECISION_WORD[event.decision];
      return {
        subject: `${vendorName} is ${word} as a vendor of ${organisation}`,
        paragraphs: [
          toVendor
            ? `Thank you for completing our vendor review. ${VENDOR_DECISION[event.decision](organisation, vendorName)}`
            : `The vendor review of ${vendorName} is decided: ${word}.`,
          ...(event.reason ? [`Reason: ${event.reason}`] : []),
          ...(event.conditions.length ? ['Conditions:'] : []),
        ],
        items: event.conditions,
      };
    }
    case 'fix_reported':
      return {
        subject: `${vendorName} reported a fix: ${event.finding.title} — please verify`,
        paragraphs: [
          `${vendorName} reported a fix for ${findingName(event.finding)} ${event.evidenceCount ? `with ${plural(event.evidenceCount, 'evidence file')}` : 'without evidence files'}. Its reminders are paused until you verify or reject the fix.`,
          `What they changed: ${event.note}`,
        ],
      };
    case 'clarification_requested':
      return {
        subject: `A question about your security questionnaire (${vendorName})`,
        paragraphs: [
          `Our compliance team needs a little more detail on ${plural(event.questions.length, 'answer')} before it can finish the review:`,
          ...(event.note ? [event.note] : []),
          'Please open the questionnaire through the link below and answer; the rest of your answers stay as they are.',
        ],
        items: event.questions,
      };
    case 'clarification_answered':
      return {
        subject: `${vendorName} answered your clarification request`,
        paragraphs: [
          `${vendorName} answered ${plural(event.questions.length, 'question')} you asked about. The review can continue.`,
        ],
        items: event.questions,
      };
  }
}
