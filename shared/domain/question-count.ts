/**
 * One way to count a questionnaire's questions, used by the invitation, the audit trail and the
 * portal: the questions shown for this intake and these answers, and whether answers can reveal
 * more ("39 questions, more may appear from your answers"). Counting every question of the
 * template (47) would promise questions the vendor never sees.
 */
import type { Intake } from '../schemas/intake.ts';
import type { Answers, Condition, Question } from '../schemas/questionnaire.ts';
import { visibleQuestions } from './question-visibility.ts';

export interface QuestionCount {
  shown: number;
  /** Questions that further answers could still reveal. */
  mayAppear: boolean;
  words: string;
}

export function countQuestions(
  questions: readonly Question[],
  intake: Intake,
  answers: Answers = {},
): QuestionCount {
  const shown = visibleQuestions(questions, intake, answers).length;
  // A hidden question may still appear if its condition, with the intake decided, depends on answers.
  const visible = new Set(visibleQuestions(questions, intake, answers).map((q) => q.id));
  const mayAppear = questions.some(
    (q) =>
      !visible.has(q.id) && q.showIf !== undefined && resolveIntakeConditions(q.showIf, intake) !== false,
  );
  return {
    shown,
    mayAppear,
    words: `${shown} question${shown === 1 ? '' : 's'}${mayAppear ? ', more may appear from your answers' : ''}`,
  };
}

/** A condition with its intake parts decided: `true`/`false`, or what still depends on answers. */
export function resolveIntakeConditions(condition: Condition, intake: Intake): Condition | boolean {
  if ('all' in condition) {
    const parts = condition.all.map((c) => resolveIntakeConditions(c, intake));
    if (parts.includes(false)) return false;
    const rest = parts.filter((p): p is Condition => p !== true);
    if (rest.length === 0) return true;
    return rest.length === 1 ? rest[0]! : { all: rest };
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => resolveIntakeConditions(c, intake));
    if (parts.includes(true)) return true;
    const rest = parts.filter((p): p is Condition => p !== false);
    if (rest.length === 0) return false;
    return rest.length === 1 ? rest[0]! : { any: rest };
  }
  if ('question' in condition) return condition;
  if (condition.intake === 'systemAccess') return condition.in.includes(intake.systemAccess);
  return (intake[condition.intake] ?? false) === condition.equals;
}
