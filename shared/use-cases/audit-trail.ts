/**
 * What an auditor asks for: a vendor's audit trail with its chain verification, the registers as
 * CSV or JSON exports, and everything the audit packet shows about one vendor.
 * The exports live in register-exports.ts (streams) and report-columns.ts (columns).
 */
import type { AuditVerification } from '../adapters/dynamodb/audit-repository.ts';
import type { Deps } from '../composition.ts';
import { visibleQuestions } from '../domain/question-visibility.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { AuditEvent } from '../schemas/audit.ts';
import type { BaaRecord } from '../schemas/baa-record.ts';
import type { Finding } from '../schemas/finding.ts';
import type { Clarification, Verdict } from '../schemas/review-desk.ts';
import type { Vendor, VendorDecision } from '../schemas/vendor.ts';
import { type EvidenceFile, evidenceCatalogue } from './evidence-files.ts';
import { decisionsOf } from './register-exports.ts';
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
// Register exports: register-exports.ts (streams) and report-columns.ts (columns), re-exported
// here for the modules that import them from the audit use-case.

export type { Cell, ReportStream } from './register-exports.ts';
export {
  csvField,
  csvRecord,
  decisionsOf,
  openReport,
  REPORT_COLUMNS,
  REPORT_PAGE_SIZE,
  ReportDataset,
  ReportFormat,
} from './register-exports.ts';

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
