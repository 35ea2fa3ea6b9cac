/**
 * The outcome the review proposes to compliance (rule table in docs/scoring.md). The first matching
 * rule decides:
 *
 * | # | when                                                                   | outcome                 |
 * | 1 | PHI vendor with a critical finding in BAA and subcontractors           | reject                  |
 * | 2 | overall < 40                                                           | reject                  |
 * | 3 | any critical finding and overall < 60                                  | reject                  |
 * | 4 | any critical finding (overall >= 60)                                   | needs_review            |
 * | 5 | tier high or critical and overall < 60                                 | needs_review            |
 * | 6 | no findings and overall >= 80                                          | approve                 |
 * | 7 | otherwise                                                              | approve_with_conditions |
 *
 * Knock-out answers marked in the template (knock-outs.ts) then raise the proposal to at least their
 * outcome (reject or needs_review), their reasons first.
 *
 * Rule 1: PHI may not flow without a compliant BAA (45 CFR 164.502(e), 164.504(e), 164.410), so no
 * score compensates for it. Rule 4: a vendor with otherwise sound controls may fix a critical gap
 * before PHI flows; a person decides. A proposal only: compliance records the final decision.
 */
import type { Outcome } from '#shared/schemas/assessment.ts';
import { SEVERITY_ORDER, type Severity, type Tier } from '#shared/schemas/core.ts';
import type { Intake } from '#shared/schemas/intake.ts';
import type { KnockOutHit } from './knock-outs.ts';
import type { AssessmentScore } from './scoring.ts';

export interface OutcomeProposal {
  outcome: Outcome;
  /** Plain sentences, the deciding rule first. */
  reasons: string[];
}

export interface ProposeOutcomeInput {
  tier: Tier;
  score: Pick<AssessmentScore, 'overall'>;
  /** Derived drafts or stored findings: only severity and domain matter (domain as stored, a string). */
  findings: readonly { severity: Severity; domain: string }[];
  intake: Intake;
  /** Knock-out answers (`knockOutsHit`): each forces the outcome to at least its own. */
  knockOuts?: readonly KnockOutHit[];
}

export const REJECT_BELOW = 40;
export const REVIEW_BELOW = 60;
export const APPROVE_AT = 80;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function findingSummary(findings: ProposeOutcomeInput['findings']): string {
  const parts = [...SEVERITY_ORDER]
    .reverse()
    .map((s: Severity) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return `${plural(findings.length, 'finding')} (${parts.join(', ')})`;
}

/** How strongly an outcome holds a vendor back; a knock-out can only move the proposal up this scale. */
const OUTCOME_RANK: Record<Outcome, number> = {
  approve: 0,
  approve_with_conditions: 1,
  needs_review: 2,
  reject: 3,
};

/**
 * Proposes an outcome for a reviewed assessment from its tier, score, findings and intake; knock-out
 * answers then force it to at least their outcome, their reasons first.
 */
export function proposeOutcome(input: ProposeOutcomeInput): OutcomeProposal {
  const proposal = proposeFromScore(input);
  const knockOuts = input.knockOuts ?? [];
  if (knockOuts.length === 0) return proposal;
  const worst = knockOuts.reduce<Outcome>(
    (o, k) => (OUTCOME_RANK[k.outcome] > OUTCOME_RANK[o] ? k.outcome : o),
    proposal.outcome,
  );
  const reasons = knockOuts.map(
    (k) => `Knock-out answer (${k.outcome === 'reject' ? 'reject' : 'needs review'}): ${k.reason}`,
  );
  return { outcome: worst, reasons: [...reasons, ...proposal.reasons] };
}

function proposeFromScore({ tier, score, findings, intake }: ProposeOutcomeInput): OutcomeProposal {
  const overall = score.overall;
  const critical = findings.filter((f) => f.severity === 'critical');
  const summary = findings.length > 0 ? findingSummary(findings) : 'no findings';

  if (intake.handlesPhi && critical.some((f) => f.domain === 'baa_subcontractors')) {
    return {
      outcome: 'reject',
      reasons: [
        'The vendor handles PHI but cannot meet a required Business Associate Agreement term (signature, ' +
          'subcontractor agreements or a breach reporting window of at most 60 days); PHI may not be shared ' +
          'without one.',
        `Overall score ${overall} with ${summary}.`,
      ],
    };
  }
  if (overall < REJECT_BELOW) {
    return {
      outcome: 'reject',
      reasons: [`Overall score ${overall} is below ${REJECT_BELOW}.`, `The review raised ${summary}.`],
    };
  }
  if (critical.length > 0 && overall < REVIEW_BELOW) {
    return {
      outcome: 'reject',
      reasons: [
        `${plural(critical.length, 'critical finding')} with an overall score of ${overall}, below ${REVIEW_BELOW}.`,
        `The review raised ${summary}.`,
      ],
    };
  }
  if (critical.length > 0) {
    return {
      outcome: 'needs_review',
      reasons: [
        `${plural(critical.length, 'critical finding')} despite an overall score of ${overall}: compliance must ` +
          'decide whether they can be fixed before PHI or system access is granted.',
        `The review raised ${summary}.`,
      ],
    };
  }
  if ((tier === 'high' || tier === 'critical') && overall < REVIEW_BELOW) {
    return {
      outcome: 'needs_review',
      reasons: [
        `A ${tier}-tier vendor scored ${overall}, below ${REVIEW_BELOW}: compliance must review before approval.`,
        `The review raised ${summary}.`,
      ],
    };
  }
  if (findings.length === 0 && overall >= APPROVE_AT) {
    return {
      outcome: 'approve',
      reasons: [`No findings and an overall score of ${overall} (${APPROVE_AT} or more).`],
    };
  }
  const reasons: string[] = [];
  if (findings.length > 0)
    reasons.push(`The review raised ${summary}; each must be remediated by its due date.`);
  if (overall < APPROVE_AT) reasons.push(`Overall score ${overall} is below ${APPROVE_AT}.`);
  return { outcome: 'approve_with_conditions', reasons };
}
