import { describe, expect, it } from 'vitest';
import { hipaaVendorSecurityV1 } from '#shared/content/questionnaires/hipaa-vendor-security.v1.ts';
import {
  freezeTemplate,
  getTemplate,
  loadTemplate,
  templateForTier,
  templates,
} from '#shared/content/questionnaires/index.ts';
import { visibleQuestions } from '#shared/domain/question-visibility.ts';
import type { Tier } from '#shared/schemas/core.ts';
import type { Intake } from '#shared/schemas/intake.ts';
import {
  DOMAIN_ORDER,
  FrozenQuestionnaire,
  type QuestionInput,
  QuestionnaireTemplate,
  type QuestionnaireTemplateInput,
} from '#shared/schemas/questionnaire.ts';

const full = getTemplate('hipaa-vendor-security', 1)!;
const essentials = getTemplate('hipaa-vendor-essentials', 1)!;

const intake = (over: Partial<Intake> = {}): Intake => ({
  handlesPhi: true,
  medicalDevice: false,
  systemAccess: 'user',
  recordVolume: '500_to_10k',
  criticalClinicalFunction: false,
  ...over,
});

const yesNo = (id: string, over: Partial<QuestionInput> = {}): QuestionInput => ({
  id,
  domain: 'governance',
  title: id,
  text: `Question ${id}?`,
  help: '',
  type: 'yes_no',
  weight: 3,
  critical: false,
  citations: ['45 CFR 164.308(a)(1)'],
  remediation: 'Fix it.',
  scored: true,
  ...over,
});

const template = (questions: QuestionInput[]): QuestionnaireTemplateInput => ({
  id: 'broken-template',
  version: 3,
  title: 'Broken',
  description: '',
  tiers: ['low'],
  questions,
});

