/**
 * Emails of the deadline ladder. One email per person per vendor per step kind lists every item
 * that reached that step in the sweep ("3 findings at Acme Imaging are 21 days overdue — executive
 * review"); a daily reader gets one email a day listing everything. Words only: no ids, no enums.
 */
import type { DueKind, StepKind } from '../domain/escalation-policy.ts';
import { type Letter, plural } from './compose.ts';
import { formatDate, renderEmail } from './layout.ts';

/** One item that reached a ladder step, as the email needs it. */
export interface DeadlineLine {
  vendorName: string;
  dueKind: DueKind;
  stepKind: StepKind;
  level: number;
  /** Days relative to the due date at the step (negative = before). */
  offsetDays: number;
  title: string;
  severity?: string;
  dueAt: string;
}

const SEVERITY_WORD: Record<string, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

const NOUN: Record<DueKind, [string, string]> = {
  finding_remediation: ['finding', 'findings'],
  questionnaire_response: ['security questionnaire', 'security questionnaires'],
  baa_expiry: ['Business Associate Agreement', 'Business Associate Agreements'],
  reassessment: ['reassessment', 'reassessments'],
  risk_acceptance_expiry: ['accepted risk', 'accepted risks'],
  baa_response: ['signed Business Associate Agreement', 'signed Business Associate Agreements'],
  baa_review: ['periodic review of the Business Associate Agreement', 'periodic BAA reviews'],
  baa_return_destroy: ['return or destruction of our PHI', 'returns or destructions of our PHI'],
  clarification_response: ['clarification request', 'clarification requests'],
  incident_deadline: ['breach-notice deadline', 'breach-notice deadlines'],
  assurance_expiry: ['current security document', 'current security documents'],
  verification_response: [
    'annual verification of HIPAA technical safeguards',
    'annual verifications of HIPAA technical safeguards',
  ],
  verification_renewal: [
    'next annual verification of HIPAA technical safeguards',
    'next annual verifications of HIPAA technical safeguards',
  ],
};

const EXPIRES = new Set<DueKind>(['baa_expiry', 'risk_acceptance_expiry', 'assurance_expiry']);

const days = (n: number) => plural(n, 'day');

/** "are 21 days overdue", "is due in 7 days", "expires in 30 days", "are up to 9 days overdue". */
function timing(lines: readonly DeadlineLine[]): string {
  const many = lines.length > 1;
  const offsets = lines.map((l) => l.offsetDays);
  const max = Math.max(...offsets);
  const min = Math.min(...offsets);
  const upTo = max !== min ? 'up to ' : '';
  const expiry = lines.every((l) => EXPIRES.has(l.dueKind));
  if (max < 0) {
    const n = -max;
    if (expiry) return `${many ? 'expire' : 'expires'} in ${max !== min ? `${days(n)} or more` : days(n)}`;
    return `${many ? 'are' : 'is'} due in ${max !== min ? `${days(n)} or more` : days(n)}`;
  }
  if (max === 0 && min === 0)
    return expiry ? `${many ? 'expire' : 'expires'} today` : `${many ? 'are' : 'is'} due today`;
  if (expiry) return `${many ? 'have' : 'has'} expired ${upTo}${days(max)} ago`;
  return `${many ? 'are' : 'is'} ${upTo}${days(max)} overdue`;
}

/** "3 findings", "the security questionnaire", "2 items". */
function counted(lines: readonly DeadlineLine[]): string {
  const kinds = new Set(lines.map((l) => l.dueKind));
  if (kinds.size > 1) return plural(lines.length, 'item');
  const [one, many] = NOUN[lines[0]!.dueKind];
  if (lines.length > 1) return `${lines.length} ${many}`;
  return lines[0]!.dueKind === 'finding_remediation' ? `1 ${one}` : `the ${one}`;
}

/** "3 findings at Acme", "the security questionnaire of Acme". */
const preposition = (lines: readonly DeadlineLine[]) =>
  lines.length > 1 || lines[0]!.dueKind === 'finding_remediation' ? 'at' : 'of';

/** What the step means, for the subject's tail. */
function stepWord(stepKind: StepKind, level: number): string {
  if (stepKind === 'reminder') return 'reminder';
  if (stepKind === 'lapse') return 'acceptance lapsed';
  if (stepKind === 'digest') return 'weekly digest';
  return level >= 3
    ? 'executive review'
    : level === 2
      ? 'compliance review'
      : 'escalated to the business owner and procurement';
}

/** Where a kind's chain needs other words than the default. */
const NEXT_FOR_KIND: Partial<Record<DueKind, Partial<Record<StepKind, string>>>> = {
  assurance_expiry: {
    reminder:
      'Please send the current document before that date; if it is not on file by then, our compliance team is told.',
  },
  verification_response: { reminder: 'If it is not done by the due date, our compliance team is told.' },
  verification_renewal: {
    reminder:
      'Request the next verification before that date, or the approval gate will block new approvals.',
  },
  incident_deadline: {
    reminder:
      'This is a HIPAA breach-notification deadline. Record the notice as sent (or the risk assessment) in the console; before the date, it escalates to compliance and then the executive.',
    escalation:
      'This is a HIPAA breach-notification deadline: record the notice as sent, a countersigned risk assessment, or a law-enforcement delay in the console.',
  },
};

