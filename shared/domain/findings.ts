/**
 * Findings derived from a scored questionnaire (rule table in docs/scoring.md).
 *
 * An answer earning no credit (no, a 0-score option, a number past its bands) is a "gap"; one earning
 * some but not full credit (partial, a middling option) is a "partial gap". Unanswered, "na" and
 * hidden questions never produce findings.
 *
 * | question                   | gap                              | partial gap            |
 * | critical, PHI-core domain  | critical                         | high                   |
 * | critical, other            | high                             | medium                 |
 * | not critical, weight >= 3  | medium                           | low                    |
 * | not critical, weight <= 2  | low                              | none                   |
 *
 * PHI-core domains (encryption, access control, BAA/subcontractors, incident response) escalate to
 * critical only when the vendor handles PHI: those are the controls whose failure exposes or leaves
 * unreported the PHI itself (unsecured PHI under 164.402, missing BAA under 164.502(e)).
 *
 * A domain scoring below `policy.lowDomainScoreThreshold` also gets a domain finding: medium, or
 * high below 40, except when the whole shortfall is one question whose own finding is at least as
 * severe (the domain finding would only repeat it). Ids are deterministic (`f_q_<questionId>`, `f_d_<domain>`) so a retried review
 * upserts the same findings instead of duplicating them.
 */
import { SEVERITY_ORDER, type Severity, type Tier } from '#shared/schemas/core.ts';
import type { Intake } from '#shared/schemas/intake.ts';
import {
  type Answers,
  type AnswerValue,
  DOMAIN_LABELS,
  type DomainId,
  type Question,
} from '#shared/schemas/questionnaire.ts';
import { visibleQuestions } from './question-visibility.ts';
import { dueDateFor, type RemediationPolicy } from './remediation-policy.ts';
import { type AssessmentScore, answerCredit } from './scoring.ts';

export interface FindingDraft {
  /** `f_q_<questionId>` or `f_d_<domain>`. */
  id: string;
  /** null for a domain finding. */
  questionId: string | null;
  domain: DomainId;
  severity: Severity;
  title: string;
  detail: string;
  citation: string;
  remediation: string;
  /** ISO timestamp: `now` plus the policy's days for the severity. */
  dueAt: string;
}

export interface DeriveFindingsInput {
  questions: readonly Question[];
  answers: Answers;
  intake: Intake;
  score: AssessmentScore;
  policy: RemediationPolicy;
  now: Date;
  /** The vendor's inherent tier: a "no" to a critical question at a high or critical tier is raised a step. */
  tier?: Tier;
}

/**
 * When the gap of a critical question is itself critical: the gap exposes PHI or the availability
 * of care. One row per domain; a domain without a row caps a critical question's gap at high.
 * The table, with the citation behind each row, is in docs/scoring.md ("Severity rules").
 */
export type CriticalWhen = 'handles_phi' | 'phi_or_clinical' | 'medical_device';
export const CRITICAL_GAP_RULES: Readonly<Partial<Record<DomainId, CriticalWhen>>> = {
  // Unsecured PHI (164.402), unauthorised access (164.312(a)), PHI without a BAA (164.502(e)),
  // unreported breaches (164.410), no risk analysis (164.308(a)(1)(ii)(A), OCR's most cited failure).
  governance: 'handles_phi',
  baa_subcontractors: 'handles_phi',
  access_control: 'handles_phi',
  encryption: 'handles_phi',
  incident_response: 'handles_phi',
  // Availability: backups and restore (164.308(a)(7)), patching of exploited flaws (CISA BOD 19-02/22-01).
  backup_contingency: 'phi_or_clinical',
  vulnerability_management: 'phi_or_clinical',
  // A networked device without patches or an SBOM (FD&C Act 524B(b)(2), (b)(3)).
  medical_devices: 'medical_device',
};

/** Kept for callers of the first rule set: the domains where a PHI vendor's critical gap is critical. */
export const PHI_CORE_DOMAINS: readonly DomainId[] = (Object.keys(CRITICAL_GAP_RULES) as DomainId[]).filter(
  (d) => CRITICAL_GAP_RULES[d] === 'handles_phi',
);

/**
 * Questions where "partial" is a gap, not half a control: a vendor with some subcontractors under
 * a BAA and some without admits an ongoing violation for the others (164.502(e)(1)(ii), 164.308(b)(2)).
 */
export const PARTIAL_IS_GAP: ReadonlySet<string> = new Set(['baa-subcontractor-baas']);

/** Policy: a "no" to a critical question at a high- or critical-tier vendor is one step more severe. */
export const TIER_RAISES_GAP: ReadonlySet<string> = new Set(['high', 'critical']);

/** A domain below this score gets a high (not medium) domain finding. */
export const DOMAIN_HIGH_SEVERITY_BELOW = 40;

