/**
 * Validation of a vendor's answers against a frozen questionnaire. The input comes straight from an
 * unauthenticated portal, so this never throws: anything it cannot read becomes an error value.
 *
 * - null, '' (or blank text) and empty lists mean "unanswered" and are left out of the result.
 * - Draft mode drops unknown question ids silently (an older client may still send them) and keeps
 *   answers to currently hidden questions so toggling an earlier answer back restores them.
 * - Submit mode reports unknown ids, requires every visible required question, and returns only
 *   visible questions' answers: hidden answers never reach scoring or storage.
 * - Invalid values of hidden questions are dropped, never reported: the vendor cannot see them to fix.
 */
import type { Intake } from '#shared/schemas/intake.ts';
import {
  ABSOLUTE_STRING_MAX_LENGTH,
  type Answers,
  type AnswerValue,
  DEFAULT_TEXT_MAX_LENGTH,
  EvidenceRef,
  MAX_EVIDENCE_FILES,
  type Question,
} from '#shared/schemas/questionnaire.ts';
import { visibleQuestions } from './question-visibility.ts';

export type AnswerErrorCode = 'unknown_question' | 'invalid_value' | 'too_long' | 'required';

export interface AnswerError {
  questionId?: string;
  code: AnswerErrorCode;
  message: string;
}

export type AnswerValidationResult = { ok: true; answers: Answers } | { ok: false; errors: AnswerError[] };

export interface AnswerValidationOptions {
  intake: Intake;
  mode: 'draft' | 'submit';
}

/** A hostile payload with thousands of bad keys gets a bounded error list. */
export const MAX_REPORTED_ERRORS = 100;
const MAX_UNKNOWN_ID_SHOWN = 80;

type Checked =
  | { kind: 'value'; value: Exclude<AnswerValue, null> }
  | { kind: 'empty' }
  | { kind: 'error'; error: AnswerError };

const YES_NO_LABELS = { yes: 'yes', no: 'no', partial: 'partial', na: 'na (not applicable)' } as const;

function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const proto = Object.getPrototypeOf(input);
  return proto === Object.prototype || proto === null;
}

const isCalendarDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};

const quote = (s: string) => `'${s}'`;

function checkValue(q: Question, raw: unknown): Checked {
  const name = `Question ${quote(q.title)}`;
  const invalid = (message: string): Checked => ({
    kind: 'error',
    error: { questionId: q.id, code: 'invalid_value', message: `${name} ${message}` },
  });
  if (raw === null || raw === undefined || raw === '') return { kind: 'empty' };
  if (typeof raw === 'string' && raw.length > ABSOLUTE_STRING_MAX_LENGTH) {
    return {
      kind: 'error',
      error: {
        questionId: q.id,
        code: 'too_long',
        message: `${name} is over ${ABSOLUTE_STRING_MAX_LENGTH} characters.`,
      },
    };
  }
  const options = q.options ?? [];
  const optionList = options.map((o) => `${quote(o.value)} (${o.label})`).join(', ');

  switch (q.type) {
    case 'yes_no': {
      const allowed = ['yes', 'no', ...(q.allowPartial ? ['partial'] : []), ...(q.allowNa ? ['na'] : [])];
      const list = allowed.map((v) => YES_NO_LABELS[v as keyof typeof YES_NO_LABELS]).join(', ');
      if (typeof raw !== 'string') return invalid(`needs one of: ${list}.`);
      if (allowed.includes(raw)) return { kind: 'value', value: raw };
      if (raw === 'partial' || raw === 'na')
        return invalid(`does not accept '${raw}'; answer one of: ${list}.`);
      return invalid(`needs one of: ${list}.`);
    }
    case 'single_choice':
      if (typeof raw === 'string' && options.some((o) => o.value === raw))
        return { kind: 'value', value: raw };
      return invalid(`needs one of: ${optionList}.`);
    case 'multi_choice': {
      if (!Array.isArray(raw) || raw.length > options.length * 2) {
        return invalid(`needs a list of options from: ${optionList}.`);
      }
      if (raw.length === 0) return { kind: 'empty' };
      if (!raw.every((v) => typeof v === 'string' && options.some((o) => o.value === v))) {
        return invalid(`needs a list of options from: ${optionList}.`);
      }
      const chosen = options.filter((o) => raw.includes(o.value));
      const exclusive = chosen.find((o) => o.exclusive);
      if (exclusive && chosen.length > 1)
        return invalid(`cannot combine '${exclusive.label}' with other options.`);
      return { kind: 'value', value: chosen.map((o) => o.value) };
    }
    case 'number': {
      const range =
        q.min !== undefined && q.max !== undefined
          ? ` between ${q.min} and ${q.max}`
          : q.min !== undefined
            ? ` of at least ${q.min}`
            : q.max !== undefined
              ? ` of at most ${q.max}`
              : '';
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return invalid(`needs a number${range}.`);
      if ((q.min !== undefined && raw < q.min) || (q.max !== undefined && raw > q.max)) {
        return invalid(`needs a number${range}.`);
      }
      return { kind: 'value', value: raw };
    }
    case 'date':
      if (typeof raw === 'string' && isCalendarDate(raw)) return { kind: 'value', value: raw };
      return invalid('needs a date written YYYY-MM-DD.');
    case 'text': {
      if (typeof raw !== 'string') return invalid('needs text.');
      const text = raw.trim();
      if (text === '') return { kind: 'empty' };
      const max = q.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
      if (text.length > max) {
        return {
          kind: 'error',
          error: { questionId: q.id, code: 'too_long', message: `${name} is limited to ${max} characters.` },
        };
      }
      return { kind: 'value', value: text };
    }
    case 'evidence': {
      if (!Array.isArray(raw)) return invalid('needs a list of uploaded files.');
      if (raw.length === 0) return { kind: 'empty' };
      if (raw.length > MAX_EVIDENCE_FILES) return invalid(`accepts at most ${MAX_EVIDENCE_FILES} files.`);
      const files: EvidenceRef[] = [];
      for (const item of raw) {
        const parsed = EvidenceRef.safeParse(item);
        if (!parsed.success) return invalid('has a file reference that is not valid; upload the file again.');
        files.push(parsed.data);
      }
      return { kind: 'value', value: files };
    }
  }
}

