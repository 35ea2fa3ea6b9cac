/**
 * The synthesized workflows retry transient errors and record every failure, and the deadline sweep
 * runs every 15 minutes as a bounded Express machine that pages and continues itself. The template is
 * synthesized once for this file (test/support/stack-template.ts).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  type Definition,
  isCatchTarget,
  LAMBDA_SERVICE_ERRORS,
  ofType,
  props,
  refTarget,
  render,
  resources,
  stateMachines,
  taskStates,
  template,
  useSynthesizedStack,
} from '../support/stack-template.ts';

useSynthesizedStack();

describe('the workflows', () => {
  const definitions = () =>
    stateMachines().map(([id, r]) => ({
      id,
      definition: JSON.parse(render(r.Properties?.DefinitionString)) as Definition,
    }));

  it('are three state machines: launch and review Standard (traced, ALL-level logs), the sweep Express (ERROR-level logs, 5-minute timeout); none logs execution data; all log to an encrypted log group', () => {
    expect(stateMachines().map(([id]) => id)).toHaveLength(3);
    for (const [id, machine] of stateMachines()) {
      const p = props<{
        LoggingConfiguration: { Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: unknown } }[] };
      }>(machine);
      const workflow = machine.Metadata?.['baa:workflow'];
      expect(machine.Properties, id).toMatchObject(
        workflow === 'sweep'
          ? {
              StateMachineType: 'EXPRESS',
              TracingConfiguration: { Enabled: false },
              LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false },
            }
          : {
              StateMachineType: 'STANDARD',
              TracingConfiguration: { Enabled: true },
              LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
            },
      );

      const logGroupId = refTarget(
        p.LoggingConfiguration.Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn,
      );
      const logGroup = logGroupId ? resources[logGroupId] : undefined;
      expect(logGroup?.Type, `${id} does not log to a log group of the stack`).toBe('AWS::Logs::LogGroup');
      expect(logGroup?.Properties?.KmsKeyId, `${id} logs to an unencrypted log group`).toBeDefined();
    }
  });

  it('retry transient and Lambda service errors in every Lambda Task state', () => {
    for (const { id, definition } of definitions()) {
      const tasks = taskStates(definition.States);
      expect(tasks.length, `${id} has no Task states`).toBeGreaterThan(0);
      for (const { path, state } of tasks) {
        if (/:states:::/.test(JSON.stringify(state.Resource))) continue; // service integrations: below
        const retried = (state.Retry ?? []).flatMap((r) => r.ErrorEquals);
        expect(retried, `${id}: ${path} does not retry TransientError and the Lambda service errors`).toEqual(
          expect.arrayContaining(['TransientError', ...LAMBDA_SERVICE_ERRORS]),
        );
      }
    }
  });

  it('retry throttling in the service integrations (the due-index probes, the continuation start)', () => {
    const services = definitions().flatMap(({ definition }) =>
      taskStates(definition.States).filter((t) => /:states:::/.test(JSON.stringify(t.state.Resource))),
    );
    expect(services.map((t) => t.name).sort()).toEqual([
      'ContinueSweep',
      'ProbeDueShard0',
      'ProbeDueShard1',
      'ProbeDueShard2',
      'ProbeDueShard3',
    ]);
    for (const { name, state } of services) {
      const retried = (state.Retry ?? []).flatMap((r) => r.ErrorEquals);
      expect(retried, name).toEqual(
        expect.arrayContaining([
          name.startsWith('Probe') ? 'DynamoDb.ThrottlingException' : 'SFN.ThrottlingException',
        ]),
      );
    }
  });

  it('catch every failure of a Task state and hand it to a Record*Failure state', () => {
    for (const { id, definition } of definitions()) {
      for (const { name, path, state } of taskStates(definition.States)) {
        if (isCatchTarget(name)) continue; // the failure recorders are the Catch targets themselves
        const catchers = state.Catch ?? [];
        expect(catchers.length, `${id}: ${path} has no Catch, a failure would go unrecorded`).toBeGreaterThan(
          0,
        );
        expect(
          catchers.flatMap((c) => c.ErrorEquals),
          `${id}: ${path} does not catch States.ALL`,
        ).toContain('States.ALL');
        for (const c of catchers) {
          expect(
            isCatchTarget(c.Next),
            `${id}: ${path} catches into ${c.Next}, not a Record*Failure state`,
          ).toBe(true);
        }
      }
    }
  });

  it("record a failed due item inside the sweep's Map so the other items go on", () => {
    const processItem = definitions()
      .flatMap(({ definition }) => taskStates(definition.States))
      .find((t) => t.name === 'ProcessDueItem');
    expect(processItem?.path, 'ProcessDueItem is not inside a Map item processor').toMatch(
      / > ProcessDueItem$/,
    );
    expect(processItem?.state.Catch?.map((c) => c.Next)).toEqual(['RecordItemFailure']);
  });

  it('use JSONPath only (the local runner executes the same definitions)', () => {
    for (const { id, definition } of definitions()) {
      const jsonata = JSON.stringify(definition).match(/"QueryLanguage":"JSONata"/g);
      expect(jsonata, `${id} uses JSONata`).toBeNull();
    }
  });
});

describe('the deadline sweep schedule', () => {
  it('starts the sweep state machine every 15 minutes', () => {
    const sweep = stateMachines().find(([, r]) => r.Metadata?.['baa:workflow'] === 'sweep');
    expect(sweep, 'no state machine carries baa:workflow = sweep').toBeDefined();
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: Match.arrayWith([Match.objectLike({ Arn: { Ref: sweep![0] } })]),
    });
  });

  it("passes the scheduled time as the sweep's `at` (the instant whose due items it handles)", () => {
    const sweep = stateMachines().find(([, r]) => r.Metadata?.['baa:workflow'] === 'sweep')!;
    // The audit head publisher has its own schedule; this is the rule that targets the sweep.
    const rules = ofType('AWS::Events::Rule').filter(([, r]) =>
      JSON.stringify(r.Properties ?? {}).includes(`"Ref":"${sweep[0]}"`),
    );
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0]!;
    const target = (props<{ Targets: { InputTransformer?: { InputTemplate: string } }[] }>(rule).Targets ??
      [])[0];
    expect(target?.InputTransformer?.InputTemplate).toMatch(/"at":\s*<.*>/);
  });

  it('is an Express machine with a 5-minute limit that probes the due index directly, pages with a cursor and continues itself (no unbounded execution)', () => {
    const [id, machine] = stateMachines().find(([, r]) => r.Metadata?.['baa:workflow'] === 'sweep')!;
    expect(machine.Properties?.StateMachineType).toBe('EXPRESS');
    const definition = JSON.parse(render(machine.Properties?.DefinitionString)) as Definition & {
      TimeoutSeconds?: number;
    };
    expect(definition.TimeoutSeconds, id).toBe(300);
    const states = definition.States as Record<
      string,
      { Type: string; Resource?: string; Parameters?: Record<string, unknown> }
    >;
    expect(states.ProbeDueShard0?.Resource).toMatch(/:states:::aws-sdk:dynamodb:query$/);
    expect(states.ProbeDueShard0?.Parameters).toMatchObject({
      IndexName: 'DueIndex',
      Limit: 1,
      Select: 'COUNT',
    });
    expect(states.ContinueSweep?.Resource).toMatch(/:states:::states:startExecution$/);
    expect(states.ContinueSweep?.Parameters?.['StateMachineArn.$']).toBe('$$.StateMachine.Id');
    // The role may start this one state machine (its continuations) and nothing else.
    const roleId = refTarget((machine.Properties as { RoleArn: unknown }).RoleArn);
    const policies = ofType('AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties?.Roles ?? []).includes(String(roleId)),
    );
    const statements = policies.flatMap(
      ([, p]) =>
        props<{ PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } }>(p).PolicyDocument
          .Statement,
    );
    const start = statements.find((st) => JSON.stringify(st.Action).includes('states:StartExecution'));
    expect(JSON.stringify(start?.Resource)).toContain(':stateMachine:BaaGuard-Sweep');
  });
});
