/**
 * The synthesized CloudFormation template keeps the product's security and reliability promises:
 * encrypted, retained and backed-up data, least-privilege roles, workflows that retry and record
 * every failure, alarms on every workflow and function. The app is built the way the local
 * runtime builds it (cdk.json context, asset bundling skipped), once for the whole file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/build-app.ts';

const ROOT = join(import.meta.dirname, '..', '..');

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DeletionPolicy?: string;
}
interface Statement {
  Effect: string;
  Action?: string | string[];
  Principal?: unknown;
  Resource?: unknown;
  Condition?: unknown;
}
interface State {
  Type: string;
  Resource?: unknown;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  ItemProcessor?: { States: Record<string, State> };
  Iterator?: { States: Record<string, State> };
  Branches?: { States: Record<string, State> }[];
}
interface Definition {
  QueryLanguage?: string;
  States: Record<string, State>;
}

/** The errors CDK's `retryOnServiceExceptions` retries (Step Functions best practice for Lambda). */
const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
];

let outdir: string;
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  outdir = mkdtempSync(join(tmpdir(), 'baa-guard-infra-'));
  const app = new App({ outdir, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(buildApp(app));
  resources = (template.toJSON() as { Resources: Record<string, Resource> }).Resources;
});
afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const onlyOfType = (type: string): [string, Resource] => {
  const found = ofType(type);
  expect(found, `expected exactly one ${type}, found ${found.map(([id]) => id).join(', ')}`).toHaveLength(1);
  return found[0]!;
};
const props = <T>(r: Resource) => (r.Properties ?? {}) as T;
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Renders a CloudFormation value as a string: `Fn::Join` parts are concatenated and every other
 * intrinsic becomes a placeholder (`<Ref:Id>`, `<Id.Attr>`), which keeps JSON in a joined string valid.
 */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
    if ('Ref' in o) return `<Ref:${String(o.Ref)}>`;
    if ('Fn::GetAtt' in o) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  }
  return '<token>';
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at. */
function refTarget(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') return o.Ref;
  if (Array.isArray(o['Fn::GetAtt'])) return String(o['Fn::GetAtt'][0]);
  return undefined;
}

const keyId = () => onlyOfType('AWS::KMS::Key')[0];
const stateMachines = () => ofType('AWS::StepFunctions::StateMachine');
const functions = () => ofType('AWS::Lambda::Function');

describe('the vendor risk table', () => {
  it('is the one on-demand table, point-in-time recoverable, encrypted with the customer key, retained', () => {
    const [, table] = onlyOfType('AWS::DynamoDB::Table');
    expect(table.DeletionPolicy, 'the table must survive a stack deletion').toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyId(), 'Arn'] },
      },
      DeletionProtectionEnabled: true,
    });
  });

  it('has the overloaded GSI1, the GSI2 registers and the sparse DueIndex (dueShard, nextActionAt) the sweep queries', () => {
    const [, table] = onlyOfType('AWS::DynamoDB::Table');
    const indexes = props<{ GlobalSecondaryIndexes: { IndexName: string; KeySchema: unknown[] }[] }>(
      table,
    ).GlobalSecondaryIndexes;
    expect(indexes.map((i) => i.IndexName).sort()).toEqual(['DueIndex', 'GSI1', 'GSI2']);
    expect(indexes.find((i) => i.IndexName === 'DueIndex')?.KeySchema).toEqual([
      { AttributeName: 'dueShard', KeyType: 'HASH' },
      { AttributeName: 'nextActionAt', KeyType: 'RANGE' },
    ]);
  });

  it('is selected by an AWS Backup plan, together with the document bucket', () => {
    const [tableId] = onlyOfType('AWS::DynamoDB::Table');
    const documentsId = ofType('AWS::S3::Bucket').find(([, b]) => b.Properties?.CorsConfiguration)?.[0];
    expect(documentsId, 'no document bucket (the one with CORS for uploads)').toBeDefined();
    expect(ofType('AWS::Backup::BackupPlan').length, 'no backup plan in the stack').toBeGreaterThan(0);
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: {
        Resources: Match.arrayWith([
          { 'Fn::GetAtt': [tableId, 'Arn'] },
          { 'Fn::GetAtt': [documentsId, 'Arn'] },
        ]),
      },
    });
  });

  it('expires short-lived records (failure records, digest lines) by TTL on purgeAt', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'purgeAt', Enabled: true },
    });
  });
});

