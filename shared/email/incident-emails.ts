/**
 * Emails of a vendor incident: the alert to compliance and the privacy officer, the vendor's
 * acknowledgement (with what we still need under 164.410(c)), and a request for missing information.
 * Summaries may describe PHI categories but never individuals; the alert goes to staff only.
 */
import type { Deadline, Incident } from '../schemas/incident.ts';
import { formatDate, renderEmail } from './layout.ts';

export const INCIDENT_TYPE_LABEL: Record<Incident['type'], string> = {
  security_incident: 'Security incident',
  suspected_breach: 'Suspected breach of PHI',
  contingency_activation: 'Contingency-plan activation',
};

/** 164.410(c)(1)–(2) with 164.404(c)(1): what the covered entity needs from the business associate. */
export const INFORMATION_WE_NEED = [
  'The identification of each individual whose PHI was, or is reasonably believed to have been, accessed, acquired, used or disclosed (164.410(c)(1))',
  'A description of what happened, with the date of the breach and the date of discovery (164.404(c)(1)(A))',
  'The types of PHI involved (name, SSN, date of birth, address, diagnosis, account numbers, …) (164.404(c)(1)(B))',
  'Steps individuals should take to protect themselves (164.404(c)(1)(C))',
  'What you are doing to investigate, mitigate harm and prevent a recurrence (164.404(c)(1)(D))',
  'A contact at your organisation for our follow-up questions',
];

const STATUS_WORDS: Record<Deadline['status'], string> = {
  open: 'open',
  paused: 'paused by law enforcement',
  overdue: 'OVERDUE',
  met: 'met',
  late: 'LATE',
  closed: 'closed',
};

const deadlineLine = (d: Deadline) =>
  `${d.label}: ${formatDate(d.dueAt)} — ${STATUS_WORDS[d.status]}. ${d.basis}`;

export function incidentAlertEmail(input: { incident: Incident; organisation: string; consoleUrl: string }) {
  const i = input.incident;
  return renderEmail({
    subject: `Vendor incident reported: ${i.vendorName} — ${INCIDENT_TYPE_LABEL[i.type]}`,
    greeting: 'Dear compliance team and privacy officer,',
    paragraphs: [
      `${i.vendorName} reported: ${INCIDENT_TYPE_LABEL[i.type]} ${i.channel === 'portal' ? 'through its incident link' : '(logged by staff from a call)'}.`,
      i.summary,
      'The clocks below are computed from the facts on record. Record the four-factor risk assessment in the console: until then the incident is presumed a breach (164.402(2)).',
    ],
    facts: [
      ['Discovered by the vendor', formatDate(i.discoveredAt)],
      ['Reported to us', formatDate(i.reportedAt)],
      [
        'PHI involved',
        i.phiInvolved ? (i.unsecuredPhi ? 'Yes, unsecured' : 'Yes, secured (encrypted)') : 'No',
      ],
      ['Individuals affected (estimate)', String(i.individualsAffected)],
      ['States', i.states.map((s) => `${s.state} ${s.count}`).join(', ') || 'not known yet'],
      ['Vendor acts as our agent', i.vendorIsAgent ? 'Yes' : 'No'],
    ],
    items: i.deadlines.map(deadlineLine),
    action: { label: 'Open the incident', url: input.consoleUrl },
    footer: `${input.organisation} vendor risk program.`,
  });
}

export function incidentAcknowledgementEmail(input: {
  incident: Incident;
  contactName: string;
  organisation: string;
  incidentUrl: string;
  contact: string;
}) {
  const i = input.incident;
  return renderEmail({
    subject: `We received your incident report (${formatDate(i.reportedAt)})`,
    greeting: `Dear ${input.contactName},`,
    paragraphs: [
      `${input.organisation} received your report (${INCIDENT_TYPE_LABEL[i.type]}), discovered on ${formatDate(i.discoveredAt)}. Our compliance team and privacy officer have been told.`,
      'Under your Business Associate Agreement and 45 CFR 164.410(c) we need the following as soon as it is available, and no later than 60 days after your discovery. Send what you have now and the rest as you learn it:',
    ],
    items: INFORMATION_WE_NEED,
    action: { label: 'Send more information or report another incident', url: input.incidentUrl },
    footer: `Questions? Contact ${input.contact}.`,
  });
}

export function informationRequestEmail(input: {
  vendorName: string;
  contactName: string;
  items: string[];
  dueAt: string;
  reportedAt: string;
  incidentUrl: string;
  contact: string;
}) {
  return renderEmail({
    subject: `Information needed by ${formatDate(input.dueAt)}: your incident report of ${formatDate(input.reportedAt)}`,
    greeting: `Dear ${input.contactName},`,
    paragraphs: [
      `To send the notices HIPAA requires of us, we still need the following about the incident ${input.vendorName} reported on ${formatDate(input.reportedAt)} (45 CFR 164.410(c)). Please send it by ${formatDate(input.dueAt)} through your incident link.`,
    ],
    items: input.items,
    action: { label: 'Send the information', url: input.incidentUrl },
    footer: `Questions? Contact ${input.contact}.`,
  });
}
