/**
 * The synthesized template watches itself: encrypted log groups with a retention, alarms on every
 * workflow and function, API, table and mail rates, delivered to an encrypted topic. The template is
 * synthesized once for this file (test/support/stack-template.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  asArray,
  functions,
  keyId,
  ofType,
  onlyOfType,
  props,
  refTarget,
  resources,
  stateMachines,
  template,
  useSynthesizedStack,
} from '../support/stack-template.ts';

useSynthesizedStack();

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
