/** What the JSON API returns for the reviewer's desk, and the response schemas /openapi.json shows. */
import { valueInWords } from '../domain/review-desk.ts';
import type { Clarification, Verdict } from '../schemas/review-desk.ts';
import * as z from '../schemas/zod.ts';
import { type AssessmentReview, filesOfQuestion, findingOfQuestion } from '../use-cases/assessment-review.ts';
import { type EvidenceFile, fileIdOf } from '../use-cases/evidence-files.ts';
import type { SourceForReview } from '../use-cases/evidence-reuse.ts';

const SOURCE_WORDS = {
  answer: 'Questionnaire answer',
  fix_report: 'Fix report',
  clarification: 'Clarification reply',
} as const;

export const EvidenceFileSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  size: z.number(),
  contentType: z.string(),
  sha256: z.nullable(z.string()),
  versionId: z.nullable(z.string()),
  source: z.enum(['answer', 'fix_report', 'clarification']),
  sourceLabel: z.string(),
  questionId: z.nullable(z.string()),
  findingId: z.nullable(z.string()),
  /** Staff: GET it with the bearer token or the console cookie (redirects to the file). */
  href: z.string(),
});

export const evidenceFileView = (assessmentId: string, f: EvidenceFile) => ({
  fileId: f.fileId,
  name: f.ref.name,
  size: f.ref.size,
  contentType: f.ref.contentType,
  sha256: f.ref.sha256 ?? null,
  versionId: f.ref.versionId ?? null,
  source: f.source,
  sourceLabel: SOURCE_WORDS[f.source],
  questionId: f.questionId,
  findingId: f.findingId,
  href: `/assessments/${encodeURIComponent(assessmentId)}/evidence/${f.fileId}`,
});

/** The vendor's own view of a file: the same, opened through its link. */
export const vendorEvidenceView = (token: string, f: EvidenceFile) => ({
  fileId: f.fileId,
  name: f.ref.name,
  size: f.ref.size,
  href: `/portal/${token}/evidence/${f.fileId}`,
});

const MessageSchema = z.object({
  at: z.string(),
  from: z.enum(['reviewer', 'vendor']),
  actor: z.string(),
  text: z.string(),
  answer: z.optional(z.unknown()),
  answerText: z.optional(z.string()),
  evidence: z.array(z.object({ fileId: z.string(), name: z.string(), size: z.number(), href: z.string() })),
});

export const ClarificationViewSchema = z.object({
  questionId: z.string(),
  questionTitle: z.string(),
  status: z.enum(['open', 'answered']),
  dueAt: z.string(),
  requestedAt: z.string(),
  answeredAt: z.nullable(z.string()),
  nextReminderAt: z.nullable(z.string()),
  messages: z.array(MessageSchema),
});

export function clarificationView(
  c: Clarification,
  fileHref: (fileId: string) => string,
  answerText?: (value: unknown) => string,
) {
  return {
    questionId: c.questionId,
    questionTitle: c.questionTitle,
    status: c.status,
    dueAt: c.dueAt,
    requestedAt: c.requestedAt,
    answeredAt: c.answeredAt ?? null,
    nextReminderAt: c.nextActionAt ?? null,
    messages: c.messages.map((m) => ({
      at: m.at,
      from: m.from,
      actor: m.actor,
      text: m.text,
      ...(m.answer !== undefined
        ? { answer: m.answer, ...(answerText ? { answerText: answerText(m.answer) } : {}) }
        : {}),
      evidence: m.evidence.map((e) => {
        const fileId = fileIdOf(e);
        return { fileId, name: e.name, size: e.size, href: fileHref(fileId) };
      }),
    })),
  };
}

export const VerdictViewSchema = z.object({
  verdict: z.enum(['accepted', 'needs_clarification', 'override']),
  reason: z.nullable(z.string()),
  answer: z.optional(z.unknown()),
  answerText: z.optional(z.string()),
  by: z.string(),
  at: z.string(),
  history: z.array(
    z.object({ at: z.string(), by: z.string(), verdict: z.string(), reason: z.optional(z.string()) }),
  ),
});

export const verdictView = (v: Verdict, answerText?: string) => ({
  verdict: v.verdict,
  reason: v.reason ?? null,
  ...(v.answer !== undefined ? { answer: v.answer, ...(answerText ? { answerText } : {}) } : {}),
  by: v.by,
  at: v.at,
  history: v.history.map(({ answer: _a, ...rest }) => rest),
});

/** An answer the vendor took from a confirmed assurance document (evidence reuse). */
export const DocumentSourceSchema = z.object({
  documentId: z.string(),
  documentType: z.string(),
  documentLabel: z.string(),
  version: z.number(),
  fileName: z.string(),
  sha256: z.string(),
  description: z.string(),
  confirmedAt: z.string(),
  currentUntil: z.string(),
  usedAt: z.string(),
  /** current, out_of_date, replaced, unconfirmed or removed: how the document stands today. */
  standing: z.string(),
  standingText: z.string(),
  summary: z.string(),
  /** Staff: GET it (redirects to the pinned version's file). */
  href: z.string(),
});

