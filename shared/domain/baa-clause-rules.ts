/**
 * Signing rules for a BAA: what a clause review must show before the agreement may be signed, and
 * when a signed agreement counts as expiring or expired.
 *
 * - A required clause that is missing, or that nobody reviewed, blocks signing.
 * - A required clause that deviates needs a documented exception; without one it blocks.
 * - The breach-notice window must be known and at most 60 days (164.410(b)); no exception cures a
 *   longer window. Over the organisation's policy it needs an exception.
 * - Optional clauses are recorded but never block.
 */
import {
  type BaaChecklist,
  type BaaPolicy,
  type ClauseFinding,
  type ClauseReview,
  type ClauseReviewEntry,
  type IsoTimeLike,
  LEGAL_MAX_NOTICE_WINDOW_DAYS,
} from '#shared/schemas/baa.ts';
import { DAY_MS } from './time.ts';

export type ClauseBlockerCode =
  | 'missing_clause'
  | 'unreviewed_clause'
  | 'clause_deviation'
  | 'notice_window_unknown'
  | 'notice_window_illegal'
  | 'notice_window_over_policy'
  | 'checklist_version_mismatch'
  | 'unknown_clause';

export type ClauseExceptionCode = 'clause_deviation' | 'notice_window_over_policy';

export interface ClauseBlocker {
  clauseId?: string;
  code: ClauseBlockerCode;
  message: string;
}

export interface ClauseException {
  clauseId?: string;
  code: ClauseExceptionCode;
  message: string;
}

export interface ClauseEvaluation {
  canSign: boolean;
  blockers: ClauseBlocker[];
  /** Everything that needs compliance's documented exception; listed even when one is given. */
  needsException: ClauseException[];
  /** Counts over every checklist clause, optional ones included. */
  summary: Record<ClauseFinding | 'unreviewed', number>;
}

/**
 * Evaluates a clause review against its checklist and the BAA policy. Pure and total: every problem
 * is reported at once so the reviewer can fix them in one pass.
 */
export function evaluateClauseReview(
  checklist: BaaChecklist,
  review: ClauseReview,
  policy: BaaPolicy,
): ClauseEvaluation {
  const blockers: ClauseBlocker[] = [];
  const needsException: ClauseException[] = [];
  const summary = { present: 0, missing: 0, deviates: 0, unreviewed: 0 };
  const hasException = (review.exceptionReason ?? '').trim().length > 0;

  if (review.checklistVersion !== checklist.version) {
    blockers.push({
      code: 'checklist_version_mismatch',
      message: `The review was made against checklist version ${review.checklistVersion}, not version ${checklist.version}: review again.`,
    });
  }

  const entries = new Map<string, ClauseReviewEntry>(review.entries.map((e) => [e.clauseId, e]));
  const known = new Set(checklist.clauses.map((c) => c.id));
  for (const entry of review.entries) {
    if (!known.has(entry.clauseId)) {
      blockers.push({
        clauseId: entry.clauseId,
        code: 'unknown_clause',
        message: `Clause "${entry.clauseId}" is not in checklist version ${checklist.version}.`,
      });
    }
  }

  for (const clause of checklist.clauses) {
    const entry = entries.get(clause.id);
    if (entry === undefined) summary.unreviewed += 1;
    else summary[entry.finding] += 1;
    if (!clause.required) continue;

    const where = `"${clause.title}" (${clause.citation})`;
    if (entry === undefined) {
      blockers.push({
        clauseId: clause.id,
        code: 'unreviewed_clause',
        message: `${where} has not been reviewed.`,
      });
    } else if (entry.finding === 'missing') {
      blockers.push({
        clauseId: clause.id,
        code: 'missing_clause',
        message: `${where} is missing from the BAA.`,
      });
    } else if (entry.finding === 'deviates') {
      const message = `${where} deviates from the requirement${entry.note ? `: ${entry.note}` : '.'}`;
      needsException.push({ clauseId: clause.id, code: 'clause_deviation', message });
      if (!hasException) {
        blockers.push({
          clauseId: clause.id,
          code: 'clause_deviation',
          message: `${message} Signing needs a documented exception.`,
        });
      }
    }
  }

  // The window is checked even if a future checklist drops the clause: 164.410 applies regardless.
  const windowClauseId = checklist.clauses.find((c) => c.kind === 'notice_window')?.id;
  const onWindow = windowClauseId === undefined ? {} : { clauseId: windowClauseId };
  const days = review.noticeWindowDays;
  if (days === null) {
    blockers.push({
      ...onWindow,
      code: 'notice_window_unknown',
      message: 'The BAA states no breach-notice window: record it in days (at most 60).',
    });
  } else if (days > LEGAL_MAX_NOTICE_WINDOW_DAYS) {
    blockers.push({
      ...onWindow,
      code: 'notice_window_illegal',
      message: `A breach-notice window of ${days} days exceeds the legal maximum of ${LEGAL_MAX_NOTICE_WINDOW_DAYS} days (45 CFR 164.410(b)); no exception can allow it.`,
    });
  } else if (days > policy.maxNoticeWindowDays) {
    const message = `A breach-notice window of ${days} days exceeds the policy maximum of ${policy.maxNoticeWindowDays} days.`;
    needsException.push({ ...onWindow, code: 'notice_window_over_policy', message });
    if (!hasException) {
      blockers.push({
        ...onWindow,
        code: 'notice_window_over_policy',
        message: `${message} Signing needs a documented exception.`,
      });
    }
  }

  return { canSign: blockers.length === 0, blockers, needsException, summary };
}

export type SignedBaaStatus = 'signed' | 'expiring' | 'expired';

/**
 * Where a signed BAA stands at `now`: `expired` from `expiresAt` on, `expiring` within the first
 * (largest) reminder window before it, `signed` before that.
 */
export function expiryStatus(
  signed: { expiresAt: IsoTimeLike },
  now: Date,
  policy: BaaPolicy,
): SignedBaaStatus {
  const expires = new Date(signed.expiresAt).getTime();
  if (!Number.isFinite(expires)) throw new RangeError(`Not a timestamp: ${String(signed.expiresAt)}`);
  const t = now.getTime();
  if (t >= expires) return 'expired';
  const window = Math.max(...policy.renewalReminderDays);
  return t >= expires - window * DAY_MS ? 'expiring' : 'signed';
}
