/**
 * Questionnaire v2 (issue 9): PHI-only questions never reach a vendor without PHI, the new
 * Security Rule / HICP / 524B questions exist with their sources, the corrected citations, v1 frozen,
 * and every citation of every shipped template is on an allow-list naming its source.
 */
import { describe, expect, it } from 'vitest';
import { getTemplate, templateForTier, templates } from '#shared/content/questionnaires/index.ts';
import { visibleQuestions } from '#shared/domain/question-visibility.ts';
import type { Intake } from '#shared/schemas/intake.ts';
import type { Answers, Question } from '#shared/schemas/questionnaire.ts';

const SECURITY = 'HIPAA Security Rule (45 CFR Part 164 Subpart C)';
const BREACH = 'HIPAA Breach Notification Rule (45 CFR Part 164 Subpart D)';
const PRIVACY = 'HIPAA Privacy Rule (45 CFR Part 164 Subpart E)';
const HICP = 'HHS 405(d) Health Industry Cybersecurity Practices (2023 edition)';

/** Every citation a shipped template may carry, with the source it belongs to. Written by hand. */
const ALLOWED_CITATIONS: Record<string, string> = {
  '45 CFR 164.308(a)(1)(ii)(A)': SECURITY,
  '45 CFR 164.308(a)(1)(ii)(B)': SECURITY,
  '45 CFR 164.308(a)(1)(ii)(C)': SECURITY,
  '45 CFR 164.308(a)(1)(ii)(D)': SECURITY,
  '45 CFR 164.308(a)(2)': SECURITY,
  '45 CFR 164.308(a)(3)(ii)(C)': SECURITY,
  '45 CFR 164.308(a)(4)': SECURITY,
  '45 CFR 164.308(a)(5)(i)': SECURITY,
  '45 CFR 164.308(a)(5)(ii)(B)': SECURITY,
  '45 CFR 164.308(a)(5)(ii)(C)': SECURITY,
  '45 CFR 164.308(a)(6)': SECURITY,
  '45 CFR 164.308(a)(7)(ii)(A)': SECURITY,
  '45 CFR 164.308(a)(7)(ii)(B)': SECURITY,
  '45 CFR 164.308(a)(7)(ii)(C)': SECURITY,
  '45 CFR 164.308(a)(7)(ii)(D)': SECURITY,
  '45 CFR 164.308(a)(8)': SECURITY,
  '45 CFR 164.308(b)': SECURITY,
  '45 CFR 164.308(b)(2)': SECURITY,
  '45 CFR 164.310(a)(1)': SECURITY,
  '45 CFR 164.310(b)': SECURITY,
  '45 CFR 164.310(c)': SECURITY,
  '45 CFR 164.310(d)(2)(i)': SECURITY,
  '45 CFR 164.310(d)(2)(ii)': SECURITY,
  // v1 only (asset-inventory, frozen in assessments sent before v2); v2 cites 164.308(a)(1)(ii)(A).
  '45 CFR 164.310(d)(2)(iii)': SECURITY,
  '45 CFR 164.312(a)(2)(i)': SECURITY,
  '45 CFR 164.312(a)(2)(ii)': SECURITY,
  '45 CFR 164.312(a)(2)(iii)': SECURITY,
  '45 CFR 164.312(a)(2)(iv)': SECURITY,
  '45 CFR 164.312(b)': SECURITY,
  '45 CFR 164.312(c)(1)': SECURITY,
  '45 CFR 164.312(c)(2)': SECURITY,
  '45 CFR 164.312(d)': SECURITY,
  '45 CFR 164.312(e)(1)': SECURITY,
  '45 CFR 164.312(e)(2)(ii)': SECURITY,
  '45 CFR 164.314(a)(2)(i)': SECURITY,
  '45 CFR 164.314(a)(2)(i)(C)': SECURITY,
  '45 CFR 164.314(a)(2)(iii)': SECURITY,
  '45 CFR 164.316(b)(2)': SECURITY,
  '45 CFR 164.402': BREACH,
  '45 CFR 164.410': BREACH,
  '45 CFR 164.502(e)': PRIVACY,
  '45 CFR 164.502(e)(1)(ii)': PRIVACY,
  '45 CFR 164.504(e)(2)': PRIVACY,
  '45 CFR 164.504(e)(2)(ii)(J)': PRIVACY,
  '90 FR 898 (HIPAA Security Rule NPRM, Jan 2025; proposed)':
    'HHS Security Rule NPRM, 90 FR 898 (a proposal)',
  'ANSI/NEMA HN 1-2019 (MDS2)':
    'ANSI/NEMA HN 1-2019, Manufacturer Disclosure Statement for Medical Device Security',
  'CISA BOD 19-02': 'CISA Binding Operational Directive 19-02 (federal agencies)',
  'CISA BOD 19-02 (federal agencies; policy anchor)':
    'CISA Binding Operational Directive 19-02 (federal agencies)',
  'CISA BOD 22-01': 'CISA Binding Operational Directive 22-01 (KEV catalog)',
  'FD&C Act 524B(b)(1)': 'Federal Food, Drug, and Cosmetic Act section 524B (cyber devices)',
  'FD&C Act 524B(b)(2)': 'Federal Food, Drug, and Cosmetic Act section 524B (cyber devices)',
  'FD&C Act 524B(b)(3)': 'Federal Food, Drug, and Cosmetic Act section 524B (cyber devices)',
  'FDA postmarket cybersecurity guidance (Postmarket Management of Cybersecurity in Medical Devices, 2016)':
    'FDA guidance: Postmarket Management of Cybersecurity in Medical Devices',
  'FDA premarket cybersecurity guidance (2023, updated 2025)':
    'FDA guidance: Cybersecurity in Medical Devices (premarket)',
  'FDA premarket cybersecurity guidance (2023, updated 2025): labeling':
    'FDA guidance: Cybersecurity in Medical Devices (premarket), labeling section',
  'HHS 405(d) HICP Practice 1 (Email Protection)': HICP,
  'HHS 405(d) HICP Practice 1 (Email Protection Systems)': HICP,
  'HHS 405(d) HICP Practice 2 (Endpoint Protection)': HICP,
  'HHS 405(d) HICP Practice 3 (Access Management)': HICP,
  'HHS 405(d) HICP Practice 4 (Data Protection and Loss Prevention)': HICP,
  'HHS 405(d) HICP Practice 5 (Asset Management)': HICP,
  'HHS 405(d) HICP Practice 6 (Network Management)': HICP,
  'HHS 405(d) HICP Practice 7 (Vulnerability Management)': HICP,
  'HHS 405(d) HICP Practice 8 (Security Operations Center and Incident Response)': HICP,
  'HHS 405(d) HICP Practice 9 (Network Connected Medical Devices)': HICP,
  'HPH Cybersecurity Performance Goals (2024)':
    'HHS Healthcare and Public Health Cybersecurity Performance Goals (voluntary)',
  'NIST SP 800-66r2 (business associate management)': 'NIST SP 800-66 Rev. 2',
  'OCR Cybersecurity Newsletter, Jan 2026 (System Hardening and Protecting ePHI)':
    'HHS OCR Cybersecurity Newsletter',
  'Policy (contract practice): NIST SP 800-66r2 (business associate management)':
    'Policy (labelled), with NIST SP 800-66 Rev. 2',
  'Policy: independent assurance of security controls': 'Policy (labelled)',
  'Pub. L. 116-321 (HITECH Act section 13412, recognized security practices)':
    'Public Law 116-321 (2021 HITECH amendment)',
};