describe('retained resources', () => {
  it('have no fixed physical names (a destroyed or failed stack must not block the next deploy)', () => {
    const nameProperty: Record<string, string> = {
      'AWS::Backup::BackupVault': 'BackupVaultName',
      'AWS::S3::Bucket': 'BucketName',
      'AWS::DynamoDB::Table': 'TableName',
      'AWS::Logs::LogGroup': 'LogGroupName',
      'AWS::KMS::Key': 'KeyId',
      'AWS::Cognito::UserPool': 'UserPoolName',
    };
    const retained = Object.entries(resources).filter(([, r]) => r.DeletionPolicy === 'Retain');
    expect(retained.length).toBeGreaterThan(0);
    for (const [id, r] of retained) {
      const property = nameProperty[r.Type];
      const name = property ? r.Properties?.[property] : undefined;
      if (name === undefined) continue;
      // A name is allowed only if it carries the stack's unique id (Ref AWS::StackId).
      expect(JSON.stringify(name), `${id} (${r.Type}) has the fixed name ${JSON.stringify(name)}`).toContain(
        'AWS::StackId',
      );
    }
  });
});

describe('the data key', () => {
  it('rotates', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('lets CloudWatch Logs of this region use it for the encrypted log groups', () => {
    const [, key] = onlyOfType('AWS::KMS::Key');
    const statements = props<{ KeyPolicy: { Statement: Statement[] } }>(key).KeyPolicy.Statement;
    const forLogs = statements.find(
      (s) =>
        s.Effect === 'Allow' &&
        render((s.Principal as { Service?: unknown })?.Service) === 'logs.<Ref:AWS::Region>.amazonaws.com',
    );
    expect(forLogs, 'no key policy statement for logs.<region>.amazonaws.com').toBeDefined();
    expect(asArray(forLogs?.Action)).toEqual(
      expect.arrayContaining(['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*']),
    );
  });
});

describe('the documents bucket', () => {
  // The bucket the functions are told to use is the documents bucket.
  const documentsId = () => {
    const env = props<{ Environment: { Variables: Record<string, unknown> } }>(functions()[0]![1]).Environment
      .Variables;
    const id = refTarget(env.BUCKET_NAME);
    expect(id, 'BUCKET_NAME does not reference a bucket of the stack').toBeDefined();
    return id!;
  };

  it('is versioned, KMS-encrypted with the data key, closed to the public and access-logged', () => {
    const bucket = resources[documentsId()]!;
    expect(bucket.Type).toBe('AWS::S3::Bucket');
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [keyId(), 'Arn'] },
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { DestinationBucketName: expect.anything() },
    });
  });

  it('refuses any request that is not over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: documentsId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('mail', () => {
  it('sends from an SES identity through a configuration set that requires TLS', () => {
    const [identityId] = onlyOfType('AWS::SES::EmailIdentity');
    const [setId, set] = onlyOfType('AWS::SES::ConfigurationSet');
    expect(set.Properties).toMatchObject({ DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
    expect(resources[identityId]!.Properties).toMatchObject({
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: setId } },
    });
  });
});

/** Every Task state of a definition, Map item processors and Parallel branches included. */
function taskStates(
  states: Record<string, State>,
  path = '',
): { name: string; path: string; state: State }[] {
  return Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [{ name, path: `${path}${name}`, state }] : []),
    ...[state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])]
      .filter((p): p is { States: Record<string, State> } => Boolean(p))
      .flatMap((p) => taskStates(p.States, `${path}${name} > `)),
  ]);
}
const isCatchTarget = (name: string) => /^Record\w*Failure$/.test(name);

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

