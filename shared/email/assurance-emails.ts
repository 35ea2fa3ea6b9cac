/** Emails of the annual business associate verification (docs/assurance.md). */
import { formatDate, renderEmail } from './layout.ts';

const PROPOSED =
  'The HHS proposed update to the HIPAA Security Rule (90 FR 898, January 2025) would require this every 12 months; until it is final we ask for it as a recommended practice.';

export function verificationRequestEmail(input: {
  vendorName: string;
  contactName: string;
  organisation: string;
  dueAt: string;
  portalUrl: string;
  contact: string;
  returned?: { note: string };
}) {
  return renderEmail({
    subject: `${input.returned ? 'Returned: ' : ''}Annual verification of HIPAA technical safeguards: ${input.vendorName}`,
    greeting: `Dear ${input.contactName},`,
    paragraphs: [
      input.returned
        ? `Our compliance team returned your annual verification for changes: ${input.returned.note}`
        : `${input.organisation} asks ${input.vendorName}, as a business associate handling protected health information (PHI), to verify in writing that it has deployed the technical safeguards of 45 CFR 164.312.`,
      'The form asks you to attest each safeguard, upload the written analysis by a qualified person, name that person and an authorised representative, and sign by typing your name.',
      PROPOSED,
      `Please complete it by ${formatDate(input.dueAt)}.`,
    ],
    action: { label: 'Complete the annual verification', url: input.portalUrl },
    footer: `Questions? Contact ${input.contact}.`,
  });
}

export function verificationReceivedEmail(input: {
  vendorName: string;
  organisation: string;
  consoleUrl: string;
}) {
  return renderEmail({
    subject: `Annual verification received from ${input.vendorName}`,
    greeting: 'Dear compliance team,',
    paragraphs: [
      `${input.vendorName} submitted its annual verification of HIPAA technical safeguards. Review the attestations and the written analysis, then accept it or return it with a note.`,
    ],
    action: { label: 'Open the vendor in the console', url: input.consoleUrl },
    footer: `${input.organisation} vendor risk program.`,
  });
}
