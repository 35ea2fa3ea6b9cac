/**
 * Workflows: the launch and review state machines (Standard) and the deadline sweep (Express: it
 * runs every 15 minutes, is idempotent by its claims, and costs cents a year; see
 * docs/architecture.md "The deadline sweep"). JSONPath only, so that the local runner executes
 * the very same definitions. Every Task retries transient errors and has a Catch that records the
 * failure. Execution data is kept out of the logs: inputs carry ids only, but the rule is firm.
 */
import { ArnFormat, type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { TABLE_KEYS } from '#shared/adapters/dynamodb/table-layout.ts';
import { DUE_SHARDS } from '#shared/domain/due-index.ts';
import { PAGES_PER_EXECUTION } from '#shared/use-cases/sweep-paging.ts';
import { WORKFLOW_METADATA_KEY } from './metadata-keys.ts';
import { ProductFunction } from './product-function.ts';

export { WORKFLOW_METADATA_KEY };

export interface WorkflowsProps {
  environment: Record<string, string>;
  key: kms.IKey;
  /** The table whose due index the sweep probes directly (no Lambda when nothing is due). */
  table: dynamodb.ITable;
}

/** Items processed at once within a sweep page (bounds the load on DynamoDB and SES). */
export const SWEEP_MAP_CONCURRENCY = 10;
/** Express executions stop after 5 minutes; the sweep's pages are sized to finish well within. */
export const SWEEP_TIMEOUT = Duration.minutes(5);

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
    // The sweep starts its own continuations, so its ARN must be known before it exists: a name
    // scoped to the stack (the state machine is not retained, so a redeploy never collides).
    const sweepName = `${Stack.of(this).stackName}-Sweep`;
    const sweepArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: sweepName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.sweep = this.machine(
      'Sweep',
      'sweep',
      this.sweepDefinition(this.sweepFn.fn, props.table),
      props.key,
      { express: true, name: sweepName },
    );
    this.sweep.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [sweepArn] }),
    );
    props.key.grantDecrypt(this.sweep);
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
   * The deadline sweep (Express). Nothing due → four direct DynamoDB queries (one per due shard,
   * `Limit 1`) and done: no Lambda runs. Something due → pages of SWEEP_BATCH items from a cursor;
   * each page is a Map whose items' failures are caught and counted on the item (retry later or
   * quarantine), so one bad item never stops paging or the digest. After PAGES_PER_EXECUTION pages
   * the execution hands its cursor to a continuation execution of itself; the last one sends the
   * digest. Each execution is thereby bounded (Express: 5 minutes) whatever the backlog.
   */
  private sweepDefinition(fn: Fn, table: dynamodb.ITable): sfn.IChainable {
    const s = new Construct(this, 'SweepStates');
    const failedSweep = step(s, 'RecordSweepFailure', fn, 'recordFailure', '$.failure').next(
      new sfn.Fail(s, 'SweepFailed', { error: 'SweepFailed', cause: 'The sweep failed; see the logs' }),
    );
    const guard = <T extends sfn.TaskStateBase>(t: T) => t.addCatch(failedSweep, { resultPath: '$.error' });

    // Per item: process; on failure count it on the item; if even that fails, go on (the item
    // stays due and the function-errors alarm fires).
    const unrecorded = new sfn.Pass(s, 'ItemFailureUnrecorded', {
      result: sfn.Result.fromObject({ result: 'unrecorded' }),
      resultPath: '$.outcome',
    });
    const recordItemFailure = step(s, 'RecordItemFailure', fn, 'recordItemFailure', '$.outcome').addCatch(
      unrecorded,
      { resultPath: '$.recordError' },
    );
    const processItem = step(s, 'ProcessDueItem', fn, 'processItem', '$.outcome').addCatch(
      recordItemFailure,
      {
        resultPath: '$.error',
      },
    );
    const map = new sfn.Map(s, 'ForEachDueItem', {
      itemsPath: '$.due.items',
      itemSelector: {
        'item.$': '$$.Map.Item.Value',
        'now.$': '$.sweep.now',
        'sweepId.$': '$.sweep.sweepId',
      },
      maxConcurrency: SWEEP_MAP_CONCURRENCY,
      resultPath: '$.processed',
    });
    map.itemProcessor(processItem);
    map.addCatch(failedSweep, { resultPath: '$.error' });

    const findDue = guard(step(s, 'FindDueItems', fn, 'findDue', '$.due'));
    const summarize = guard(step(s, 'SummarizeSweep', fn, 'summarize', '$.summary'));
    const digest = guard(step(s, 'SendDigests', fn, 'digest', '$.digest'));
    const stack = Stack.of(this);
    const continueSweep = new sfn.CustomState(s, 'ContinueSweep', {
      stateJson: {
        Type: 'Task',
        Resource: `arn:${stack.partition}:states:::states:startExecution`,
        Parameters: {
          'StateMachineArn.$': '$$.StateMachine.Id',
          'Name.$': "States.Format('{}-{}', $.sweep.sweepId, $.due.pagesTotal)",
          Input: {
            continuation: {
              'sweep.$': '$.sweep',
              due: { 'position.$': '$.due.position', 'pagesTotal.$': '$.due.pagesTotal' },
              'summary.$': '$.summary',
            },
          },
        },
        ResultPath: null,
      },
    });
    continueSweep.addRetry({
      errors: ['SFN.ThrottlingException', 'SFN.ServiceQuotaExceededException', 'States.TaskFailed'],
      interval: Duration.seconds(2),
      maxAttempts: 3,
      backoffRate: 2,
    });
    continueSweep.addCatch(failedSweep, { resultPath: '$.error' });

    // The probe: is anything due at the sweep's start? Direct queries, Limit 1, count only.
    const probes = Array.from({ length: DUE_SHARDS }, (_, shard) => {
      const probe = new tasks.CallAwsService(s, `ProbeDueShard${shard}`, {
        service: 'dynamodb',
        action: 'query',
        parameters: {
          TableName: table.tableName,
          IndexName: TABLE_KEYS.due.name,
          KeyConditionExpression: `${TABLE_KEYS.due.partitionKey} = :shard AND ${TABLE_KEYS.due.sortKey} <= :now`,
          ExpressionAttributeValues: {
            ':shard': { S: `DUE#${shard}` },
            ':now': { S: sfn.JsonPath.stringAt('$.sweep.now') },
          },
          Limit: 1,
          Select: 'COUNT',
        },
        iamAction: 'dynamodb:Query',
        iamResources: [`${table.tableArn}/index/${TABLE_KEYS.due.name}`],
        resultSelector: { 'count.$': '$.Count' },
        resultPath: `$.probe.shard${shard}`,
        taskTimeout: sfn.Timeout.duration(Duration.seconds(20)),
      });
      probe.addRetry({
        errors: [
          'DynamoDb.ProvisionedThroughputExceededException',
          'DynamoDb.ThrottlingException',
          'DynamoDb.InternalServerErrorException',
          'DynamoDb.RequestLimitExceeded',
        ],
        interval: Duration.seconds(1),
        maxAttempts: 3,
        backoffRate: 2,
      });
      return guard(probe);
    });
    const anythingDue = new sfn.Choice(s, 'AnythingDue?')
      .when(
        sfn.Condition.or(
          ...probes.map((_, shard) => sfn.Condition.numberGreaterThan(`$.probe.shard${shard}.count`, 0)),
        ),
        findDue,
      )
      .otherwise(new sfn.Succeed(s, 'NothingDue'));
    let probeChain: sfn.IChainable & sfn.INextable = probes[0]!;
    const probeStart = probes[0]!;
    for (const probe of probes.slice(1)) {
      probeChain.next(probe);
      probeChain = probe;
    }
    probeChain.next(anythingDue);

    // The sweep's `now`: the scheduled event's time (`at`, from EventBridge or the local clock),
    // else the execution's start (a manual start).
    const start = new sfn.Pass(s, 'StartSweep', {
      parameters: { sweep: { 'now.$': '$$.Execution.StartTime', 'sweepId.$': '$$.Execution.Name' } },
    });
    const startAt = new sfn.Pass(s, 'StartScheduledSweep', {
      parameters: { sweep: { 'now.$': '$.at', 'sweepId.$': '$$.Execution.Name' } },
    });
    const resume = new sfn.Pass(s, 'ResumeSweep', {
      parameters: {
        'sweep.$': '$.continuation.sweep',
        'due.$': '$.continuation.due',
        'summary.$': '$.continuation.summary',
      },
    });
    start.next(probeStart);
    startAt.next(probeStart);
    resume.next(findDue);

    findDue
      .next(map)
      .next(summarize)
      .next(
        new sfn.Choice(s, 'MorePages?')
          .when(
            sfn.Condition.booleanEquals('$.due.more', false),
            digest.next(new sfn.Succeed(s, 'SweepDone')),
          )
          .when(
            sfn.Condition.numberGreaterThanEquals('$.due.page', PAGES_PER_EXECUTION),
            continueSweep.next(new sfn.Succeed(s, 'HandedOver')),
          )
          .otherwise(findDue),
      );

    return new sfn.Choice(s, 'Continuation?')
      .when(sfn.Condition.isPresent('$.continuation'), resume)
      .when(sfn.Condition.isPresent('$.at'), startAt)
      .otherwise(start);
  }

  private machine(
    id: string,
    workflow: string,
    definition: sfn.IChainable,
    key: kms.IKey,
    options: { express?: boolean; name?: string } = {},
  ) {
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const express = options.express === true;
    const machine = new sfn.StateMachine(this, id, {
      stateMachineName: options.name,
      stateMachineType: express ? sfn.StateMachineType.EXPRESS : sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      // Express: tracing and ALL-level logs would cost more than the sweep itself (X-Ray samples
      // every execution at one per 15 minutes; ~10 log events per idle run). Errors are logged.
      tracingEnabled: !express,
      timeout: express ? SWEEP_TIMEOUT : Duration.minutes(30),
      logs: {
        destination: logGroup,
        level: express ? sfn.LogLevel.ERROR : sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
    });
    if (express) {
      Validations.of(machine).acknowledge(
        {
          id: 'AwsSolutions-SF1',
          reason:
            'The Express sweep runs 35,040 times a year; ALL-level logs would cost more than the sweep itself. ERROR-level logs, the failed/timed-out alarms, failure records and the audit trail cover it (docs/architecture.md).',
        },
        {
          id: 'AwsSolutions-SF2',
          reason:
            'X-Ray would trace every one of the 35,040 yearly sweeps (about 3x the sweep cost); the task function itself is traced.',
        },
      );
    }
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
