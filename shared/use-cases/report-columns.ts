/**
 * The columns of each register export, in order. Machine columns (ids, codes, ISO 8601 times) are
 * named in camelCase and kept for re-import, sorting and programs; each status, tier, decision,
 * time and actor column is followed by its human column, headed in words, holding what a person
 * reads: labels from the one catalogue (labels.ts), dates with their time zone, actors as people.
 * Human columns are written to CSV only (JSON items keep the machine columns).
 *
 * Exports carry ids, statuses, dates, scores and staff-written reasons; never answers' free text (a
 * finding's `detail` quotes the answer, a fix report is the vendor's words) and never link tokens.
 */

import { countryName } from '../domain/countries.ts';
import {
  actorLabel,
  BAA_DOCUMENT_KIND_LABELS,
  BAA_PARTY_LABELS,
  BAA_STATUS_LABELS,
  DECISION_LABELS,
  FINDING_STATUS_LABELS,
  humanDateTime,
  insuranceInWords,
  labelOf,
  RECORD_VOLUME_LABELS,
  SEVERITY_LABELS,
  STAGE_LABELS,
  SYSTEM_ACCESS_LABELS,
  TIER_LABELS,
  YES_NO_UNKNOWN_LABELS,
} from '../labels.ts';
import type { BaaRecord } from '../schemas/baa-record.ts';
import type { Finding } from '../schemas/finding.ts';
import { DOMAIN_LABELS } from '../schemas/questionnaire.ts';
import type { Vendor, VendorDecision } from '../schemas/vendor.ts';

/** One cell: text, a number or a flag; null is an empty cell. */
export type Cell = string | number | boolean | null;

export interface Column<T> {
  name: string;
  description: string;
  value: (row: T, now: Date) => Cell;
  /** A column for people (CSV only): words, never a code. */
  human?: true;
}

const list = (values: readonly string[] | undefined) => (values?.length ? values.join('; ') : null);
const opt = <T extends Cell>(value: T | undefined) => value ?? null;

type Read<T> = (row: T) => string | null | undefined;

/** A status, tier or decision in words, from a table of the catalogue. */
const label = <T>(name: string, labels: Record<string, string>, read: Read<T>): Column<T> => ({
  name,
  description: `${name} in words`,
  human: true,
  value: (row) => {
    const value = read(row);
    return value ? labelOf(labels, value) : null;
  },
});
/** A time in words with its zone: "March 4, 2026, 14:05 UTC". */
const time = <T>(name: string, read: Read<T>): Column<T> => ({
  name,
  description: `${name}, with the time zone`,
  human: true,
  value: (row) => {
    const value = read(row);
    return value ? humanDateTime(value) : null;
  },
});
/** An actor as a person: "Pat Lee (compliance)", "BAA Guard (automatic)". */
const person = <T>(
  name: string,
  read: (row: T) => string | { id: string; role?: string } | null | undefined,
): Column<T> => ({
  name,
  description: `${name}, as a person`,
  human: true,
  value: (row) => {
    const value = read(row);
    return value ? actorLabel(value) : null;
  },
});

/** Countries by name, "; "-separated: "United States; India". Not recorded when the intake did not ask. */
const countries = <T>(name: string, read: (row: T) => readonly string[] | undefined): Column<T> => ({
  name,
  description: `${name}, countries by name`,
  human: true,
  value: (row) => {
    const codes = read(row);
    if (codes === undefined) return 'Not recorded';
    return codes.length ? codes.map(countryName).join('; ') : 'None';
  },
});

