/**
 * Procurement asks for an assessment. The assessment record is written first (status launching),
 * then the launch workflow starts under the assessment's id as execution name: a retried request
 * cannot start two workflows, and a failed start is recorded instead of lost.
 */
import type { Deps } from '../composition.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { newAssessmentId } from '../ids.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';

const ACTIVE: readonly Assessment['status'][] = ['launching', 'sent', 'in_progress', 'submitted'];

export async function startAssessment(deps: Deps, actor: Actor, vendorId: string): Promise<Assessment> {
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const existing = (await deps.assessments.listByVendor(vendorId)).find((a) => ACTIVE.includes(a.status));
  if (existing) {
    throw conflict(
      'assessment_in_progress',
      `Vendor ${vendor.name} already has an open assessment (${existing.id})`,
      {
        assessmentId: existing.id,
        status: existing.status,
      },
    );
  }

  const now = deps.clock.now().toISOString();
  const assessment: Assessment = {
    id: newAssessmentId(),
    vendorId,
    vendorName: vendor.name,
    tier: vendor.tier,
    status: 'launching',
    answers: {},
    createdAt: now,
    createdBy: actor.id,
    updatedAt: now,
    version: 1,
  };
  // The vendor write comes first and is conditional on the version read above: of two concurrent
  // requests (a double click) one wins and the other gets a 409 before anything is created. It also
  // moves a vendor in intake to "assessment sent" (the launch workflow sends it seconds later, and
  // a failed launch moves it back), so the vendor is written once per launch, not twice.
  const saved = await deps.vendors.save({
    ...vendor,
    latestAssessmentId: assessment.id,
    ...(vendor.stage === 'intake' ? { stage: 'assessment_sent' as const } : {}),
    updatedAt: now,
  });
  await deps.assessments.create(assessment);
  await audit(deps, {
    vendorId,
    actor,
    action: 'assessment.requested',
    target: { type: 'assessment', id: assessment.id },
    summary: `Requested a ${vendor.tier}-tier security assessment`,
  });

  try {
    await deps.workflows.start('launch', { assessmentId: assessment.id, vendorId }, assessment.id);
  } catch (error) {
    const failed = await deps.assessments.save({
      ...assessment,
      status: 'launch_failed',
      failure: { step: 'start', error: error instanceof Error ? error.name : 'Error', at: now },
      updatedAt: now,
    });
    if (saved.stage !== vendor.stage)
      await deps.vendors.update(saved, (v) =>
        v.stage === 'assessment_sent' && v.latestAssessmentId === assessment.id
          ? { ...v, stage: vendor.stage, updatedAt: now }
          : undefined,
      );
    throw new AppError(
      'workflow_unavailable',
      'The assessment was saved but could not be started; try again shortly',
      503,
      {
        assessmentId: failed.id,
      },
    );
  }
  return assessment;
}

export async function getAssessment(deps: Deps, assessmentId: string): Promise<Assessment> {
  const assessment = await deps.assessments.get(assessmentId);
  if (!assessment) throw notFound('Assessment', assessmentId);
  return assessment;
}
