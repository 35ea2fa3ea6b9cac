/** One vendor's page and the forms that act on the vendor itself (launch, resend, decide). */
import type { Hono } from 'hono';
import { BAA_CHECKLIST_V1 } from '../../../content/baa-clauses.v1.ts';
import { evaluateGates, type GateResult } from '../../../domain/approval-gates.ts';
import { describeStep, type EscalationPolicyConfig, planLadder } from '../../../domain/escalation-policy.ts';
import { effectiveAnswers, valueInWords } from '../../../domain/review-desk.ts';
import { AppError, notFound } from '../../../errors.ts';
import { GATE_LABELS, labelOf } from '../../../labels.ts';
import type { Assessment } from '../../../schemas/assessment.ts';
import type { Finding } from '../../../schemas/finding.ts';
import { decideVendor, gateInputFor } from '../../../use-cases/decide-vendor.ts';
import { fileIdOf } from '../../../use-cases/evidence-files.ts';
import { resendInvitation } from '../../../use-cases/launch-assessment.ts';
import { recordOffshoreReview } from '../../../use-cases/offshore-review.ts';
import { policiesOf } from '../../../use-cases/policies.ts';
import { sortFindings } from '../../../use-cases/review-assessment.ts';
import { startAssessment } from '../../../use-cases/start-assessment.ts';
import { updateIntake } from '../../../use-cases/update-intake.ts';
import type { AppContext, AppEnv } from '../../context.ts';
import { evidenceHref } from '../../pages/console/assessment-page.ts';
import type { Notice } from '../../pages/console/components.ts';
import {
  type FormProblem,
  type GateRow,
  type LadderSummary,
  vendorPage,
} from '../../pages/console/vendor-page.ts';
import { detailMessages, type FormBody, field, lines, stringFields } from './forms.ts';
import { action, allowed, rolesOf, type Session, send, view } from './guard.ts';
import { intakeExtras } from './intake-form.ts';

/** The vendor page shows the latest events; the audit packet has them all. */
const AUDIT_EVENTS_SHOWN = 100;

export const DONE: Record<string, Notice> = {
  registered: { kind: 'success', message: 'Vendor registered. Launch the assessment when you are ready.' },
  launched: { kind: 'success', message: 'Assessment launched: the questionnaire invitation is on its way.' },
  resent: { kind: 'success', message: 'Invitation resent with a new link; earlier links no longer work.' },
  extended: {
    kind: 'success',
    message: 'Extension granted: the new due date is shown and the reminder ladder restarted.',
  },
  accepted: { kind: 'success', message: 'Risk accepted until the date you set.' },
  verified: { kind: 'success', message: 'Fix verified: the finding is closed.' },
  rejected: { kind: 'info', message: 'Fix rejected: the finding is open again and its reminders resume.' },
  reviewed: { kind: 'success', message: 'Clause review saved: the BAA can be signed.' },
  reviewed_blocked: {
    kind: 'warn',
    message: 'Clause review saved. The BAA cannot be signed yet: see the blockers.',
  },
  signed: { kind: 'success', message: 'BAA marked signed.' },
  approved: { kind: 'success', message: 'Second approval recorded: the BAA can now be signed.' },
  infeasible: {
    kind: 'success',
    message: 'Recorded that return or destruction is infeasible: the agreement’s protections continue.',
  },
  periodic: { kind: 'success', message: 'BAA review recorded; the next review date is set.' },
  exempted: { kind: 'success', message: 'BAA exemption recorded: no BAA is required from this vendor.' },
  exemption_revoked: {
    kind: 'success',
    message: 'BAA exemption revoked: a BAA is required again (requested from the vendor if it handles PHI).',
  },
  changes: {
    kind: 'success',
    message: 'Changes requested: the vendor was emailed a link to upload a new copy.',
  },
  decided: { kind: 'success', message: 'Decision recorded.' },
  offshore_reviewed: { kind: 'success', message: 'Offshore data review recorded.' },
  location_updated: {
    kind: 'success',
    message: 'Data location and insurance saved (audited as an intake update).',
  },
};

const GATES: readonly { gate: string; phiOnly?: boolean }[] = [
  { gate: 'assessment_reviewed' },
  { gate: 'assessment_current' },
  { gate: 'baa_signed', phiOnly: true },
  { gate: 'verification_current', phiOnly: true },
  { gate: 'offshore_reviewed', phiOnly: true },
  { gate: 'no_open_critical' },
];

const gateCell = (result: GateResult, gate: string) => {
  const failed = result.failed.find((f) => f.gate === gate);
  return failed ? { ok: false, message: failed.message } : { ok: true };
};