/** vendors: one row per vendor, by name. */
export const VENDOR_COLUMNS: Column<Vendor>[] = [
  { name: 'id', description: 'Vendor id', value: (v) => v.id },
  { name: 'name', description: 'Vendor name', value: (v) => v.name },
  { name: 'tier', description: 'Inherent-risk tier from the intake', value: (v) => v.tier },
  label('Risk tier', TIER_LABELS, (v) => v.tier),
  { name: 'baaRequired', description: 'Whether a BAA is required (PHI)', value: (v) => v.baaRequired },
  { name: 'baaStatus', description: 'Status of the main BAA', value: (v) => v.baaStatus },
  label('BAA status', BAA_STATUS_LABELS, (v) => v.baaStatus),
  { name: 'stage', description: 'Pipeline stage', value: (v) => v.stage },
  label('Pipeline stage', STAGE_LABELS, (v) => v.stage),
  { name: 'handlesPhi', description: 'Intake: handles PHI', value: (v) => v.intake.handlesPhi },
  {
    name: 'medicalDevice',
    description: 'Intake: supplies a medical device',
    value: (v) => v.intake.medicalDevice,
  },
  { name: 'systemAccess', description: 'Intake: access to our systems', value: (v) => v.intake.systemAccess },
  label('Access to our systems', SYSTEM_ACCESS_LABELS, (v) => v.intake.systemAccess),
  { name: 'recordVolume', description: 'Intake: records handled', value: (v) => v.intake.recordVolume },
  label('Records handled', RECORD_VOLUME_LABELS, (v) => v.intake.recordVolume),
  {
    name: 'criticalClinicalFunction',
    description: 'Intake: supports a critical clinical function',
    value: (v) => v.intake.criticalClinicalFunction ?? false,
  },
  // Where our data lives and cyber insurance, named as `vendors import` reads them;
  // empty machine cells and "Not recorded" for vendors registered before the intake asked.
  {
    name: 'vendorCountries',
    description:
      'Intake: countries where the vendor stores or processes our data (ISO codes, "; "-separated)',
    value: (v) => list(v.intake.dataLocation?.vendorCountries),
  },
  countries('Data stored or processed in', (v) => v.intake.dataLocation?.vendorCountries),
  {
    name: 'subcontractorCountries',
    description: 'Intake: countries of the vendor\'s subcontractors (ISO codes, "; "-separated)',
    value: (v) => list(v.intake.dataLocation?.subcontractorCountries),
  },
  countries('Subcontractors in', (v) => v.intake.dataLocation?.subcontractorCountries),
  {
    name: 'offshoreSupport',
    description: 'Intake: support staff outside the United States can access our data (yes, no, unknown)',
    value: (v) => opt(v.intake.dataLocation?.offshoreSupport),
  },
  {
    name: 'Offshore support access',
    description: 'Offshore support access in words',
    human: true,
    value: (v) =>
      v.intake.dataLocation
        ? labelOf(YES_NO_UNKNOWN_LABELS, v.intake.dataLocation.offshoreSupport)
        : 'Not recorded',
  },
  {
    name: 'cyberInsurance',
    description: 'Intake: carries cyber liability insurance (yes, no, unknown)',
    value: (v) => opt(v.intake.cyberInsurance?.carries),
  },
  {
    name: 'insuranceCarrier',
    description: 'Intake: insurance carrier',
    value: (v) => opt(v.intake.cyberInsurance?.carrier),
  },
  {
    name: 'insuranceLimitUsd',
    description: 'Intake: aggregate insurance limit in US dollars',
    value: (v) => opt(v.intake.cyberInsurance?.limitUsd),
  },
  {
    name: 'Cyber insurance',
    description: 'Cyber insurance in words',
    human: true,
    value: (v) => insuranceInWords(v.intake.cyberInsurance),
  },
  { name: 'services', description: 'Services provided, "; "-separated', value: (v) => list(v.services) },
  { name: 'contactName', description: 'Vendor contact', value: (v) => v.contactName },
  { name: 'contactEmail', description: 'Vendor contact email', value: (v) => v.contactEmail },
  { name: 'businessOwnerEmail', description: 'Internal business owner', value: (v) => v.businessOwnerEmail },
  person('Business owner', (v) => v.businessOwnerEmail),
  { name: 'latestAssessmentId', description: 'Latest assessment', value: (v) => opt(v.latestAssessmentId) },
  { name: 'decision', description: 'Latest decision', value: (v) => v.decision?.decision ?? null },
  label('Latest decision', DECISION_LABELS, (v) => v.decision?.decision),
  {
    name: 'decidedAt',
    description: 'When the latest decision was made',
    value: (v) => v.decision?.decidedAt ?? null,
  },
  time('Decided on', (v) => v.decision?.decidedAt),
  {
    name: 'approvalLapsed',
    description: 'Approval lapsed because the signed BAA expired',
    value: (v) => v.approvalLapsed ?? false,
  },
  { name: 'reassessmentDueAt', description: 'Next reassessment due', value: (v) => opt(v.reassessmentDueAt) },
  time('Reassessment due', (v) => v.reassessmentDueAt),
  { name: 'createdAt', description: 'Registered at', value: (v) => v.createdAt },
  time('Registered on', (v) => v.createdAt),
  { name: 'createdBy', description: 'Registered by', value: (v) => v.createdBy },
  person('Registered by (person)', (v) => v.createdBy),
  { name: 'updatedAt', description: 'Last changed at', value: (v) => v.updatedAt },
  time('Last changed', (v) => v.updatedAt),
];

