/**
 * The questionnaire templates the product ships, as data. They are validated at build and test time
 * (`validateShippedTemplates` in ./validate.ts runs in the unit tests and at `cdk synth`), so a
 * broken content edit fails in CI instead of in a vendor's browser — and not at every cold start
 * (parsing them at module load cost ~40 ms of each function's init).
 */
import { AppError } from '#shared/errors.ts';
import type { Tier } from '#shared/schemas/core.ts';
import {
  type FrozenQuestionnaire,
  QuestionnaireTemplate,
  type QuestionnaireTemplateInput,
} from '#shared/schemas/questionnaire.ts';
import { withEvidenceReuse } from './evidence-reuse.ts';
import { hipaaVendorEssentialsV1 } from './hipaa-vendor-essentials.v1.ts';
import { hipaaVendorEssentialsV2 } from './hipaa-vendor-essentials.v2.ts';
import { hipaaVendorSecurityV1 } from './hipaa-vendor-security.v1.ts';
import { hipaaVendorSecurityV2 } from './hipaa-vendor-security.v2.ts';
import { withKnockOuts } from './knock-outs.ts';

const pathOf = (path: readonly PropertyKey[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('') ||
  '(root)';

/**
 * Parses and validates a template. Throws AppError `invalid_template` naming the template and every
 * problem found ("questions[3].showIf: Question 'x' shows on 'y', which is not an earlier question").
 */
export function loadTemplate(input: unknown): QuestionnaireTemplate {
  const parsed = QuestionnaireTemplate.safeParse(input);
  if (parsed.success) return parsed.data;
  const raw = (typeof input === 'object' && input !== null ? input : {}) as {
    id?: unknown;
    version?: unknown;
  };
  const name = `${typeof raw.id === 'string' ? raw.id : '(no id)'} v${typeof raw.version === 'number' ? raw.version : '?'}`;
  const problems = parsed.error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`);
  throw new AppError(
    'invalid_template',
    `Questionnaire template ${name} is invalid: ${problems.join('; ')}`,
    500,
    {
      problems,
    },
  );
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The content files, as written (`required` may be omitted). Add a new template here. */
export const SHIPPED_TEMPLATES: readonly QuestionnaireTemplateInput[] = [
  // Version 1 predates knock-outs and evidence reuse in template data: the marks are laid over it
  // (knock-outs.ts, evidence-reuse.ts).
  {
    ...hipaaVendorEssentialsV1,
    questions: withEvidenceReuse(withKnockOuts(hipaaVendorEssentialsV1.questions)),
  },
  { ...hipaaVendorSecurityV1, questions: withEvidenceReuse(withKnockOuts(hipaaVendorSecurityV1.questions)) },
  // Version 2 carries its knock-outs and PHI-only marks in its own data; new sends get it.
  hipaaVendorEssentialsV2,
  hipaaVendorSecurityV2,
];

/**
 * The schema's defaults, applied without parsing (`required` defaults to true). The validation in
 * ./validate.ts checks that this gives exactly what `loadTemplate` would, so the two cannot drift.
 */
export function withDefaults(input: QuestionnaireTemplateInput): QuestionnaireTemplate {
  return { ...input, questions: input.questions.map((q) => ({ ...q, required: q.required ?? true })) };
}

/** Every shipped template, with defaults applied and deep-frozen (shared content must not be mutated). */
export const templates: readonly QuestionnaireTemplate[] = SHIPPED_TEMPLATES.map((t) =>
  deepFreeze(withDefaults(t)),
);

/** The template with this id and version, or undefined (an old assessment carries its own frozen copy). */
export function getTemplate(id: string, version: number): QuestionnaireTemplate | undefined {
  return templates.find((t) => t.id === id && t.version === version);
}

/** The newest template serving `tier`; every tier is served (checked by ./validate.ts). */
export function templateForTier(tier: Tier): QuestionnaireTemplate {
  const candidates = templates.filter((t) => t.tiers.includes(tier));
  const newest = candidates.reduce<QuestionnaireTemplate | undefined>(
    (best, t) => (best === undefined || t.version > best.version ? t : best),
    undefined,
  );
  if (!newest)
    throw new AppError('invalid_template', `No questionnaire template serves the ${tier} tier`, 500);
  return newest;
}

/**
 * The copy an assessment stores when it is sent: a deep, unfrozen clone, so later template edits
 * (or mutation of the stored copy) never reach one another.
 */
export function freezeTemplate(template: QuestionnaireTemplate): FrozenQuestionnaire {
  return structuredClone({
    templateId: template.id,
    version: template.version,
    title: template.title,
    questions: template.questions,
  });
}

/**
 * A stored questionnaire with the marks of its shipped template version: a copy frozen before a
 * kind of mark existed (knock-outs, evidence reuse) gets it from its template (the questions the
 * vendor answers are unchanged; a mark the copy carries wins).
 */
function withShippedMarks(
  frozen: FrozenQuestionnaire,
  mark: 'knockOut' | 'answerFrom',
): FrozenQuestionnaire['questions'] {
  const shipped = getTemplate(frozen.templateId, frozen.version);
  return frozen.questions.map((q) => {
    if (q[mark]) return q;
    const rule = shipped?.questions.find((s) => s.id === q.id)?.[mark];
    return rule ? { ...q, [mark]: structuredClone(rule) } : q;
  });
}

// The decision rules of a stored copy live beside (no template text needed to apply them).
export { withDecisionRules } from './decision-rules.ts';

/** The evidence-reuse marks for a stored questionnaire (docs/assurance.md, "Evidence reuse"). */
export const withReuseRules = (frozen: FrozenQuestionnaire) => withShippedMarks(frozen, 'answerFrom');
