/**
 * The audit trail: one append-only event per state change, hash-chained per vendor so that an edit,
 * a deletion or a reordering is detectable (docs/architecture.md, "Data"). Events are HIPAA
 * documentation and are kept at least 6 years (45 CFR 164.316(b)(2)(i)).
 */
import { Email, IsoTime, VendorId } from './core.ts';
import * as z from './zod.ts';

/** Who can act: staff roles, the vendor through its portal link, and the system (sweeps, workflows). */
export const AuditActorRole = z.enum(['procurement', 'compliance', 'admin', 'vendor', 'system']);
export type AuditActorRole = z.infer<typeof AuditActorRole>;

const VENDOR_ACTOR = /^vendor:[av]_[0-9A-Za-z]{10,40}$/;
const isEmail = (id: string) => Email.safeParse(id).success;

/**
 * The id must fit the role: staff act under their email, a vendor under `vendor:<assessmentId>` (the
 * portal link is scoped to one assessment), the system under `system`. A mismatch is a bug upstream.
 */
export const AuditActor = z
  .object({ id: z.string().check(z.minLength(1), z.maxLength(254)), role: AuditActorRole })
  .check(
    z.refine(
      (a) =>
        a.role === 'system'
          ? a.id === 'system'
          : a.role === 'vendor'
            ? VENDOR_ACTOR.test(a.id)
            : isEmail(a.id),
      {
        message:
          "Actor id must be an email for staff, 'vendor:<assessmentId or vendorId>' for a vendor, 'system' for the system",
        path: ['id'],
      },
    ),
  );
export type AuditActor = z.infer<typeof AuditActor>;

/** Dot-separated, lower snake case: `vendor.registered`, `assessment.launched`, `finding.extended`. */
export const AuditAction = z
  .string()
  .check(z.maxLength(100), z.regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'Not a dotted action name'));

export const AuditTarget = z.object({
  type: z.string().check(z.minLength(1), z.maxLength(50)),
  id: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type AuditTarget = z.infer<typeof AuditTarget>;

/**
 * A tripwire, not a guarantee: summaries are written by code and must never carry PHI; an SSN-shaped
 * number is the commonest slip, so it is refused outright.
 */
const SSN_SHAPE = /\b\d{3}-\d{2}-\d{4}\b/;

export const AuditSummary = z.string().check(
  z.minLength(1),
  z.maxLength(500),
  z.refine((s) => !SSN_SHAPE.test(s), 'Summary looks like it contains an SSN; audit summaries carry no PHI'),
);

/** Before/after snapshots of the changed fields only (ids, statuses, dates), never PHI. */
export const AuditSnapshot = z.record(z.string(), z.unknown());

export const AuditEventInput = z.object({
  vendorId: VendorId,
  actor: AuditActor,
  action: AuditAction,
  target: AuditTarget,
  at: IsoTime,
  summary: AuditSummary,
  before: z.optional(AuditSnapshot),
  after: z.optional(AuditSnapshot),
});
export type AuditEventInput = z.infer<typeof AuditEventInput>;

/** Lower-case hex SHA-256. */
export const Sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'Not a SHA-256 hex digest'));

export const AuditEvent = z.extend(AuditEventInput, {
  /** 1-based, per vendor, no gaps. */
  seq: z.int().check(z.minimum(1)),
  /** Hash of the vendor's previous event; 64 zeros for seq 1. */
  prevHash: Sha256Hex,
  /** The hash scheme: absent for v1 (named fields), 2 for the whole item (see `domain/audit-chain.ts`). */
  hashVersion: z.optional(z.literal(2)),
  /** SHA-256 over the canonical JSON of the event under its scheme (see `domain/audit-chain.ts`). */
  hash: Sha256Hex,
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/**
 * The chain head recorded outside the chain (on the vendor item). Deleting the last events leaves a
 * chain that is valid on its own; only a head kept elsewhere reveals it.
 */
export const AuditAnchor = z.object({ seq: z.int().check(z.minimum(1)), hash: Sha256Hex });
export type AuditAnchor = z.infer<typeof AuditAnchor>;

export const ChainProblemKind = z.enum(['altered', 'missing', 'reordered', 'broken_link', 'foreign_vendor']);
export type ChainProblemKind = z.infer<typeof ChainProblemKind>;

export const ChainProblem = z.object({
  /** The event the problem is about (for `missing`, the first missing seq). */
  seq: z.number(),
  kind: ChainProblemKind,
  message: z.string(),
});
export type ChainProblem = z.infer<typeof ChainProblem>;

export const ChainVerification = z.object({
  ok: z.boolean(),
  /** Number of events read. */
  checked: z.number(),
  /** Hash of the highest-seq event of the vendor, or null for an empty chain. */
  headHash: z.nullable(z.string()),
  problems: z.array(ChainProblem),
});
export type ChainVerification = z.infer<typeof ChainVerification>;
