/** The stored BAA of a vendor (or of one of its subcontractors): status, document versions, clause review, terms. */
import { BaaStatus, ClauseReview } from './baa.ts';
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
    }),
  ),
  effectiveAt: z.optional(IsoTime),
  expiresAt: z.optional(IsoTime),
  signedAt: z.optional(IsoTime),
  terminatedAt: z.optional(IsoTime),
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
  exceptionReason: z.optional(Reason),
});

export const BaaDecisionRequest = z.union([
  z.object({ action: z.literal('request_changes'), note: Reason }),
  z.object({ action: z.literal('sign'), effectiveAt: IsoTime, expiresAt: IsoTime }),
]);

export const BaaUploadRequest = z.object({
  fileName: z.string().check(noControlCharacters, z.minLength(1), z.maxLength(255)),
  contentType: z.string().check(noControlCharacters, z.minLength(1), z.maxLength(200)),
  size: z.number(),
  kind: z.enum(['redline', 'signed']),
});

export const RegisterBaaDocumentRequest = z.object({
  key: z.string().check(z.minLength(1), z.maxLength(1024)),
  kind: z.enum(['redline', 'signed']),
  fileName: z.string().check(noControlCharacters, z.minLength(1), z.maxLength(255)),
});

export const TerminateBaaRequest = z.object({ reason: Reason });
export const AddSubcontractorRequest = z.object({
  name: SingleLine(200),
});
