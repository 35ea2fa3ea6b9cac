/** What the API returns for each aggregate: the record minus internals (link hashes, frozen text). */
import type { Assessment } from '../schemas/assessment.ts';
import type { Finding } from '../schemas/finding.ts';
import * as z from '../schemas/zod.ts';

export function assessmentView(a: Assessment) {
  const { linkTokenHash: _hash, questionnaire, ...rest } = a;
  return {
    ...rest,
    questionnaire: questionnaire
      ? {
          templateId: questionnaire.templateId,
          version: questionnaire.version,
          title: questionnaire.title,
          questionCount: questionnaire.questions.length,
        }
      : null,
  };
}

export function staffFindingView(f: Finding) {
  const { due, dueShard: _shard, ...rest } = f;
  return {
    ...rest,
    ladder: due
      ? { kind: due.kind, done: due.ladder?.done ?? [], nextActionAt: f.nextActionAt ?? null }
      : null,
  };
}

export const AssessmentViewSchema = z.looseObject({
  id: z.string(),
  vendorId: z.string(),
  status: z.string(),
  dueAt: z.optional(z.string()),
  score: z.optional(z.number()),
  questionnaire: z.nullable(
    z.object({ templateId: z.string(), version: z.number(), title: z.string(), questionCount: z.number() }),
  ),
});
