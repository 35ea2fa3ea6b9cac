/**
 * Evidence reuse (docs/assurance.md, "Evidence reuse"): an answer taken from a confirmed, current
 * assurance document. The client names the document; the server pins what it stores — the
 * document's current version, its file's SHA-256 and the fields it was confirmed with — so what the
 * reviewer opens is what answered the question, whatever happens to the document later.
 */
import { IsoTime, SingleLine } from './core.ts';
import * as z from './zod.ts';

/** What a client sends per question id: the document whose answer it takes (`null` drops it). */
export const AnswerSourceRequest = z.nullable(z.strictObject({ documentId: SingleLine(60) }));
/** At most one per question: 500 is well above the largest questionnaire (62) and keeps a refusal's list small. */
export const MAX_SOURCES = 500;
export const AnswerSourcesRequest = z.record(z.string().check(z.maxLength(80)), AnswerSourceRequest).check(
  z.refine((sources) => Object.keys(sources).length <= MAX_SOURCES, {
    message: `Name at most ${MAX_SOURCES} sources, one per question`,
  }),
);
export type AnswerSourcesRequest = z.infer<typeof AnswerSourcesRequest>;

/** What is stored with the answer (assessment `answerSources`, by question id). */
export const AnswerSource = z.object({
  documentId: z.string(),
  documentType: z.enum(['soc2', 'hitrust', 'iso27001', 'pen_test', 'cyber_insurance']),
  /** The document version that answered, its file and the file's SHA-256 (the pinned bytes). */
  version: z.number(),
  fileName: z.string(),
  sha256: z.string(),
  /** In words: "SOC 2 report (Type II), period January 1, 2025 to December 31, 2025, Acme Audit LLP". */
  description: z.string(),
  /** The answer the document gave (the answer stored for the question is this value). */
  answer: z.string(),
  confirmedAt: IsoTime,
  /** The document was current until then when it answered. */
  currentUntil: IsoTime,
  /** When the vendor chose it (the last save that kept it). */
  usedAt: IsoTime,
});
export type AnswerSource = z.infer<typeof AnswerSource>;
