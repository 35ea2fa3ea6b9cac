/**
 * Workflows: the launch, review and sweep state machines (Standard, JSONPath only, so that the
 * local runner executes the very same definitions). Every Task retries transient errors and has a
 * Catch that records the failure before the execution fails (which raises the failed-executions
 * alarm). Execution data is kept out of the logs: inputs carry ids only, but the rule is firm.
 */
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ProductFunction } from './product-function.ts';

export const WORKFLOW_METADATA_KEY = 'baa:workflow';

export interface WorkflowsProps {
  environment: Record<string, string>;
  key: kms.IKey;
}

type Fn = ProductFunction['fn'];

/** One Task per step: `{ step, input: <state> }` in, the step's result at `resultPath`. */
function step(scope: Construct, name: string, fn: Fn, stepName: string, resultPath: string | null) {
  const task = new tasks.LambdaInvoke(scope, name, {
    lambdaFunction: fn,
    payload: sfn.TaskInput.fromObject({ step: stepName, input: sfn.JsonPath.entirePayload }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: true,
    resultPath: resultPath === null ? sfn.JsonPath.DISCARD : resultPath,
    taskTimeout: sfn.Timeout.duration(Duration.seconds(60)),
  });
  task.addRetry({
    errors: ['TransientError', 'Lambda.TooManyRequestsException'],
    interval: Duration.seconds(2),
    maxAttempts: 4,
    backoffRate: 2,
  });
  return task;
}

export class Workflows extends Construct {
  readonly launchFn: ProductFunction;
  readonly reviewFn: ProductFunction;
  readonly sweepFn: ProductFunction;
  readonly launch: sfn.StateMachine;
  readonly review: sfn.StateMachine;
  readonly sweep: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const fn = (name: string, entry: string, description: string) =>
      new ProductFunction(this, name, {
        entry,
        description,
        environment: props.environment,
        logKey: props.key,
      });
    this.launchFn = fn('LaunchTasks', 'functions/workflows/launch.ts', 'Launch workflow tasks');
    this.reviewFn = fn('ReviewTasks', 'functions/workflows/review.ts', 'Review workflow tasks');
    this.sweepFn = fn('SweepTasks', 'functions/workflows/sweep.ts', 'Deadline sweep workflow tasks');

    this.launch = this.machine('Launch', 'launch', this.launchDefinition(this.launchFn.fn), props.key);
    this.review = this.machine('Review', 'review', this.reviewDefinition(this.reviewFn.fn), props.key);
    this.sweep = this.machine('Sweep', 'sweep', this.sweepDefinition(this.sweepFn.fn), props.key);
  }

  /** Load vendor → freeze questionnaire by tier → link + invitation email → BAA request if PHI → audit. */
  private launchDefinition(fn: Fn): sfn.IChainable {
    const s = new Construct(this, 'LaunchStates');
    const failed = step(s, 'RecordLaunchFailure', fn, 'recordFailure', '$.failure').next(
      new sfn.Fail(s, 'LaunchFailed', {
        error: 'LaunchFailed',
        cause: 'A launch step failed; see the audit trail',
      }),
    );
    const guard = <T extends tasks.LambdaInvoke>(t: T) => t.addCatch(failed, { resultPath: '$.error' });
    const prepare = guard(step(s, 'PrepareAssessment', fn, 'prepare', '$.prepared'));
    const invite = guard(step(s, 'SendInvitation', fn, 'sendInvitation', '$.invitation'));
    const requestBaa = guard(step(s, 'RequestBaa', fn, 'requestBaa', '$.baa'));
    const auditLaunch = guard(step(s, 'AuditLaunch', fn, 'audit', null));
    return prepare
      .next(invite)
      .next(
        new sfn.Choice(s, 'BaaRequired?')
          .when(sfn.Condition.booleanEquals('$.prepared.baaRequired', true), requestBaa.next(auditLaunch))
          .otherwise(auditLaunch),
      );
  }

  /** Score → findings → proposed outcome → emails (vendor, procurement, compliance if critical) → audit. */
  private reviewDefinition(fn: Fn): sfn.IChainable {
    const s = new Construct(this, 'ReviewStates');
    const failed = step(s, 'RecordReviewFailure', fn, 'recordFailure', '$.failure').next(
      new sfn.Fail(s, 'ReviewFailed', {
        error: 'ReviewFailed',
        cause: 'A review step failed; see the audit trail',
      }),
    );
    const guard = <T extends tasks.LambdaInvoke>(t: T) => t.addCatch(failed, { resultPath: '$.error' });
    const auditReview = guard(step(s, 'AuditReview', fn, 'audit', null));
    const escalate = guard(step(s, 'EscalateCritical', fn, 'escalateCritical', null));
    return guard(step(s, 'ScoreAnswers', fn, 'score', '$.score'))
      .next(guard(step(s, 'DeriveFindings', fn, 'findings', '$.findings')))
      .next(guard(step(s, 'ProposeOutcome', fn, 'outcome', '$.outcome')))
      .next(guard(step(s, 'EmailRemediationPlan', fn, 'notifyVendor', null)))
      .next(guard(step(s, 'EmailProcurementSummary', fn, 'notifyProcurement', null)))
      .next(
        new sfn.Choice(s, 'CriticalFindings?')
          .when(sfn.Condition.numberGreaterThan('$.findings.critical', 0), escalate.next(auditReview))
          .otherwise(auditReview),
      );
  }

  /**
   * Query what is due (pages of the sparse index, never a Scan) → Map with bounded concurrency;
   * each item's failure is caught and recorded so the others go on → digest → fail the execution
   * if any item failed (the alarm fires) → loop while more is due.
   */
  private sweepDefinition(fn: Fn): sfn.IChainable {
    const s = new Construct(this, 'SweepStates');
    const recordItemFailure = step(s, 'RecordItemFailure', fn, 'recordItemFailure', '$.outcome');
    const processItem = step(s, 'ProcessDueItem', fn, 'processItem', '$.outcome').addCatch(
      recordItemFailure,
      {
        resultPath: '$.error',
      },
    );
    const map = new sfn.Map(s, 'ForEachDueItem', {
      itemsPath: '$.due.items',
      itemSelector: { 'item.$': '$$.Map.Item.Value', 'now.$': '$.due.now', 'sweepId.$': '$.due.sweepId' },
      maxConcurrency: 5,
      resultPath: '$.processed',
    });
    map.itemProcessor(processItem);

    const failedSweep = step(s, 'RecordSweepFailure', fn, 'recordFailure', '$.failure').next(
      new sfn.Fail(s, 'SweepFailed', { error: 'SweepFailed', cause: 'The sweep failed; see the logs' }),
    );
    const findDue = step(s, 'FindDueItems', fn, 'findDue', '$.due').addCatch(failedSweep, {
      resultPath: '$.error',
    });
    // Only reached if recording an item's failure itself fails.
    map.addCatch(failedSweep, { resultPath: '$.error' });
    const summarize = step(s, 'SummarizeSweep', fn, 'summarize', '$.summary').addCatch(failedSweep, {
      resultPath: '$.error',
    });
    const digest = step(s, 'SendDigests', fn, 'digest', '$.digest').addCatch(failedSweep, {
      resultPath: '$.error',
    });

    // The notices (batched emails) go out even when an item failed: the failure must not hold back
    // the mail of every other item. Only then does the execution fail (the alarm fires).
    const afterNotices = new sfn.Choice(s, 'AnyItemFailed?')
      .when(
        sfn.Condition.or(
          sfn.Condition.numberGreaterThan('$.summary.failed', 0),
          sfn.Condition.numberGreaterThan('$.digest.notices.failed', 0),
        ),
        new sfn.Fail(s, 'SomeItemsFailed', {
          error: 'SweepItemsFailed',
          cause: 'One or more due items failed; the rest were processed',
        }),
      )
      .otherwise(new sfn.Succeed(s, 'SweepDone'));
    return findDue
      .next(map)
      .next(summarize)
      .next(
        new sfn.Choice(s, 'MoreDue?')
          .when(
            sfn.Condition.and(
              sfn.Condition.booleanEquals('$.summary.more', true),
              sfn.Condition.numberEquals('$.summary.failed', 0),
            ),
            findDue,
          )
          .otherwise(digest.next(afterNotices)),
      );
  }

  private machine(id: string, workflow: string, definition: sfn.IChainable, key: kms.IKey) {
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const machine = new sfn.StateMachine(this, id, {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      timeout: Duration.minutes(30),
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
    });
    (machine.node.defaultChild as sfn.CfnStateMachine).addMetadata(WORKFLOW_METADATA_KEY, workflow);
    const fnLogicalId = (fn: ProductFunction) =>
      Stack.of(this).getLogicalId(fn.fn.node.defaultChild as CfnElement);
    const taskFn = { launch: this.launchFn, review: this.reviewFn, sweep: this.sweepFn }[workflow]!;
    Validations.of(machine).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${fnLogicalId(taskFn)}.Arn>:*]`,
        reason:
          "Generated by CDK: lambda:InvokeFunction on the versions/aliases of this workflow's own task function only.",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'CloudWatch Logs delivery and X-Ray actions do not support resource-level permissions.',
      },
      {
        id: 'HIPAA.Security-IAMNoInlinePolicy',
        reason:
          'The CDK-generated policy belongs to this one role and is least-privilege; a managed policy would add no control.',
      },
    );
    return machine;
  }
}
