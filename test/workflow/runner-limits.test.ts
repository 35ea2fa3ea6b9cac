/**
 * The local workflow runner is at least as strict as Step Functions: a Standard execution fails
 * when its history passes 25,000 events, an Express execution fails after 5 minutes, and history
 * events are counted as Step Functions records them. Expected counts are written out here from the
 * Step Functions event types, not computed by the runner's own mapping.
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '#local/template.ts';
import { AWS_LIMITS, LocalWorkflowRunner } from '#local/workflow-runner.ts';

const machine = (
  name: 'launch' | 'sweep',
  type: 'STANDARD' | 'EXPRESS',
  definition: Record<string, unknown>,
): Record<string, WorkflowDefinition> => ({ [name]: { name, type, definition, tasks: {}, services: {} } });

describe('the local workflow runner', () => {
  it('enforces the Step Functions quotas by default', () => {
    expect(AWS_LIMITS).toEqual({ standardHistoryEvents: 25_000, expressDurationMs: 300_000 });
  });

  it('fails a Standard execution whose history passes 25,000 events', async () => {
    // A loop that never ends: each round is PassStateEntered/Exited + ChoiceStateEntered/Exited.
    const runner = await LocalWorkflowRunner.create(
      machine('launch', 'STANDARD', {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Next: 'Again?' },
          'Again?': {
            Type: 'Choice',
            Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'End' }],
            Default: 'A',
          },
          End: { Type: 'Succeed' },
        },
      }),
    );
    const { executionId } = await runner.start('launch', {}, 'endless');
    const record = await runner.wait(executionId);
    expect(record.status).toBe('FAILED');
    expect(record.error).toMatch(/History.*25000 events/);
    expect(record.events).toBeGreaterThan(25_000);
  }, 60_000);

  it('lets a Standard execution just under the quota succeed', async () => {
    const runner = await LocalWorkflowRunner.create(
      machine('launch', 'STANDARD', {
        StartAt: 'Count',
        States: {
          Count: {
            Type: 'Pass',
            Parameters: { 'n.$': 'States.MathAdd($.n, 1)' },
            Next: 'Done?',
          },
          'Done?': {
            Type: 'Choice',
            Choices: [{ Variable: '$.n', NumericGreaterThanEquals: 6248, Next: 'End' }],
            Default: 'Count',
          },
          End: { Type: 'Succeed' },
        },
      }),
    );
    const { executionId } = await runner.start('launch', { n: 0 }, 'under');
    const record = await runner.wait(executionId);
    expect(record.status).toBe('SUCCEEDED');
    // ExecutionStarted + 6,248 × (Pass 2 + Choice 2) + SucceedStateEntered/Exited + ExecutionSucceeded
    // = 24,996 events: just under the quota.
    expect(record.events).toBe(1 + 6248 * 4 + 2 + 1);
  }, 60_000);

  it('counts a Lambda task as Step Functions does: Entered, Scheduled, Started, Succeeded, Exited', async () => {
    const runner = await LocalWorkflowRunner.create(
      machine('launch', 'STANDARD', {
        StartAt: 'Work',
        States: {
          Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:w', End: true },
        },
      }),
    );
    // Bind a handler to the Task by name (the runtime binds the product's handler modules this way).
    (runner as unknown as { machines: Map<string, { handlers: Record<string, unknown> }> }).machines.get(
      'launch',
    )!.handlers.Work = async () => ({ ok: true });
    const { executionId } = await runner.start('launch', {}, 'one-task');
    const record = await runner.wait(executionId);
    expect(record.status).toBe('SUCCEEDED');
    // ExecutionStarted, TaskStateEntered, LambdaFunctionScheduled, LambdaFunctionStarted,
    // LambdaFunctionSucceeded, TaskStateExited, ExecutionSucceeded.
    expect(record.events).toBe(7);
  });

  it('times out an Express execution at its duration limit (shortened here to keep the test fast)', async () => {
    const runner = await LocalWorkflowRunner.create(
      machine('sweep', 'EXPRESS', {
        StartAt: 'Wait',
        States: { Wait: { Type: 'Wait', Seconds: 5, End: true } },
      }),
      { limits: { expressDurationMs: 200 } },
    );
    const { executionId } = await runner.start('sweep', {}, 'slow');
    const record = await runner.wait(executionId);
    expect(record.status).toBe('TIMED_OUT');
    expect(record.error).toMatch(/States\.Timeout/);
  });

  it('does not cap an Express execution by history size', async () => {
    const runner = await LocalWorkflowRunner.create(
      machine('sweep', 'EXPRESS', {
        StartAt: 'Count',
        States: {
          Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Done?' },
          'Done?': {
            Type: 'Choice',
            Choices: [{ Variable: '$.n', NumericGreaterThanEquals: 7000, Next: 'End' }],
            Default: 'Count',
          },
          End: { Type: 'Succeed' },
        },
      }),
    );
    const record = await runner.wait((await runner.start('sweep', { n: 0 }, 'long')).executionId);
    expect(record.status).toBe('SUCCEEDED');
    expect(record.events).toBeGreaterThan(25_000);
  }, 60_000);
});
