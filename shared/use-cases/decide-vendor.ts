/**
 * Procurement's decision on a vendor (approve, approve with conditions, reject), gated by policy:
 * a signed, unexpired BAA for PHI vendors, no open critical finding unless accepted, a reviewed and
 * current assessment. A refusal is a 409 naming each failed gate. Compliance (or admin) may set a
 * gate aside with a recorded reason; the BAA gate cannot be set aside (45 CFR 164.502(e)).
 * An approval schedules the reassessment on the vendor item through the due index.
 */
import { keys } from '../adapters/dynamodb/table-layout.ts';
import type { Deps } from '../composition.ts';
import {
  applyOverride,
  DecisionRequest,
  evaluateGates,
  reassessmentDueAt,
} from '../domain/approval-gates.ts';
import { scheduleDue } from '../domain/due-index.ts';
import { AppError, notFound } from '../errors.ts';
import { DECISION_LABELS, humanDate, labelOf, plural } from '../labels.ts';
import type { VendorDecision } from '../schemas/vendor.ts';
import type { Actor } from './actor.ts';
import { verificationGateInput } from './annual-verification.ts';
import { audit } from './audit.ts';
import { MAIN_BAA } from './baa.ts';
import { notify } from './notify.ts';
import { offshoreGateInput } from './offshore-review.ts';
import { policiesOf } from './policies.ts';
import { parseInput } from './validation.ts';

export async function gateInputFor(deps: Deps, vendorId: string) {
  const vendor = await deps.vendors.get(vendorId);
  if (!vendor) throw notFound('Vendor', vendorId);
  const assessments = await deps.assessments.listByVendor(vendorId);
  const assessment = assessments.find((a) => a.status === 'reviewed') ?? assessments[0] ?? null;
  const findings = assessment ? await deps.findings.listByAssessment(assessment.id) : [];
  const baa = await deps.baas.get(vendorId, MAIN_BAA);
  const now = deps.clock.now();
  const verification = await verificationGateInput(deps, vendorId, vendor.intake.handlesPhi, now);
  return {
    vendor,
    assessment,
    input: {
      vendor: {
        handlesPhi: vendor.intake.handlesPhi,
        tier: vendor.tier,
        baaExempt: vendor.baaExemption !== undefined,
      },
      assessment: assessment
        ? {
            status: assessment.status,
            submittedAt: assessment.submittedAt,
            reviewedAt: assessment.reviewedAt,
          }
        : null,
      findings: findings.map((f) => ({
        id: f.id,
        title: f.title,
        severity: f.severity,
        status: f.status,
        ...(f.acceptance ? { acceptedUntil: f.acceptance.until } : {}),
      })),
      baa: baa
        ? {
            status: baa.status,
            expiresAt: baa.expiresAt,
            ...(baa.priorTerm
              ? { priorTerm: { expiresAt: baa.priorTerm.expiresAt, lapsedAt: baa.priorTerm.lapsedAt } }
              : {}),
          }
        : null,
      now,
      policy: policiesOf(deps).reassessment,
      verification,
      offshore: offshoreGateInput(deps, vendor),
    },
  };
}

export async function decideVendor(deps: Deps, actor: Actor, vendorId: string, body: unknown) {
  const request = parseInput(DecisionRequest, body, 'decision');
  const { vendor, assessment, input } = await gateInputFor(deps, vendorId);
  const gates = evaluateGates(input, request);
  // A rejection without a reason is an incomplete request, not a blocked decision: a field error
  // (400) that says what to add. The gate stays (and stays non-overridable) for any other caller.
  if (gates.failed.some((f) => f.gate === 'reason_given')) {
    throw new AppError(
      'invalid_request',
      'The decision is not valid: give a reason for the rejection.',
      400,
      [{ path: 'reason', message: 'Give a reason for the rejection; it is kept in the vendor file.' }],
    );
  }
  let overridden: { gate: string; message: string }[] = [];
  if (!gates.allowed) {
    if (!request.override) {
      throw new AppError(
        'gate_failed',
        `The decision is blocked: ${gates.failed.map((f) => f.message).join(' ')}`,
        409,
        { failed: gates.failed },
      );
    }
    const result = applyOverride(
      gates,
      request,
      actor.role === 'vendor' || actor.role === 'system' ? 'procurement' : actor.role,
    );
    if (result instanceof AppError) throw result;
    if (!result.allowed) {
      throw new AppError(
        'gate_failed',
        `The decision is blocked even with an override: ${result.failed.map((f) => f.message).join(' ')}`,
        409,
        { failed: result.failed, overridable: result.overridden },
      );
    }
    overridden = result.overridden;
  }

  const now = deps.clock.now().toISOString();
  const decision: VendorDecision = {
    decision: request.decision,
    conditions: request.conditions ?? [],
    reason: request.reason ?? null,
    overridden: overridden.map((o) => ({
      gate: o.gate,
      message: o.message,
      reason: request.override?.reason ?? '',
    })),
    assessmentId: assessment?.id ?? null,
    decidedBy: actor.id,
    role: actor.role,
    decidedAt: now,
  };
  const approved = request.decision !== 'reject';
  const reassessAt = approved
    ? reassessmentDueAt(vendor.tier, assessment?.submittedAt ?? now, input.policy)
    : undefined;
  const saved = await deps.vendors.save({
    ...vendor,
    stage: 'decided',
    decision,
    decisions: [...(vendor.decisions ?? []), decision],
    approvalLapsed: false,
    updatedAt: now,
    ...(reassessAt
      ? scheduleDue(policiesOf(deps).escalation, keys.vendor(vendor.id), {
          kind: 'reassessment',
          dueAt: reassessAt,
        })
      : { due: undefined, dueShard: undefined, nextActionAt: undefined }),
    ...(reassessAt ? { reassessmentDueAt: reassessAt } : {}),
  });
  await audit(deps, {
    vendorId,
    actor,
    action: 'vendor.decided',
    target: { type: 'vendor', id: vendorId },
    summary: `${labelOf(DECISION_LABELS, request.decision)}${decision.conditions.length ? ` with ${plural(decision.conditions.length, 'condition')}` : ''}${overridden.length ? `; gates overridden: ${overridden.map((o) => o.message).join(' ')} (${request.override?.reason})` : ''}${reassessAt ? `; reassessment due ${humanDate(reassessAt)}` : ''}`,
    after: {
      decision: request.decision,
      conditions: decision.conditions,
      overridden: decision.overridden.map((o) => o.gate),
    },
  });
  await notify(deps, saved, {
    type: 'decision_made',
    decision: request.decision,
    conditions: decision.conditions,
    reason: decision.reason,
  });
  return saved;
}
