/**
 * The review applies a stored questionnaire's knock-out rules without loading the templates
 * (shared/content/questionnaires/decision-rules.ts). These tests hold that shortcut against the
 * templates themselves: the rules it lays over a copy are exactly the ones the shipped template
 * version carries, for copies frozen with and without their marks.
 */
import { describe, expect, it } from 'vitest';
import { SHIPPED_TEMPLATE_KEYS, withDecisionRules } from '#shared/content/questionnaires/decision-rules.ts';
import { freezeTemplate, getTemplate, templates } from '#shared/content/questionnaires/index.ts';
import type { FrozenQuestionnaire } from '#shared/schemas/questionnaire.ts';

const unmarked = (frozen: FrozenQuestionnaire): FrozenQuestionnaire => ({
  ...frozen,
  questions: frozen.questions.map(({ knockOut: _ignored, ...q }) => q),
});

describe('decision rules of a stored questionnaire', () => {
  it('names exactly the shipped templates', () => {
    expect([...SHIPPED_TEMPLATE_KEYS].sort()).toEqual(templates.map((t) => `${t.id}@${t.version}`).sort());
  });

  for (const template of templates) {
    const key = `${template.id} v${template.version}`;
    it(`${key}: a copy frozen without its marks gets exactly the template's rules`, () => {
      const expected = getTemplate(template.id, template.version)!.questions.map((q) => q.knockOut);
      const got = withDecisionRules(unmarked(freezeTemplate(template))).map((q) => q.knockOut);
      expect(got).toEqual(expected);
      expect(got.filter(Boolean).length, `${key} has knock-out questions`).toBeGreaterThan(0);
    });

    it(`${key}: a copy that carries its marks keeps them, and gets a copy of a rule, not the table's`, () => {
      const frozen = freezeTemplate(template);
      expect(withDecisionRules(frozen)).toEqual(frozen.questions);
      const ruled = withDecisionRules(unmarked(frozen)).find((q) => q.knockOut)!;
      ruled.knockOut!.answers.push('mutated');
      expect(
        withDecisionRules(unmarked(frozen)).find((q) => q.id === ruled.id)!.knockOut!.answers,
      ).not.toContain('mutated');
    });
  }

  it('a copy of a template the product does not ship gets no rules', () => {
    const frozen = unmarked(freezeTemplate(templates[0]!));
    const other = { ...frozen, templateId: 'custom-questionnaire' };
    expect(withDecisionRules(other).every((q) => q.knockOut === undefined)).toBe(true);
    const future = { ...frozen, version: 99 };
    expect(withDecisionRules(future).every((q) => q.knockOut === undefined)).toBe(true);
  });
});
