/**
 * Evidence reuse (issue 15 item 4, docs/assurance.md "Evidence reuse"): answers a vendor takes from
 * its confirmed, current assurance documents. The portal proposes them (`answerProposals`), the
 * vendor confirms by sending the document with the answer (`chooseSources`), and the assessment
 * stores the source with the answer, pinned to the document version and its file's SHA-256. The
 * reviewer sees how the source stands today (`sourcesForReview`); a submitted answer never changes.
 */
import { assuranceRepository } from '../adapters/dynamodb/assurance-repository.ts';
import type { Deps } from '../composition.ts';
import { withReuseRules } from '../content/questionnaires/index.ts';
import { withStaleDates } from '../domain/assurance-freshness.ts';
import {
  documentAnswer,
  proposalFor,
  type ReuseDocument,
  type ReuseProblem,
  type SourceStanding,
  sourceStanding,
} from '../domain/evidence-reuse.ts';
import { valueInWords } from '../domain/review-desk.ts';
import { formatDate } from '../email/layout.ts';
import { AppError } from '../errors.ts';
import { type AnswerSource, AnswerSourcesRequest } from '../schemas/answer-source.ts';
import type { Assessment } from '../schemas/assessment.ts';
import { ASSURANCE_TYPE_LABELS, type AssuranceDocument, type AssuranceFields } from '../schemas/assurance.ts';
import type { Question } from '../schemas/questionnaire.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { policiesOf } from './policies.ts';
import { parseInput } from './validation.ts';

type Doc = ReuseDocument & { latestVersion: number; doc: AssuranceDocument };

const day = (d: string) => formatDate(`${d}T00:00:00Z`);
const HITRUST_WORDS = { r2: 'r2', i1: 'i1', e1: 'e1' } as const;

/**
 * A document in words, to follow "Your …" or "Answered from …": "SOC 2 report (Type II), period
 * January 1, 2025 to December 31, 2025, Acme Audit LLP", "penetration test by Red Team Ltd, finished …".
 */
export function describeDocument(fields: AssuranceFields): string {
  switch (fields.type) {
    case 'soc2':
      return `SOC 2 report (${fields.reportType === 'type2' ? 'Type II' : 'Type I'}), period ${day(fields.periodStart)} to ${day(fields.periodEnd)}, ${fields.auditor}`;
    case 'hitrust':
      return `HITRUST ${HITRUST_WORDS[fields.assessment]} certification of ${day(fields.certifiedOn)}, expires ${day(fields.expiresOn)}`;
    case 'iso27001':
      return `ISO/IEC 27001 certificate ${fields.certificateNumber}, expires ${day(fields.expiresOn)}`;
    case 'pen_test':
      return `penetration test by ${fields.firm}, finished ${day(fields.testedOn)}`;
    case 'cyber_insurance':
      return `cyber insurance with ${fields.carrier}, expires ${day(fields.expiresOn)}`;
    case 'bridge_letter':
      return `bridge letter through ${day(fields.throughDate)}`;
  }
}

/** Why a document cannot answer, in words; the HTTP status says whose move it is. */
const PROBLEMS: Record<ReuseProblem | 'answer_differs_from_document' | 'unknown_question', [number, string]> =
  {
    document_not_on_file: [400, 'This document is not on file for your organisation'],
    document_cannot_answer: [400, 'This kind of document cannot answer this question'],
    document_not_confirmed: [409, 'Our compliance team has not confirmed this document yet'],
    document_not_current: [409, 'This document is no longer current; answer the question yourself'],
    answer_differs_from_document: [
      400,
      'The answer differs from what the document says; to answer differently, stop using the document for this question',
    ],
    unknown_question: [400, 'There is no such question in this questionnaire'],
  };

/** The vendor's documents as the reuse rule reads them: currency from confirmed documents only. */
export async function reuseDocuments(deps: Deps, vendorId: string): Promise<Doc[]> {
  const docs = await assuranceRepository(deps).listDocuments(vendorId);
  const confirmed = docs.filter((d) => d.status === 'confirmed');
  const until = new Map(
    withStaleDates(confirmed, policiesOf(deps).assurance).map((e) => [e.doc.id, e.staleAt]),
  );
  return docs.map((d) => ({
    id: d.id,
    vendorId: d.vendorId,
    type: d.type,
    status: d.status,
    fields: d.fields as Doc['fields'],
    currentUntil: until.get(d.id) ?? null,
    latestVersion: d.versions.at(-1)?.version ?? 0,
    doc: d,
  }));
}

