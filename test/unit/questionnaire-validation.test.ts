/**
 * The shipped templates are validated at build and test time, not when a function loads: this file
 * is that check, and proves the check can fail.
 */
import { describe, expect, it } from 'vitest';
import { hipaaVendorEssentialsV1 } from '#shared/content/questionnaires/hipaa-vendor-essentials.v1.ts';
import { hipaaVendorSecurityV1 } from '#shared/content/questionnaires/hipaa-vendor-security.v1.ts';
import { loadTemplate, SHIPPED_TEMPLATES, templates } from '#shared/content/questionnaires/index.ts';
import { validateShippedTemplates } from '#shared/content/questionnaires/validate.ts';

describe('build-time validation of the shipped questionnaire templates', () => {
  it('passes for the templates the product ships', () => {
    expect(() => validateShippedTemplates()).not.toThrow();
  });

  it('the shipped data is exactly what parsing each content file gives', () => {
    expect(templates).toEqual(SHIPPED_TEMPLATES.map((t) => loadTemplate(t)));
    // `required` defaults to true when a content file omits it.
    expect(templates.every((t) => t.questions.every((q) => typeof q.required === 'boolean'))).toBe(true);
  });

  it('fails on a template defined twice', () => {
    expect(() =>
      validateShippedTemplates([hipaaVendorSecurityV1, hipaaVendorSecurityV1, hipaaVendorEssentialsV1]),
    ).toThrow(/hipaa-vendor-security@1 is defined twice/);
  });

  it('fails when a tier is served by no template', () => {
    // The essentials template alone serves only the low tier.
    expect(() => validateShippedTemplates([hipaaVendorEssentialsV1])).toThrow(
      /serves tier\(s\): moderate, high, critical/,
    );
  });

  it('fails on an invalid template, naming the problem', () => {
    const broken = { ...hipaaVendorSecurityV1, id: 'Not Kebab' };
    expect(() => validateShippedTemplates([broken, hipaaVendorEssentialsV1])).toThrow(/kebab-case/);
  });
});