describe('citation allow-list', () => {
  const all = templates.flatMap((t) => t.questions.map((q) => ({ t: `${t.id} v${t.version}`, q })));
  it.each(all.flatMap(({ t, q }) => q.citations.map((c) => [t, q.id, c] as const)))(
    '%s %s cites "%s", a known source',
    (_t, _id, citation) => {
      expect(ALLOWED_CITATIONS[citation], `"${citation}" is not on the allow-list`).toBeDefined();
    },
  );
  it('covers all four shipped templates', () => {
    expect(templates.map((t) => `${t.id}@${t.version}`).sort()).toEqual([
      'hipaa-vendor-essentials@1',
      'hipaa-vendor-essentials@2',
      'hipaa-vendor-security@1',
      'hipaa-vendor-security@2',
    ]);
  });
});

const NO_PHI: Intake = {
  handlesPhi: false,
  medicalDevice: true,
  systemAccess: 'privileged',
  recordVolume: 'none',
  criticalClinicalFunction: true,
};
const PHI: Intake = { ...NO_PHI, handlesPhi: true, recordVolume: '10k_to_100k' };

/** Answers that reveal every conditional question (yes to everything, subcontractors used, incidents). */
function revealing(questions: readonly Question[]): Answers {
  const answers: Answers = {};
  for (const q of questions) {
    if (q.type === 'yes_no') answers[q.id] = 'yes';
    if (q.type === 'single_choice') answers[q.id] = q.options![0]!.value;
  }
  return answers;
}