describe('the functions', () => {
  it('run Node 24 on arm64 with active tracing and an explicit log group', () => {
    expect(functions().length).toBeGreaterThan(0);
    for (const [id, fn] of functions()) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: expect.anything() },
      });
    }
  });

  it('record an entry file that exists under functions/', () => {
    for (const [id, fn] of functions()) {
      const entry = fn.Metadata?.['baa:entry'];
      expect(entry, `${id} has no baa:entry metadata`).toMatch(/^functions\/.+\.ts$/);
      expect(existsSync(join(ROOT, String(entry))), `${id}: ${String(entry)} does not exist`).toBe(true);
    }
  });

  it('have roles without AWS managed policies', () => {
    for (const [id, fn] of functions()) {
      const roleId = refTarget(fn.Properties?.Role);
      const role = roleId ? resources[roleId] : undefined;
      expect(role?.Type, `${id}'s role is not a role of the stack`).toBe('AWS::IAM::Role');
      expect(
        role?.Properties?.ManagedPolicyArns,
        `${id}'s role ${roleId} has managed policies`,
      ).toBeUndefined();
    }
  });
});

describe('logs', () => {
  it('every log group is encrypted with a KMS key and has a retention', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const [id, group] of groups) {
      expect(group.Properties?.KmsKeyId, `${id} is not KMS-encrypted`).toBeDefined();
      expect(group.Properties?.RetentionInDays, `${id} keeps logs forever`).toBeGreaterThan(0);
    }
  });
});

describe('the HTTP API', () => {
  it('is an HTTP API whose /vendors routes need a staff JWT', () => {
    const [, api] = onlyOfType('AWS::ApiGatewayV2::Api');
    expect(api.Properties?.ProtocolType).toBe('HTTP');
    const [authorizerId, authorizer] = onlyOfType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties?.AuthorizerType).toBe('JWT');
    const vendorRoutes = ofType('AWS::ApiGatewayV2::Route').filter(([, r]) =>
      /^ANY \/vendors(\/|$)/.test(String(r.Properties?.RouteKey)),
    );
    expect(vendorRoutes.map(([, r]) => r.Properties?.RouteKey).sort()).toEqual([
      'ANY /vendors',
      'ANY /vendors/{proxy+}',
    ]);
    for (const [, route] of vendorRoutes) {
      expect(route.Properties, String(route.Properties?.RouteKey)).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
      });
    }
  });

  it('logs access and throttles on its default stage', () => {
    const [, stage] = onlyOfType('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AccessLogSettings: { DestinationArn: expect.anything(), Format: expect.any(String) },
      DefaultRouteSettings: {
        ThrottlingBurstLimit: expect.any(Number),
        ThrottlingRateLimit: expect.any(Number),
      },
    });
  });
});

