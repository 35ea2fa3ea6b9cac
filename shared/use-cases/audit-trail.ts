/**
 * What an auditor asks for: a vendor's audit trail with its chain verification, the registers as
 * CSV or JSON exports, and everything the audit packet shows about one vendor.
 *
 * Exports read the registers a page at a time through the repositories (vendors by name, findings by
 * status, BAAs by status and expiry): never a Scan, and memory stays one page whatever the size. They
 * carry ids, statuses, dates, scores and staff-written reasons; never answers' free text (a
 * finding's `detail` quotes the answer, a fix report is the vendor's words) and never link tokens or
 * their hashes.
 */
import type { AuditVerification } from '../adapters/dynamodb/audit-repository.ts';
import type { Deps } from '../composition.ts';
import { visibleQuestions } from '../domain/question-visibility.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { AuditEvent } from '../schemas/audit.ts';
import type { BaaRecord } from '../schemas/baa-record.ts';
import { type Finding, FindingStatus } from '../schemas/finding.ts';
import type { Clarification, Verdict } from '../schemas/review-desk.ts';
import type { Vendor, VendorDecision } from '../schemas/vendor.ts';
import * as z from '../schemas/zod.ts';
import { type EvidenceFile, evidenceCatalogue } from './evidence-files.ts';
import { getVendor } from './register-vendor.ts';
import { sortFindings } from './review-assessment.ts';

/** A vendor's events in seq order and their verification against the recorded head. */
export async function vendorAuditTrail(
  deps: Deps,
  vendorId: string,
): Promise<{ vendor: Vendor; events: AuditEvent[]; verification: AuditVerification }> {
  const vendor = await getVendor(deps, vendorId);
  return { vendor, ...(await deps.audit.trail(vendor.id)) };
}

/** Only the verification of a vendor's chain. */
export async function verifyVendorTrail(deps: Deps, vendorId: string): Promise<AuditVerification> {
  const vendor = await getVendor(deps, vendorId);
  return deps.audit.verify(vendor.id);
}

// ---------------------------------------------------------------------------------------------
// Register exports

