/**
 * Knock-out answers: marked in the template data (`question.knockOut`), they force the proposed
 * outcome to reject or needs-review whatever the score, and say why. Only visible questions count,
 * so a PHI-only knock-out never fires for a vendor that handles no PHI.
 */
import type { Intake } from '#shared/schemas/intake.ts';
import type { Answers, KnockOut, Question } from '#shared/schemas/questionnaire.ts';
import { visibleQuestions } from './question-visibility.ts';

export interface KnockOutHit {
  questionId: string;
  outcome: KnockOut['outcome'];
  reason: string;
}

/** The knock-outs the answers trigger, in questionnaire order. */
export function knockOutsHit(
  questions: readonly Question[],
  answers: Answers,
  intake: Intake,
): KnockOutHit[] {
  const hits: KnockOutHit[] = [];
  for (const question of visibleQuestions(questions, intake, answers)) {
    const rule = question.knockOut;
    if (!rule) continue;
    const value = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && rule.answers.includes(v))) {
      hits.push({ questionId: question.id, outcome: rule.outcome, reason: rule.reason });
    }
  }
  return hits;
}
