/**
 * HIPAA vendor security questionnaire, version 2 (v1 stays frozen in assessments already sent).
 *
 * What changed from v1:
 * - PHI-only questions (`phiOnly`) never reach a vendor that handles no PHI: the BAA terms, breach
 *   reporting, ePHI data flows, ePHI audit logs, media that held ePHI, breach risk assessments and
 *   the new Security Rule standards. General safeguards are worded for "our data".
 * - New questions: emergency mode operation (164.308(a)(7)(ii)(C)), integrity (164.312(c)),
 *   emergency access (164.312(a)(2)(ii)), automatic logoff (164.312(a)(2)(iii)), facility access
 *   and workstation use/security (164.310(a)-(c)), HICP email protection (filtering, DMARC) and data
 *   loss prevention, remote access, high-severity patch timelines, recognized security practices in
 *   place 12 months (Pub. L. 116-321), device postmarket vulnerability monitoring and coordinated
 *   disclosure (524B(b)(1)) and manufacturer remote-service access.
 * - Corrected citations: dev-sbom, asset-inventory, log-central-monitoring, dev-legacy-hardening,
 *   baa-annual-verification (help), vuln-critical-patch-days (source of the 15 days),
 *   baa-change-notice (a contract practice), gov-independent-audit (164.308(a)(8) requires an
 *   evaluation, not an independent auditor).
 * - Knock-out answers are part of the data (`knockOut`), and so are the assurance documents that
 *   can answer a question (`answerFrom`, evidence-reuse.ts).
 * Published content: never edit a released version, add v3 instead.
 */
import type { QuestionInput, QuestionnaireTemplateInput } from '#shared/schemas/questionnaire.ts';
import { EVIDENCE_REUSE } from './evidence-reuse.ts';
import { questions as v1 } from './hipaa-vendor-security.v1.ts';
import { KNOCK_OUTS } from './knock-outs.ts';

const NPRM = '90 FR 898 (HIPAA Security Rule NPRM, Jan 2025; proposed)';
const HICP = (n: number, name: string) => `HHS 405(d) HICP Practice ${n} (${name})`;
const DEVICE = { intake: 'medicalDevice', equals: true } as const;

/** Changes to v1 questions, by id (a v1 question not listed is carried over unchanged). */
const CHANGES: Record<string, Partial<QuestionInput>> = {
  'gov-risk-analysis': {
    text: 'Have you completed a documented, organisation-wide risk analysis covering every system that stores, processes or transmits our data within the last 12 months?',
    help: 'Answer "partial" if the analysis is older than 12 months or leaves out some systems that hold our data.',
  },
  'gov-independent-audit': {
    help: 'HIPAA requires a periodic evaluation of your safeguards (164.308(a)(8)) but not an independent auditor: independent assurance is our policy, and a SOC 2 Type II, HITRUST or ISO/IEC 27001 certification meets it.',
    citations: ['Policy: independent assurance of security controls', '45 CFR 164.308(a)(8)'],
  },
  'baa-will-sign': { showIf: undefined, phiOnly: true },
  'baa-uses-subcontractors': { showIf: undefined, phiOnly: true },
  'baa-subcontractor-list': { phiOnly: true },
  'baa-subcontractor-baas': { phiOnly: true },
  'baa-breach-window': {
    phiOnly: true,
    help: 'HIPAA allows a business associate at most 60 calendar days (45 CFR 164.410(b)); our policy asks for 10 days or less so that we keep time for our own notices.',
  },
  'baa-return-destroy': { showIf: undefined, phiOnly: true },
  'baa-annual-verification': {
    showIf: undefined,
    phiOnly: true,
    help: 'Proposed in the 2025 Security Rule NPRM: a written analysis of your safeguards by a qualified person, plus a certification by an authorised officer that it is accurate. A SOC 2 report alone does not meet it.',
  },
  'baa-change-notice': {
    help: 'A contract practice we ask for (policy, not a HIPAA requirement); thirty days of notice is typical.',
    citations: ['Policy (contract practice): NIST SP 800-66r2 (business associate management)'],
  },
  'asset-inventory': {
    text: 'Do you keep a current inventory of every system and device that stores or processes our data, with its software version, owner and location?',
    citations: ['45 CFR 164.308(a)(1)(ii)(A)', NPRM, HICP(5, 'Asset Management')],
  },
  'asset-data-flow-map': { phiOnly: true },
  'asset-media-sanitisation': { phiOnly: true },
  'hard-segmentation': {
    text: 'Are the systems holding our data separated from the rest of your network, with traffic between segments restricted?',
  },
  'vuln-critical-patch-days': {
    help: 'Full credit at 15 days or fewer, half credit up to 30. The 15 days are our policy, anchored on the 2025 Security Rule NPRM (proposed, not yet law) and on CISA BOD 19-02 (2019, binding on federal agencies only).',
    citations: [NPRM, 'CISA BOD 19-02 (federal agencies; policy anchor)'],
  },
  'access-unique-ids': {
    text: 'Does every person and service that can reach our data sign in with its own account, with no shared or generic accounts?',
  },
  'enc-at-rest': { phiOnly: true },
  'enc-in-transit': {
    text: 'Is our data always encrypted in transit with TLS 1.2 or later (or equivalent), including internal and subcontractor connections?',
  },
  'log-audit-review': { phiOnly: true },
  'log-central-monitoring': {
    citations: ['45 CFR 164.308(a)(1)(ii)(D)', HICP(8, 'Security Operations Center and Incident Response')],
  },
  'ir-breach-risk-assessment': { phiOnly: true },
  'ir-past-incidents': { phiOnly: true },
  'ir-past-incidents-detail': { phiOnly: true },
  'dev-sbom': {
    help: 'SPDX or CycloneDX SBOMs with support status and end-of-support dates, as FDA premarket guidance expects in labeling; the MDS2 form is ANSI/NEMA HN 1-2019. Answer "partial" if one of the two is missing or the SBOM lacks support dates.',
    citations: [
      'FD&C Act 524B(b)(3)',
      'FDA premarket cybersecurity guidance (2023, updated 2025): labeling',
      'ANSI/NEMA HN 1-2019 (MDS2)',
    ],
  },
  'dev-legacy-hardening': {
    citations: [
      'FDA postmarket cybersecurity guidance (Postmarket Management of Cybersecurity in Medical Devices, 2016)',
    ],
  },
};

