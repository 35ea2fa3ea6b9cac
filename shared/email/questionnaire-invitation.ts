/** Email: the security questionnaire invitation with the vendor's private link. */
import type { QuestionCount } from '../domain/question-count.ts';
import { formatDate, renderEmail } from './layout.ts';

export interface InvitationInput {
  vendorName: string;
  contactName: string;
  portalUrl: string;
  dueAt: string;
  questionCount: QuestionCount;
  organisation: string;
  replyTo: string;
  resend?: boolean;
}

export function questionnaireInvitationEmail(input: InvitationInput) {
  return renderEmail({
    subject: `${input.resend ? 'New link: ' : ''}Security questionnaire for ${input.vendorName} (due ${formatDate(input.dueAt)})`,
    greeting: `Dear ${input.contactName},`,
    paragraphs: [
      `${input.organisation} reviews the security of every vendor that handles patient data or connects to its systems, as HIPAA requires (45 CFR 164.308(a)(1) and 164.308(b)). Please answer our security questionnaire for ${input.vendorName}.`,
      `It has ${input.questionCount.shown} questions${input.questionCount.mayAppear ? ' (more may appear from your answers)' : ''} and takes about 30–45 minutes. You can save a draft and come back later from any device; no account is needed.`,
      ...(input.resend ? ['This link replaces the one we sent before, which no longer works.'] : []),
      'The link below is private to your organisation: please do not forward it outside your team.',
    ],
    facts: [
      ['Vendor', input.vendorName],
      ['Due date', formatDate(input.dueAt)],
      ['Questions', input.questionCount.words],
    ],
    action: { label: 'Open the questionnaire', url: input.portalUrl },
    footer: `Questions about this request? Contact ${input.replyTo}. You receive this email because ${input.organisation} registered ${input.vendorName} as a vendor.`,
  });
}