describe('questionnaire v2', () => {
  const security = getTemplate('hipaa-vendor-security', 2)!;
  const essentials = getTemplate('hipaa-vendor-essentials', 2)!;

  it('is what new assessments get; v1 stays as it was for assessments already sent', () => {
    expect(templateForTier('low')).toMatchObject({ id: 'hipaa-vendor-essentials', version: 2 });
    expect(templateForTier('moderate')).toMatchObject({ id: 'hipaa-vendor-security', version: 2 });
    const v1 = getTemplate('hipaa-vendor-security', 1)!;
    expect(v1.questions).toHaveLength(47);
    expect(v1.questions.some((q) => q.phiOnly)).toBe(false);
    expect(v1.questions.find((q) => q.id === 'asset-inventory')!.citations).toContain(
      '45 CFR 164.310(d)(2)(iii)',
    );
  });

  it.each([
    ['hipaa-vendor-security v2', () => security],
    ['hipaa-vendor-essentials v2', () => essentials],
  ])('%s shows a vendor without PHI no PHI question, even when every condition is met', (_n, template) => {
    const t = template();
    const shown = visibleQuestions(t.questions, NO_PHI, revealing(t.questions));
    expect(shown.filter((q) => q.phiOnly)).toEqual([]);
    for (const q of shown) expect(`${q.id}: ${q.text}`).not.toMatch(/\bPHI\b|ePHI/);
    for (const id of ['baa-will-sign', 'baa-breach-window', 'enc-at-rest', 'log-audit-review'])
      expect(shown.map((q) => q.id)).not.toContain(id);
  });

  it('a PHI vendor sees the PHI questions and the ePHI encryption knock-out', () => {
    const shown = visibleQuestions(security.questions, PHI, revealing(security.questions)).map((q) => q.id);
    for (const id of [
      'baa-will-sign',
      'baa-breach-window',
      'enc-at-rest',
      'access-emergency',
      'phys-workstation',
    ])
      expect(shown).toContain(id);
    expect(shown).not.toContain('enc-at-rest-data');
    expect(security.questions.find((q) => q.id === 'enc-at-rest')!.knockOut?.outcome).toBe('needs_review');
    expect(security.questions.find((q) => q.id === 'baa-will-sign')!.knockOut?.outcome).toBe('reject');
  });

  it.each([
    ['bcp-emergency-mode', '45 CFR 164.308(a)(7)(ii)(C)'],
    ['enc-integrity', '45 CFR 164.312(c)(1)'],
    ['access-emergency', '45 CFR 164.312(a)(2)(ii)'],
    ['access-auto-logoff', '45 CFR 164.312(a)(2)(iii)'],
    ['phys-facility-access', '45 CFR 164.310(a)(1)'],
    ['phys-workstation', '45 CFR 164.310(c)'],
    ['email-filtering', 'HHS 405(d) HICP Practice 1 (Email Protection Systems)'],
    ['email-dmarc', 'HHS 405(d) HICP Practice 1 (Email Protection Systems)'],
    ['dlp', 'HHS 405(d) HICP Practice 4 (Data Protection and Loss Prevention)'],
    ['access-remote', 'HHS 405(d) HICP Practice 3 (Access Management)'],
    ['vuln-high-patch-days', '90 FR 898 (HIPAA Security Rule NPRM, Jan 2025; proposed)'],
    ['gov-recognized-practices', 'Pub. L. 116-321 (HITECH Act section 13412, recognized security practices)'],
    ['dev-postmarket-monitoring', 'FD&C Act 524B(b)(1)'],
    ['dev-remote-service', 'HHS 405(d) HICP Practice 9 (Network Connected Medical Devices)'],
  ])('asks %s, citing %s', (id, citation) => {
    expect(security.questions.find((q) => q.id === id)?.citations).toContain(citation);
  });

  it.each([
    [
      'dev-sbom',
      [
        'FD&C Act 524B(b)(3)',
        'FDA premarket cybersecurity guidance (2023, updated 2025): labeling',
        'ANSI/NEMA HN 1-2019 (MDS2)',
      ],
    ],
    [
      'asset-inventory',
      [
        '45 CFR 164.308(a)(1)(ii)(A)',
        '90 FR 898 (HIPAA Security Rule NPRM, Jan 2025; proposed)',
        'HHS 405(d) HICP Practice 5 (Asset Management)',
      ],
    ],
    [
      'log-central-monitoring',
      [
        '45 CFR 164.308(a)(1)(ii)(D)',
        'HHS 405(d) HICP Practice 8 (Security Operations Center and Incident Response)',
      ],
    ],
    [
      'dev-legacy-hardening',
      [
        'FDA postmarket cybersecurity guidance (Postmarket Management of Cybersecurity in Medical Devices, 2016)',
      ],
    ],
    ['baa-change-notice', ['Policy (contract practice): NIST SP 800-66r2 (business associate management)']],
    ['gov-independent-audit', ['Policy: independent assurance of security controls', '45 CFR 164.308(a)(8)']],
    [
      'vuln-critical-patch-days',
      [
        '90 FR 898 (HIPAA Security Rule NPRM, Jan 2025; proposed)',
        'CISA BOD 19-02 (federal agencies; policy anchor)',
      ],
    ],
  ])('corrects the citations of %s', (id, citations) => {
    expect(security.questions.find((q) => q.id === id)!.citations).toEqual(citations);
  });

  it('explains the annual verification and the 15-day figure precisely', () => {
    const help = (id: string) => security.questions.find((q) => q.id === id)!.help;
    expect(help('baa-annual-verification')).toMatch(/qualified person/);
    expect(help('baa-annual-verification')).toMatch(/SOC 2 report alone does not/);
    expect(help('vuln-critical-patch-days')).toMatch(/NPRM \(proposed, not yet law\).*BOD 19-02/);
  });

  it('the essentials gain asset inventory and decommissioning', () => {
    const ids = essentials.questions.map((q) => q.id);
    expect(ids).toEqual(
      expect.arrayContaining(['asset-inventory', 'asset-end-of-support', 'asset-media-sanitisation']),
    );
  });
});
