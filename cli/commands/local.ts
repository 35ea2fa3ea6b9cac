/** `clock advance | set | show` and `sweep`: local-mode helpers to move time and run the deadline sweep. */
import type { CommandContext, CommandSpec } from '../../bin/cli.ts';
import { DUE_KIND_LABELS, labelOf, plural } from '../../shared/labels.ts';
import { CliError, EXIT, type ExitCode, usageError } from '../api-client.ts';

/** What the sweep did with each due item, in words. */
const SWEEP_RESULT_WORDS: Record<string, string> = {
  sent: 'sent',
  recovered: 'resent after an interrupted sweep',
  rescheduled: 'rescheduled',
  alerted: 'alerted',
  failed: 'failed',
  gone: 'no longer due',
  not_due: 'not due yet',
  in_flight: 'being handled by another sweep',
  lost_race: 'taken by another sweep',
  notice_pending: 'notice pending',
  quarantined: 'set aside after repeated failures',
};

/** A ladder step id in words: "reminder-7d" → "the 7-day reminder", "level-2" → "escalation level 2". */
function stepWords(stepId: string | undefined): string {
  if (!stepId) return 'a notice';
  const reminder = /^reminder-(\d+)d$/.exec(stepId);
  if (reminder) return `the ${reminder[1]}-day reminder`;
  const level = /^level-(\d+)$/.exec(stepId);
  if (level) return `escalation level ${level[1]}`;
  const digest = /^digest-(\d+)$/.exec(stepId);
  if (digest) return `overdue digest ${digest[1]}`;
  return stepId === 'lapse' ? 'the lapse notice' : stepId.replaceAll('-', ' ');
}

const notLocal = (error: unknown) => {
  if (error instanceof CliError && error.status === 404) {
    return new CliError(
      'This API is not in local mode: the clock and the sweep are local-only',
      EXIT.failed,
      {
        status: 404,
        code: error.code,
        hint: 'Run the product locally with `npm start` and point --api at it.',
      },
    );
  }
  return error;
};

async function setClock(
  ctx: CommandContext,
  body: { advanceDays: number } | { now: string },
): Promise<ExitCode> {
  let result: { now: string };
  try {
    result = await ctx.client.json<{ now: string }>('POST', '/local/clock', { auth: false, body });
  } catch (error) {
    throw notLocal(error);
  }
  if (ctx.json) ctx.out(JSON.stringify(result));
  else ctx.out(`The product clock now reads ${result.now}. Run \`baa-guard sweep\` to act on what fell due.`);
  return EXIT.ok;
}

async function showClock(ctx: CommandContext): Promise<ExitCode> {
  let result: { now: string };
  try {
    result = await ctx.client.json<{ now: string }>('GET', '/local/clock', { auth: false });
  } catch (error) {
    throw notLocal(error);
  }
  ctx.out(ctx.json ? JSON.stringify(result) : `The product clock reads ${result.now}.`);
  return EXIT.ok;
}

interface SweepResult {
  executionId: string;
  status: string;
  output: {
    summary?: { processed: number; failed: number; counts?: Record<string, number> };
    processed?: { outcome?: { result?: string; stepId?: string; kind?: string; recipients?: number } }[];
    digest?: { sent: boolean; lines: number };
  } | null;
  error: unknown;
}

async function sweep(ctx: CommandContext): Promise<ExitCode> {
  let result: SweepResult;
  try {
    result = await ctx.client.json<SweepResult>('POST', '/local/sweep', { auth: false });
  } catch (error) {
    throw notLocal(error);
  }
  const failed = result.status !== 'SUCCEEDED';
  if (ctx.json) {
    ctx.out(JSON.stringify(result, null, 2));
    return failed ? EXIT.failed : EXIT.ok;
  }
  const summary = result.output?.summary;
  const counts = Object.entries(summary?.counts ?? {})
    .map(([k, n]) => `${n} ${labelOf(SWEEP_RESULT_WORDS, k).toLowerCase()}`)
    .join(', ');
  ctx.out(
    `Sweep ${result.status}: ${plural(summary?.processed ?? 0, 'item')} due${counts ? ` (${counts})` : ''}, ${summary?.failed ?? 0} failed.`,
  );
  for (const p of result.output?.processed ?? []) {
    const o = p.outcome;
    if (o?.result === 'sent')
      ctx.out(
        `  sent ${stepWords(o.stepId)} about ${labelOf(DUE_KIND_LABELS, o.kind).toLowerCase()} to ${plural(o.recipients ?? 0, 'recipient')}`,
      );
  }
  if (result.output?.digest?.sent) ctx.out(`  weekly digest sent (${result.output.digest.lines} line(s))`);
  if (failed) {
    throw new CliError(`The sweep ended ${result.status}`, EXIT.failed, {
      lines: result.error ? [`  ${JSON.stringify(result.error)}`] : [],
    });
  }
  return EXIT.ok;
}

export const localCommands: CommandSpec[] = [
  {
    path: ['clock', 'advance'],
    summary: 'Local mode: move the product clock forward by some days',
    args: [
      { name: 'days', required: true, description: 'days to move forward (may be fractional, e.g. 7.5)' },
    ],
    examples: ['baa-guard clock advance 7 && baa-guard sweep'],
    run: (ctx, { args }) => {
      const days = Number(args[0]);
      if (!Number.isFinite(days) || days <= 0 || days > 3650) {
        throw usageError(
          `<days> must be a number above 0 (at most 3650), got "${args[0]}"`,
          'e.g. baa-guard clock advance 7',
        );
      }
      return setClock(ctx, { advanceDays: days });
    },
  },
  {
    path: ['clock', 'set'],
    summary: 'Local mode: set the product clock to a moment (it only moves forward)',
    args: [{ name: 'iso', required: true, description: 'an ISO date-time, e.g. 2027-01-15T09:00:00Z' }],
    examples: ['baa-guard clock set 2027-01-15T09:00:00Z'],
    run: (ctx, { args }) => {
      const at = new Date(args[0]!);
      if (Number.isNaN(at.getTime())) {
        throw usageError(`"${args[0]}" is not a date-time`, 'e.g. baa-guard clock set 2027-01-15T09:00:00Z');
      }
      return setClock(ctx, { now: at.toISOString() });
    },
  },
  {
    path: ['clock', 'show'],
    summary: 'Local mode: what time the product thinks it is',
    args: [],
    examples: ['baa-guard clock show'],
    run: (ctx) => showClock(ctx),
  },
  {
    path: ['sweep'],
    summary: 'Local mode: run the deadline sweep now (reminders, escalations, digests)',
    args: [],
    examples: ['baa-guard clock advance 14 && baa-guard sweep'],
    exitNotes: ['1  the sweep execution failed'],
    run: (ctx) => sweep(ctx),
  },
];
