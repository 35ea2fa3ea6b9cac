/**
 * Wording of escalation steps: the short sentence for emails and the audit trail
 * ("Second reminder: due in 1 day", "Escalation level 2 to compliance: 7 days overdue").
 */

import type { Audience, DueKind } from './escalation-kinds.ts';
import type { LadderStep } from './escalation-ladder.ts';

const AUDIENCE_LABEL: Record<Audience, string> = {
  vendor: 'vendor',
  business_owner: 'business owner',
  procurement: 'procurement',
  compliance: 'compliance',
  executive: 'executive',
  privacy_officer: 'privacy officer',
};

/** Expiry kinds are worded "expires/expired"; the others "due/overdue". */
const EXPIRY_SUBJECT: Partial<Record<DueKind, string>> = {
  baa_expiry: 'BAA',
  risk_acceptance_expiry: 'risk acceptance',
  assurance_expiry: 'document',
  verification_renewal: 'annual verification',
};

const ORDINALS = [
  'First',
  'Second',
  'Third',
  'Fourth',
  'Fifth',
  'Sixth',
  'Seventh',
  'Eighth',
  'Ninth',
  'Tenth',
];

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

function listOf(audiences: readonly Audience[]): string {
  const labels = audiences.map((a) => AUDIENCE_LABEL[a]);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

function timing(offsetDays: number, kind: DueKind): string {
  const subject = EXPIRY_SUBJECT[kind];
  if (subject) {
    if (offsetDays < 0) return `${subject} expires in ${days(-offsetDays)}`;
    if (offsetDays === 0) return `${subject} expired today`;
    return `${subject} expired ${days(offsetDays)} ago`;
  }
  if (offsetDays < 0) return `due in ${days(-offsetDays)}`;
  if (offsetDays === 0) return 'due today';
  return `${days(offsetDays)} overdue`;
}

/**
 * A short sentence for emails and the audit trail, e.g. "Second reminder: due in 1 day" or
 * "Escalation level 2 to compliance: 7 days overdue".
 */
export function describeStep(step: LadderStep, kind: DueKind): string {
  const when = timing(step.offsetDays, kind);
  switch (step.kind) {
    case 'reminder':
      return ORDINALS[step.ordinal - 1]
        ? `${ORDINALS[step.ordinal - 1]} reminder: ${when}`
        : `Reminder ${step.ordinal}: ${when}`;
    case 'escalation':
      return `Escalation level ${step.level} to ${listOf(step.audiences)}: ${when}`;
    case 'digest':
      return `Overdue digest ${step.ordinal} to ${listOf(step.audiences)}: ${when}`;
    case 'lapse':
      return `Lapsed, notice to ${listOf(step.audiences)}: ${when}`;
  }
}
