/** `assess` and `resend`: launch a vendor's assessment, resend its invitation with a fresh link. */
import type { CommandContext, CommandSpec } from '../../bin/cli.ts';
import { ASSESSMENT_STATUS_LABELS, humanDate, labelOf, TIER_LABELS } from '../../shared/labels.ts';
import { EXIT, type ExitCode } from '../api-client.ts';

interface AssessmentView {
  id: string;
  vendorId: string;
  vendorName?: string;
  tier?: string;
  status: string;
  dueAt?: string;
  questionnaire: { title: string; questionCount: number } | null;
}

const WAIT_MS = 30_000;

async function assess(ctx: CommandContext, vendorId: string, wait: boolean): Promise<ExitCode> {
  let assessment = await ctx.client.json<AssessmentView>(
    'POST',
    `/vendors/${encodeURIComponent(vendorId)}/assessments`,
  );
  if (wait) {
    // The launch workflow freezes the questionnaire and emails the invitation; poll until it has.
    const deadline = Date.now() + WAIT_MS;
    while (assessment.status === 'launching' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      assessment = await ctx.client.json<AssessmentView>('GET', `/assessments/${assessment.id}`);
    }
  }
  if (ctx.json) {
    ctx.out(JSON.stringify(assessment, null, 2));
    return EXIT.ok;
  }
  ctx.out(
    `Assessment ${assessment.id} started for ${assessment.vendorName ?? vendorId}${assessment.tier ? ` (${labelOf(TIER_LABELS, assessment.tier).toLowerCase()})` : ''}: ${labelOf(ASSESSMENT_STATUS_LABELS, assessment.status).toLowerCase()}.`,
  );
  if (assessment.questionnaire) {
    ctx.out(
      `Questionnaire: ${assessment.questionnaire.title}, ${assessment.questionnaire.questionCount} questions${assessment.dueAt ? `, due ${humanDate(assessment.dueAt)}` : ''}.`,
    );
  }
  ctx.out(
    assessment.status === 'launching'
      ? 'The launch workflow emails the invitation (and the BAA request for PHI vendors) in a moment.'
      : 'The invitation is on its way to the vendor contact.',
  );
  return EXIT.ok;
}

async function resend(ctx: CommandContext, assessmentId: string): Promise<ExitCode> {
  const assessment = await ctx.client.json<AssessmentView>(
    'POST',
    `/assessments/${encodeURIComponent(assessmentId)}/invitation`,
  );
  if (ctx.json) {
    ctx.out(JSON.stringify(assessment, null, 2));
    return EXIT.ok;
  }
  ctx.out(
    `Invitation resent for ${assessment.vendorName ?? assessment.vendorId} (assessment ${assessment.id}); every earlier link is revoked.`,
  );
  return EXIT.ok;
}

export const assessmentCommands: CommandSpec[] = [
  {
    path: ['assess'],
    summary: 'Launch the security assessment of a vendor (questionnaire by tier, emailed link)',
    args: [{ name: 'vendorId', required: true, description: 'the vendor id (v_…)' }],
    options: {
      wait: { type: 'boolean', description: 'Wait until the launch workflow has sent the invitation' },
    },
    examples: ['baa-guard assess v_8Yq2mB1x9KqT', 'baa-guard assess v_8Yq2mB1x9KqT --wait --json'],
    exitNotes: ['1  e.g. 409 when the vendor already has an open assessment'],
    run: (ctx, { args, values }) => assess(ctx, args[0]!, values.wait === true),
  },
  {
    path: ['resend'],
    summary: 'Resend the questionnaire invitation with a new link (earlier links are revoked)',
    args: [{ name: 'assessmentId', required: true, description: 'the assessment id (a_…)' }],
    examples: ['baa-guard resend a_3Jd9sK2mPq1Z'],
    exitNotes: ['1  e.g. 409 when the assessment is no longer open'],
    run: (ctx, { args }) => resend(ctx, args[0]!),
  },
];
