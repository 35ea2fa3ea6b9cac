/** Findings: gaps from an assessment, each with a severity, a citation, a due date and a history. */
import { IsoTime, Severity } from './core.ts';
import { DueState } from './due.ts';
import { EvidenceRef } from './questionnaire.ts';
import * as z from './zod.ts';

/** open → fix_reported → verified (closed); accepted until a date; rejected fixes go back to open. */
export const FindingStatus = z.enum(['open', 'fix_reported', 'verified', 'accepted', 'closed']);
export type FindingStatus = z.infer<typeof FindingStatus>;

export const FindingEvent = z.object({
  at: IsoTime,
  actor: z.string(),
  action: z.string(),
  note: z.optional(z.string()),
});

export const Finding = z.object({
  id: z.string(),
  assessmentId: z.string(),
  vendorId: z.string(),
  vendorName: z.string(),
  questionId: z.nullable(z.string()),
  domain: z.string(),
  severity: Severity,
  title: z.string(),
  detail: z.string(),
  citation: z.string(),
  remediation: z.string(),
  status: FindingStatus,
  dueAt: IsoTime,
  originalDueAt: IsoTime,
  fixReport: z.optional(z.object({ note: z.string(), evidence: z.array(EvidenceRef), reportedAt: IsoTime })),
  acceptance: z.optional(z.object({ reason: z.string(), until: IsoTime, by: z.string(), at: IsoTime })),
  history: z.array(FindingEvent),
  due: z.optional(DueState),
  nextActionAt: z.optional(z.string()),
  dueShard: z.optional(z.string()),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  version: z.number(),
});
export type Finding = z.infer<typeof Finding>;

const Note = z.string().check(z.trim(), z.minLength(1), z.maxLength(2000));

export const ReportFixRequest = z.object({
  note: Note,
  evidence: z._default(z.array(EvidenceRef).check(z.maxLength(10)), []),
});
export const VerifyFixRequest = z.object({
  verdict: z.enum(['verified', 'rejected']),
  note: z.optional(Note),
});
export const ExtendFindingRequest = z.object({ dueAt: IsoTime, reason: Note });
export const AcceptRiskRequest = z.object({ until: IsoTime, reason: Note });
