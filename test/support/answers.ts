/**
 * Compliant answers for a questionnaire as the portal API returns it (GET /portal/{token}/questionnaire).
 * Pure: answering a question can reveal others (showIf), so it repeats until nothing new shows.
 */
import type { Condition, EvidenceRef } from '#shared/schemas/questionnaire.ts';

export interface ViewQuestion {
  id: string;
  type: string;
  options?: { value: string; label: string; exclusive: boolean }[];
  min?: number;
  required: boolean;
  showIf?: Condition;
}

export interface QuestionnaireViewLike {
  assessmentId: string;
  questions: ViewQuestion[];
  /** Ids visible for the saved answers (the server judged the intake conditions). */
  visible: string[];
}

/** The evidence reference `compliantAnswers` cites for a required evidence question (no real file). */
export const fakeEvidence = (assessmentId: string, questionId: string): EvidenceRef => ({
  key: `evidence/${assessmentId}/${questionId}/test/evidence.pdf`,
  name: 'evidence.pdf',
  size: 1024,
  contentType: 'application/pdf',
});

/**
 * A compliant answer: yes; the first option; the first non-exclusive option; the minimum (or 1);
 * a past date; "n/a text"; for evidence, a reference when required (none otherwise).
 */
export function compliantAnswer(assessmentId: string, q: ViewQuestion): unknown {
  switch (q.type) {
    case 'yes_no':
      return 'yes';
    case 'single_choice':
      return q.options?.[0]?.value;
    case 'multi_choice': {
      const first = q.options?.find((o) => !o.exclusive);
      return first ? [first.value] : undefined;
    }
    case 'number':
      return q.min ?? 1;
    case 'date':
      return '2025-01-15';
    case 'text':
      return 'n/a text';
    case 'evidence':
      return q.required ? [fakeEvidence(assessmentId, q.id)] : undefined;
    default:
      return undefined;
  }
}

function mentionsQuestion(c: Condition): boolean {
  if ('all' in c) return c.all.some(mentionsQuestion);
  if ('any' in c) return c.any.some(mentionsQuestion);
  return 'question' in c;
}

/**
 * Judges a condition on answers. Intake conditions cannot be judged from the view (it carries no
 * intake), so a question depending only on the intake counts as shown when the view lists it
 * visible, and intake parts of mixed conditions count as met.
 */
function holds(c: Condition, answers: Record<string, unknown>): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, answers));
  if ('any' in c) return c.any.some((x) => holds(x, answers));
  if ('question' in c) {
    const value = answers[c.question];
    if (typeof value === 'string') return c.in.includes(value);
    if (Array.isArray(value)) return value.some((v) => typeof v === 'string' && c.in.includes(v));
    return false;
  }
  return true;
}

/** Answers every question that is (or becomes) visible with a compliant value. */
export function compliantAnswers(
  view: QuestionnaireViewLike,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  const shown = (q: ViewQuestion) => {
    if (!q.showIf || !mentionsQuestion(q.showIf)) return view.visible.includes(q.id);
    return holds(q.showIf, answers);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const q of view.questions) {
      if (Object.hasOwn(answers, q.id) || !shown(q)) continue;
      const value = Object.hasOwn(overrides, q.id) ? overrides[q.id] : compliantAnswer(view.assessmentId, q);
      if (value === undefined) continue;
      answers[q.id] = value;
      changed = true;
    }
  }
  return answers;
}
