/** Emails of the BAA lifecycle. */
import { renderEmail } from './layout.ts';

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