const OVERDUE_STATUSES: readonly string[] = ['open', 'fix_reported'];

/** findings: one row per finding, grouped by status (open, fix_reported, verified, accepted, closed), by due date. */
export const FINDING_COLUMNS: Column<Finding>[] = [
  { name: 'id', description: 'Finding id (f_q_<question> or f_d_<domain>)', value: (f) => f.id },
  { name: 'assessmentId', description: 'Assessment', value: (f) => f.assessmentId },
  { name: 'vendorId', description: 'Vendor id', value: (f) => f.vendorId },
  { name: 'vendorName', description: 'Vendor name', value: (f) => f.vendorName },
  { name: 'questionId', description: 'Question (empty for a domain finding)', value: (f) => f.questionId },
  { name: 'domain', description: 'Control domain', value: (f) => f.domain },
  label('Control domain', DOMAIN_LABELS, (f) => f.domain),
  { name: 'severity', description: 'low, medium, high or critical', value: (f) => f.severity },
  label('Severity level', SEVERITY_LABELS, (f) => f.severity),
  { name: 'status', description: 'open, fix_reported, verified, accepted or closed', value: (f) => f.status },
  label('Finding status', FINDING_STATUS_LABELS, (f) => f.status),
  { name: 'title', description: 'Finding title', value: (f) => f.title },
  { name: 'citation', description: 'Regulatory and framework citations', value: (f) => f.citation },
  { name: 'dueAt', description: 'Current remediation deadline', value: (f) => f.dueAt },
  time('Due', (f) => f.dueAt),
  { name: 'originalDueAt', description: 'Deadline before any extension', value: (f) => f.originalDueAt },
  time('Originally due', (f) => f.originalDueAt),
  {
    name: 'overdue',
    description: 'Open or fix reported, and past its deadline when the export ran',
    value: (f, now) => OVERDUE_STATUSES.includes(f.status) && new Date(f.dueAt).getTime() < now.getTime(),
  },
  {
    name: 'fixReportedAt',
    description: 'When the vendor reported a fix',
    value: (f) => f.fixReport?.reportedAt ?? null,
  },
  time('Fix reported on', (f) => f.fixReport?.reportedAt),
  { name: 'acceptedUntil', description: 'Risk accepted until', value: (f) => f.acceptance?.until ?? null },
  time('Risk accepted until', (f) => f.acceptance?.until),
  { name: 'acceptedBy', description: 'Who accepted the risk', value: (f) => f.acceptance?.by ?? null },
  person('Risk accepted by', (f) => f.acceptance?.by),
  {
    name: 'acceptanceReason',
    description: "Compliance's reason for accepting",
    value: (f) => f.acceptance?.reason ?? null,
  },
  { name: 'createdAt', description: 'Raised at', value: (f) => f.createdAt },
  time('Raised on', (f) => f.createdAt),
  { name: 'updatedAt', description: 'Last changed at', value: (f) => f.updatedAt },
  time('Last changed', (f) => f.updatedAt),
];

