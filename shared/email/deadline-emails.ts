/**
 * Emails of the deadline ladder: each says what is due, since when, what happens next and whom to
 * contact. Escalations to compliance and above list every overdue item of the vendor.
 */
import { type DueKind, describeStep, type LadderStep } from '../domain/escalation-policy.ts';
import { formatDate, renderEmail } from './layout.ts';

const SUBJECTS: Record<DueKind, string> = {
  questionnaire_response: 'security questionnaire',
  finding_remediation: 'remediation of a security finding',
  baa_expiry: 'Business Associate Agreement',
  reassessment: 'periodic reassessment',
  risk_acceptance_expiry: 'accepted risk',
  baa_response: 'return of the signed Business Associate Agreement',
  baa_review: 'periodic review of the Business Associate Agreement',
  baa_return_destroy: 'return or destruction of our PHI after the agreement ended',
  assurance_expiry: 'current security document',
  verification_response: 'annual verification of HIPAA technical safeguards',
  verification_renewal: 'next annual verification of HIPAA technical safeguards',
};

const NEXT: Record<LadderStep['kind'], string> = {
  reminder: 'If it is not done by the due date, we escalate to the business owner and procurement.',
  escalation: 'If it stays open, it escalates further up the chain on the dates our policy sets.',
  digest: 'It stays in the weekly overdue digest until it is resolved.',
  lapse: 'The finding is open again and its remediation deadline is tracked as before.',
};

/** Kinds whose reminders go elsewhere than the business owner and procurement (docs/escalation.md). */
const NEXT_REMINDER: Partial<Record<DueKind, string>> = {
  assurance_expiry:
    'Please send the current document before that date; if it is not on file by then, our compliance team is told.',
  verification_response: 'If it is not done by the due date, our compliance team is told.',
  verification_renewal:
    'Request the next verification before that date, or the approval gate will block new approvals.',
};

export interface DeadlineEmailInput {
  kind: DueKind;
  step: LadderStep;
  vendorName: string;
  /** What is due, in words: "Questionnaire (42 questions)", "[HIGH] MFA not enforced". */
  itemTitle: string;
  dueAt: string;
  toVendor: boolean;
  organisation: string;
  contact: string;
  /** Vendor emails: the portal link; staff emails: the console page. */
  link: { label: string; url: string };
  /** For escalations: every overdue item of this vendor. */
  overdue?: string[];
}

export function deadlineEmail(input: DeadlineEmailInput) {
  const what = SUBJECTS[input.kind];
  const headline = describeStep(input.step, input.kind);
  const overdueSince = new Date(input.dueAt).getTime() < new Date(input.step.at).getTime();
  const prefix =
    input.step.kind === 'reminder'
      ? 'Reminder'
      : input.step.kind === 'lapse'
        ? 'Lapsed'
        : `Escalation L${input.step.level}`;
  return renderEmail({
    subject: `${prefix}: ${what} for ${input.vendorName} — ${headline.split(': ').pop()}`,
    greeting: input.toVendor ? 'Hello,' : 'Hello,',
    paragraphs: [
      `${headline}.`,
      input.toVendor
        ? `${input.organisation} is waiting for the ${what} of ${input.vendorName}: ${input.itemTitle}. It ${overdueSince ? 'was' : 'is'} due on ${formatDate(input.dueAt)}.`
        : `${input.vendorName}: ${input.itemTitle}. Due ${formatDate(input.dueAt)}${overdueSince ? ', now overdue' : ''}.`,
      (input.step.kind === 'reminder' ? NEXT_REMINDER[input.kind] : undefined) ?? NEXT[input.step.kind],
    ],
    items: input.overdue,
    action: input.link,
    footer: `Questions? Contact ${input.contact}.`,
  });
}

export function digestEmail(input: {
  organisation: string;
  lines: string[];
  consoleUrl: string;
  asOf: string;
}) {
  return renderEmail({
    subject: `Weekly overdue digest: ${input.lines.length} item${input.lines.length === 1 ? '' : 's'} still open`,
    greeting: 'Compliance team,',
    paragraphs: [
      `As of ${formatDate(input.asOf)}, these items are past their due date and have already been escalated. They stay here every week until they are fixed, extended or accepted.`,
    ],
    items: input.lines,
    action: { label: 'Open the findings register', url: input.consoleUrl },
    footer: `${input.organisation} vendor risk program.`,
  });
}
