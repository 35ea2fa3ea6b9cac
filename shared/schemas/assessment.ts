/** Assessments: one questionnaire sent to one vendor, its answers, score and review outcome. */
import { AnswerSource } from './answer-source.ts';
import { IsoTime, Tier } from './core.ts';
import type { DueFields } from './due.ts';
import { Answers, FrozenQuestionnaire } from './questionnaire.ts';
import * as z from './zod.ts';

export const AssessmentStatus = z.enum([
  'launching', // record written, launch workflow running
  'sent', // invitation emailed, portal open
  'in_progress', // the vendor saved a draft
  'submitted', // answers final, review workflow running
  'reviewed', // scored, findings derived, outcome proposed
  'launch_failed', // the launch workflow failed after retries; compliance was alerted
]);
export type AssessmentStatus = z.infer<typeof AssessmentStatus>;

export const Outcome = z.enum(['approve', 'approve_with_conditions', 'reject', 'needs_review']);
export type Outcome = z.infer<typeof Outcome>;

export const DomainScore = z.object({
  domain: z.string(),
  label: z.string(),
  score: z.nullable(z.number()),
  weight: z.number(),
  answeredWeight: z.number(),
});

export const Assessment = z.object({
  id: z.string(),
  vendorId: z.string(),
  vendorName: z.string(),
  tier: Tier,
  status: AssessmentStatus,
  questionnaire: z.optional(FrozenQuestionnaire),
  answers: Answers,
  /** Answers the vendor took from a confirmed assurance document, by question id (evidence reuse). */
  answerSources: z.optional(z.record(z.string(), AnswerSource)),
  dueAt: z.optional(IsoTime),
  sentAt: z.optional(IsoTime),
  draftSavedAt: z.optional(IsoTime),
  submittedAt: z.optional(IsoTime),
  /** SHA-256 of the vendor's current link token (the token itself is never stored). */
  linkTokenHash: z.optional(z.string()),
  /** SHA-256 of the canonical submitted answers: an identical second submit is a no-op. */
  submissionHash: z.optional(z.string()),
  score: z.optional(z.number()),
  domainScores: z.optional(z.array(DomainScore)),
  /** Residual rating: the worse of the score band and the floor set by unresolved findings. */
  rating: z.optional(Tier),
  /** Why the rating is what it is, in plain sentences (score band first, then each floor). */
  ratingReasons: z.optional(z.array(z.string())),
  /** Knock-out answers found by the review (question id and reason), shown with the outcome. */
  knockOuts: z.optional(
    z.array(z.object({ questionId: z.string(), outcome: z.string(), reason: z.string() })),
  ),
  outcome: z.optional(Outcome),
  outcomeReasons: z.optional(z.array(z.string())),
  reviewedAt: z.optional(IsoTime),
  findingCounts: z.optional(z.record(z.string(), z.number())),
  /** When each review email went out: a retried step does not send it twice. */
  notified: z.optional(z.record(z.string(), IsoTime)),
  failure: z.optional(z.object({ step: z.string(), error: z.string(), at: IsoTime })),
  createdAt: IsoTime,
  createdBy: z.string(),
  updatedAt: IsoTime,
  version: z.number(),
});
export type Assessment = z.infer<typeof Assessment> & DueFields;
