/** `decide`: procurement's decision on a vendor, gated by the BAA, open risk and the assessment. */
import type { CommandContext, CommandSpec, OptionValues } from '../../bin/cli.ts';
import { type Gate, NON_OVERRIDABLE_GATES } from '../../shared/domain/approval-gates.ts';
import { actorLabel, GATE_LABELS, humanDate, labelOf, plural } from '../../shared/labels.ts';
import { CliError, EXIT, type ExitCode, usageError } from '../api-client.ts';

const DECISIONS: Record<string, string> = {
  approve: 'approve',
  'approve-with-conditions': 'approve_with_conditions',
  approve_with_conditions: 'approve_with_conditions',
  reject: 'reject',
};

const DONE: Record<string, string> = {
  approve: 'approved',
  approve_with_conditions: 'approved with conditions',
  reject: 'rejected',
};

interface DecidedVendor {
  id: string;
  name: string;
  stage: string;
  decision?: {
    decision: string;
    conditions: string[];
    reason: string | null;
    overridden: { gate: string; message: string; reason: string }[];
    decidedBy: string;
  };
  reassessmentDueAt?: string;
}

/** The request body from the command line; usage errors for combinations the API would refuse anyway. */
export function decisionRequest(word: string, values: OptionValues) {
  const decision = DECISIONS[word];
  if (!decision) {
    throw usageError(
      `"${word}" is not a decision`,
      'Use approve, approve-with-conditions or reject, e.g. baa-guard decide v_… approve',
    );
  }
  const conditions = ((values.condition as string[] | undefined) ?? []).map((c) => c.trim());
  const reason = (values.reason as string | undefined)?.trim();
  const override = (values['override-reason'] as string | undefined)?.trim();
  if (decision === 'approve_with_conditions' && conditions.filter(Boolean).length === 0) {
    throw usageError(
      'approve-with-conditions needs at least one --condition',
      'e.g. --condition "Encrypt backups by 2027-03-31" (repeat for more)',
    );
  }
  if (decision !== 'approve_with_conditions' && conditions.length > 0) {
    throw usageError('--condition goes only with approve-with-conditions');
  }
  if (decision === 'reject' && !reason) {
    throw usageError('A rejection needs --reason', 'e.g. --reason "Will not sign a BAA"');
  }
  if (values['override-reason'] !== undefined && !override) throw usageError('--override-reason is empty');
  return {
    decision,
    ...(conditions.length > 0 ? { conditions } : {}),
    ...(reason ? { reason } : {}),
    ...(override ? { override: { reason: override } } : {}),
  };
}

async function decide(
  ctx: CommandContext,
  vendorId: string,
  word: string,
  values: OptionValues,
): Promise<ExitCode> {
  const body = decisionRequest(word, values);
  let vendor: DecidedVendor;
  try {
    vendor = await ctx.client.json<DecidedVendor>(
      'POST',
      `/vendors/${encodeURIComponent(vendorId)}/decision`,
      {
        body,
      },
    );
  } catch (error) {
    if (error instanceof CliError && error.code === 'gate_failed') {
      const failed = (
        (error.details as { failed?: { gate: string; message: string }[] } | null)?.failed ?? []
      ).map((f) => `  ✗ ${labelOf(GATE_LABELS, f.gate)}: ${f.message}`);
      throw new CliError(
        `The decision was refused: ${plural(failed.length, 'gate')} failed (409 gate_failed)`,
        EXIT.failed,
        {
          status: error.status,
          code: error.code,
          details: error.details,
          lines: failed.length > 0 ? failed : error.lines,
          hint: body.override
            ? 'The BAA gate cannot be overridden: a PHI vendor needs a signed BAA in force.'
            : 'Resolve what the gates name; compliance may set aside a gate other than the BAA with --as compliance --override-reason "…".',
        },
      );
    }
    throw error;
  }
  if (ctx.json) {
    ctx.out(JSON.stringify(vendor, null, 2));
    return EXIT.ok;
  }
  const d = vendor.decision;
  ctx.out(
    `${vendor.name} (${vendor.id}): ${DONE[d?.decision ?? body.decision] ?? d?.decision}${d ? ` by ${actorLabel(d.decidedBy)}` : ''}.`,
  );
  for (const c of d?.conditions ?? []) ctx.out(`  condition: ${c}`);
  for (const o of d?.overridden ?? [])
    ctx.out(`  gate set aside: ${labelOf(GATE_LABELS, o.gate)} (${o.message}) — reason: ${o.reason}`);
  if (vendor.reassessmentDueAt) ctx.out(`Next assessment due by ${humanDate(vendor.reassessmentDueAt)}.`);
  return EXIT.ok;
}

/** Every gate in words, from the labels catalogue, marking those no override can set aside. */
function gateLines(): string[] {
  return Object.entries(GATE_LABELS).map(
    ([gate, label]) =>
      `  - ${label}${NON_OVERRIDABLE_GATES.has(gate as Gate) ? ' (cannot be set aside)' : ''}`,
  );
}

export const decideCommands: CommandSpec[] = [
  {
    path: ['decide'],
    summary: 'Approve, approve with conditions, or reject a vendor (gated)',
    description: [
      'Approvals need a reviewed, current assessment, a signed BAA in force for PHI vendors and no',
      'unresolved critical finding (a plain approval: no unresolved high finding either). When a gate',
      'fails the API refuses (409) and each failed gate is printed. Compliance may set aside gates other',
      'than the BAA with --override-reason (the automatic local token is then a compliance one).',
      'A rejection needs only a reason (--reason). The gates (`vendors show` lists where a vendor stands):',
      ...gateLines(),
    ].join('\n'),
    args: [
      { name: 'vendorId', required: true, description: 'the vendor id (v_…)' },
      { name: 'decision', required: true, description: 'approve | approve-with-conditions | reject' },
    ],
    options: {
      condition: {
        type: 'string',
        multiple: true,
        placeholder: '<text>',
        description: 'A condition (repeat for more)',
      },
      reason: { type: 'string', placeholder: '<text>', description: 'Why (required to reject)' },
      'override-reason': {
        type: 'string',
        placeholder: '<text>',
        description: 'Compliance: set aside the failed gates (not the BAA gate) for this reason',
      },
    },
    examples: [
      'baa-guard decide v_8Yq2mB1x9KqT approve',
      'baa-guard decide v_8Yq2mB1x9KqT approve-with-conditions --condition "MFA on admin accounts by 2027-03-31"',
      'baa-guard decide v_8Yq2mB1x9KqT reject --reason "Will not sign our BAA"',
      'baa-guard decide v_8Yq2mB1x9KqT approve --as compliance --override-reason "Risk accepted by the CISO"',
    ],
    exitNotes: ['1  the decision was refused: each failed gate is listed (409 gate_failed)'],
    defaultRole: (values) => (values['override-reason'] !== undefined ? 'compliance' : 'procurement'),
    run: (ctx, { args, values }) => decide(ctx, args[0]!, args[1]!, values),
  },
];