/** The review's list of documents that answered questions (the evidence packet lists them). */
export const SourceDocumentSchema = z.object({
  questionIds: z.array(z.string()),
  ...DocumentSourceSchema.shape,
});

const sourceView = (s: SourceForReview) => ({
  documentId: s.documentId,
  documentType: s.documentType,
  documentLabel: s.documentLabel,
  version: s.version,
  fileName: s.fileName,
  sha256: s.sha256,
  description: s.description,
  confirmedAt: s.confirmedAt,
  currentUntil: s.currentUntil,
  usedAt: s.usedAt,
  standing: s.standing,
  standingText: s.standingText,
  summary: s.summary,
  href: s.href,
});

/** Each document version that answered questions once, with the questions it answered. */
export function sourceDocuments(review: Pick<AssessmentReview, 'sources'>) {
  const byVersion = new Map<string, ReturnType<typeof sourceView> & { questionIds: string[] }>();
  for (const [qid, s] of Object.entries(review.sources)) {
    const key = `${s.documentId}@${s.version}`;
    const entry = byVersion.get(key) ?? { questionIds: [], ...sourceView(s) };
    entry.questionIds.push(qid);
    byVersion.set(key, entry);
  }
  return [...byVersion.values()];
}

const QuestionRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  type: z.string(),
  critical: z.boolean(),
  scored: z.boolean(),
  weight: z.number(),
  asked: z.boolean(),
  notAskedBecause: z.nullable(z.string()),
  answer: z.unknown(),
  answerText: z.string(),
  answerSource: z.nullable(z.enum(['submitted', 'clarified', 'override'])),
  /** The submitted answer was taken from this confirmed assurance document (null: the vendor's own). */
  documentSource: z.nullable(DocumentSourceSchema),
  submittedAnswer: z.optional(z.unknown()),
  gap: z.nullable(z.enum(['gap', 'partial'])),
  findingId: z.nullable(z.string()),
  evidence: z.array(EvidenceFileSchema),
  verdict: z.nullable(VerdictViewSchema),
  clarification: z.nullable(ClarificationViewSchema),
});

export const AssessmentReviewSchema = z.object({
  assessmentId: z.string(),
  vendorId: z.string(),
  status: z.string(),
  score: z.nullable(z.number()),
  domains: z.array(
    z.object({
      domain: z.string(),
      label: z.string(),
      score: z.nullable(z.number()),
      questions: z.array(QuestionRowSchema),
    }),
  ),
  evidence: z.array(EvidenceFileSchema),
  /** Assurance documents that answered questions, each version once. */
  sourceDocuments: z.array(SourceDocumentSchema),
});

/** The reviewer's desk as JSON (GET /assessments/{id}/review). */
export function assessmentReviewView(review: AssessmentReview) {
  const { assessment } = review;
  const href = (fileId: string) => `/assessments/${encodeURIComponent(assessment.id)}/evidence/${fileId}`;
  return {
    assessmentId: assessment.id,
    vendorId: assessment.vendorId,
    status: assessment.status,
    score: assessment.score ?? null,
    domains: review.domains.map((d) => ({
      domain: d.domain,
      label: d.label,
      score: d.score,
      questions: d.rows.map((row) => {
        const q = row.question;
        const verdict = review.verdicts.find((v) => v.questionId === q.id);
        const thread = review.clarifications.find((c) => c.questionId === q.id);
        return {
          id: q.id,
          title: q.title,
          text: q.text,
          type: q.type,
          critical: q.critical,
          scored: q.scored,
          weight: q.weight,
          asked: row.visible,
          notAskedBecause: row.notAskedBecause ?? null,
          answer: row.answer ?? null,
          answerText: row.visible ? valueInWords(q, row.answer) : 'Not asked',
          answerSource: row.source,
          documentSource: review.sources[q.id] ? sourceView(review.sources[q.id]!) : null,
          ...(row.submitted !== undefined ? { submittedAnswer: row.submitted } : {}),
          gap: row.gap,
          findingId: findingOfQuestion(review, q.id)?.id ?? null,
          evidence: filesOfQuestion(review, row).map((f) => evidenceFileView(assessment.id, f)),
          verdict: verdict
            ? verdictView(verdict, verdict.answer !== undefined ? valueInWords(q, verdict.answer) : undefined)
            : null,
          clarification: thread ? clarificationView(thread, href, (v) => valueInWords(q, v as never)) : null,
        };
      }),
    })),
    evidence: review.evidence.map((f) => evidenceFileView(assessment.id, f)),
    sourceDocuments: sourceDocuments(review),
  };
}