/** baas: one row per BAA (vendor or subcontractor), by status and expiry. */
export const BAA_COLUMNS: Column<BaaRecord>[] = [
  { name: 'id', description: 'BAA id (main, or a subcontractor BAA)', value: (b) => b.id },
  { name: 'vendorId', description: 'Vendor id', value: (b) => b.vendorId },
  { name: 'vendorName', description: 'Vendor name', value: (b) => b.vendorName },
  { name: 'partyType', description: 'vendor or subcontractor', value: (b) => b.party.type },
  label('Agreement', BAA_PARTY_LABELS, (b) => b.party.type),
  { name: 'partyName', description: 'The contracting party', value: (b) => b.party.name },
  { name: 'status', description: 'BAA status', value: (b) => b.status },
  label('Agreement status', BAA_STATUS_LABELS, (b) => b.status),
  { name: 'effectiveAt', description: 'Term start', value: (b) => opt(b.effectiveAt) },
  time('Effective from', (b) => b.effectiveAt),
  { name: 'expiresAt', description: 'Term end', value: (b) => opt(b.expiresAt) },
  time('Expires on', (b) => b.expiresAt),
  { name: 'signedAt', description: 'Signed at', value: (b) => opt(b.signedAt) },
  time('Signed on', (b) => b.signedAt),
  { name: 'terminatedAt', description: 'Terminated at', value: (b) => opt(b.terminatedAt) },
  time('Terminated on', (b) => b.terminatedAt),
  { name: 'documentCount', description: 'Document versions on file', value: (b) => b.documents.length },
  {
    name: 'latestDocumentVersion',
    description: 'Latest document version',
    value: (b) => b.documents.at(-1)?.version ?? null,
  },
  {
    name: 'latestDocumentKind',
    description: 'template, redline or signed',
    value: (b) => b.documents.at(-1)?.kind ?? null,
  },
  label('Latest document', BAA_DOCUMENT_KIND_LABELS, (b) => b.documents.at(-1)?.kind),
  {
    name: 'latestDocumentSha256',
    description: 'SHA-256 of the latest document',
    value: (b) => b.documents.at(-1)?.sha256 ?? null,
  },
  {
    name: 'checklistVersion',
    description: 'Clause checklist version reviewed against',
    value: (b) => b.review?.checklistVersion ?? null,
  },
  { name: 'clausesPresent', description: 'Clauses found present', value: (b) => clauseCount(b, 'present') },
  { name: 'clausesMissing', description: 'Clauses found missing', value: (b) => clauseCount(b, 'missing') },
  {
    name: 'clausesDeviating',
    description: 'Clauses found deviating',
    value: (b) => clauseCount(b, 'deviates'),
  },
  {
    name: 'noticeWindowDays',
    description: 'Contracted breach-notice window (days)',
    value: (b) => b.review?.noticeWindowDays ?? null,
  },
  {
    name: 'canSign',
    description: 'Whether the clause review allows signing',
    value: (b) => b.review?.canSign ?? null,
  },
  { name: 'reviewedBy', description: 'Clause reviewer', value: (b) => b.review?.reviewedBy ?? null },
  person('Clauses reviewed by', (b) => b.review?.reviewedBy),
  { name: 'reviewedAt', description: 'Clause review date', value: (b) => b.review?.reviewedAt ?? null },
  time('Clauses reviewed on', (b) => b.review?.reviewedAt),
  { name: 'createdAt', description: 'Created at', value: (b) => b.createdAt },
  time('Created on', (b) => b.createdAt),
  { name: 'updatedAt', description: 'Last changed at', value: (b) => b.updatedAt },
  time('Last changed', (b) => b.updatedAt),
];

function clauseCount(b: BaaRecord, finding: string): number | null {
  return b.review ? b.review.entries.filter((e) => e.finding === finding).length : null;
}

export type DecisionRow = { vendor: Vendor; decision: VendorDecision };

/** decisions: one row per entry of every vendor's decision history, vendors by name, decisions in order. */
export const DECISION_COLUMNS: Column<DecisionRow>[] = [
  { name: 'vendorId', description: 'Vendor id', value: (r) => r.vendor.id },
  { name: 'vendorName', description: 'Vendor name', value: (r) => r.vendor.name },
  { name: 'tier', description: 'Inherent-risk tier (now)', value: (r) => r.vendor.tier },
  label('Risk tier', TIER_LABELS, (r) => r.vendor.tier),
  {
    name: 'decision',
    description: 'approve, approve_with_conditions or reject',
    value: (r) => r.decision.decision,
  },
  label('Decision made', DECISION_LABELS, (r) => r.decision.decision),
  { name: 'decidedAt', description: 'Decided at', value: (r) => r.decision.decidedAt },
  time('Decided on', (r) => r.decision.decidedAt),
  { name: 'decidedBy', description: 'Who decided', value: (r) => r.decision.decidedBy },
  { name: 'role', description: 'Their role', value: (r) => r.decision.role },
  person('Decided by (person)', (r) => ({ id: r.decision.decidedBy, role: r.decision.role })),
  {
    name: 'assessmentId',
    description: 'Assessment the decision rests on',
    value: (r) => r.decision.assessmentId,
  },
  {
    name: 'conditions',
    description: 'Conditions, "; "-separated',
    value: (r) => list(r.decision.conditions),
  },
  { name: 'reason', description: 'Reason given', value: (r) => r.decision.reason },
  {
    name: 'overriddenGates',
    description: 'Gates set aside, "; "-separated',
    value: (r) => list(r.decision.overridden.map((o) => o.gate)),
  },
  {
    name: 'Gates set aside',
    description: 'What each gate set aside required, in words, "; "-separated',
    human: true,
    value: (r) => list(r.decision.overridden.map((o) => o.message)),
  },
  {
    name: 'overrideReason',
    description: 'Recorded reasons for the override',
    value: (r) => list([...new Set(r.decision.overridden.map((o) => o.reason))]),
  },
];
