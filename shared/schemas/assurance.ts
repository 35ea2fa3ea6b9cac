/**
 * Assurance documents a vendor keeps on file (SOC 2 reports, bridge letters, HITRUST and ISO 27001
 * certificates, penetration tests, cyber insurance) and the annual business associate verification
 * (a proposed rule: HIPAA Security Rule NPRM, 90 FR 898, 6 Jan 2025; docs/assurance.md).
 *
 * The fields a vendor types are structured (dates, auditor, opinion, exceptions), so that freshness
 * is computed, never remembered; compliance confirms or corrects them. Each upload is a new version
 * pinned to its SHA-256; no version is ever overwritten.
 */
import { IsoTime, SingleLine } from './core.ts';
import type { DueFields } from './due.ts';
import * as z from './zod.ts';

/** A calendar day, `YYYY-MM-DD` (report periods, certificate and policy dates). */
export const Day = z.iso.date();

const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const List = <T extends z.ZodMiniType>(item: T, max = 50) =>
  z._default(z.array(item).check(z.maxLength(max)), []);

export const Soc2Fields = z.strictObject({
  type: z.literal('soc2'),
  reportType: z.enum(['type1', 'type2']),
  /** Type I: the "as of" date is both start and end. */
  periodStart: Day,
  periodEnd: Day,
  auditor: SingleLine(200),
  opinion: z.enum(['unqualified', 'qualified', 'adverse', 'disclaimer']),
  /** Exceptions the auditor noted, in the report's words. */
  exceptions: List(z.strictObject({ control: SingleLine(100), text: Text(2000) })),
  servicesInScope: List(SingleLine(200)),
  subserviceOrganisations: List(
    z.strictObject({ name: SingleLine(200), method: z.enum(['carve_out', 'inclusive']) }),
  ),
  /** Complementary user-entity controls: what we must do for the report's controls to hold. */
  userEntityControls: List(Text(1000), 100),
});

export const BridgeLetterFields = z.strictObject({
  type: z.literal('bridge_letter'),
  /** The SOC 2 report (document id) the letter bridges. */
  bridgesDocumentId: SingleLine(60),
  throughDate: Day,
});

export const HitrustFields = z.strictObject({
  type: z.literal('hitrust'),
  assessment: z.enum(['r2', 'i1', 'e1']),
  certifiedOn: Day,
  /** As printed on the letter of certification. */
  expiresOn: Day,
});

export const Iso27001Fields = z.strictObject({
  type: z.literal('iso27001'),
  certificateNumber: SingleLine(100),
  certificationBody: z.optional(SingleLine(200)),
  scope: Text(2000),
  expiresOn: Day,
});

export const PenTestFields = z.strictObject({
  type: z.literal('pen_test'),
  testedOn: Day,
  firm: SingleLine(200),
  openCritical: z.int().check(z.minimum(0), z.maximum(10_000)),
  openHigh: z.int().check(z.minimum(0), z.maximum(10_000)),
});

export const CyberInsuranceFields = z.strictObject({
  type: z.literal('cyber_insurance'),
  carrier: SingleLine(200),
  /** Aggregate limit in US dollars. */
  limitUsd: z.int().check(z.minimum(1)),
  expiresOn: Day,
});

/**
 * Policy: the fields of one document, as JSON, at most this many characters. Each version keeps its
 * fields beside the document's current ones in one item (DynamoDB's 400 KB limit), so the lists'
 * own limits (50 exceptions of 2,000 characters, 100 CUECs of 1,000) could add up to a record that
 * can never be stored; a real SOC 2 summary is a few KB.
 */
export const MAX_FIELDS_CHARS = 48_000;

export const AssuranceFields = z
  .discriminatedUnion('type', [
    Soc2Fields,
    BridgeLetterFields,
    HitrustFields,
    Iso27001Fields,
    PenTestFields,
    CyberInsuranceFields,
  ])
  .check(
    z.refine((fields) => JSON.stringify(fields).length <= MAX_FIELDS_CHARS, {
      message:
        'The fields are too long to keep (48,000 characters in all): shorten the exceptions or the user-entity controls',
    }),
  );
export type AssuranceFields = z.infer<typeof AssuranceFields>;
export type AssuranceType = AssuranceFields['type'];

/** Words for pages and emails (never the enum). */
export const ASSURANCE_TYPE_LABELS: Record<AssuranceType, string> = {
  soc2: 'SOC 2 report',
  bridge_letter: 'Bridge letter',
  hitrust: 'HITRUST certification',
  iso27001: 'ISO/IEC 27001 certificate',
  pen_test: 'Penetration test',
  cyber_insurance: 'Cyber insurance',
};

export const PinnedDocumentFile = z.object({
  key: z.string(),
  versionId: z.optional(z.string()),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
});
export type PinnedDocumentFile = z.infer<typeof PinnedDocumentFile>;

export const AssuranceVersion = z.object({
  version: z.number(),
  file: PinnedDocumentFile,
  fields: AssuranceFields,
  submittedAt: IsoTime,
  submittedBy: z.string(),
});
export type AssuranceVersion = z.infer<typeof AssuranceVersion>;

