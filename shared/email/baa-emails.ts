/** Emails of the BAA lifecycle. */
import { formatDate, renderEmail } from './layout.ts';

export function baaRequestEmail(input: {
  vendorName: string;
  contactName: string;
  organisation: string;
  portalUrl: string;
  replyTo: string;
  renewal?: boolean;
}) {
  return renderEmail({
    subject: `${input.renewal ? 'Renewal: ' : ''}Business Associate Agreement required: ${input.vendorName}`,
    greeting: `Dear ${input.contactName},`,
    paragraphs: [
      `${input.vendorName} will create, receive, maintain or transmit protected health information (PHI) for ${input.organisation}. HIPAA requires a signed Business Associate Agreement (BAA) before any PHI is shared (45 CFR 164.502(e) and 164.504(e)).`,
      'Please download our BAA from the link below, review it, and upload either a signed copy or your proposed changes (a redline). Our compliance team reviews every clause against the HIPAA requirements.',
    ],
    action: { label: 'Review and sign the BAA', url: input.portalUrl },
    footer: `Questions about the agreement? Reply to this email or write to ${input.replyTo}.`,
  });
}

/** After termination: the vendor must return or destroy our PHI and attest it in the portal. */
export function baaReturnOrDestroyEmail(input: {
  vendorName: string;
  contactName: string;
  organisation: string;
  dueAt: string;
  portalUrl: string;
  contact: string;
}) {
  return renderEmail({
    subject: `Business Associate Agreement ended: return or destroy our PHI by ${formatDate(input.dueAt)}`,
    greeting: `Dear ${input.contactName},`,
    paragraphs: [
      `The Business Associate Agreement between ${input.organisation} and ${input.vendorName} has been terminated.`,
      `As the agreement requires (45 CFR 164.504(e)(2)(ii)(J)), please return or destroy all of our protected health information, including copies held by your subcontractors, by ${formatDate(input.dueAt)}, and confirm it through the link below (a certificate of destruction can be attached).`,
      'If some of it cannot be returned or destroyed, tell us why: the protections of the agreement then continue for as long as you hold it.',
    ],
    action: { label: 'Confirm return or destruction', url: input.portalUrl },
    footer: `Questions? Contact ${input.contact}.`,
  });
}
