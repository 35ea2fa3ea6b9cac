/** The email that carries a reviewer's clarification requests to the vendor (one email per batch). */
import { formatDate, renderEmail } from './layout.ts';

export function clarificationRequestEmail(input: {
  vendorName: string;
  contactName: string;
  organisation: string;
  /** One line per question: its title and the reviewer's note. */
  requests: { title: string; note: string }[];
  dueAt: string;
  portalUrl: string;
  replyTo: string;
}) {
  const n = input.requests.length;
  return renderEmail({
    subject: `${input.organisation} has ${n === 1 ? 'a question' : `${n} questions`} about your security questionnaire (${input.vendorName})`,
    greeting: `Dear ${input.contactName},`,
    paragraphs: [
      `While reviewing your security questionnaire, our compliance team would like you to clarify ${n === 1 ? 'one answer' : `${n} answers`}. Please reply by ${formatDate(input.dueAt)}.`,
      'Open the link below, then answer each request with a short note, a corrected answer or a new evidence file. Your other answers stay as you submitted them.',
    ],
    items: input.requests.map((r) => `${r.title}: ${r.note}`),
    action: { label: 'Answer the questions', url: input.portalUrl },
    footer: `Questions? Contact ${input.replyTo}. ${input.organisation} sends reminders before the reply date.`,
  });
}

/** To compliance: the vendor answered a clarification request (the reply is in the console). */
export function clarificationAnsweredEmail(input: {
  vendorName: string;
  questionTitle: string;
  revisedAnswer: string | null;
  files: number;
  consoleUrl: string;
  organisation: string;
}) {
  return renderEmail({
    subject: `${input.vendorName} answered your clarification request on “${input.questionTitle}”`,
    greeting: 'Dear compliance team,',
    paragraphs: [
      `${input.vendorName} replied to the clarification request on “${input.questionTitle}”${input.revisedAnswer ? ` and changed its answer to “${input.revisedAnswer}”` : ''}${input.files ? ` with ${input.files} evidence file${input.files === 1 ? '' : 's'}` : ''}.`,
      'Read the reply in the console; when the clarifications are in, rerun the review so the score and findings follow.',
    ],
    action: { label: 'Open the answers in the console', url: input.consoleUrl },
    footer: `${input.organisation} vendor risk program.`,
  });
}
