/** Vendors: what procurement registers (the request) and what the product keeps (the record). */
import { Email, IsoTime, Tier } from './core.ts';
import type { DueFields } from './due.ts';
import { Intake } from './intake.ts';
import * as z from './zod.ts';

const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

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
  /** Set when a signed BAA expires after approval: the approval no longer stands until it is renewed. */
  approvalLapsed: z.optional(z.boolean()),
  decision: z.optional(VendorDecision),
  decisions: z.optional(z.array(VendorDecision)),
  reassessmentDueAt: z.optional(IsoTime),
  createdAt: IsoTime,
  createdBy: z.string(),
  updatedAt: IsoTime,
  version: z.number(),
});
export type Vendor = z.infer<typeof Vendor> & DueFields;