/** Non-PHI vendors get encryption at rest of "our data" in place of the ePHI question (no knock-out). */
const ENC_AT_REST_DATA: QuestionInput = {
  id: 'enc-at-rest-data',
  domain: 'encryption',
  title: 'Encryption at rest',
  text: 'Is our data encrypted at rest everywhere it is stored, including databases, backups, laptops and mobile devices?',
  help: 'Answer "partial" if any store of our data is unencrypted.',
  type: 'yes_no',
  allowPartial: true,
  weight: 5,
  critical: true,
  citations: [NPRM, HICP(4, 'Data Protection and Loss Prevention')],
  showIf: { intake: 'handlesPhi', equals: false },
  remediation: 'Encrypt our data at rest everywhere it is stored, backups and endpoints included.',
  scored: true,
};

const yesNo = (q: Omit<QuestionInput, 'type' | 'scored'>): QuestionInput => ({
  type: 'yes_no',
  scored: true,
  ...q,
});

/** New questions, each placed after the v1 question named by its key. */
const ADDED: Record<string, QuestionInput[]> = {
  'bcp-backups': [
    yesNo({
      id: 'bcp-emergency-mode',
      domain: 'backup_contingency',
      title: 'Emergency mode operation',
      text: 'Does your contingency plan say how the security of our ePHI is kept while you operate in emergency mode (for example during a ransomware recovery)?',
      help: 'Who may access what, how access is logged, and which safeguards stay on when normal systems are down.',
      allowPartial: true,
      weight: 3,
      critical: false,
      citations: ['45 CFR 164.308(a)(7)(ii)(C)'],
      phiOnly: true,
      remediation:
        'Add an emergency mode operation procedure to the contingency plan and test it with the restore test.',
    }),
  ],
  'gov-policy-retention': [
    yesNo({
      id: 'gov-recognized-practices',
      domain: 'governance',
      title: 'Recognized security practices',
      text: 'Have recognized security practices (the NIST Cybersecurity Framework, HHS 405(d) HICP or an equivalent) been in place for at least the previous 12 months?',
      help: 'The HITECH amendment of 2021 asks HHS to consider such practices in place for the previous 12 months when it enforces.',
      allowPartial: true,
      weight: 2,
      critical: false,
      citations: ['Pub. L. 116-321 (HITECH Act section 13412, recognized security practices)'],
      remediation:
        'Adopt a recognized framework (NIST CSF or HICP), document it and keep evidence that it has operated for 12 months.',
    }),
  ],
  'vuln-critical-patch-days': [
    {
      id: 'vuln-high-patch-days',
      domain: 'vulnerability_management',
      title: 'Days to patch high vulnerabilities',
      text: 'Within how many days of a fix becoming available do you typically patch high-severity vulnerabilities?',
      help: 'Full credit at 30 days or fewer, half credit up to 60. Our policy, anchored on the 2025 NPRM (proposed) and CISA BOD 19-02 (federal agencies only).',
      type: 'number',
      min: 0,
      max: 365,
      numberCredit: { fullAtMost: 30, halfAtMost: 60 },
      weight: 3,
      critical: false,
      citations: [NPRM, 'CISA BOD 19-02 (federal agencies; policy anchor)'],
      remediation: 'Patch high-severity vulnerabilities within 30 days, with documented exceptions.',
      scored: true,
    },
  ],
  'access-termination': [
    yesNo({
      id: 'access-emergency',
      domain: 'access_control',
      title: 'Emergency access procedure',
      text: 'Do you have a documented procedure for obtaining necessary access to our ePHI during an emergency?',
      help: 'For example a sealed break-glass account whose use is logged and reviewed.',
      allowPartial: true,
      weight: 3,
      critical: false,
      citations: ['45 CFR 164.312(a)(2)(ii)'],
      phiOnly: true,
      remediation: 'Document and test an emergency access procedure with logged break-glass accounts.',
    }),
    yesNo({
      id: 'access-auto-logoff',
      domain: 'access_control',
      title: 'Automatic logoff',
      text: 'Do sessions that can reach our ePHI end or lock automatically after a period of inactivity?',
      help: 'Workstations, consoles and applications alike.',
      allowPartial: true,
      weight: 2,
      critical: false,
      citations: ['45 CFR 164.312(a)(2)(iii)'],
      phiOnly: true,
      remediation:
        'Enforce automatic logoff or screen lock after inactivity on every system that reaches our ePHI.',
    }),
    yesNo({
      id: 'access-remote',
      domain: 'access_control',
      title: 'Remote access',
      text: 'Is all remote access to systems holding our data through a managed gateway (VPN or zero-trust access) with multi-factor authentication, logged and limited to those who need it?',
      help: 'Answer "partial" if any remote path bypasses the gateway or MFA.',
      allowPartial: true,
      weight: 4,
      critical: false,
      citations: [HICP(3, 'Access Management'), 'HPH Cybersecurity Performance Goals (2024)'],
      remediation:
        'Route every remote connection through a logged, MFA-protected gateway and review who holds remote access.',
    }),
  ],
  'enc-in-transit': [
    yesNo({
      id: 'enc-integrity',
      domain: 'encryption',
      title: 'Integrity of ePHI',
      text: 'Do you protect our ePHI from improper alteration or destruction, and can you detect when it has been altered (for example checksums, digital signatures or write-once storage)?',
      help: 'Answer "partial" if only some stores are covered.',
      allowPartial: true,
      weight: 3,
      critical: false,
      citations: ['45 CFR 164.312(c)(1)', '45 CFR 164.312(c)(2)'],
      phiOnly: true,
      remediation:
        'Put integrity controls (checksums, signatures, immutable storage) on every store of our ePHI.',
    }),
    yesNo({
      id: 'dlp',
      domain: 'encryption',
      title: 'Data loss prevention',
      text: 'Do you use data loss prevention controls that detect or block our data leaving by email, web upload or removable media?',
      help: 'Answer "partial" if only some channels are covered.',
      allowPartial: true,
      weight: 3,
      critical: false,
      citations: [HICP(4, 'Data Protection and Loss Prevention')],
      remediation:
        'Deploy data loss prevention on email, web and removable media for systems holding our data.',
    }),
  ],
};

