/** The stored BAA of a vendor (or of one of its subcontractors): status, document versions, clause review, terms. */
import { BaaStatus, ClauseException, ClauseReview } from './baa.ts';
import { IsoTime, noControlCharacters, SingleLine } from './core.ts';
import type { DueFields } from './due.ts';
import * as z from './zod.ts';

export const BaaDocumentKind = z.enum(['template', 'redline', 'signed']);
export type BaaDocumentKind = z.infer<typeof BaaDocumentKind>;

export const BaaDocument = z.object({
  version: z.number(),
  kind: BaaDocumentKind,
  key: z.string(),
  s3VersionId: z.optional(z.string()),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  /** SHA-256 of the stored bytes, computed by the product when the upload was registered. */
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: IsoTime,
  /** Clause suggestions from the document's text (an aid; a human confirms). */
  suggestions: z.optional(
    z.object({
      present: z.array(z.string()),
      notFound: z.array(z.string()),
      noticeWindowDays: z.nullable(z.number()),
    }),
  ),
});
export type BaaDocument = z.infer<typeof BaaDocument>;

export const ReturnOrDestroy = z.object({
  status: z.enum(['pending', 'attested', 'infeasible']),
  openedAt: IsoTime,
  dueAt: IsoTime,
  /** The vendor's attestation through the portal, with an optional certificate. */
  attestation: z.optional(
    z.object({
      method: z.enum(['returned', 'destroyed', 'returned_and_destroyed']),
      attestedBy: z.string(),
      note: z.optional(z.string()),
      certificate: z.optional(
        z.object({ key: z.string(), fileName: z.string(), sha256: z.string(), size: z.number() }),
      ),
      at: IsoTime,
    }),
  ),
  /** Compliance's record that return or destruction is infeasible: the BAA's protections continue. */
  infeasible: z.optional(z.object({ reason: z.string(), by: z.string(), at: IsoTime })),
});
export type ReturnOrDestroy = z.infer<typeof ReturnOrDestroy>;

export const BaaRecord = z.object({
  id: z.string(),
  vendorId: z.string(),
  vendorName: z.string(),
  /** The vendor itself, or a subcontractor that handles our PHI for it (164.502(e)(1)(ii)). */
  party: z.object({ type: z.enum(['vendor', 'subcontractor']), name: z.string() }),
  status: BaaStatus,
  documents: z.array(BaaDocument),
  review: z.optional(
    z.extend(ClauseReview, {
      reviewedBy: z.string(),
      reviewedAt: IsoTime,
      /** The document version the review read; a newer upload voids the review. */
      documentVersion: z.number(),
      canSign: z.boolean(),
      blockers: z.array(
        z.object({ code: z.string(), message: z.string(), clauseId: z.optional(z.string()) }),
      ),
      /** An "equivalent" required clause or any exception: a second compliance user must approve. */
      needsSecondApproval: z.optional(z.boolean()),
      approvalReasons: z.optional(z.array(z.string())),
      /** The second approver (never the reviewer), recorded before signing. */
      secondApproval: z.optional(z.object({ by: z.string(), at: IsoTime, note: z.optional(z.string()) })),
    }),
  ),
  effectiveAt: z.optional(IsoTime),
  /** Absent on a signed BAA coterminous with the services agreement; `reviewDueAt` applies instead. */
  expiresAt: z.optional(IsoTime),
  /** Next periodic review of a BAA without an expiry (BAA policy reviewMonths). */
  reviewDueAt: z.optional(IsoTime),
  signedAt: z.optional(IsoTime),
  terminatedAt: z.optional(IsoTime),
  /** When a requested BAA is due back from the vendor (BAA policy responseDays). */
  responseDueAt: z.optional(IsoTime),
  /**
   * During a renewal: the agreement still in force until the new one is signed. Its expiry ladder
   * keeps running; `lapsedAt` is set if it expires first (the vendor's approval lapses then).
   */
  priorTerm: z.optional(
    z.object({
      effectiveAt: z.optional(IsoTime),
      expiresAt: z.optional(IsoTime),
      signedAt: z.optional(IsoTime),
      lapsedAt: z.optional(IsoTime),
    }),
  ),
  /** After termination: return or destruction of PHI (164.504(e)(2)(ii)(J)). */
  returnOrDestroy: z.optional(ReturnOrDestroy),
  history: z.array(
    z.object({
      at: IsoTime,
      actor: z.string(),
      event: z.string(),
      from: z.string(),
      to: z.string(),
      note: z.optional(z.string()),
    }),
  ),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  version: z.number(),
});
export type BaaRecord = z.infer<typeof BaaRecord> & DueFields;

const Reason = z.string().check(z.trim(), z.minLength(3), z.maxLength(2000));

export const ClauseReviewRequest = z.object({
  entries: ClauseReview.shape.entries,
  noticeWindowDays: ClauseReview.shape.noticeWindowDays,
  /** One exception per policy item, each with its own reason. */
  exceptions: z.optional(z.array(ClauseException).check(z.maxLength(100))),
  /** Replaced by `exceptions`; accepted only to answer with a clear 400. */
  exceptionReason: z.optional(z.string()),
});

export const BaaDecisionRequest = z.union([
  z.object({ action: z.literal('request_changes'), note: Reason }),
  /**
   * `expiresAt` is optional: a BAA coterminous with the services agreement has no expiry of its own
   * and gets a periodic review date instead (BAA policy `reviewMonths`).
   */
  z.object({ action: z.literal('sign'), effectiveAt: IsoTime, expiresAt: z.optional(IsoTime) }),
  /** The second compliance approver of a review with an "equivalent" clause or an exception. */
  z.object({ action: z.literal('approve'), note: z.optional(Reason) }),
]);

export const BaaUploadRequest = z.object({
  fileName: z.string().check(noControlCharacters, z.minLength(1), z.maxLength(255)),
  contentType: z.string().check(noControlCharacters, z.minLength(1), z.maxLength(200)),
  size: z.number(),
  /** `certificate`: a certificate of return or destruction, after termination only. */
  kind: z.enum(['redline', 'signed', 'certificate']),
});

export const RegisterBaaDocumentRequest = z.object({
  key: z.string().check(z.minLength(1), z.maxLength(1024)),
  kind: z.enum(['redline', 'signed']),
  fileName: z.string().check(noControlCharacters, z.minLength(1), z.maxLength(255)),
});

export const TerminateBaaRequest = z.object({ reason: Reason });
/** The vendor attests, in the portal, that our PHI was returned or destroyed. */
export const ReturnOrDestroyAttestation = z.object({
  method: z.enum(['returned', 'destroyed', 'returned_and_destroyed']),
  /** Who attests, as the vendor names them (e.g. "Jo Vendor, CISO"). */
  attestedBy: z.string().check(z.trim(), z.minLength(3), z.maxLength(200)),
  note: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
  /** An uploaded certificate of destruction (optional): the key from the portal's upload step. */
  certificate: z.optional(
    z.object({
      key: z.string().check(z.minLength(1), z.maxLength(1024)),
      fileName: z.string().check(z.minLength(1), z.maxLength(255)),
    }),
  ),
});
/** Compliance records why return or destruction is infeasible (protections then continue). */
export const ReturnInfeasibleRequest = z.object({ reason: Reason });
/** Compliance records the periodic review of a BAA without an expiry. */
export const BaaPeriodicReviewRequest = z.object({ note: Reason });
export const AddSubcontractorRequest = z.object({
  name: SingleLine(200),
});
