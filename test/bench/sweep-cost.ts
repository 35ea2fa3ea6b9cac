/**
 * The sweep's fixed cost per year: what it costs to run on schedule when nothing is due, on list
 * prices (us-east-1, December 2026):
 * - Step Functions Standard: $0.025 per 1,000 state transitions.
 * - Step Functions Express: $1.00 per million requests + $0.00001667 per GB-second (billed in
 *   64 MB / 100 ms increments).
 * - Lambda (arm64): $0.20 per million requests + $0.0000133334 per GB-second.
 * - EventBridge rules/Scheduler on a schedule: no charge for the first 14 M invocations a month.
 * The state transitions and task invocations of an empty sweep are counted by running the
 * synthesized definition once (aws-local-stepfunctions' event log) with the real task handler.
 */

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StateMachine } from 'aws-local-stepfunctions';
import type { CfnTemplate } from '#local/template.ts';
import { workflowDefinitions } from '#local/template.ts';

const ROOT = join(import.meta.dirname, '..', '..');
export const PRICES = {
  standardPerTransition: 0.025 / 1000,
  expressPerRequest: 1 / 1_000_000,
  expressPerGbSecond: 0.00001667,
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaPerGbSecond: 0.0000133334,
};

/** The sweep's schedule: the rule that targets the sweep state machine (others run other jobs). */
function sweepSchedule(template: CfnTemplate): number | undefined {
  const sweepId = Object.entries(template.Resources).find(
    ([, r]) => r.Type === 'AWS::StepFunctions::StateMachine' && r.Metadata?.['baa:workflow'] === 'sweep',
  )?.[0];
  for (const r of Object.values(template.Resources)) {
    const expr = (r.Properties?.ScheduleExpression ?? undefined) as string | undefined;
    if (!expr || !/^(AWS::Events::Rule|AWS::Scheduler::Schedule)$/.test(r.Type)) continue;
    if (sweepId && !JSON.stringify(r.Properties ?? {}).includes(`"Ref":"${sweepId}"`)) continue;
    const m = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(expr);
    if (m) return Number(m[1]) * (m[2]!.startsWith('hour') ? 60 : 1);
  }
  return undefined;
}

export interface SweepCost {
  type: string;
  everyMinutes: number;
  executionsPerYear: number;
  transitions: number;
  taskInvocations: number;
  durationMs: number;
  dollarsPerYear: number;
}

export async function sweepFixedCost(template: CfnTemplate): Promise<SweepCost> {
  const machine = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::StepFunctions::StateMachine' && r.Metadata?.['baa:workflow'] === 'sweep',
  );
  const type = String(machine?.Properties?.StateMachineType ?? 'STANDARD');
  const everyMinutes = sweepSchedule(template) ?? 15;
  const def = workflowDefinitions(template).sweep!;
  const handlers = new Map<string, (e: unknown) => Promise<unknown>>();
  let taskInvocations = 0;
  const overrides: Record<string, (payload: unknown) => Promise<never>> = {};
  for (const [state, entry] of Object.entries(def.tasks)) {
    if (!handlers.has(entry)) {
      const mod = (await import(pathToFileURL(join(ROOT, entry)).href)) as {
        handler: (e: unknown) => Promise<unknown>;
      };
      handlers.set(entry, mod.handler);
    }
    overrides[state] = async (payload) => {
      taskInvocations++;
      return (await handlers.get(entry)!(payload)) as never;
    };
  }
  // Service integrations (the Express sweep's due-index probes) answer as an idle table does:
  // nothing due. They are direct API calls, not Lambda invocations.
  for (const state of Object.keys(def.services ?? {})) {
    overrides[state] = async () => ({ Count: 0, Items: [] }) as never;
  }
  const sm = new StateMachine(def.definition as never, {
    validationOptions: { checkArn: false, noValidate: true },
  });
  const t0 = performance.now();
  const now = new Date().toISOString();
  const execution = sm.run(
    { source: 'bench', at: now },
    {
      overrides: { taskResourceLocalHandlers: overrides },
      context: { Execution: { Name: 'bench-sweep', StartTime: now } } as never,
    },
  );
  let transitions = 0;
  const counting = (async () => {
    for await (const event of execution.eventLogs) if (event.type === 'StateEntered') transitions++;
  })();
  await execution.result;
  await counting;
  const durationMs = performance.now() - t0;
  const executionsPerYear = Math.round((365 * 24 * 60) / everyMinutes);
  // Lambda: 512 MB, the measured duration per task (an empty findDue is a few ms; bill ≥ 100 ms).
  const lambdaGbSeconds = 0.5 * Math.max(0.1, durationMs / 1000 / Math.max(1, taskInvocations));
  const perExecution =
    (type === 'EXPRESS'
      ? PRICES.expressPerRequest +
        0.0625 * Math.max(0.1, Math.ceil(durationMs / 100) / 10) * PRICES.expressPerGbSecond
      : transitions * PRICES.standardPerTransition) +
    taskInvocations * (PRICES.lambdaPerRequest + lambdaGbSeconds * PRICES.lambdaPerGbSecond);
  return {
    type,
    everyMinutes,
    executionsPerYear,
    transitions,
    taskInvocations,
    durationMs,
    dollarsPerYear: perExecution * executionsPerYear,
  };
}