describe('staff sign-in', () => {
  it('requires MFA and has the procurement, compliance and admin groups', () => {
    const [poolId, pool] = onlyOfType('AWS::Cognito::UserPool');
    expect(pool.Properties?.MfaConfiguration).toBe('ON');
    const groups = ofType('AWS::Cognito::UserPoolGroup').filter(
      ([, g]) => refTarget(g.Properties?.UserPoolId) === poolId,
    );
    expect(groups.map(([, g]) => g.Properties?.GroupName).sort()).toEqual([
      'admin',
      'compliance',
      'procurement',
    ]);
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

describe('monitoring', () => {
  it('alarms go to a KMS-encrypted SNS topic', () => {
    const [, topic] = onlyOfType('AWS::SNS::Topic');
    expect(topic.Properties?.KmsMasterKeyId, 'the alarm topic is not encrypted').toBeDefined();
  });

  it('every state machine has a failed-executions alarm and every function an errors alarm, each notifying SNS', () => {
    const [topicId] = onlyOfType('AWS::SNS::Topic');
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) =>
      props<{ MetricName: string; Dimensions: { Name: string; Value: unknown }[]; AlarmActions?: unknown[] }>(
        a,
      ),
    );
    const watched = (metric: string, dimension: string, id: string) =>
      alarms.find(
        (a) =>
          a.MetricName === metric &&
          (a.Dimensions ?? []).some((d) => d.Name === dimension && refTarget(d.Value) === id) &&
          (a.AlarmActions ?? []).some((action) => refTarget(action) === topicId),
      );
    for (const [id] of stateMachines()) {
      expect(
        watched('ExecutionsFailed', 'StateMachineArn', id),
        `${id} has no ExecutionsFailed alarm to SNS`,
      ).toBeDefined();
    }
    for (const [id] of functions()) {
      expect(watched('Errors', 'FunctionName', id), `${id} has no Errors alarm to SNS`).toBeDefined();
    }
    for (const alarm of alarms) {
      expect(
        (alarm.AlarmActions ?? []).some((action) => refTarget(action) === topicId),
        `the ${alarm.MetricName} alarm does not notify the alarm topic`,
      ).toBe(true);
    }
  });

  it('alarm on API 5xx, DynamoDB throttling and SES bounce (≥ 2%) and complaint (≥ 0.05%) rates', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => JSON.stringify(a.Properties));
    const [apiId] = onlyOfType('AWS::ApiGatewayV2::Api');
    const [tableId] = onlyOfType('AWS::DynamoDB::Table');
    expect(alarms.some((a) => a.includes('"MetricName":"5xx"') && a.includes(apiId))).toBe(true);
    for (const metric of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
      expect(
        alarms.some((a) => a.includes(`"MetricName":"${metric}"`) && a.includes(tableId)),
        metric,
      ).toBe(true);
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Reputation.BounceRate',
      Namespace: 'AWS/SES',
      Threshold: 0.02,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Reputation.ComplaintRate',
      Namespace: 'AWS/SES',
      Threshold: 0.0005,
    });
  });
});

describe('stack outputs', () => {
  it('give the API URL, the console URL, the user pool id and the three DKIM records', () => {
    const outputs = (
      template.toJSON() as { Outputs: Record<string, { Value: unknown; Description?: string }> }
    ).Outputs;
    for (const name of ['ApiUrl', 'ConsoleUrl', 'UserPoolId', 'DkimRecord1', 'DkimRecord2', 'DkimRecord3']) {
      expect(outputs[name], `no ${name} output`).toBeDefined();
      expect(outputs[name]?.Description, `${name} has no description`).toBeTruthy();
    }
    const [poolId] = onlyOfType('AWS::Cognito::UserPool');
    expect(outputs.UserPoolId?.Value).toEqual({ Ref: poolId });
    expect(JSON.stringify(outputs.ConsoleUrl?.Value)).toContain('/console');
    expect(JSON.stringify(outputs.DkimRecord1?.Value)).toContain('DkimDNSTokenName1');
  });
});

