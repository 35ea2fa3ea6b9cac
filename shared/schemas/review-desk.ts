/**
 * The reviewer's desk: clarification threads (a question the reviewer asks the vendor about one
 * questionnaire question after submission) and the reviewer's verdict per question. Each thread and
 * each verdict is its own item under the assessment (PK `ASSESSMENT#<id>`), so the assessment item
 * does not grow with the conversation.
 */
import { IsoTime } from './core.ts';
import { DueState } from './due.ts';
import { AnswerValue, EvidenceRef } from './questionnaire.ts';
import * as z from './zod.ts';

const Note = z.string().check(z.trim(), z.minLength(1), z.maxLength(2000));
const OptionalText = z.string().check(z.trim(), z.maxLength(2000));

export const ClarificationStatus = z.enum(['open', 'answered']);
export type ClarificationStatus = z.infer<typeof ClarificationStatus>;

export const ClarificationMessage = z.object({
  at: IsoTime,
  from: z.enum(['reviewer', 'vendor']),
  /** Staff email or `vendor:<assessment id>`. */
  actor: z.string(),
  text: z.string(),
  /** The vendor's revised answer to the question, when it gave one. */
  answer: z.optional(AnswerValue),
  evidence: z.array(EvidenceRef),
});
export type ClarificationMessage = z.infer<typeof ClarificationMessage>;

export const Clarification = z.object({
  assessmentId: z.string(),
  vendorId: z.string(),
  questionId: z.string(),
  /** The question's short title, so reminders can name it without loading the questionnaire. */
  questionTitle: z.string(),
  status: ClarificationStatus,
  /** The reply deadline of the open request (the due model's `clarification_response`). */
  dueAt: IsoTime,
  requestedAt: IsoTime,
  answeredAt: z.optional(IsoTime),
  messages: z.array(ClarificationMessage),
  due: z.optional(DueState),
  nextActionAt: z.optional(z.string()),
  dueShard: z.optional(z.string()),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  version: z.number(),
});
export type Clarification = z.infer<typeof Clarification>;

export const MAX_CLARIFICATIONS_PER_REQUEST = 50;

export const ClarificationRequest = z.object({
  requests: z
    .array(z.object({ questionId: z.string().check(z.minLength(1), z.maxLength(80)), note: Note }))
    .check(z.minLength(1), z.maxLength(MAX_CLARIFICATIONS_PER_REQUEST)),
});
export type ClarificationRequest = z.infer<typeof ClarificationRequest>;

export const ClarificationReply = z.object({
  text: z._default(OptionalText, ''),
  /** A revised answer to the question (validated against its type). */
  answer: z.optional(z.unknown()),
  evidence: z._default(z.array(EvidenceRef).check(z.maxLength(10)), []),
});
export type ClarificationReply = z.infer<typeof ClarificationReply>;

export const VerdictKind = z.enum(['accepted', 'needs_clarification', 'override']);
export type VerdictKind = z.infer<typeof VerdictKind>;

export const VerdictEvent = z.object({
  at: IsoTime,
  by: z.string(),
  verdict: VerdictKind,
  reason: z.optional(z.string()),
  answer: z.optional(AnswerValue),
});

export const Verdict = z.object({
  assessmentId: z.string(),
  vendorId: z.string(),
  questionId: z.string(),
  verdict: VerdictKind,
  reason: z.optional(z.string()),
  /** override only: the answer the reviewer scores instead of the vendor's. */
  answer: z.optional(AnswerValue),
  by: z.string(),
  at: IsoTime,
  history: z.array(VerdictEvent),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  version: z.number(),
});
export type Verdict = z.infer<typeof Verdict>;

export const VerdictRequest = z.object({
  verdict: VerdictKind,
  /** Required for an override (why the evidence contradicts the answer) and for needs_clarification (the question to the vendor). */
  reason: z.optional(OptionalText),
  answer: z.optional(z.unknown()),
});
export type VerdictRequest = z.infer<typeof VerdictRequest>;

export const RescoreRequest = z.object({ reason: z.optional(OptionalText) });