/** The physical safeguards and email protection, added as their own blocks. */
const PHYSICAL: QuestionInput[] = [
  yesNo({
    id: 'phys-facility-access',
    domain: 'physical_safeguards',
    title: 'Facility access controls',
    text: 'Is physical access to the facilities and rooms housing systems with our ePHI limited to authorised people, with visits logged?',
    help: 'For cloud hosting, your provider’s attested controls count; say so in a comment.',
    allowPartial: true,
    weight: 3,
    critical: false,
    citations: ['45 CFR 164.310(a)(1)'],
    phiOnly: true,
    remediation: 'Restrict and log physical access to every facility housing our ePHI.',
  }),
  yesNo({
    id: 'phys-workstation',
    domain: 'physical_safeguards',
    title: 'Workstation use and security',
    text: 'Do written rules govern how workstations that reach our ePHI are used and physically secured (locked screens, no unattended access, secured locations)?',
    help: 'Laptops and home working included.',
    allowPartial: true,
    weight: 3,
    critical: false,
    citations: ['45 CFR 164.310(b)', '45 CFR 164.310(c)'],
    phiOnly: true,
    remediation:
      'Adopt and enforce workstation use and physical security rules for every device that reaches our ePHI.',
  }),
];

const EMAIL: QuestionInput[] = [
  yesNo({
    id: 'email-filtering',
    domain: 'hardening',
    title: 'Email filtering',
    text: 'Is inbound email filtered for phishing, malicious links and attachments before it reaches your workforce?',
    help: 'A secure email gateway or your provider’s advanced filtering.',
    allowPartial: true,
    weight: 3,
    critical: false,
    citations: [HICP(1, 'Email Protection Systems')],
    remediation: 'Filter inbound email for phishing, malicious links and attachments.',
  }),
  yesNo({
    id: 'email-dmarc',
    domain: 'hardening',
    title: 'DMARC',
    text: 'Do your email domains publish SPF, DKIM and a DMARC policy of quarantine or reject?',
    help: 'Answer "partial" for a DMARC policy of "none" (monitoring only).',
    allowPartial: true,
    weight: 2,
    critical: false,
    citations: [HICP(1, 'Email Protection Systems'), 'HPH Cybersecurity Performance Goals (2024)'],
    remediation: 'Publish SPF and DKIM and move DMARC to quarantine or reject.',
  }),
];