function validate(
  questions: readonly Question[],
  input: unknown,
  options: AnswerValidationOptions,
): AnswerValidationResult {
  if (!isPlainObject(input)) {
    return {
      ok: false,
      errors: [{ code: 'invalid_value', message: 'Answers must be an object keyed by question id.' }],
    };
  }
  const byId = new Map(questions.map((q) => [q.id, q]));
  const errors: AnswerError[] = [];
  const pushError = (e: AnswerError) => {
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
  };
  const answers: Answers = {};
  const valueErrors = new Map<string, AnswerError>();

  for (const key of Object.keys(input)) {
    const question = byId.get(key);
    if (!question) {
      if (options.mode === 'submit') {
        const shown = key.length > MAX_UNKNOWN_ID_SHOWN ? `${key.slice(0, MAX_UNKNOWN_ID_SHOWN)}…` : key;
        pushError({
          code: 'unknown_question',
          message: `There is no question '${shown}' in this questionnaire.`,
        });
      }
      continue;
    }
    const checked = checkValue(question, input[key]);
    if (checked.kind === 'value') answers[question.id] = checked.value;
    else if (checked.kind === 'error') valueErrors.set(question.id, checked.error);
  }

  const visible = visibleQuestions(questions, options.intake, answers);
  const visibleIds = new Set(visible.map((q) => q.id));
  for (const question of questions) {
    const error = valueErrors.get(question.id);
    if (error && visibleIds.has(question.id)) pushError(error);
  }
  if (options.mode === 'submit') {
    for (const question of visible) {
      if (question.required && !Object.hasOwn(answers, question.id) && !valueErrors.has(question.id)) {
        pushError({
          questionId: question.id,
          code: 'required',
          message: `Question ${quote(question.title)} needs an answer.`,
        });
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  if (options.mode === 'draft') return { ok: true, answers };
  const shownAnswers: Answers = {};
  for (const question of visible) {
    if (Object.hasOwn(answers, question.id)) shownAnswers[question.id] = answers[question.id]!;
  }
  return { ok: true, answers: shownAnswers };
}

/**
 * Validates and normalises answers for a draft save or a final submit. Never throws; on success the
 * answers hold only known (and, on submit, visible) question ids with normalised values.
 */
export function validateAnswers(
  questions: readonly Question[],
  input: unknown,
  options: AnswerValidationOptions,
): AnswerValidationResult {
  try {
    return validate(questions, input, options);
  } catch {
    // Proxies or throwing getters cannot come from JSON; still, refuse them rather than crash.
    return { ok: false, errors: [{ code: 'invalid_value', message: 'The answers could not be read.' }] };
  }
}