describe('shipped questionnaire templates', () => {
  it.each(templates.map((t) => [`${t.id} v${t.version}`, t] as const))(
    '%s is a valid template',
    (_name, t) => {
      // Act
      const parsed = QuestionnaireTemplate.safeParse(structuredClone(t));

      // Assess
      expect(parsed.success).toBe(true);
    },
  );

  it.each(templates.map((t) => [t.id, t] as const))('%s has unique question ids', (_name, t) => {
    const ids = t.questions.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(templates.map((t) => [t.id, t] as const))(
    '%s cites a source for every scored question',
    (_name, t) => {
      const uncited = t.questions.filter((q) => q.scored && q.citations.length === 0).map((q) => q.id);
      expect(uncited).toEqual([]);
    },
  );

  it('the full assessment v1 has 47 questions covering the 12 domains it was written for', () => {
    expect(full.questions.length).toBe(47);
    expect(new Set(full.questions.map((q) => q.domain))).toEqual(
      new Set(DOMAIN_ORDER.filter((d) => d !== 'physical_safeguards')),
    );
    expect(DOMAIN_ORDER).toHaveLength(13);
  });

  it('the full assessment uses every question type', () => {
    expect(new Set(full.questions.map((q) => q.type))).toEqual(
      new Set(['yes_no', 'single_choice', 'multi_choice', 'number', 'date', 'text', 'evidence']),
    );
  });

  it.each([
    'gov-risk-analysis',
    'gov-risk-management',
    'baa-will-sign',
    'baa-subcontractor-baas',
    'baa-breach-window',
    'asset-inventory',
    'asset-media-sanitisation',
    'hard-defaults-removed',
    'vuln-critical-patch-days',
    'vuln-kev',
    'access-unique-ids',
    'access-mfa',
    'enc-at-rest',
    'enc-in-transit',
    'log-audit-review',
    'ir-plan-tested',
    'bcp-backups',
    'dev-sbom',
    'dev-patching',
  ])('%s is critical, as in the domain question bank', (id) => {
    expect(full.questions.find((q) => q.id === id)?.critical).toBe(true);
  });

  it('the essentials questionnaire is 12-15 questions reused verbatim from the full one', () => {
    expect(essentials.questions.length).toBeGreaterThanOrEqual(12);
    expect(essentials.questions.length).toBeLessThanOrEqual(15);
    for (const q of essentials.questions) expect(q).toEqual(full.questions.find((f) => f.id === q.id));
  });

  it.each<[Tier, string]>([
    ['low', 'hipaa-vendor-essentials'],
    ['moderate', 'hipaa-vendor-security'],
    ['high', 'hipaa-vendor-security'],
    ['critical', 'hipaa-vendor-security'],
  ])('a %s-tier vendor gets %s', (tier, id) => {
    expect(templateForTier(tier).id).toBe(id);
  });

  it('an unknown template version is not found', () => {
    expect(getTemplate('hipaa-vendor-security', 99)).toBeUndefined();
    expect(getTemplate('nope', 1)).toBeUndefined();
  });

  it('shipped templates cannot be mutated at runtime', () => {
    expect(() => {
      (full.questions[0] as { text: string }).text = 'changed';
    }).toThrow(TypeError);
  });
});

describe('conditional questions in the full assessment', () => {
  const ids = (i: Intake, answers = {}) => visibleQuestions(full.questions, i, answers).map((q) => q.id);

  it.each([
    ['a non-device vendor', false, 0],
    ['a device vendor', true, 3],
  ] as const)('%s sees %i medical-device questions', (_name, medicalDevice, expected) => {
    const shown = visibleQuestions(full.questions, intake({ medicalDevice }), {});
    expect(shown.filter((q) => q.domain === 'medical_devices')).toHaveLength(expected);
  });

  it('the subcontractor list and sub-BAA questions appear only after a "yes"', () => {
    expect(ids(intake())).not.toContain('baa-subcontractor-list');
    expect(ids(intake(), { 'baa-uses-subcontractors': 'no' })).not.toContain('baa-subcontractor-baas');
    expect(ids(intake(), { 'baa-uses-subcontractors': 'yes' })).toEqual(
      expect.arrayContaining(['baa-subcontractor-list', 'baa-subcontractor-baas']),
    );
  });

  it('a vendor that handles no PHI is not asked to sign a BAA, nor about PHI subcontractors', () => {
    const shown = ids(intake({ handlesPhi: false }), { 'baa-uses-subcontractors': 'yes' });
    expect(shown).not.toContain('baa-will-sign');
    expect(shown).not.toContain('baa-subcontractor-list');
  });
});

describe('template validation at load', () => {
  it.each<[string, QuestionInput[], RegExp]>([
    ['a duplicate id', [yesNo('a'), yesNo('a')], /questions\[1\]\.id: Duplicate question id 'a'/],
    [
      'a condition on a later question',
      [yesNo('a', { showIf: { question: 'b', in: ['yes'] } }), yesNo('b')],
      /questions\[0\]\.showIf: Question 'a' shows on 'b', which is not an earlier question/,
    ],
    [
      'a condition on an unknown question',
      [
        yesNo('a', {
          showIf: {
            all: [
              { intake: 'handlesPhi', equals: true },
              { question: 'zz', in: ['yes'] },
            ],
          },
        }),
      ],
      /not an earlier question/,
    ],
    [
      'a condition testing a value the question never takes',
      [yesNo('a'), yesNo('b', { showIf: { question: 'a', in: ['maybe'] } })],
      /tests 'a' for values it never takes: maybe/,
    ],
    [
      'a choice question without options',
      [yesNo('a', { type: 'single_choice' })],
      /needs at least two options/,
    ],
    ['a scored question without citation', [yesNo('a', { citations: [] })], /must cite a source/],
    ['a scored text question', [yesNo('a', { type: 'text' })], /text questions cannot be scored/],
    ['a scored number question without credit bands', [yesNo('a', { type: 'number' })], /needs numberCredit/],
    [
      'an unscored critical question',
      [yesNo('a', { type: 'date', scored: false, critical: true })],
      /must be scored/,
    ],
    [
      'allowPartial on a choice',
      [yesNo('a', { type: 'text', scored: false, allowPartial: true })],
      /only apply to yes_no/,
    ],
    ['a weight of 6', [yesNo('a', { weight: 6 })], /questions\[0\]\.weight/],
    ['an id that is not kebab-case', [yesNo('Bad_Id')], /kebab-case/],
    [
      'an option score above 1',
      [
        yesNo('a', {
          type: 'single_choice',
          options: [
            { value: 'x', label: 'X', score: 2 },
            { value: 'y', label: 'Y', score: 0 },
          ],
        }),
      ],
      /options\[0\]\.score/,
    ],
  ])('rejects %s with a clear message', (_name, questions, message) => {
    // Act + Assess
    expect(() => loadTemplate(template(questions))).toThrow(
      /^Questionnaire template broken-template v3 is invalid: /,
    );
    expect(() => loadTemplate(template(questions))).toThrow(message);
  });

  it('rejects a broken template with an AppError carrying every problem', () => {
    try {
      loadTemplate(template([yesNo('a'), yesNo('a', { citations: [] })]));
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_template' });
      expect((error as { details: { problems: string[] } }).details.problems).toHaveLength(2);
    }
  });

  it('defaults required to true', () => {
    expect(loadTemplate(template([yesNo('a')])).questions[0]!.required).toBe(true);
  });
});

describe('freezing a template for an assessment', () => {
  it('is a valid, deep, independent copy', () => {
    // Prepare: a mutable template, as an admin edit would hold it
    const editable = loadTemplate(structuredClone(hipaaVendorSecurityV1));

    // Act
    const frozen = freezeTemplate(editable);
    editable.questions[0]!.text = 'Edited after sending';
    editable.questions.find((q) => q.id === 'access-mfa')!.options![0]!.score = 0;
    editable.questions.pop();

    // Assess
    expect(FrozenQuestionnaire.safeParse(frozen).success).toBe(true);
    expect(frozen).toMatchObject({ templateId: 'hipaa-vendor-security', version: 1 });
    expect(frozen.questions).toHaveLength(full.questions.length);
    expect(frozen.questions[0]!.text).toBe(full.questions[0]!.text);
    expect(frozen.questions.find((q) => q.id === 'access-mfa')!.options![0]!.score).toBe(0.25);
  });

  it('can be mutated by its holder without touching the shipped template', () => {
    const frozen = freezeTemplate(full);
    frozen.questions[0]!.title = 'Mine';
    expect(full.questions[0]!.title).not.toBe('Mine');
  });
});