/** The questions this vendor answers, with the reuse marks of their template version. */
function questionsOf(assessment: Assessment, vendor: Vendor): Question[] {
  if (!assessment.questionnaire) return [];
  return withReuseRules(assessment.questionnaire).filter((q) => !q.phiOnly || vendor.intake.handlesPhi);
}

function sourceOf(doc: Doc, answer: string, at: string, earlier?: AnswerSource): AnswerSource {
  const latest = doc.doc.versions.at(-1)!;
  const kept = earlier && earlier.documentId === doc.id && earlier.version === latest.version;
  return {
    documentId: doc.id,
    documentType: doc.type as AnswerSource['documentType'],
    version: latest.version,
    fileName: latest.file.fileName,
    sha256: latest.file.sha256,
    description: describeDocument(doc.doc.fields),
    answer,
    confirmedAt: doc.doc.confirmation?.at ?? at,
    currentUntil: doc.currentUntil!,
    usedAt: kept ? earlier.usedAt : at,
  };
}

export interface AnswerProposal {
  questionId: string;
  documentId: string;
  documentType: AnswerSource['documentType'];
  documentLabel: string;
  description: string;
  version: number;
  fileName: string;
  sha256: string;
  answer: string;
  answerText: string;
  confirmedAt: string;
  currentUntil: string;
  /** What the portal says on the question. */
  prompt: string;
}

/** For each question a confirmed, current document of this vendor can answer: the proposal. */
export async function answerProposals(
  deps: Deps,
  assessment: Assessment,
  vendor: Vendor,
): Promise<AnswerProposal[]> {
  const questions = questionsOf(assessment, vendor).filter((q) => q.answerFrom);
  if (questions.length === 0) return [];
  const docs = await reuseDocuments(deps, vendor.id);
  const ctx = { vendorId: vendor.id, now: deps.clock.now() };
  const at = ctx.now.toISOString();
  return questions.flatMap((q) => {
    const found = proposalFor(q.answerFrom, docs, ctx);
    if (!found) return [];
    const source = sourceOf(found.doc, found.answer, at);
    const answerText = valueInWords(q, found.answer);
    return [
      {
        questionId: q.id,
        documentId: source.documentId,
        documentType: source.documentType,
        documentLabel: ASSURANCE_TYPE_LABELS[source.documentType],
        description: source.description,
        version: source.version,
        fileName: source.fileName,
        sha256: source.sha256,
        answer: found.answer,
        answerText,
        confirmedAt: source.confirmedAt,
        currentUntil: source.currentUntil,
        prompt: `Your ${source.description} (confirmed by our compliance team, current until ${formatDate(source.currentUntil)}) can answer this: “${answerText}”.`,
      },
    ];
  });
}

