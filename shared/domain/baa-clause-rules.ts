/**
 * Signing rules for a BAA: what a clause review must show before the agreement may be signed, and
 * when a signed agreement counts as expiring or expired. Table: docs/baa.md ("Signing rules").
 *
 * - Every clause must be reviewed. A required clause that is missing or deviates blocks signing,
 *   and no exception can cure it (164.504(e)(2), 164.314(a)(2)(i) make each one mandatory).
 * - A clause marked "equivalent" (the vendor's wording differs but meets the requirement) needs a
 *   note saying why, and makes signing need a second compliance approver.
 * - The breach-notice window must be known and at most 60 days (164.410(b)); no exception cures a
 *   longer window. Over the organisation's policy it needs an exception (a policy item).
 * - Exceptions exist only for policy items: an over-policy window and optional clauses that are
 *   missing or deviate. One per item, each with its own reason; an exception on anything else is
 *   refused. Any exception also needs the second approver.
 */
import {
  type BaaChecklist,
  type BaaPolicy,
  type ClauseFinding,
  type ClauseReview,
  type ClauseReviewEntry,
  type IsoTimeLike,
  LEGAL_MAX_NOTICE_WINDOW_DAYS,
  NOTICE_WINDOW_ITEM,
} from '#shared/schemas/baa.ts';
import { DAY_MS } from './time.ts';

export type ClauseBlockerCode =
  | 'missing_clause'
  | 'unreviewed_clause'
  | 'clause_deviation'
  | 'equivalent_without_note'
  | 'notice_window_unknown'
  | 'notice_window_illegal'
  | 'notice_window_over_policy'
  | 'optional_clause_gap'
  | 'exception_not_allowed'
  | 'checklist_version_mismatch'
  | 'unknown_clause';

export type ClauseExceptionCode = 'optional_clause_gap' | 'notice_window_over_policy';

export interface ClauseBlocker {
  clauseId?: string;
  code: ClauseBlockerCode;
  message: string;
}

export interface ClauseException {
  /** The exception item: a clause id, or `notice-window`. */
  item: string;
  clauseId?: string;
  code: ClauseExceptionCode;
  message: string;
}

export interface ClauseEvaluation {
  canSign: boolean;
  blockers: ClauseBlocker[];
  /** Every policy item that needs its own documented exception; listed even when one is given. */
  needsException: ClauseException[];
  /** Signing needs a second compliance user (not the reviewer): an "equivalent" clause or an exception. */
  needsSecondApproval: boolean;
  /** Why the second approval is needed, one sentence per clause or exception. */
  approvalReasons: string[];
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
  const approvalReasons: string[] = [];
  const summary = { present: 0, equivalent: 0, missing: 0, deviates: 0, unreviewed: 0 };
  const exceptions = new Map((review.exceptions ?? []).map((e) => [e.item, e.reason.trim()]));

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

    const where = `"${clause.title}" (${clause.citation})`;
    if (entry === undefined) {
      blockers.push({
        clauseId: clause.id,
        code: 'unreviewed_clause',
        message: `${where} has not been reviewed.`,
      });
      continue;
    }
    if (entry.finding === 'equivalent') {
      if (!entry.note?.trim()) {
        blockers.push({
          clauseId: clause.id,
          code: 'equivalent_without_note',
          message: `${where} is marked equivalent: say in a note how the vendor's wording meets the requirement.`,
        });
      } else if (clause.required) {
        approvalReasons.push(`${where} is met by equivalent wording: ${entry.note.trim()}`);
      }
      continue;
    }
    if (entry.finding === 'present') continue;
    if (clause.required) {
      // Required by the regulation: a missing or deviating clause cannot be excepted.
      blockers.push({
        clauseId: clause.id,
        code: entry.finding === 'missing' ? 'missing_clause' : 'clause_deviation',
        message:
          entry.finding === 'missing'
            ? `${where} is missing from the BAA; a required clause cannot be excepted.`
            : `${where} deviates from the requirement${entry.note ? ` (${entry.note})` : ''}; a required clause cannot be excepted.`,
      });
      continue;
    }
    const message = `The optional clause "${clause.title}" ${entry.finding === 'missing' ? 'is missing' : 'deviates'}.`;
    needsException.push({ item: clause.id, clauseId: clause.id, code: 'optional_clause_gap', message });
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
    needsException.push({
      item: NOTICE_WINDOW_ITEM,
      ...onWindow,
      code: 'notice_window_over_policy',
      message: `A breach-notice window of ${days} days exceeds the policy maximum of ${policy.maxNoticeWindowDays} days.`,
    });
  }

  for (const needed of needsException) {
    const reason = exceptions.get(needed.item);
    if (reason) {
      approvalReasons.push(`Exception: ${needed.message} Reason: ${reason}`);
    } else {
      blockers.push({
        ...(needed.clauseId ? { clauseId: needed.clauseId } : {}),
        code: needed.code,
        message: `${needed.message} Signing needs a documented exception for it, with its own reason.`,
      });
    }
  }
  const allowed = new Set(needsException.map((n) => n.item));
  for (const item of exceptions.keys()) {
    if (allowed.has(item)) continue;
    const clause = checklist.clauses.find((c) => c.id === item);
    blockers.push({
      ...(clause ? { clauseId: clause.id } : {}),
      code: 'exception_not_allowed',
      message: clause?.required
        ? `"${clause.title}" is required by the regulation (${clause.citation}): it cannot be excepted.`
        : `There is nothing to except for "${clause?.title ?? item}": exceptions are for optional clauses that are missing or deviate and for a notice window over policy.`,
    });
  }

  return {
    canSign: blockers.length === 0,
    blockers,
    needsException,
    needsSecondApproval: approvalReasons.length > 0,
    approvalReasons,
    summary,
  };
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
