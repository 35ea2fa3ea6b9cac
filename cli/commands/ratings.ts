/** `ratings recompute`: apply the current severity, knock-out and rating rules to reviewed assessments. */
import type { CommandContext, CommandSpec } from '../../bin/cli.ts';
import { DECISION_LABELS, labelOf, plural, TIER_LABELS } from '../../shared/labels.ts';
import { EXIT, type ExitCode } from '../api-client.ts';
import { formatTable } from '../csv.ts';

interface RecomputeResult {
  dryRun: boolean;
  examined: number;
  changed: number;
  changes: {
    assessmentId: string;
    vendorName: string;
    rating: { before: string | null; after: string };
    outcome: { before: string | null; after: string };
    severities: { findingId: string; before: string; after: string }[];
  }[];
}

const rating = (s: string | null) => (s ? labelOf(TIER_LABELS, s) : '—');
const outcome = (s: string | null) => (s ? labelOf(DECISION_LABELS, s) : '—');

async function recompute(ctx: CommandContext, dryRun: boolean): Promise<ExitCode> {
  const result = await ctx.client.json<RecomputeResult>(
    'POST',
    `/ratings/recompute${dryRun ? '?dryRun=true' : ''}`,
  );
  if (ctx.json) {
    ctx.out(JSON.stringify(result, null, 2));
    return EXIT.ok;
  }
  if (result.changes.length > 0) {
    ctx.out(
      formatTable(
        ['Vendor', 'Assessment', 'Rating', 'Proposed outcome', 'Severities raised'],
        result.changes.map((c) => [
          c.vendorName,
          c.assessmentId,
          `${rating(c.rating.before)} → ${rating(c.rating.after)}`,
          `${outcome(c.outcome.before)} → ${outcome(c.outcome.after)}`,
          String(c.severities.length),
        ]),
      ),
    );
  }
  ctx.out(
    dryRun
      ? `Dry run: ${result.changed} of ${plural(result.examined, 'reviewed assessment')} would change; nothing was written.`
      : `${result.changed} of ${plural(result.examined, 'reviewed assessment')} recomputed; each change is in the vendor's audit trail.`,
  );
  return EXIT.ok;
}

export const ratingCommands: CommandSpec[] = [
  {
    path: ['ratings', 'recompute'],
    summary: 'Re-rate reviewed assessments under the current rules (audited; compliance only)',
    description:
      'Raises finding severities the current rules make higher (never lowers them), applies knock-out answers to the proposed outcome and sets each residual rating to the worse of its score band and its findings floor. Final vendor decisions are left alone.',
    args: [],
    options: { 'dry-run': { type: 'boolean', description: 'List what would change; write nothing' } },
    defaultRole: () => 'compliance',
    examples: ['baa-guard ratings recompute --dry-run', 'baa-guard ratings recompute --as compliance --json'],
    run: (ctx, { values }) => recompute(ctx, values['dry-run'] === true),
  },
];
