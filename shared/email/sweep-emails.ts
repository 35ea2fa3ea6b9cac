/** The one alert compliance gets when the sweep quarantines an item it cannot process. */
import { formatDate, renderEmail } from './layout.ts';

const KIND_WORDS: Record<string, string> = {
  questionnaire_response: 'security questionnaire response',
  finding_remediation: 'finding remediation',
  baa_expiry: 'Business Associate Agreement expiry',
  reassessment: 'periodic reassessment',
  risk_acceptance_expiry: 'risk acceptance expiry',
};

export function quarantineAlertEmail(input: {
  organisation: string;
  vendorName: string;
  itemTitle: string;
  kind: string;
  dueAt: string;
  attempts: number;
  consoleUrl: string;
}) {
  const what = KIND_WORDS[input.kind] ?? 'deadline';
  return renderEmail({
    subject: `Action needed: reminders stopped for ${input.vendorName} — ${input.itemTitle}`,
    greeting: 'Compliance team,',
    paragraphs: [
      `The deadline sweep could not process the ${what} of ${input.vendorName} (${input.itemTitle}, due ${formatDate(input.dueAt)}) after ${input.attempts} attempts, so it has stopped sending its reminders and escalations. Every other deadline is unaffected.`,
      'Please check this item by hand: nobody will be reminded about it until it is fixed. Giving it a new deadline (for example an extension) or resolving it puts it back on the schedule; your administrator can find the technical details in the sweep logs.',
    ],
    facts: [
      ['Vendor', input.vendorName],
      ['Item', input.itemTitle],
      ['Due', formatDate(input.dueAt)],
      ['Failed attempts', String(input.attempts)],
    ],
    action: { label: 'Open the vendor in the console', url: input.consoleUrl },
    footer: `${input.organisation} vendor risk program. You get this alert once per item and deadline.`,
  });
}

/** The one alert compliance gets when deadline mail to one person keeps failing (e.g. a rejected address). */
export function undeliverableAlertEmail(input: {
  organisation: string;
  vendorName: string;
  recipient: string;
  items: string[];
  attempts: number;
  consoleUrl: string;
}) {
  return renderEmail({
    subject: `Action needed: deadline mail to ${input.recipient} (${input.vendorName}) could not be delivered`,
    greeting: 'Compliance team,',
    paragraphs: [
      `The reminder or escalation below could not be sent to ${input.recipient} for ${input.vendorName} after ${input.attempts} attempts, so the product has stopped trying. The deadlines themselves are unchanged and their next steps still go out.`,
      'Please contact this person another way, and correct the address in the vendor record if it is wrong.',
    ],
    items: input.items,
    action: { label: 'Open the vendor in the console', url: input.consoleUrl },
    footer: `${input.organisation} vendor risk program. You get this alert once per undeliverable email.`,
  });
}