const lower = (s: Severity): Severity | null => {
  const i = SEVERITY_ORDER.indexOf(s);
  return i > 0 ? SEVERITY_ORDER[i - 1]! : null;
};
const raise = (s: Severity): Severity =>
  SEVERITY_ORDER[Math.min(SEVERITY_ORDER.length - 1, SEVERITY_ORDER.indexOf(s) + 1)]!;

function criticalGapApplies(domain: DomainId, intake: Intake): boolean {
  switch (CRITICAL_GAP_RULES[domain]) {
    case 'handles_phi':
      return intake.handlesPhi;
    case 'phi_or_clinical':
      return intake.handlesPhi || intake.criticalClinicalFunction;
    case 'medical_device':
      return intake.medicalDevice;
    default:
      return false;
  }
}

/**
 * Severity of a question finding for an answer earning `credit` (0..1), or null for none. `tier` is
 * the vendor's inherent tier; without it (older callers) no tier rule applies.
 */
export function questionSeverity(
  question: Question,
  credit: number,
  intake: Intake,
  tier?: Tier,
): Severity | null {
  if (credit >= 1) return null;
  let gap: Severity;
  if (question.critical) {
    gap = criticalGapApplies(question.domain, intake) ? 'critical' : 'high';
  } else {
    gap = question.weight >= 3 ? 'medium' : 'low';
  }
  const isGap = credit <= 0 || (question.critical && PARTIAL_IS_GAP.has(question.id));
  if (!isGap) return lower(gap);
  return question.critical && tier !== undefined && TIER_RAISES_GAP.has(tier) ? raise(gap) : gap;
}

function describeAnswer(question: Question, value: AnswerValue | undefined): string {
  switch (question.type) {
    case 'yes_no':
      return value === 'partial' ? 'Partially' : value === 'no' ? 'No' : String(value);
    case 'single_choice':
      return question.options?.find((o) => o.value === value)?.label ?? String(value);
    case 'multi_choice': {
      const selected = Array.isArray(value) ? value : [];
      const labels = (question.options ?? [])
        .filter((o) => selected.includes(o.value as never))
        .map((o) => o.label);
      return labels.join(', ');
    }
    case 'number': {
      const c = question.numberCredit;
      return c
        ? `${value} (full credit at ${c.fullAtMost} or less, half credit at ${c.halfAtMost} or less)`
        : `${value}`;
    }
    default:
      return String(value);
  }
}

const bySeverityThenId = (a: FindingDraft, b: FindingDraft) =>
  SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity) ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Derives the findings of a scored questionnaire; pure and deterministic, most severe first. */
export function deriveFindings({
  questions,
  answers,
  intake,
  score,
  policy,
  now,
  tier,
}: DeriveFindingsInput): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const shortfalls = new Map<DomainId, Question[]>();

  for (const question of visibleQuestions(questions, intake, answers)) {
    const value = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    const credit = answerCredit(question, value);
    if (credit === null || credit >= 1) continue;
    shortfalls.set(question.domain, [...(shortfalls.get(question.domain) ?? []), question]);
    const severity = questionSeverity(question, credit, intake, tier);
    if (!severity) continue;
    findings.push({
      id: `f_q_${question.id}`,
      questionId: question.id,
      domain: question.domain,
      severity,
      title: `${question.title}: ${credit > 0 ? 'partly in place' : 'not in place'}`,
      detail: `Answered "${describeAnswer(question, value)}" to: ${question.text}`,
      citation: question.citations.join('; '),
      remediation: question.remediation,
      dueAt: dueDateFor(severity, now, policy),
    });
  }

  for (const domain of score.domains) {
    if (domain.score === null || domain.score >= policy.lowDomainScoreThreshold) continue;
    const severity: Severity = domain.score < DOMAIN_HIGH_SEVERITY_BELOW ? 'high' : 'medium';
    const gaps = shortfalls.get(domain.domain) ?? [];
    // One short question whose own finding is at least as severe already says everything.
    const only = gaps.length === 1 ? findings.find((f) => f.questionId === gaps[0]!.id) : undefined;
    if (only && SEVERITY_ORDER.indexOf(only.severity) >= SEVERITY_ORDER.indexOf(severity)) continue;
    const citations = [...new Set(gaps.flatMap((q) => q.citations))];
    findings.push({
      id: `f_d_${domain.domain}`,
      questionId: null,
      domain: domain.domain,
      severity,
      title: `${DOMAIN_LABELS[domain.domain]}: domain score ${domain.score} is below ${policy.lowDomainScoreThreshold}`,
      detail:
        `The ${DOMAIN_LABELS[domain.domain]} domain scored ${domain.score} out of 100` +
        (gaps.length > 0 ? `; controls short of full credit: ${gaps.map((q) => q.title).join(', ')}.` : '.'),
      citation: citations.join('; '),
      remediation:
        `Agree a remediation plan for the ${DOMAIN_LABELS[domain.domain]} controls as a whole, with an owner and ` +
        `dates, and provide evidence when each gap is closed.`,
      dueAt: dueDateFor(severity, now, policy),
    });
  }

  return findings.sort(bySeverityThenId);
}