export interface AssuranceDocument extends DueFields {
  id: string;
  vendorId: string;
  type: AssuranceType;
  /** The current fields: the vendor's, or compliance's correction of them. */
  fields: AssuranceFields;
  /** `submitted`: waiting for compliance; `confirmed`: compliance checked the fields against the file. */
  status: 'submitted' | 'confirmed';
  versions: AssuranceVersion[];
  confirmation?: { by: string; at: string; corrected: string[]; note?: string };
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Presign: the file the vendor (or staff) is about to upload. */
export const AssuranceUploadRequest = z.object({
  fileName: SingleLine(255),
  contentType: SingleLine(200),
  size: z.number(),
});

/** Registers an uploaded file with its fields; `documentId` adds a new version of an existing document. */
export const RegisterAssuranceRequest = z.object({
  key: z.string().check(z.minLength(1), z.maxLength(1024)),
  fileName: SingleLine(255),
  fields: AssuranceFields,
  documentId: z.optional(SingleLine(60)),
});

/** Compliance confirms the fields, optionally correcting them (same type). */
export const ConfirmAssuranceRequest = z.object({
  fields: z.optional(AssuranceFields),
  note: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
});

// ---------------------------------------------------------------------------------------------
// Annual business associate verification (proposed rule)
// ---------------------------------------------------------------------------------------------

/** The 164.312 technical safeguard standards, plus the NPRM's proposed encryption and MFA. */
export const VERIFICATION_STANDARDS = [
  {
    id: 'access_control',
    label: 'Access control: unique user IDs, emergency access, automatic logoff',
    citation: '45 CFR 164.312(a)',
  },
  {
    id: 'audit_controls',
    label: 'Audit controls: activity in systems holding ePHI is recorded and examined',
    citation: '45 CFR 164.312(b)',
  },
  {
    id: 'integrity',
    label: 'Integrity: ePHI is protected from improper alteration or destruction',
    citation: '45 CFR 164.312(c)',
  },
  { id: 'authentication', label: 'Person or entity authentication', citation: '45 CFR 164.312(d)' },
  {
    id: 'transmission_security',
    label: 'Transmission security: ePHI is protected in transit',
    citation: '45 CFR 164.312(e)',
  },
  {
    id: 'encryption',
    label: 'Encryption of ePHI at rest and in transit (proposed)',
    citation: 'NPRM 90 FR 898, proposed 164.312(b)',
  },
  {
    id: 'mfa',
    label: 'Multi-factor authentication (proposed)',
    citation: 'NPRM 90 FR 898, proposed 164.312(f)',
  },
] as const;
export type VerificationStandard = (typeof VERIFICATION_STANDARDS)[number]['id'];
const STANDARD_IDS = VERIFICATION_STANDARDS.map((s) => s.id) as [
  VerificationStandard,
  ...VerificationStandard[],
];

export const AttestationAnswer = z.enum(['implemented', 'partially', 'not_implemented']);
export const ATTESTATION_LABELS: Record<z.infer<typeof AttestationAnswer>, string> = {
  implemented: 'Implemented',
  partially: 'Partly implemented',
  not_implemented: 'Not implemented',
};

export const VerificationSubmission = z.object({
  // Partial here, so that a missing standard is answered by name (submitVerification checks all).
  attestations: z.partialRecord(
    z.enum(STANDARD_IDS),
    z.object({ answer: AttestationAnswer, note: z.optional(z.string().check(z.trim(), z.maxLength(2000))) }),
  ),
  /** The written analysis, uploaded through an issued key. */
  analysis: z.object({ key: z.string().check(z.minLength(1), z.maxLength(1024)), fileName: SingleLine(255) }),
  qualifiedPerson: z.object({ name: SingleLine(200), qualification: SingleLine(300) }),
  authorisedRepresentative: z.object({ name: SingleLine(200), title: SingleLine(200) }),
  /** The typed signature: must match the authorised representative's name. */
  signature: SingleLine(200),
});
export type VerificationSubmission = z.infer<typeof VerificationSubmission>;

export const VerificationDecisionRequest = z.object({
  decision: z.enum(['accept', 'return']),
  note: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
});

export type VerificationStatus = 'requested' | 'submitted' | 'accepted' | 'returned';

export interface Verification extends DueFields {
  id: string;
  vendorId: string;
  status: VerificationStatus;
  requestedAt: string;
  requestedBy: string;
  responseDueAt: string;
  submissions: (Omit<VerificationSubmission, 'analysis'> & {
    analysis: PinnedDocumentFile;
    submittedAt: string;
    signedAt: string;
  })[];
  decision?: { decision: 'accept' | 'return'; by: string; at: string; note?: string };
  /** Set on acceptance: current until this time (12 months by policy). */
  currentUntil?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/**
 * A reviewer turns something in a document into a finding: a SOC 2 exception (`item`: its index),
 * a modified opinion, an unmet complementary user-entity control (`item`), or a pen test's open
 * critical or high issues.
 */
export const DocumentFindingRequest = z.object({
  source: z.enum(['exception', 'opinion', 'user_entity_control', 'pen_test']),
  item: z.optional(z.int().check(z.minimum(0), z.maximum(999))),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  /** Defaults to the remediation policy's days for the severity. */
  dueAt: z.optional(IsoTime),
  note: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
});
