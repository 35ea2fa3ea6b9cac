/** Vendors: what procurement registers (the request) and what the product keeps (the record). */
import { Email, IsoTime, SingleLine, Tier } from './core.ts';
import type { DueFields } from './due.ts';
import { Intake } from './intake.ts';
import * as z from './zod.ts';

/** Names and services reach email subjects, CSV exports and the audit trail: one line each. */
const Text = SingleLine;

export const RegisterVendorRequest = z.object({
  name: Text(200),
  contactName: Text(200),
  contactEmail: Email,
  /** What the vendor provides, in procurement's words (e.g. "Cloud PACS hosting"). */
  services: z.array(Text(200)).check(z.minLength(1), z.maxLength(20)),
  businessOwnerEmail: Email,
  intake: Intake,
  /** Register even though a vendor with the same name or contact domain exists (else 409). */
  allowDuplicate: z.optional(z.boolean()),
});
export type RegisterVendorRequest = z.infer<typeof RegisterVendorRequest>;

/** Where a vendor stands in the procurement pipeline (the console's board columns). */
export const VendorStage = z.enum(['intake', 'assessment_sent', 'answered', 'in_remediation', 'decided']);
export type VendorStage = z.infer<typeof VendorStage>;

export const VendorDecision = z.object({
  decision: z.enum(['approve', 'approve_with_conditions', 'reject']),
  conditions: z.array(z.string()),
  reason: z.nullable(z.string()),
  /** Gates set aside by compliance, each with the recorded reason. */
  overridden: z.array(z.object({ gate: z.string(), message: z.string(), reason: z.string() })),
  assessmentId: z.nullable(z.string()),
  decidedBy: z.string(),
  role: z.string(),
  decidedAt: IsoTime,
});
export type VendorDecision = z.infer<typeof VendorDecision>;

/**
 * A documented BAA exemption recorded by compliance at intake: the vendor handles PHI but needs no
 * BAA (e.g. a provider receiving PHI for treatment, a mere conduit). Reason and citation required.
 */
export const BaaExemptionRequest = z.object({
  basis: z.enum(['treatment_provider', 'conduit', 'other']),
  reason: Text(2000),
  /** The rule or guidance relied on, as compliance cites it (e.g. "45 CFR 160.103, business associate (4)(i)"). */
  citation: Text(300),
});
export type BaaExemptionRequest = z.infer<typeof BaaExemptionRequest>;

export const BaaExemptionRevocation = z.object({ reason: Text(2000) });

/**
 * Compliance's review of where a PHI vendor keeps our data (policy "offshorePhi"; docs/offshore-data.md).
 * Accepted or not, with the reason; it stands while the data location is unchanged.
 */
export const OffshoreReviewRequest = z.object({
  decision: z.enum(['accepted', 'not_accepted']),
  reason: Text(2000),
});
export type OffshoreReviewRequest = z.infer<typeof OffshoreReviewRequest>;

export const OffshoreReview = z.extend(OffshoreReviewRequest, {
  /** The data location reviewed (offshore-data.ts `dataLocationFingerprint`). */
  reviewed: z.string(),
  by: z.string(),
  at: IsoTime,
});
export type OffshoreReview = z.infer<typeof OffshoreReview>;

export const Vendor = z.object({
  id: z.string(),
  name: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  services: z.array(z.string()),
  businessOwnerEmail: z.string(),
  intake: Intake,
  tier: Tier,
  tierReasons: z.array(z.string()),
  baaRequired: z.boolean(),
  baaStatus: z.string(),
  stage: VendorStage,
  latestAssessmentId: z.optional(z.string()),
  /** A documented exemption from the BAA requirement (compliance only; audited). */
  baaExemption: z.optional(z.extend(BaaExemptionRequest, { by: z.string(), at: IsoTime })),
  /** Compliance's offshore data review (latest); earlier ones are in the audit trail. */
  offshoreReview: z.optional(OffshoreReview),
  /** Set when a signed BAA expires after approval: the approval no longer stands until it is renewed. */
  approvalLapsed: z.optional(z.boolean()),
  decision: z.optional(VendorDecision),
  decisions: z.optional(z.array(VendorDecision)),
  reassessmentDueAt: z.optional(IsoTime),
  /** Set when the vendor reports an incident: the console flags the vendor until that incident closes. */
  incidentFlag: z.optional(z.object({ incidentId: z.string(), reportedAt: IsoTime })),
  createdAt: IsoTime,
  createdBy: z.string(),
  updatedAt: IsoTime,
  version: z.number(),
});
export type Vendor = z.infer<typeof Vendor> & DueFields;