const DEVICE_ADDED: QuestionInput[] = [
  yesNo({
    id: 'dev-postmarket-monitoring',
    domain: 'medical_devices',
    title: 'Postmarket vulnerability monitoring',
    text: 'Do you monitor, identify and address postmarket vulnerabilities in your devices under a documented plan that includes coordinated vulnerability disclosure?',
    help: 'The plan submitted to FDA for a cyber device, and a public way to report vulnerabilities.',
    allowPartial: true,
    weight: 4,
    critical: true,
    citations: ['FD&C Act 524B(b)(1)'],
    showIf: DEVICE,
    remediation:
      'Maintain a postmarket vulnerability monitoring plan with coordinated disclosure, and share advisories with us.',
  }),
  yesNo({
    id: 'dev-remote-service',
    domain: 'medical_devices',
    title: 'Manufacturer remote-service access',
    text: 'Is your remote-service access to devices on our network off by default, enabled per session at our request, protected by multi-factor authentication and logged?',
    help: 'Answer "na" if you never connect to our devices remotely.',
    allowPartial: true,
    allowNa: true,
    weight: 3,
    critical: false,
    citations: [HICP(9, 'Network Connected Medical Devices')],
    showIf: DEVICE,
    remediation:
      'Make remote service opt-in per session, MFA-protected and logged, with our approval each time.',
  }),
];

function v2Question(q: QuestionInput): QuestionInput {
  const change = CHANGES[q.id] ?? {};
  const merged: QuestionInput = { ...structuredClone(q), ...structuredClone(change) };
  if ('showIf' in change && change.showIf === undefined) delete merged.showIf;
  const knockOut = KNOCK_OUTS[q.id];
  const answerFrom = EVIDENCE_REUSE[q.id];
  return {
    ...merged,
    ...(knockOut ? { knockOut: structuredClone(knockOut) } : {}),
    ...(answerFrom ? { answerFrom: structuredClone(answerFrom) } : {}),
  };
}

export const questions: QuestionInput[] = v1.flatMap((q) => {
  const out = [v2Question(q), ...(ADDED[q.id] ?? []).map((a) => structuredClone(a))];
  if (q.id === 'enc-at-rest') out.push(structuredClone(ENC_AT_REST_DATA));
  if (q.id === 'asset-end-of-support') out.push(...structuredClone(PHYSICAL));
  if (q.id === 'hard-segmentation') out.push(...structuredClone(EMAIL));
  if (q.id === 'dev-legacy-hardening') out.push(...structuredClone(DEVICE_ADDED));
  return out;
});

export const hipaaVendorSecurityV2: QuestionnaireTemplateInput = {
  id: 'hipaa-vendor-security',
  version: 2,
  title: 'HIPAA vendor security assessment',
  description:
    'Security and HIPAA safeguards of vendors that handle PHI, access our systems or supply medical devices. Answer for the service you provide to us; questions about PHI appear only if you handle it.',
  tiers: ['moderate', 'high', 'critical'],
  questions,
};