/** The ladder of a finding in words: the last step done for the current due date and the next one. */
function ladderOf(policy: EscalationPolicyConfig, f: Finding): LadderSummary | null {
  const due = f.due;
  if (!due) return null;
  const sameDate = (a: string, b: string) => Date.parse(a) === Date.parse(b);
  try {
    const steps = planLadder(policy, {
      kind: due.kind,
      dueAt: due.dueAt,
      ...(due.severity ? { severity: due.severity } : {}),
    });
    const done = due.ladder && sameDate(due.ladder.dueAt, due.dueAt) ? due.ladder.done : [];
    const lastId = done.at(-1);
    const lastStep = lastId ? steps.find((s) => s.id === lastId) : undefined;
    const nextStep = f.nextActionAt
      ? steps.find((s) => !done.includes(s.id) && sameDate(s.at, f.nextActionAt!))
      : undefined;
    return {
      ...(lastId ? { last: lastStep ? describeStep(lastStep, due.kind) : lastId } : {}),
      ...(f.nextActionAt ? { nextAt: f.nextActionAt } : {}),
      ...(nextStep ? { next: describeStep(nextStep, due.kind) } : {}),
    };
  } catch {
    return f.nextActionAt ? { nextAt: f.nextActionAt } : {};
  }
}

/** For each finding: the answer behind it (as it counts now) and links to its fix evidence. */
async function findingAnswers(deps: AppContext['var']['deps'], reviewed: Assessment) {
  const questions = reviewed.questionnaire?.questions ?? [];
  const [clarifications, verdicts] = await Promise.all([
    deps.reviewDesk.listClarifications(reviewed.id),
    deps.reviewDesk.listVerdicts(reviewed.id),
  ]);
  const { answers } = effectiveAnswers(questions, reviewed.answers, clarifications, verdicts);
  const page = `/console/vendors/${encodeURIComponent(reviewed.vendorId)}/assessments/${encodeURIComponent(reviewed.id)}`;
  return (f: Finding) => {
    const q = f.questionId ? questions.find((x) => x.id === f.questionId) : undefined;
    return {
      ...(q ? { answer: { text: valueInWords(q, answers[q.id]), href: `${page}#q-${q.id}` } } : {}),
      ...(f.fixReport?.evidence.length
        ? {
            fixFiles: f.fixReport.evidence.map((e) => ({
              name: e.name,
              href: evidenceHref(reviewed.id, fileIdOf(e)),
            })),
          }
        : {}),
    };
  };
}

export async function renderVendor(
  c: AppContext,
  s: Session,
  vendorId: string,
  extra: { notice?: Notice; problem?: FormProblem } = {},
  status = 200,
) {
  const deps = c.var.deps;
  const role = s.principal.role;
  const { vendor, input } = await gateInputFor(deps, vendorId);
  const [assessments, baas, events] = await Promise.all([
    deps.assessments.listByVendor(vendorId),
    deps.baas.listByVendor(vendorId),
    deps.audit.list(vendorId),
  ]);
  const reviewed = assessments.find((a) => a.status === 'reviewed') ?? null;
  const findings = reviewed ? sortFindings(await deps.findings.listByAssessment(reviewed.id)) : [];
  const answerOf = reviewed ? await findingAnswers(deps, reviewed) : () => ({});
  const policies = policiesOf(deps);
  const approve = evaluateGates(input, { decision: 'approve' });
  const conditional = evaluateGates(input, {
    decision: 'approve_with_conditions',
    conditions: ['(conditions)'],
  });
  const gates: GateRow[] = GATES.filter((g) => !g.phiOnly || vendor.intake.handlesPhi).map((g) => ({
    gate: g.gate,
    label: labelOf(GATE_LABELS, g.gate),
    approve: gateCell(approve, g.gate),
    conditional: gateCell(conditional, g.gate),
  }));
  const newestFirst = [...events].reverse();
  return send(
    c,
    vendorPage({
      organisation: deps.config.organisation,
      viewer: s.viewer,
      now: deps.clock.now().toISOString(),
      vendor,
      assessments,
      reviewed,
      findings: findings.map((finding) => ({
        finding,
        ladder: ladderOf(policies.escalation, finding),
        ...answerOf(finding),
      })),
      baas,
      checklist: BAA_CHECKLIST_V1,
      maxNoticeWindowDays: policies.baa.maxNoticeWindowDays,
      gates,
      ...(input.offshore ? { offshore: input.offshore } : {}),
      audit: newestFirst.slice(0, AUDIT_EVENTS_SHOWN),
      auditTotal: events.length,
      can: {
        launch: allowed(role, rolesOf('startAssessment')),
        resend: allowed(role, rolesOf('resendInvitation')),
        manageFindings: allowed(role, rolesOf('extendFinding')),
        manageBaa: allowed(role, rolesOf('reviewBaaClauses')),
        decide: allowed(role, rolesOf('decideVendor')),
        // Risk decisions are compliance's alone (an admin administers): gate overrides, BAA
        // exemptions, the second approval of a BAA review.
        override: role === 'compliance',
        decideRisk: role === 'compliance',
        editIntake: allowed(role, rolesOf('updateIntake')),
      },
      ...extra,
    }),
    status,
  );
}

