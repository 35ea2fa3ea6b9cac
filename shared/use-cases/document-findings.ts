/**
 * Findings from assurance documents (docs/assurance.md): a reviewer turns a SOC 2 exception, a
 * modified opinion, an unmet complementary user-entity control or a pen test's open critical/high
 * issues into a finding with a severity, a due date and a citation to the report (file, version and
 * hash). It joins the vendor's latest assessment, so it rides the same remediation ladder, registers
 * and approval gates as questionnaire findings. The id is derived from the document and the item, so
 * the same item cannot be raised twice.
 */

import { assuranceRepository } from '../adapters/dynamodb/assurance-repository.ts';
import { findingKey } from '../adapters/dynamodb/finding-repository.ts';
import type { Deps } from '../composition.ts';
import { scheduleDue } from '../domain/due-index.ts';
import { dueDateFor } from '../domain/remediation-policy.ts';
import { AppError, notFound } from '../errors.ts';
import { type AssuranceDocument, DocumentFindingRequest } from '../schemas/assurance.ts';
import type { Finding } from '../schemas/finding.ts';
import { type Actor, requireCompliance } from './actor.ts';
import { audit } from './audit.ts';
import { policiesOf } from './policies.ts';
import { parseInput } from './validation.ts';

const OPINION_WORDS = {
  qualified: 'a qualified',
  adverse: 'an adverse',
  disclaimer: 'a disclaimer of',
} as const;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** What the finding says, or why this source does not apply to the document (pure). */
export function describeDocumentItem(
  doc: Pick<AssuranceDocument, 'fields' | 'versions'>,
  source: 'exception' | 'opinion' | 'user_entity_control' | 'pen_test',
  item: number | undefined,
): { title: string; detail: string; remediation: string; citation: string } | { problem: string } {
  const f = doc.fields;
  const latest = doc.versions.at(-1)!;
  const file = `${latest.file.fileName}, version ${latest.version}, SHA-256 ${latest.file.sha256.slice(0, 16)}…`;
  if (f.type === 'soc2') {
    const report = `SOC 2 ${f.reportType === 'type2' ? 'Type II' : 'Type I'} report by ${f.auditor}, period ${f.periodStart} to ${f.periodEnd}`;
    if (source === 'exception') {
      const exception = item === undefined ? undefined : f.exceptions[item];
      if (!exception) return { problem: 'Name one of the exceptions the report notes' };
      return {
        title: clip(`SOC 2 exception ${exception.control}: ${exception.text}`, 200),
        detail: `The auditor noted an exception for control ${exception.control}: ${exception.text}`,
        remediation: 'Describe the corrective action taken for this exception and when it was completed.',
        citation: `${report}, exception ${exception.control} (${file})`,
      };
    }
    if (source === 'opinion') {
      if (f.opinion === 'unqualified') return { problem: 'The report carries an unqualified opinion' };
      return {
        title: `SOC 2 report with ${OPINION_WORDS[f.opinion]} opinion`,
        detail: `The auditor issued ${OPINION_WORDS[f.opinion]} opinion on the ${report}.`,
        remediation: 'Explain the basis for the modified opinion and the plan to obtain an unqualified one.',
        citation: `${report}, opinion (${file})`,
      };
    }
    if (source === 'user_entity_control') {
      const control = item === undefined ? undefined : f.userEntityControls[item];
      if (!control) return { problem: 'Name one of the complementary user-entity controls the report lists' };
      return {
        title: clip(`Complementary user-entity control not in place: ${control}`, 200),
        detail: `The report relies on us to operate this control, and it is not in place: ${control}`,
        remediation: 'Agree with the vendor how this control is covered, or put it in place on our side.',
        citation: `${report}, complementary user-entity controls (${file})`,
      };
    }
  }
  if (f.type === 'pen_test' && source === 'pen_test') {
    if (f.openCritical + f.openHigh === 0)
      return { problem: 'The test reports no open critical or high issues' };
    return {
      title: `Penetration test of ${f.testedOn}: ${f.openCritical} critical and ${f.openHigh} high issues open`,
      detail: `The penetration test by ${f.firm} on ${f.testedOn} left ${f.openCritical} critical and ${f.openHigh} high issues open.`,
      remediation: 'Fix the open issues and provide the retest letter.',
      citation: `Penetration test by ${f.firm}, ${f.testedOn} (${file})`,
    };
  }
  return { problem: 'This kind of finding does not apply to this document' };
}

export async function raiseDocumentFinding(
  deps: Deps,
  actor: Actor,
  vendorId: string,
  documentId: string,
  body: unknown,
) {
  const request = parseInput(DocumentFindingRequest, body, 'finding');
  requireCompliance(actor, 'raise a finding from a document');
  const [vendor, doc, assessments] = await Promise.all([
    deps.vendors.get(vendorId),
    assuranceRepository(deps).getDocument(vendorId, documentId),
    deps.assessments.listByVendor(vendorId),
  ]);
  if (!vendor) throw notFound('Vendor', vendorId);
  if (!doc) throw notFound('Assurance document', documentId);
  const text = describeDocumentItem(doc, request.source, request.item);
  if ('problem' in text) throw new AppError('not_applicable', text.problem, 400, { field: 'source' });
  const assessment = assessments.find((a) => a.status === 'reviewed') ?? assessments[0];
  if (!assessment) {
    throw new AppError(
      'no_assessment',
      'Findings are tracked on an assessment: launch one for this vendor first',
      409,
    );
  }
  const policies = policiesOf(deps);
  const now = deps.clock.now();
  const at = now.toISOString();
  const dueAt = request.dueAt ?? dueDateFor(request.severity, now, policies.remediation);
  if (Date.parse(dueAt) <= now.getTime()) {
    throw new AppError('invalid_due_date', 'The due date must be in the future', 400, { field: 'dueAt' });
  }
  const base = {
    id: `f_doc_${documentId}_${request.source}${request.item === undefined ? '' : `_${request.item}`}`,
    assessmentId: assessment.id,
    vendorId,
    vendorName: vendor.name,
    questionId: null,
    domain: 'assurance',
    severity: request.severity,
    ...text,
    detail: request.note ? `${text.detail} Reviewer: ${request.note}` : text.detail,
    status: 'open' as const,
    dueAt,
    originalDueAt: dueAt,
    history: [
      { at, actor: actor.id, action: 'created', note: `From ${text.citation}; due ${dueAt.slice(0, 10)}` },
    ],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const finding: Finding = {
    ...base,
    ...scheduleDue(policies.escalation, findingKey(base), {
      kind: 'finding_remediation',
      dueAt,
      severity: request.severity,
    }),
  };
  if (!(await deps.findings.createIfAbsent(finding))) {
    throw new AppError('finding_exists', 'A finding was already raised for this item of the document', 409, {
      findingId: finding.id,
    });
  }
  await audit(deps, {
    vendorId,
    actor,
    action: 'finding.raised_from_document',
    target: { type: 'finding', id: `${assessment.id}/${finding.id}` },
    summary: `Raised a ${request.severity} finding from a document: ${finding.title} (due ${dueAt.slice(0, 10)}; ${text.citation})`,
  });
  return finding;
}
