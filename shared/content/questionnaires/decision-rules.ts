/**
 * The decision rules (knock-out answers) of a stored questionnaire, without loading the templates:
 * the review workflow function needs only the marks, not ~40 KB of question text. Every shipped
 * template marks exactly the questions of the knock-out table (./knock-outs.ts) with its rule,
 * version 1 by overlay, later versions in their data; test/unit/decision-rules.test.ts holds this
 * (and this list) against the shipped templates, so a version that marks differently fails there.
 */
import type { FrozenQuestionnaire } from '#shared/schemas/questionnaire.ts';
import { KNOCK_OUTS } from './knock-outs.ts';

/** `templateId@version` of every shipped template (a copy of anything else gets no rules). */
export const SHIPPED_TEMPLATE_KEYS: ReadonlySet<string> = new Set([
  'hipaa-vendor-essentials@1',
  'hipaa-vendor-security@1',
  'hipaa-vendor-essentials@2',
  'hipaa-vendor-security@2',
]);

/**
 * The decision rules for a stored questionnaire: a copy frozen before knock-outs existed gets the
 * marks of its shipped template version (the questions the vendor answered are unchanged).
 */
export function withDecisionRules(frozen: FrozenQuestionnaire): FrozenQuestionnaire['questions'] {
  if (!SHIPPED_TEMPLATE_KEYS.has(`${frozen.templateId}@${frozen.version}`)) return frozen.questions;
  return frozen.questions.map((q) => {
    if (q.knockOut) return q;
    const rule = KNOCK_OUTS[q.id];
    return rule ? { ...q, knockOut: structuredClone(rule) } : q;
  });
}