describe('least privilege', () => {
  /** Every statement of every IAM policy (identity policies and resource policies). */
  const statements = () =>
    Object.entries(resources).flatMap(([id, r]) => {
      const p = r.Properties ?? {};
      const docs: unknown[] = [
        p.PolicyDocument,
        p.KeyPolicy,
        p.AssumeRolePolicyDocument,
        // Inline policies of a role (a Cognito pool's `Policies` is its password policy, not IAM).
        ...(r.Type === 'AWS::IAM::Role'
          ? ((p.Policies as { PolicyDocument: unknown }[] | undefined) ?? [])
          : []
        ).map((x) => x.PolicyDocument),
      ];
      return docs
        .filter((d): d is { Statement: Statement[] } =>
          Boolean(d && typeof d === 'object' && 'Statement' in d),
        )
        .flatMap((d) => d.Statement.map((s) => ({ id, type: r.Type, s })));
    });

  it('no policy allows every action, every DynamoDB action or every S3 action', () => {
    const identityPolicies = statements().filter(({ type }) =>
      ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role'].includes(type),
    );
    expect(identityPolicies.length).toBeGreaterThan(0);
    const broad = statements()
      .filter(({ s }) => s.Effect === 'Allow')
      .flatMap(({ id, s }) =>
        asArray(s.Action)
          .filter((a) => ['*', 'dynamodb:*', 's3:*'].includes(a))
          .map((a) => `${id}: ${a}`),
      );
    expect(broad, 'over-broad actions granted').toEqual([]);
    // Deny statements are guards (TLS only); an identity policy should not need a wildcard either way.
    const identityWildcards = identityPolicies.flatMap(({ id, s }) =>
      asArray(s.Action)
        .filter((a) => ['*', 'dynamodb:*', 's3:*'].includes(a))
        .map((a) => `${id}: ${s.Effect} ${a}`),
    );
    expect(identityWildcards).toEqual([]);
  });

  it('ses:SendEmail is granted on the mail identity and configuration set only', () => {
    const [identityId] = onlyOfType('AWS::SES::EmailIdentity');
    const [setId] = onlyOfType('AWS::SES::ConfigurationSet');
    const grants = statements().filter(({ s }) =>
      asArray(s.Action).some((a) => a === 'ses:SendEmail' || a === 'ses:*'),
    );
    expect(grants.length, 'no role may send email').toBeGreaterThan(0);
    for (const { id, s } of grants) {
      expect(asArray(s.Action), `${id} grants ses:*`).not.toContain('ses:*');
      const targets = asArray(s.Resource).map(render);
      expect(targets.length, `${id} grants ses:SendEmail without a resource`).toBeGreaterThan(0);
      for (const target of targets) {
        expect(
          target.endsWith(`:identity/<Ref:${identityId}>`) ||
            target.endsWith(`:configuration-set/<Ref:${setId}>`),
          `${id} grants ses:SendEmail on ${target}`,
        ).toBe(true);
      }
    }
  });
});

describe('alarm delivery', () => {
  it('lets CloudWatch alarms of this account publish to the encrypted topic and use its key', () => {
    const [topicId] = onlyOfType('AWS::SNS::Topic');
    const policies = ofType('AWS::SNS::TopicPolicy').filter(([, r]) =>
      JSON.stringify(props(r)).includes(topicId),
    );
    const statements = policies.flatMap(([, r]) =>
      asArray(props<{ PolicyDocument: { Statement: unknown } }>(r).PolicyDocument.Statement),
    );
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Allow',
          Action: 'sns:Publish',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
        }),
      ]),
    );
    const keyPolicy = JSON.stringify(props(resources[keyId()]!));
    expect(keyPolicy).toContain('cloudwatch.amazonaws.com');
  });
});

describe('console sign-in', () => {
  it('has a Cognito hosted UI domain and an app client whose only callback is the console', () => {
    expect(ofType('AWS::Cognito::UserPoolDomain')).toHaveLength(1);
    const [, client] = onlyOfType('AWS::Cognito::UserPoolClient');
    const p = props<{ AllowedOAuthFlows: string[]; CallbackURLs: unknown[]; GenerateSecret?: boolean }>(
      client,
    );
    expect(p.AllowedOAuthFlows).toEqual(['code']);
    expect(JSON.stringify(p.CallbackURLs)).toContain('/console/callback');
    expect(p.GenerateSecret ?? false).toBe(false);
  });

  it('lets only the cookie-opened staff downloads skip the gateway authorizer under /vendors and /assessments', () => {
    const open = ofType('AWS::ApiGatewayV2::Route')
      .map(([, r]) => props<{ RouteKey: string; AuthorizerId?: unknown }>(r))
      .filter(
        (r) => (r.RouteKey.includes(' /vendors') || r.RouteKey.includes(' /assessments')) && !r.AuthorizerId,
      )
      .map((r) => r.RouteKey)
      .sort();
    expect(open).toEqual([
      'GET /assessments/{assessmentId}/evidence/{fileId}',
      'GET /vendors/{vendorId}/audit-packet',
      'GET /vendors/{vendorId}/baas/{baaId}/documents/{version}',
    ]);
  });
});