/** What happens next, worded for one item or several ("If it is not done …", "If they are not done …"). */
const NEXT: Record<StepKind, (toVendor: boolean, many: boolean) => string> = {
  reminder: (toVendor, many) =>
    toVendor
      ? `If ${many ? 'they are' : 'it is'} not done by the due date, we let our business owner and procurement know.`
      : `If ${many ? 'they are' : 'it is'} not done by the due date, ${many ? 'they escalate' : 'it escalates'} to the business owner and procurement.`,
  escalation: (_toVendor, many) =>
    `If ${many ? 'they stay' : 'it stays'} open, ${many ? 'they go' : 'it goes'} further up the chain on the dates our policy sets.`,
  digest: (_toVendor, many) =>
    `${many ? 'They stay' : 'It stays'} in the weekly overdue digest until ${many ? 'they are' : 'it is'} resolved.`,
  lapse: (_toVendor, many) =>
    many
      ? 'The findings are open again and their remediation deadlines are tracked as before.'
      : 'The finding is open again and its remediation deadline is tracked as before.',
};

function lateness(line: DeadlineLine): string {
  const d = line.offsetDays;
  const expiry = EXPIRES.has(line.dueKind);
  if (d < 0) return `${expiry ? 'expires' : 'due'} ${formatDate(line.dueAt)}, in ${days(-d)}`;
  if (d === 0) return `${expiry ? 'expires' : 'due'} today, ${formatDate(line.dueAt)}`;
  return `${expiry ? 'expired' : 'due'} ${formatDate(line.dueAt)}, ${days(d)} ${expiry ? 'ago' : 'overdue'}`;
}

/** One line of the list: "High: MFA not enforced — due March 3, 2027, 21 days overdue". */
export function deadlineItem(line: DeadlineLine): string {
  const severity = line.severity ? `${SEVERITY_WORD[line.severity] ?? line.severity}: ` : '';
  return `${severity}${line.title} — ${lateness(line)}`;
}

/** Items sorted most severe and most overdue first. */
const ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
export const sortLines = <T extends DeadlineLine>(lines: readonly T[]): T[] =>
  [...lines].sort(
    (a, b) =>
      (ORDER[a.severity ?? ''] ?? 4) - (ORDER[b.severity ?? ''] ?? 4) ||
      b.offsetDays - a.offsetDays ||
      a.title.localeCompare(b.title),
  );

/** The batched email of one vendor's items at one step kind (links and greeting added by compose). */
export function deadlineLetter(input: {
  vendorName: string;
  organisation: string;
  toVendor: boolean;
  lines: readonly DeadlineLine[];
}): Letter {
  const lines = sortLines(input.lines);
  const level = Math.max(...lines.map((l) => l.level));
  const stepKind = lines[0]!.stepKind;
  const what = counted(lines);
  const when = timing(lines);
  const whatCap = what[0]!.toUpperCase() + what.slice(1);
  const subject = input.toVendor
    ? `${stepKind === 'reminder' ? `Reminder: ${what}` : whatCap} for ${input.vendorName} ${when}`
    : `${whatCap} ${preposition(lines)} ${input.vendorName} ${when} — ${stepWord(stepKind, level)}`;
  const intro = input.toVendor
    ? `${whatCap} for ${input.vendorName} ${when}. ${input.organisation} is waiting for ${lines.length > 1 ? 'these items' : 'it'}:`
    : `${whatCap} ${preposition(lines)} ${input.vendorName} ${when}:`;
  return {
    subject,
    paragraphs: [intro],
    items: lines.map(deadlineItem),
    closing: [
      (lines.every((l) => l.dueKind === lines[0]!.dueKind)
        ? NEXT_FOR_KIND[lines[0]!.dueKind]?.[stepKind]
        : undefined) ?? NEXT[stepKind](input.toVendor, lines.length > 1),
    ],
  };
}

/** One daily email for one person: everything that reached them since the last one, by vendor. */
export function dailyDeadlineLetter(input: { lines: readonly DeadlineLine[]; asOf: string }): Letter {
  const vendors = [...new Set(input.lines.map((l) => l.vendorName))].sort();
  const items = vendors.flatMap((v) =>
    sortLines(input.lines.filter((l) => l.vendorName === v)).map(
      (l) => `${v} — ${deadlineItem(l)} (${stepWord(l.stepKind, l.level)})`,
    ),
  );
  return {
    subject: `Daily vendor deadlines: ${plural(input.lines.length, 'item')} at ${plural(vendors.length, 'vendor')} need${input.lines.length === 1 ? 's' : ''} attention`,
    paragraphs: [
      `As of ${formatDate(input.asOf)}, these items reached a reminder or escalation step since your last daily email (you chose a daily digest in the notification policy).`,
    ],
    items,
  };
}

export function digestEmail(input: {
  organisation: string;
  lines: string[];
  consoleUrl: string;
  asOf: string;
}) {
  return renderEmail({
    subject: `Weekly overdue digest: ${input.lines.length} item${input.lines.length === 1 ? '' : 's'} still open`,
    greeting: 'Dear compliance team,',
    paragraphs: [
      `As of ${formatDate(input.asOf)}, these items are past their due date and have already been escalated. They stay here every week until they are fixed, extended or accepted.`,
    ],
    items: input.lines,
    action: { label: 'Open the findings register', url: input.consoleUrl },
    footer: `${input.organisation} vendor risk program.`,
  });
}
