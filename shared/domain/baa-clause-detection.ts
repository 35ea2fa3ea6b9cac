/**
 * Pre-marks a clause review from a BAA's text: which checklist clauses the document seems to contain
 * (by key phrase) and the breach-notice window it seems to state. An aid only: a reviewer confirms
 * every clause, so a wrong guess costs a click, never a signature.
 */
import type { BaaChecklist, ClauseId } from '#shared/schemas/baa.ts';

export interface ClauseSuggestion {
  clauseId: ClauseId;
  suggested: 'present' | 'not_found';
  /** The checklist's key phrases found in the document, in checklist order. */
  matchedPhrases: string[];
}

export type NoticeWindowUnit = 'days' | 'calendar_days' | 'business_days' | 'hours';

export interface NoticeWindowMatch {
  /** The matched words in normalised form, e.g. `within ten (10) business days`. */
  text: string;
  /** The number as the contract states it. */
  stated: number;
  unit: NoticeWindowUnit;
  /** Longest span in calendar days the wording allows (business days include weekends; holidays ignored). */
  calendarDays: number;
}

export interface ClauseDetection {
  clauses: ClauseSuggestion[];
  /** Longest notice window found in a reporting sentence, in calendar days; null when none was found. */
  noticeWindowDays: number | null;
  noticeWindowMatches: NoticeWindowMatch[];
}

/**
 * Lower-cases and flattens typography so that phrases match across line breaks, non-breaking spaces,
 * curly quotes and typographic dashes (contracts come from Word and PDF extraction).
 */
export function normaliseContractText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\u00ad/g, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const isWordChar = (c: string | undefined) => c !== undefined && /[a-z0-9]/.test(c);

/** Whole-phrase search: "use" must not match inside "because". */
function containsPhrase(text: string, phrase: string): boolean {
  if (phrase.length === 0) return false;
  for (let i = text.indexOf(phrase); i !== -1; i = text.indexOf(phrase, i + 1)) {
    const startOk = !isWordChar(phrase[0]) || !isWordChar(text[i - 1]);
    const endOk = !isWordChar(phrase[phrase.length - 1]) || !isWordChar(text[i + phrase.length]);
    if (startOk && endOk) return true;
  }
  return false;
}

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const NUMBER_WORD = `(?:(?:${Object.keys(TENS).join('|')})(?:[- ](?:${Object.keys(UNITS).slice(1, 10).join('|')}))?|${Object.keys(UNITS).join('|')})`;

/**
 * "within ten (10) days", "within 5 business days", "no later than 30 calendar days", "not to exceed
 * seventy-two (72) hours". The lead words cover "no/not later than", "in no case later than",
 * "no more than" and "not to exceed".
 */
const WINDOW = new RegExp(
  `\\b(?:within|later than|more than|exceed|exceeding)\\s+(?:(${NUMBER_WORD})\\s*)?(?:\\(?(\\d{1,4})\\)?\\s*)?(?:(business|calendar|working)\\s+)?(days?|hours?)\\b`,
  'g',
);

function wordsToNumber(words: string): number | undefined {
  const [first, second] = words.split(/[- ]/);
  if (first === undefined) return undefined;
  if (first in UNITS) return UNITS[first];
  const tens = TENS[first];
  if (tens === undefined) return undefined;
  return second === undefined ? tens : tens + (UNITS[second] ?? 0);
}

/** n business days can span n plus two weekend days per started week (discovered on a Friday, 1 => 3). */
const businessToCalendarDays = (n: number) => n + 2 * Math.ceil(n / 5);

/** Sentences that speak of reporting or notice; a 30-day return-of-PHI deadline is not a notice window. */
const REPORTING = /\b(?:report|notif|notice|inform)/;
/** The 24-hour contingency-plan notice is its own (optional) clause, not the breach window. */
const CONTINGENCY = /\bcontingency\b/;

/** Notice windows stated in reporting sentences of an already normalised text. */
export function extractNoticeWindows(normalisedText: string): NoticeWindowMatch[] {
  const matches: NoticeWindowMatch[] = [];
  for (const sentence of normalisedText.split(/(?<=[.;!?])\s+/)) {
    if (!REPORTING.test(sentence) || CONTINGENCY.test(sentence)) continue;
    for (const m of sentence.matchAll(WINDOW)) {
      const [text, words, digits, qualifier, unitWord] = m;
      // Digits win over words when both are given: "ten (10)" is written twice to be unambiguous.
      const stated =
        digits !== undefined ? Number(digits) : words !== undefined ? wordsToNumber(words) : undefined;
      if (stated === undefined || unitWord === undefined) continue;
      let unit: NoticeWindowUnit;
      let calendarDays: number;
      if (unitWord.startsWith('hour')) {
        unit = 'hours';
        calendarDays = Math.ceil(stated / 24);
      } else if (qualifier === 'business' || qualifier === 'working') {
        unit = 'business_days';
        calendarDays = businessToCalendarDays(stated);
      } else {
        unit = qualifier === 'calendar' ? 'calendar_days' : 'days';
        calendarDays = stated;
      }
      matches.push({ text, stated, unit, calendarDays });
    }
  }
  return matches;
}

/**
 * Suggests a finding per checklist clause (`present` when any key phrase occurs, else `not_found`)
 * and the breach-notice window. Matching is case-insensitive and whitespace-normalised. With several
 * windows (e.g. incidents in 5 days, breaches in 30) the longest is proposed: it is the one the
 * covered entity can rely on.
 */
export function suggestClauseFindings(checklist: BaaChecklist, documentText: string): ClauseDetection {
  const text = normaliseContractText(documentText);
  const clauses = checklist.clauses.map((clause): ClauseSuggestion => {
    const matchedPhrases = clause.keyPhrases.filter((p) => containsPhrase(text, normaliseContractText(p)));
    return {
      clauseId: clause.id,
      suggested: matchedPhrases.length > 0 ? 'present' : 'not_found',
      matchedPhrases,
    };
  });
  const noticeWindowMatches = extractNoticeWindows(text);
  const noticeWindowDays =
    noticeWindowMatches.length > 0 ? Math.max(...noticeWindowMatches.map((m) => m.calendarDays)) : null;
  return { clauses, noticeWindowDays, noticeWindowMatches };
}
