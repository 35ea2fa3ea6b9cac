/**
 * Build- and test-time validation of the shipped questionnaire templates (run by the unit tests and
 * by `cdk synth` through infra/build-app.ts). Each template must parse, parse to exactly the data
 * the functions ship (defaults applied by `withDefaults`), be defined once, and every tier must be
 * served by some template.
 */
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '#shared/errors.ts';
import { TIER_ORDER } from '#shared/schemas/core.ts';
import type { QuestionnaireTemplateInput } from '#shared/schemas/questionnaire.ts';
import { loadTemplate, SHIPPED_TEMPLATES, withDefaults } from './index.ts';

export function validateShippedTemplates(
  shipped: readonly QuestionnaireTemplateInput[] = SHIPPED_TEMPLATES,
): void {
  const parsed = shipped.map((t) => {
    const template = loadTemplate(t);
    if (!isDeepStrictEqual(template, withDefaults(t))) {
      throw new AppError(
        'invalid_template',
        `Questionnaire template ${template.id} v${template.version} parses to different data than it ships (a schema default or transform that withDefaults does not apply)`,
        500,
      );
    }
    return template;
  });
  const keys = parsed.map((t) => `${t.id}@${t.version}`);
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate)
    throw new AppError('invalid_template', `Questionnaire template ${duplicate} is defined twice`, 500);
  const unserved = TIER_ORDER.filter((tier) => !parsed.some((t) => t.tiers.includes(tier)));
  if (unserved.length > 0) {
    throw new AppError(
      'invalid_template',
      `No questionnaire template serves tier(s): ${unserved.join(', ')}`,
      500,
    );
  }
}
