/**
 * Business Associate Agreements: the clause checklist (versioned content), the agreement's status,
 * a reviewer's clause-by-clause findings and the organisation's BAA policy.
 * Sources: 45 CFR 164.504(e)(2), 164.314(a)(2)(i), 164.410, 164.316(b)(2)(i).
 */
import { IsoTime } from './core.ts';
import * as z from './zod.ts';

/**
 * 164.410(b): a business associate reports a breach "without unreasonable delay and in no case later
 * than 60 calendar days after discovery". A contract allowing more is defective; no exception cures it.
 */
export const LEGAL_MAX_NOTICE_WINDOW_DAYS = 60;

/** HIPAA documentation is kept 6 years (164.316(b)(2)(i)); a policy may keep longer, never shorter. */
export const LEGAL_MIN_RETENTION_YEARS = 6;

/** A point in time as stored (ISO-8601 string) or already parsed; domain rules accept either. */
export type IsoTimeLike = IsoTime | Date;

const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** Stable kebab-case clause id; reviews and audit entries refer to it across checklist versions. */
export const ClauseId = z
  .string()
  .check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Clause ids are kebab-case (e.g. "permitted-uses")'));
export type ClauseId = z.infer<typeof ClauseId>;

/**
 * `provision`: a term the regulation requires. `notice_window`: the contracted breach-reporting
 * window, checked as a number of days as well. `optional`: good practice or proposed rule; never blocks.
 */
export const ClauseKind = z.enum(['provision', 'notice_window', 'optional']);
export type ClauseKind = z.infer<typeof ClauseKind>;

/** Key phrases are stored already normalised (lower case, single spaces) so matching needs no guesswork. */
const KeyPhrase = z.string().check(
  z.minLength(3),
  z.maxLength(200),
  z.refine(
    (p) => p === p.toLowerCase() && p === p.trim() && !/\s{2,}|[\t\n\r]/.test(p),
    'Key phrases are lower case, trimmed, with single spaces',
  ),
);

export const Clause = z
  .object({
    id: ClauseId,
    title: Text(200),
    /** What the contract must say, in our own words (not a quotation of the regulation). */
    requirement: Text(2000),
    /** Primary citation, e.g. `45 CFR 164.504(e)(2)(ii)(C)`. */
    citation: z
      .string()
      .check(z.regex(/^45 CFR 16[04]\.\d+/, 'Citations start with "45 CFR 160." or "45 CFR 164."')),
    required: z.boolean(),
    kind: ClauseKind,
    /** Phrases that typically signal the clause in a contract; used only to pre-mark a review. */
    keyPhrases: z.array(KeyPhrase).check(z.minLength(1), z.maxLength(30)),
  })
  .check(
    z.refine((c) => (c.kind === 'optional') === !c.required, {
      message: 'Optional clauses are exactly the clauses that are not required',
      path: ['required'],
    }),
  );
export type Clause = z.infer<typeof Clause>;

export const BaaChecklist = z
  .object({
    id: z.literal('hipaa-baa'),
    version: z.int().check(z.gte(1)),
    clauses: z.array(Clause).check(z.minLength(1), z.maxLength(100)),
  })
  .check(
    z.refine((c) => new Set(c.clauses.map((clause) => clause.id)).size === c.clauses.length, {
      message: 'Clause ids must be unique',
      path: ['clauses'],
    }),
  );
export type BaaChecklist = z.infer<typeof BaaChecklist>;

/** Where a vendor's BAA stands. The allowed moves between statuses live in `domain/baa-lifecycle.ts`. */
export const BaaStatus = z.enum([
  'not_required',
  'required',
  'sent',
  'under_review',
  'changes_requested',
  'signed',
  'expiring',
  'expired',
  'terminated',
]);
export type BaaStatus = z.infer<typeof BaaStatus>;

/** What happens to a BAA; `sign` carries the agreement's term. */
export const BaaEventType = z.enum([
  'require',
  'unrequire',
  'send',
  'receive_document',
  'request_changes',
  'sign',
  'mark_expiring',
  'expire',
  'renew',
  'terminate',
]);
export type BaaEventType = z.infer<typeof BaaEventType>;

export const BaaSignEvent = z.object({
  type: z.literal('sign'),
  effectiveAt: IsoTime,
  /** Absent for a BAA coterminous with the services agreement (it gets a periodic review instead). */
  expiresAt: z.optional(IsoTime),
});
export const BaaEvent = z.discriminatedUnion('type', [
  BaaSignEvent,
  z.object({
    type: z.enum([
      'require',
      'unrequire',
      'send',
      'receive_document',
      'request_changes',
      'mark_expiring',
      'expire',
      'renew',
      'terminate',
    ]),
  }),
]);
export type BaaEvent = z.infer<typeof BaaEvent>;

