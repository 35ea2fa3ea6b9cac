/**
 * Scoring of a submitted questionnaire (method and worked example: docs/scoring.md).
 *
 * - Only visible, scored questions count; unanswered and "na" answers leave the denominator.
 * - Credit: yes 1, partial 0.5, no 0; a choice earns its option's score; a multi-choice earns the sum
 *   of its selected options' scores, capped at 1; a number earns 1 / 0.5 / 0 against its
 *   `numberCredit` bands (lower is better).
 * - A question weighs its `weight` (1-5), doubled when it is critical.
 * - A domain score is 100 x credit-weighted sum / counted weight; the overall score is the mean of
 *   the (unrounded) domain scores weighted by their counted weight, i.e. the same ratio pooled over
 *   every counted question. Both are rounded to integers for display and storage.
 */
import { TIER_ORDER, type Tier } from '#shared/schemas/core.ts';
import type { Intake } from '#shared/schemas/intake.ts';
import {
  type Answers,
  type AnswerValue,
  DOMAIN_LABELS,
  DOMAIN_ORDER,
  type DomainId,
  type Question,
} from '#shared/schemas/questionnaire.ts';
import { visibleQuestions } from './question-visibility.ts';

export interface DomainScore {
  domain: DomainId;
  label: string;
  /** 0-100, or null when no scorable question of the domain was answered (all na or unanswered). */
  score: number | null;
  /** Effective weight of the domain's visible scored questions. */
  weight: number;
  /** Effective weight of those actually counted (answered, not na); the overall mean's weight. */
  answeredWeight: number;
}

export interface AssessmentScore {
  /** 0-100 integer; 0 when nothing scorable was answered. */
  overall: number;
  /** Domains with at least one visible scored question, in DOMAIN_ORDER. */
  domains: DomainScore[];
}

/** A critical question counts double, so one critical gap outweighs several minor ones. */
export function effectiveWeight(question: Question): number {
  return question.weight * (question.critical ? 2 : 1);
}

/**
 * Fraction of full credit (0..1) an answer earns, or null when it does not count: unanswered, "na",
 * an unscored question or a value the question does not accept.
 */
export function answerCredit(question: Question, value: AnswerValue | undefined): number | null {
  if (!question.scored || value === undefined || value === null || value === '') return null;
  switch (question.type) {
    case 'yes_no':
      if (value === 'yes') return 1;
      if (value === 'partial') return 0.5;
      if (value === 'no') return 0;
      return null;
    case 'single_choice':
      return question.options?.find((o) => o.value === value)?.score ?? null;
    case 'multi_choice': {
      if (!Array.isArray(value) || value.length === 0) return null;
      const selected = new Set(value.filter((v): v is string => typeof v === 'string'));
      const options = (question.options ?? []).filter((o) => selected.has(o.value));
      if (options.length === 0) return null;
      return Math.min(
        1,
        options.reduce((sum, o) => sum + o.score, 0),
      );
    }
    case 'number': {
      const credit = question.numberCredit;
      if (typeof value !== 'number' || !Number.isFinite(value) || !credit) return null;
      if (value <= credit.fullAtMost) return 1;
      if (value <= credit.halfAtMost) return 0.5;
      return 0;
    }
    default:
      return null;
  }
}

/** Rounds a 0..1 ratio to a 0-100 integer, immune to binary artefacts such as 0.285 * 100 = 28.499... */
export function toPercent(ratio: number): number {
  return Math.round(Number((ratio * 100).toFixed(6)));
}

/** Scores the answers to a questionnaire; pure, total, always within 0-100. */
export function scoreAssessment(
  questions: readonly Question[],
  answers: Answers,
  intake: Intake,
): AssessmentScore {
  const totals = new Map<DomainId, { weight: number; answeredWeight: number; earned: number }>();
  for (const question of visibleQuestions(questions, intake, answers)) {
    if (!question.scored) continue;
    const total = totals.get(question.domain) ?? { weight: 0, answeredWeight: 0, earned: 0 };
    const w = effectiveWeight(question);
    total.weight += w;
    const credit = answerCredit(
      question,
      Object.hasOwn(answers, question.id) ? answers[question.id] : undefined,
    );
    if (credit !== null) {
      total.answeredWeight += w;
      total.earned += credit * w;
    }
    totals.set(question.domain, total);
  }

  const domains: DomainScore[] = [];
  let earned = 0;
  let counted = 0;
  for (const domain of DOMAIN_ORDER) {
    const total = totals.get(domain);
    if (!total) continue;
    domains.push({
      domain,
      label: DOMAIN_LABELS[domain],
      score: total.answeredWeight > 0 ? toPercent(total.earned / total.answeredWeight) : null,
      weight: total.weight,
      answeredWeight: total.answeredWeight,
    });
    earned += total.earned;
    counted += total.answeredWeight;
  }
  return { overall: counted > 0 ? toPercent(earned / counted) : 0, domains };
}

/** Score bands, best first: >= 80 strong, 60-79 adequate, 40-59 weak, < 40 poor. */
export const SCORE_BANDS = [
  { min: 80, shift: -1 },
  { min: 60, shift: 0 },
  { min: 40, shift: 1 },
  { min: 0, shift: 2 },
] as const;

/**
 * Residual risk after the answers are scored: the inherent tier moved one step down for a strong
 * score (>= 80), kept for an adequate one (60-79), one step up for a weak one (40-59) and two steps
 * up for a poor one (< 40), clamped to low..critical. The matrix is in docs/scoring.md.
 */
export function residualRating(tier: Tier, overall: number): Tier {
  const band = SCORE_BANDS.find((b) => overall >= b.min) ?? SCORE_BANDS[SCORE_BANDS.length - 1]!;
  const index = Math.min(TIER_ORDER.length - 1, Math.max(0, TIER_ORDER.indexOf(tier) + band.shift));
  return TIER_ORDER[index]!;
}
