/**
 * Knock-out answers for the questions the product ships, keyed by question id. Version 2 templates
 * carry them in their own data; version 1 was published before knock-outs existed, so the same marks
 * are laid over it when it loads (and when a stored v1 assessment is recomputed). A knock-out is a
 * decision rule, not content the vendor sees: adding one changes no question a vendor answered.
 */
import type { KnockOut } from '#shared/schemas/questionnaire.ts';

export const KNOCK_OUTS: Readonly<Record<string, KnockOut>> = {
  'baa-will-sign': {
    answers: ['no'],
    outcome: 'reject',
    reason:
      'The vendor will not sign our Business Associate Agreement with every required term; PHI may not be disclosed to it without one (45 CFR 164.502(e), 164.504(e)).',
  },
  'baa-subcontractor-baas': {
    answers: ['no'],
    outcome: 'reject',
    reason:
      'Subcontractors handle our PHI without a business associate agreement (45 CFR 164.502(e)(1)(ii), 164.308(b)(2)).',
  },
  'baa-breach-window': {
    answers: ['longer'],
    outcome: 'reject',
    reason:
      'The vendor will not commit to report breaches within 60 days, the legal maximum (45 CFR 164.410(b)).',
  },
  'enc-at-rest': {
    answers: ['no'],
    outcome: 'needs_review',
    reason:
      'ePHI is not encrypted at rest: a lost or stolen copy is unsecured PHI and a reportable breach (45 CFR 164.312(a)(2)(iv), 164.402).',
  },
  'gov-risk-analysis': {
    answers: ['no'],
    outcome: 'needs_review',
    reason:
      'The vendor has no risk analysis of the ePHI it holds, the first required safeguard (45 CFR 164.308(a)(1)(ii)(A)).',
  },
};

/** Lays the knock-out marks over questions that carry none (a v1 template or its frozen copy). */
export function withKnockOuts<Q extends { id: string; knockOut?: KnockOut }>(questions: readonly Q[]): Q[] {
  return questions.map((q) => (q.knockOut || !KNOCK_OUTS[q.id] ? q : { ...q, knockOut: KNOCK_OUTS[q.id] }));
}