export const ReportDataset = z.enum(['vendors', 'findings', 'baas', 'decisions']);
export type ReportDataset = z.infer<typeof ReportDataset>;
export const ReportFormat = z.enum(['csv', 'json']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** One cell: text, a number or a flag; null is an empty cell. */
export type Cell = string | number | boolean | null;

interface Column<T> {
  name: string;
  description: string;
  value: (row: T, now: Date) => Cell;
}

/** Repositories are read 100 items per query page. */
export const REPORT_PAGE_SIZE = 100;

const list = (values: readonly string[] | undefined) => (values?.length ? values.join('; ') : null);
const opt = <T extends Cell>(value: T | undefined) => value ?? null;

/** vendors: one row per vendor, by name. */
const VENDOR_COLUMNS: Column<Vendor>[] = [
  { name: 'id', description: 'Vendor id', value: (v) => v.id },
  { name: 'name', description: 'Vendor name', value: (v) => v.name },
  { name: 'tier', description: 'Inherent-risk tier from the intake', value: (v) => v.tier },
  { name: 'baaRequired', description: 'Whether a BAA is required (PHI)', value: (v) => v.baaRequired },
  { name: 'baaStatus', description: 'Status of the main BAA', value: (v) => v.baaStatus },
  { name: 'stage', description: 'Pipeline stage', value: (v) => v.stage },
  { name: 'handlesPhi', description: 'Intake: handles PHI', value: (v) => v.intake.handlesPhi },
  {
    name: 'medicalDevice',
    description: 'Intake: supplies a medical device',
    value: (v) => v.intake.medicalDevice,
  },
  { name: 'systemAccess', description: 'Intake: access to our systems', value: (v) => v.intake.systemAccess },
  { name: 'recordVolume', description: 'Intake: records handled', value: (v) => v.intake.recordVolume },
  {
    name: 'criticalClinicalFunction',
    description: 'Intake: supports a critical clinical function',
    value: (v) => v.intake.criticalClinicalFunction ?? false,
  },
  { name: 'services', description: 'Services provided, "; "-separated', value: (v) => list(v.services) },
  { name: 'contactName', description: 'Vendor contact', value: (v) => v.contactName },
  { name: 'contactEmail', description: 'Vendor contact email', value: (v) => v.contactEmail },
  { name: 'businessOwnerEmail', description: 'Internal business owner', value: (v) => v.businessOwnerEmail },
  { name: 'latestAssessmentId', description: 'Latest assessment', value: (v) => opt(v.latestAssessmentId) },
  { name: 'decision', description: 'Latest decision', value: (v) => v.decision?.decision ?? null },
  {
    name: 'decidedAt',
    description: 'When the latest decision was made',
    value: (v) => v.decision?.decidedAt ?? null,
  },
  {
    name: 'approvalLapsed',
    description: 'Approval lapsed because the signed BAA expired',
    value: (v) => v.approvalLapsed ?? false,
  },
  { name: 'reassessmentDueAt', description: 'Next reassessment due', value: (v) => opt(v.reassessmentDueAt) },
  { name: 'createdAt', description: 'Registered at', value: (v) => v.createdAt },
  { name: 'createdBy', description: 'Registered by', value: (v) => v.createdBy },
  { name: 'updatedAt', description: 'Last changed at', value: (v) => v.updatedAt },
];

const OVERDUE_STATUSES: readonly string[] = ['open', 'fix_reported'];

/** findings: one row per finding, grouped by status (open, fix_reported, verified, accepted, closed), by due date. */
const FINDING_COLUMNS: Column<Finding>[] = [
  { name: 'id', description: 'Finding id (f_q_<question> or f_d_<domain>)', value: (f) => f.id },
  { name: 'assessmentId', description: 'Assessment', value: (f) => f.assessmentId },
  { name: 'vendorId', description: 'Vendor id', value: (f) => f.vendorId },
  { name: 'vendorName', description: 'Vendor name', value: (f) => f.vendorName },
  { name: 'questionId', description: 'Question (empty for a domain finding)', value: (f) => f.questionId },
  { name: 'domain', description: 'Control domain', value: (f) => f.domain },
  { name: 'severity', description: 'low, medium, high or critical', value: (f) => f.severity },
  { name: 'status', description: 'open, fix_reported, verified, accepted or closed', value: (f) => f.status },
  { name: 'title', description: 'Finding title', value: (f) => f.title },
  { name: 'citation', description: 'Regulatory and framework citations', value: (f) => f.citation },
  { name: 'dueAt', description: 'Current remediation deadline', value: (f) => f.dueAt },
  { name: 'originalDueAt', description: 'Deadline before any extension', value: (f) => f.originalDueAt },
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
  { name: 'acceptedUntil', description: 'Risk accepted until', value: (f) => f.acceptance?.until ?? null },
  { name: 'acceptedBy', description: 'Who accepted the risk', value: (f) => f.acceptance?.by ?? null },
  {
    name: 'acceptanceReason',
    description: "Compliance's reason for accepting",
    value: (f) => f.acceptance?.reason ?? null,
  },
  { name: 'createdAt', description: 'Raised at', value: (f) => f.createdAt },
  { name: 'updatedAt', description: 'Last changed at', value: (f) => f.updatedAt },
];

/** baas: one row per BAA (vendor or subcontractor), by status and expiry. */
const BAA_COLUMNS: Column<BaaRecord>[] = [
  { name: 'id', description: 'BAA id (main, or a subcontractor BAA)', value: (b) => b.id },
  { name: 'vendorId', description: 'Vendor id', value: (b) => b.vendorId },
  { name: 'vendorName', description: 'Vendor name', value: (b) => b.vendorName },
  { name: 'partyType', description: 'vendor or subcontractor', value: (b) => b.party.type },
  { name: 'partyName', description: 'The contracting party', value: (b) => b.party.name },
  { name: 'status', description: 'BAA status', value: (b) => b.status },
  { name: 'effectiveAt', description: 'Term start', value: (b) => opt(b.effectiveAt) },
  { name: 'expiresAt', description: 'Term end', value: (b) => opt(b.expiresAt) },
  { name: 'signedAt', description: 'Signed at', value: (b) => opt(b.signedAt) },
  { name: 'terminatedAt', description: 'Terminated at', value: (b) => opt(b.terminatedAt) },
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
  { name: 'reviewedAt', description: 'Clause review date', value: (b) => b.review?.reviewedAt ?? null },
  { name: 'createdAt', description: 'Created at', value: (b) => b.createdAt },
  { name: 'updatedAt', description: 'Last changed at', value: (b) => b.updatedAt },
];

function clauseCount(b: BaaRecord, finding: string): number | null {
  return b.review ? b.review.entries.filter((e) => e.finding === finding).length : null;
}

type DecisionRow = { vendor: Vendor; decision: VendorDecision };

/** decisions: one row per entry of every vendor's decision history, vendors by name, decisions in order. */
const DECISION_COLUMNS: Column<DecisionRow>[] = [
  { name: 'vendorId', description: 'Vendor id', value: (r) => r.vendor.id },
  { name: 'vendorName', description: 'Vendor name', value: (r) => r.vendor.name },
  { name: 'tier', description: 'Inherent-risk tier (now)', value: (r) => r.vendor.tier },
  {
    name: 'decision',
    description: 'approve, approve_with_conditions or reject',
    value: (r) => r.decision.decision,
  },
  { name: 'decidedAt', description: 'Decided at', value: (r) => r.decision.decidedAt },
  { name: 'decidedBy', description: 'Who decided', value: (r) => r.decision.decidedBy },
  { name: 'role', description: 'Their role', value: (r) => r.decision.role },
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
    name: 'overrideReason',
    description: 'Recorded reason(s) for the override',
    value: (r) => list([...new Set(r.decision.overridden.map((o) => o.reason))]),
  },
];

