/** Emails sent by the review workflow: the vendor's remediation plan, procurement's summary, compliance's escalation. */
import type { Finding } from '../schemas/finding.ts';
import { formatDate, renderEmail } from './layout.ts';

const OUTCOME_WORDS: Record<string, string> = {
  approve: 'approve',
  approve_with_conditions: 'approve with conditions',
  needs_review: 'a compliance review before deciding',
  reject: 'reject',
};
const outcomeWords = (outcome: string) => OUTCOME_WORDS[outcome] ?? outcome.replaceAll('_', ' ');
const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

const findingLine = (f: Pick<Finding, 'severity' | 'title' | 'dueAt' | 'citation'>) =>
  `${capitalise(f.severity)}: ${f.title} — fix by ${formatDate(f.dueAt)} (${f.citation})`;

export function remediationPlanEmail(input: {
  vendorName: string;
  contactName: string;
  organisation: string;
  score: number;
  findings: Finding[];
  portalUrl: string;
  replyTo: string;
}) {
  const none = input.findings.length === 0;
  return renderEmail({
    subject: none
      ? `Security review of ${input.vendorName}: no remediation needed`
      : `Security review of ${input.vendorName}: remediation plan (${input.findings.length} finding${input.findings.length === 1 ? '' : 's'})`,
    greeting: `Dear ${input.contactName},`,
    paragraphs: none
      ? [
          `Thank you for completing our security questionnaire. Your answers scored ${input.score}/100 and raised no findings.`,
        ]
      : [
          `Thank you for completing our security questionnaire. Your answers scored ${input.score}/100. The items below need remediation by the dates shown; each cites the HIPAA provision or guidance it rests on.`,
          'To report a fix, open the link below, choose the finding, describe what you changed and attach evidence (a screenshot, a policy, a scan report). Our compliance team verifies each fix.',
        ],
    items: input.findings.map(findingLine),
    action: none ? undefined : { label: 'Report fixes', url: input.portalUrl },
    footer: `Questions? Contact ${input.replyTo}. ${input.organisation} tracks these dates and sends reminders before they pass.`,
  });
}

export function procurementSummaryEmail(input: {
  vendorName: string;
  tier: string;
  score: number;
  rating: string;
  outcome: string;
  reasons: string[];
  counts: Record<string, number>;
  consoleUrl: string;
}) {
  return renderEmail({
    subject: `Assessment reviewed: ${input.vendorName} scored ${input.score}/100; proposed: ${outcomeWords(input.outcome)}`,
    greeting: 'Dear procurement team and business owner,',
    paragraphs: [
      `The security questionnaire of ${input.vendorName} has been scored. The proposed outcome: ${outcomeWords(input.outcome)}.`,
      ...input.reasons,
    ],
    facts: [
      ['Inherent tier', capitalise(input.tier)],
      ['Score', `${input.score}/100`],
      ['Residual risk', capitalise(input.rating)],
      [
        'Findings',
        `${input.counts.critical ?? 0} critical, ${input.counts.high ?? 0} high, ${input.counts.medium ?? 0} medium, ${input.counts.low ?? 0} low`,
      ],
    ],
    action: { label: 'Open the vendor in the console', url: input.consoleUrl },
    footer: 'You receive this as procurement or business owner of this vendor.',
  });
}

export function criticalEscalationEmail(input: {
  vendorName: string;
  findings: Finding[];
  consoleUrl: string;
}) {
  return renderEmail({
    subject: `Immediate attention: ${input.findings.length} critical finding${input.findings.length === 1 ? '' : 's'} at ${input.vendorName}`,
    greeting: 'Dear compliance team,',
    paragraphs: [
      `The security review of ${input.vendorName} found critical gaps. Critical findings block approval until fixed and verified, or until you accept the risk with an expiry date.`,
    ],
    items: input.findings.map(findingLine),
    action: { label: 'Review the findings', url: input.consoleUrl },
    footer: 'Sent at once for critical findings, as the escalation policy requires.',
  });
}
