/**
 * Everything a reviewer reads about one submission, gathered once for the console and the JSON
 * API: every question by domain with the answer that counts, the finding it produced, its evidence
 * files, the reviewer's verdict and the clarification thread.
 */
import type { Deps } from '../composition.ts';
import {
  type DomainSection,
  type EffectiveAnswers,
  effectiveAnswers,
  type QuestionRow,
  reviewRows,
} from '../domain/review-desk.ts';
import { notFound } from '../errors.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { Finding } from '../schemas/finding.ts';
import type { Clarification, Verdict } from '../schemas/review-desk.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { type EvidenceFile, evidenceCatalogue, fileIdOf } from './evidence-files.ts';
import { type SourceForReview, sourcesForReview } from './evidence-reuse.ts';

export interface AssessmentReview {
  assessment: Assessment;
  vendor: Vendor;
  effective: EffectiveAnswers;
  domains: DomainSection[];
  findings: Finding[];
  clarifications: Clarification[];
  verdicts: Verdict[];
  evidence: EvidenceFile[];
  /** Answers taken from assurance documents, by question id, with how each document stands today. */
  sources: Record<string, SourceForReview>;
}

export async function loadAssessmentReview(deps: Deps, assessmentId: string): Promise<AssessmentReview> {
  const assessment = await deps.assessments.get(assessmentId);
  if (!assessment) throw notFound('Assessment', assessmentId);
  const vendor = await deps.vendors.get(assessment.vendorId);
  if (!vendor) throw notFound('Vendor', assessment.vendorId);
  const [findings, clarifications, verdicts, sources] = await Promise.all([
    deps.findings.listByAssessment(assessment.id),
    deps.reviewDesk.listClarifications(assessment.id),
    deps.reviewDesk.listVerdicts(assessment.id),
    sourcesForReview(deps, assessment),
  ]);
  const questions = assessment.questionnaire?.questions ?? [];
  const effective = effectiveAnswers(questions, assessment.answers, clarifications, verdicts);
  const domains = reviewRows({
    questions,
    intake: vendor.intake,
    submitted: assessment.answers,
    effective,
    domainScores: assessment.domainScores ?? [],
  });
  return {
    assessment,
    vendor,
    effective,
    domains,
    findings,
    clarifications,
    verdicts,
    evidence: evidenceCatalogue({ assessment, findings, clarifications }),
    sources,
  };
}

/** The files that belong to one question: its answer, fix reports of its finding, its thread. */
export function filesOfQuestion(review: AssessmentReview, row: QuestionRow): EvidenceFile[] {
  const ids = new Set(row.evidence.map(fileIdOf));
  return review.evidence.filter((f) => ids.has(f.fileId) || f.questionId === row.question.id);
}

export const findingOfQuestion = (review: AssessmentReview, questionId: string) =>
  review.findings.find((f) => f.questionId === questionId);