/** Every entry of a vendor's decision history (the latest alone for records older than the history). */
export const decisionsOf = (vendor: Vendor): VendorDecision[] =>
  vendor.decisions ?? (vendor.decision ? [vendor.decision] : []);

type Page<T> = { items: T[]; cursor?: Record<string, unknown> };

/** Follows a repository's pages until it has no cursor left. */
async function* pagesOf<T>(
  read: (cursor: Record<string, unknown> | undefined) => Promise<Page<T>>,
): AsyncGenerator<T[]> {
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await read(cursor);
    if (page.items.length > 0) yield page.items;
    cursor = page.cursor;
  } while (cursor);
}

const vendorPages = (deps: Deps) =>
  pagesOf((cursor) => deps.vendors.list({ limit: REPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) }));

interface DatasetDefinition<T> {
  columns: Column<T>[];
  pages: (deps: Deps) => AsyncGenerator<T[]>;
}

/** Column<T> reads T (contravariant), so the table of datasets holds them type-erased, once, here. */
const define = <T>(definition: DatasetDefinition<T>) => definition as unknown as DatasetDefinition<unknown>;

const DATASETS: Record<ReportDataset, DatasetDefinition<unknown>> = {
  vendors: define({ columns: VENDOR_COLUMNS, pages: vendorPages }),
  findings: define({
    columns: FINDING_COLUMNS,
    async *pages(deps: Deps) {
      for (const status of FindingStatus.options) {
        yield* pagesOf((cursor) =>
          deps.findings.register({ status, limit: REPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
        );
      }
    },
  }),
  baas: define({
    columns: BAA_COLUMNS,
    pages: (deps: Deps) =>
      pagesOf((cursor) => deps.baas.list({ limit: REPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) })),
  }),
  decisions: define({
    columns: DECISION_COLUMNS,
    async *pages(deps: Deps) {
      for await (const vendors of vendorPages(deps)) {
        const rows = vendors.flatMap((vendor) =>
          decisionsOf(vendor).map((decision) => ({ vendor, decision })),
        );
        if (rows.length > 0) yield rows;
      }
    },
  }),
};

/** The columns of each dataset, in order, with what each holds (for docs and the OpenAPI text). */
export const REPORT_COLUMNS: Record<ReportDataset, { name: string; description: string }[]> = {
  vendors: VENDOR_COLUMNS.map(({ name, description }) => ({ name, description })),
  findings: FINDING_COLUMNS.map(({ name, description }) => ({ name, description })),
  baas: BAA_COLUMNS.map(({ name, description }) => ({ name, description })),
  decisions: DECISION_COLUMNS.map(({ name, description }) => ({ name, description })),
};

/** Characters that make a spreadsheet read a cell as a formula (and tab/CR, which some strip first). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF, quotes doubled. Text
 * starting like a formula gets a leading `'` so a spreadsheet shows it instead of evaluating it
 * (OWASP "CSV injection"); numbers and flags are written by the product and left as they are.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? (FORMULA_START.test(value) ? `'${value}` : value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, CRLF-terminated. */
export const csvRecord = (fields: readonly Cell[]): string => `${fields.map(csvField).join(',')}\r\n`;

export interface ReportStream {
  dataset: ReportDataset;
  format: ReportFormat;
  /** `<dataset>-<yyyy-mm-dd>.<format>`, the date of the export (UTC). */
  fileName: string;
  contentType: string;
  /** The document, a page of rows per chunk. */
  chunks: AsyncGenerator<string>;
}

/**
 * Opens an export. The first page is read before this resolves, so a failing read becomes an
 * ordinary error response rather than a truncated download; later pages are read as the consumer
 * pulls chunks.
 */
export async function openReport(
  deps: Deps,
  dataset: ReportDataset,
  format: ReportFormat,
): Promise<ReportStream> {
  const now = deps.clock.now();
  const definition = DATASETS[dataset];
  const pages = definition.pages(deps);
  const first = await pages.next();
  const columns = definition.columns;
  const values = (row: unknown) => columns.map((c) => c.value(row, now));

  async function* csv(): AsyncGenerator<string> {
    yield csvRecord(columns.map((c) => c.name));
    if (first.done) return;
    yield first.value.map((row) => csvRecord(values(row))).join('');
    for await (const page of pages) yield page.map((row) => csvRecord(values(row))).join('');
  }

  async function* json(): AsyncGenerator<string> {
    yield `{"dataset":${JSON.stringify(dataset)},"generatedAt":${JSON.stringify(now.toISOString())},"columns":${JSON.stringify(columns.map((c) => c.name))},"items":[`;
    let separator = '';
    const encode = (page: unknown[]) =>
      page
        .map((row) => {
          const item = Object.fromEntries(columns.map((c) => [c.name, c.value(row, now)]));
          const out = separator + JSON.stringify(item);
          separator = ',';
          return out;
        })
        .join('');
    if (!first.done) {
      yield encode(first.value);
      for await (const page of pages) yield encode(page);
    }
    yield ']}';
  }

  return {
    dataset,
    format,
    fileName: `${dataset}-${now.toISOString().slice(0, 10)}.${format}`,
    contentType:
      format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
    chunks: format === 'csv' ? csv() : json(),
  };
}

// ---------------------------------------------------------------------------------------------
// Audit packet

export interface PacketAssessment {
  assessment: Assessment;
  /** Ids of the frozen questions shown for the vendor's intake and answers (the others were never asked). */
  visible: ReadonlySet<string>;
  findings: Finding[];
  /** Every evidence file (answers, fix reports, clarification replies) with its pinned SHA-256. */
  evidence?: EvidenceFile[];
  clarifications?: Clarification[];
  verdicts?: Verdict[];
}

export interface AuditPacket {
  organisation: string;
  generatedAt: string;
  vendor: Vendor;
  /** Newest first. */
  assessments: PacketAssessment[];
  baas: BaaRecord[];
  decisions: VendorDecision[];
  events: AuditEvent[];
  verification: AuditVerification;
}

/** An assessment's findings, evidence files, clarification threads and verdicts. */
async function reviewDeskOf(deps: Deps, assessment: Assessment) {
  const [findings, clarifications, verdicts] = await Promise.all([
    deps.findings.listByAssessment(assessment.id),
    deps.reviewDesk.listClarifications(assessment.id),
    deps.reviewDesk.listVerdicts(assessment.id),
  ]);
  return {
    findings: sortFindings(findings),
    evidence: evidenceCatalogue({ assessment, findings, clarifications }),
    clarifications,
    verdicts,
  };
}

/** Everything the audit packet shows about one vendor, read once. */
export async function auditPacket(deps: Deps, vendorId: string): Promise<AuditPacket> {
  const vendor = await getVendor(deps, vendorId);
  const [assessments, baas, trail] = await Promise.all([
    deps.assessments.listByVendor(vendor.id),
    deps.baas.listByVendor(vendor.id),
    deps.audit.trail(vendor.id),
  ]);
  const packetAssessments = await Promise.all(
    assessments.map(async (assessment) => ({
      assessment,
      visible: new Set(
        visibleQuestions(assessment.questionnaire?.questions ?? [], vendor.intake, assessment.answers).map(
          (q) => q.id,
        ),
      ),
      ...(await reviewDeskOf(deps, assessment)),
    })),
  );
  return {
    organisation: deps.config.organisation,
    generatedAt: deps.clock.now().toISOString(),
    vendor,
    assessments: packetAssessments,
    baas,
    decisions: decisionsOf(vendor),
    events: trail.events,
    verification: trail.verification,
  };
}