type Raw = Record<string, unknown>;
const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Reads the sources a save or submit names (or, when it names none, keeps the stored ones whose
 * answer it still gives), checks each document against the rule and fills an unanswered question
 * with the document's answer. Refuses (4xx, code per problem, one entry per question) a document
 * that is another organisation's, cannot answer the question, is unconfirmed or out of date, or an
 * answer that differs from the document's. A saved source the request did not name that can no
 * longer answer is dropped from a draft (the answer stays, as the vendor's own) but refused at
 * submit. `finish` keeps the sources of the answers that survive validation (a question hidden by
 * the answers loses its source with its answer).
 */
export async function chooseSources(
  deps: Deps,
  assessment: Assessment,
  vendor: Vendor,
  input: { answers?: unknown; sources?: unknown },
  mode: 'draft' | 'submit' = 'submit',
) {
  const stored = assessment.answerSources ?? {};
  const answers: unknown =
    input.answers && typeof input.answers === 'object' && !Array.isArray(input.answers)
      ? { ...(input.answers as Raw) }
      : input.answers;
  const raw = answers as Raw;
  const wanted = new Map<string, string>();
  if (input.sources !== undefined) {
    for (const [qid, ref] of Object.entries(parseInput(AnswerSourcesRequest, input.sources, 'sources'))) {
      if (ref) wanted.set(qid, ref.documentId);
    }
  } else if (typeof raw === 'object' && raw !== null) {
    for (const [qid, s] of Object.entries(stored)) if (raw[qid] === s.answer) wanted.set(qid, s.documentId);
  }
  const chosen: Record<string, AnswerSource> = {};
  if (wanted.size > 0) {
    if (typeof raw !== 'object' || raw === null) {
      throw new AppError('invalid_request', 'The answers must be an object of question ids', 400);
    }
    const questions = questionsOf(assessment, vendor);
    const docs = await reuseDocuments(deps, vendor.id);
    const now = deps.clock.now();
    const errors: { questionId: string; code: string; message: string }[] = [];
    const refuse = (questionId: string, code: keyof typeof PROBLEMS, detail = '') =>
      errors.push({ questionId, code, message: `${PROBLEMS[code][1]}${detail}` });
    for (const [qid, documentId] of wanted) {
      const q = questions.find((x) => x.id === qid);
      if (!q) {
        refuse(qid, 'unknown_question');
        continue;
      }
      const doc = docs.find((d) => d.id === documentId);
      const check = doc
        ? documentAnswer(q.answerFrom, doc, { vendorId: vendor.id, now })
        : ({ ok: false, problem: 'document_not_on_file' } as const);
      if (!check.ok && mode === 'draft' && input.sources === undefined) continue;
      if (!check.ok) {
        const until = check.problem === 'document_not_current' && doc?.currentUntil;
        refuse(qid, check.problem, until ? ` (it was current until ${formatDate(until)})` : '');
        continue;
      }
      if (isBlank(raw[qid])) raw[qid] = check.answer;
      else if (raw[qid] !== check.answer) {
        refuse(qid, 'answer_differs_from_document', ` (it answers “${valueInWords(q, check.answer)}”)`);
        continue;
      }
      chosen[qid] = sourceOf(doc!, check.answer, now.toISOString(), stored[qid]);
    }
    const first = errors[0];
    if (first) {
      throw new AppError(
        first.code,
        `${q(questions, first.questionId)}: ${first.message}`,
        PROBLEMS[first.code as keyof typeof PROBLEMS][0],
        errors,
      );
    }
  }
  return {
    answers,
    /** The sources of the answers as validated (only those whose answer is still the document's). */
    finish(validated: Record<string, unknown>): Record<string, AnswerSource> | undefined {
      const kept = Object.entries(chosen).filter(([qid, s]) => validated[qid] === s.answer);
      return kept.length ? Object.fromEntries(kept) : undefined;
    },
  };
}

const q = (questions: readonly Question[], id: string) => questions.find((x) => x.id === id)?.title ?? id;

const STANDING_WORDS: Record<SourceStanding, string> = {
  current: 'The document is still current.',
  out_of_date: 'The document is now out of date: ask the vendor for a current one.',
  replaced: 'The vendor has since added a newer version of the document.',
  unconfirmed: 'The document is waiting for compliance to confirm it again.',
  corrected: 'Compliance has since corrected the document, and it no longer gives this answer.',
  removed: 'The document is no longer on file.',
};

export interface SourceForReview extends AnswerSource {
  documentLabel: string;
  standing: SourceStanding;
  standingText: string;
  /** Staff: the pinned version's file (redirects to a short-lived URL). */
  href: string;
  /** "Answered from SOC 2 report (Type II), period …, confirmed January 5, 2026". */
  summary: string;
}

/** The sources of an assessment's answers, with how each stands today (reads documents only if any). */
export async function sourcesForReview(
  deps: Deps,
  assessment: Assessment,
): Promise<Record<string, SourceForReview>> {
  const sources = Object.entries(assessment.answerSources ?? {});
  if (sources.length === 0) return {};
  const docs = await reuseDocuments(deps, assessment.vendorId);
  const now = deps.clock.now();
  const rules = new Map(
    (assessment.questionnaire ? withReuseRules(assessment.questionnaire) : []).map((q) => [
      q.id,
      q.answerFrom,
    ]),
  );
  return Object.fromEntries(
    sources.map(([qid, s]) => {
      const standing = sourceStanding(
        s,
        docs.find((d) => d.id === s.documentId),
        now,
        rules.get(qid),
      );
      return [
        qid,
        {
          ...s,
          documentLabel: ASSURANCE_TYPE_LABELS[s.documentType],
          standing,
          standingText: STANDING_WORDS[standing],
          href: `/vendors/${encodeURIComponent(assessment.vendorId)}/assurance/${encodeURIComponent(s.documentId)}/versions/${s.version}`,
          summary: `Answered from ${s.description}, confirmed ${formatDate(s.confirmedAt)}`,
        },
      ];
    }),
  );
}
