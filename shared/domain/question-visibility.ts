/**
 * Which questions a vendor sees. A question with `showIf` is shown only when its condition holds for
 * the intake and the earlier answers; a hidden question's answer is ignored by completeness checks,
 * scoring and findings, so toggling an earlier answer never leaves a stale answer counting.
 */
import type { Intake } from '#shared/schemas/intake.ts';
import type { Answers, AnswerValue, Condition, Question } from '#shared/schemas/questionnaire.ts';

function answerOf(answers: Answers, id: string): AnswerValue | undefined {
  return Object.hasOwn(answers, id) ? answers[id] : undefined;
}

function holds(condition: Condition, intake: Intake, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, intake, answers));
  if ('any' in condition) return condition.any.some((c) => holds(c, intake, answers));
  if ('question' in condition) {
    const value = answerOf(answers, condition.question);
    if (typeof value === 'string') return condition.in.includes(value);
    // multi_choice: shown when any selected value is listed.
    if (Array.isArray(value)) return value.some((v) => typeof v === 'string' && condition.in.includes(v));
    return false;
  }
  if (condition.intake === 'systemAccess') return condition.in.includes(intake.systemAccess);
  // criticalClinicalFunction may be absent on intakes parsed before it existed: treat as false.
  return (intake[condition.intake] ?? false) === condition.equals;
}

/**
 * Whether one question is shown, judged on `answers` as given. Prefer `visibleQuestions`, which also
 * hides a question whose condition refers to an earlier question that is itself hidden.
 */
export function isVisible(question: Question, intake: Intake, answers: Answers): boolean {
  // A PHI-only question never reaches a vendor that handles no PHI, whatever its showIf says.
  if (question.phiOnly && !intake.handlesPhi) return false;
  return question.showIf === undefined || holds(question.showIf, intake, answers);
}

/**
 * The questions shown for this intake and these answers, in template order. Conditions only point at
 * earlier questions (templates are validated for it), so one pass that drops hidden questions'
 * answers before judging later ones resolves chains of conditions.
 */
export function visibleQuestions(
  questions: readonly Question[],
  intake: Intake,
  answers: Answers,
): Question[] {
  const shownAnswers: Answers = {};
  const shown: Question[] = [];
  for (const question of questions) {
    if (!isVisible(question, intake, shownAnswers)) continue;
    shown.push(question);
    const value = answerOf(answers, question.id);
    if (value !== undefined) shownAnswers[question.id] = value;
  }
  return shown;
}