/**
 * `present`: the contract says it. `equivalent`: the vendor's wording differs but meets the
 * requirement (a note saying why is required, and signing needs a second compliance approver).
 * `missing` / `deviates`: a required clause so marked blocks signing; no exception cures it.
 */
export const ClauseFinding = z.enum(['present', 'equivalent', 'missing', 'deviates']);
export type ClauseFinding = z.infer<typeof ClauseFinding>;

/** The exception item for a breach-notice window over policy (but within the legal 60 days). */
export const NOTICE_WINDOW_ITEM = 'notice-window';

/**
 * A documented exception for one policy item: an optional clause that is missing or deviates, or a
 * notice window over policy (`notice-window`). One per item, each with its own reason.
 */
export const ClauseException = z.object({
  item: z.string().check(z.minLength(1), z.maxLength(80)),
  reason: z.string().check(z.trim(), z.minLength(3), z.maxLength(2000)),
});
export type ClauseException = z.infer<typeof ClauseException>;

export const ClauseReviewEntry = z.object({
  clauseId: ClauseId,
  finding: ClauseFinding,
  note: z.optional(z.string().check(z.maxLength(2000))),
  /** Where in the document the clause is (e.g. "§4.2, page 3"). */
  section: z.optional(z.string().check(z.maxLength(200))),
});
export type ClauseReviewEntry = z.infer<typeof ClauseReviewEntry>;

/** A reviewer's clause-by-clause reading of one BAA document against one checklist version. */
export const ClauseReview = z
  .object({
    checklistVersion: z.int().check(z.gte(1)),
    entries: z.array(ClauseReviewEntry).check(z.maxLength(100)),
    /** Breach-reporting window in calendar days as the contract states it; null when the contract is silent. */
    noticeWindowDays: z.nullable(z.int().check(z.gte(0), z.lte(3650))),
    /** Documented exceptions for policy items, one per item with its own reason. */
    exceptions: z.optional(z.array(ClauseException).check(z.maxLength(100))),
    /**
     * Reviews recorded before per-item exceptions kept one blanket reason here. Kept for the record;
     * it excuses nothing now (a stored review carrying it must be recorded again before signing).
     */
    exceptionReason: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  })
  .check(
    z.refine((r) => new Set(r.entries.map((e) => e.clauseId)).size === r.entries.length, {
      message: 'Each clause is reviewed at most once',
      path: ['entries'],
    }),
    z.refine((r) => new Set((r.exceptions ?? []).map((e) => e.item)).size === (r.exceptions ?? []).length, {
      message: 'One exception per item: each carries its own reason',
      path: ['exceptions'],
    }),
  );
export type ClauseReview = z.infer<typeof ClauseReview>;

/** Organisation policy for BAAs; every field has a default so `BaaPolicy.parse({})` is the product default. */
export const BaaPolicy = z.object({
  /**
   * Longest breach-reporting window accepted without an exception. Policy, not law: 164.410(b) sets
   * only the 60-day outer limit; a shorter contractual window leaves time for our own notices.
   */
  maxNoticeWindowDays: z._default(z.int().check(z.gte(1), z.lte(LEGAL_MAX_NOTICE_WINDOW_DAYS)), 10),
  /** Days before expiry at which reminders go out; the largest one starts the `expiring` status. */
  renewalReminderDays: z._default(
    z.array(z.int().check(z.gte(1), z.lte(365))).check(z.minLength(1), z.maxLength(10)),
    () => [60, 30, 7],
  ),
  retentionYears: z._default(z.int().check(z.gte(LEGAL_MIN_RETENTION_YEARS), z.lte(100)), 6),
  /** Policy: months between reviews of a BAA without an expiry (coterminous with the services agreement). */
  reviewMonths: z._default(z.int().check(z.gte(1), z.lte(60)), 12),
  /** Policy: days a vendor has to return a requested BAA before the response ladder escalates. */
  responseDays: z._default(z.int().check(z.gte(1), z.lte(365)), 30),
  /** Policy: days after termination to return or destroy PHI (164.504(e)(2)(ii)(J) sets no number). */
  returnOrDestroyDays: z._default(z.int().check(z.gte(1), z.lte(365)), 30),
});
export type BaaPolicy = z.infer<typeof BaaPolicy>;

export const DEFAULT_BAA_POLICY: BaaPolicy = BaaPolicy.parse({});