export const doneRedirect = (c: AppContext, vendorId: string, done: keyof typeof DONE, anchor = '') =>
  c.redirect(
    `/console/vendors/${encodeURIComponent(vendorId)}?done=${done}${anchor ? `#${anchor}` : ''}`,
    303,
  );

/**
 * Runs a vendor-page form: on success `run` answers (a redirect); an AppError other than 403/404
 * re-renders the vendor page with the problem next to the form `formKey`.
 */
export async function vendorForm(
  c: AppContext,
  s: Session,
  form: FormBody,
  formKey: string,
  run: () => Promise<Response>,
): Promise<Response> {
  const vendorId = c.req.param('vendorId')!;
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AppError) || error.status === 403 || error.status === 404) throw error;
    const details = detailMessages(error);
    return renderVendor(
      c,
      s,
      vendorId,
      {
        problem: {
          form: formKey,
          // The gates' messages are listed one by one below the summary.
          message:
            error.code === 'gate_failed' && details
              ? 'The decision is blocked by the approval gates:'
              : error.message,
          ...(details ? { details } : {}),
          values: stringFields(form),
        },
      },
      error.status,
    );
  }
}

export function vendorRoutes(app: Hono<AppEnv>) {
  app.get(
    '/console/vendors/:vendorId',
    view(
      () => rolesOf('getVendor'),
      (c, s) => {
        const done = DONE[c.req.query('done') ?? ''];
        return renderVendor(c, s, c.req.param('vendorId')!, done ? { notice: done } : {});
      },
    ),
  );

  app.post(
    '/console/vendors/:vendorId/assessments',
    action(
      () => rolesOf('startAssessment'),
      (c, s, form) =>
        vendorForm(c, s, form, 'launch', async () => {
          const vendorId = c.req.param('vendorId')!;
          await startAssessment(c.var.deps, s.principal, vendorId);
          return doneRedirect(c, vendorId, 'launched', 'assessments');
        }),
    ),
  );

  app.post(
    '/console/vendors/:vendorId/assessments/:assessmentId/invitation',
    action(
      () => rolesOf('resendInvitation'),
      (c, s, form) =>
        vendorForm(c, s, form, 'resend', async () => {
          const { vendorId, assessmentId } = c.req.param() as Record<string, string>;
          const assessment = await c.var.deps.assessments.get(assessmentId!);
          if (!assessment || assessment.vendorId !== vendorId) throw notFound('Assessment', assessmentId!);
          await resendInvitation(c.var.deps, s.principal, assessmentId!);
          return doneRedirect(c, vendorId!, 'resent', 'assessments');
        }),
    ),
  );

  app.post(
    '/console/vendors/:vendorId/decision',
    action(
      () => rolesOf('decideVendor'),
      (c, s, form) =>
        vendorForm(c, s, form, 'decision', async () => {
          const vendorId = c.req.param('vendorId')!;
          const decision = field(form, 'decision');
          const reason = field(form, 'reason').trim();
          const overrideReason = field(form, 'overrideReason').trim();
          const mayOverride = s.principal.role === 'compliance' || s.principal.role === 'admin';
          await decideVendor(c.var.deps, s.principal, vendorId, {
            decision,
            ...(decision === 'approve_with_conditions'
              ? { conditions: lines(field(form, 'conditions')) }
              : {}),
            ...(reason ? { reason } : {}),
            ...(mayOverride && overrideReason ? { override: { reason: overrideReason } } : {}),
          });
          return doneRedirect(c, vendorId, 'decided', 'approval');
        }),
    ),
  );

  app.post(
    '/console/vendors/:vendorId/offshore-review',
    action(
      () => rolesOf('recordOffshoreReview'),
      (c, s, form) =>
        vendorForm(c, s, form, 'offshore', async () => {
          const vendorId = c.req.param('vendorId')!;
          await recordOffshoreReview(c.var.deps, s.principal, vendorId, {
            decision: field(form, 'decision'),
            reason: field(form, 'reason'),
          });
          return doneRedirect(c, vendorId, 'offshore_reviewed', 'data-location');
        }),
    ),
  );

  app.post(
    '/console/vendors/:vendorId/data-location',
    action(
      () => rolesOf('updateIntake'),
      (c, s, form) =>
        vendorForm(c, s, form, 'location', async () => {
          const vendorId = c.req.param('vendorId')!;
          const { extras, errors } = intakeExtras(stringFields(form));
          const problems = Object.values(errors);
          if (problems.length > 0) {
            throw new AppError('invalid_request', problems.join('. '), 400);
          }
          if (!extras.dataLocation && !extras.cyberInsurance) {
            throw new AppError('invalid_request', 'Enter the countries or the insurance answer to save', 400);
          }
          const vendor = await c.var.deps.vendors.get(vendorId);
          if (!vendor) throw notFound('Vendor', vendorId);
          await updateIntake(c.var.deps, s.principal, vendorId, { intake: { ...vendor.intake, ...extras } });
          return doneRedirect(c, vendorId, 'location_updated', 'data-location');
        }),
    ),
  );
}
