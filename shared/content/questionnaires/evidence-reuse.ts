/**
 * Evidence reuse (issue 15 item 4, docs/assurance.md "Evidence reuse"): which confirmed, current
 * assurance documents can answer which questions, keyed by question id. Version 2 templates carry
 * the marks in their own data (`answerFrom`); version 1 was published before documents existed, so
 * the same marks are laid over it when it loads, like the knock-outs. A mark changes no question
 * text: it only lets the portal offer the vendor an answer the vendor then confirms.
 *
 * Policy, not law: HIPAA asks for a periodic evaluation (45 CFR 164.308(a)(8)) and names no report.
 * Questions about cyber insurance are not asked in v1 or v2 (insurance is on the intake), so the
 * cyber insurance document answers no question yet.
 */
import type { AnswerFrom } from '#shared/schemas/questionnaire.ts';

export const EVIDENCE_REUSE: Readonly<Record<string, AnswerFrom>> = {
  'gov-independent-audit': {
    documents: [
      { type: 'soc2', where: { reportType: ['type2'] } },
      { type: 'hitrust', where: { assessment: ['r2', 'i1'] } },
      { type: 'iso27001' },
    ],
    answer: { value: 'yes' },
    why: 'A current SOC 2 Type II report, HITRUST r2 or i1 certification or ISO/IEC 27001 certificate is an independent assessment of the controls within the last 12 months. A SOC 2 Type I (design at one date) and a HITRUST e1 (a narrow baseline) are not.',
  },
  'vuln-pen-test': {
    documents: [{ type: 'pen_test', where: { openCritical: [0], openHigh: [0] } }],
    answer: { value: 'yes' },
    why: 'A current penetration test (within 12 months) with no critical or high issue left open shows the test and the retest of what it found; one with open issues is answered by the vendor.',
  },
  'vuln-pen-test-date': {
    documents: [{ type: 'pen_test' }],
    answer: { field: 'testedOn' },
    why: 'The date the confirmed penetration test finished, as compliance confirmed it against the report.',
  },
};

/** Lays the reuse marks over questions that carry none (a v1 template or its frozen copy). */
export function withEvidenceReuse<Q extends { id: string; answerFrom?: AnswerFrom }>(
  questions: readonly Q[],
): Q[] {
  return questions.map((q) =>
    q.answerFrom || !EVIDENCE_REUSE[q.id] ? q : { ...q, answerFrom: structuredClone(EVIDENCE_REUSE[q.id]) },
  );
}
