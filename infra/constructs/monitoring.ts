/**
 * Monitoring: an encrypted SNS topic (emailed to `alarmEmails`) and alarms on failed or timed-out
 * executions, function errors, API 5xx responses, DynamoDB throttling and SES bounce/complaint
 * rates (before SES itself reviews the account).
 */
import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface MonitoringProps {
  key: kms.IKey;
  alarmEmails: string[];
}

export class Monitoring extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', {
      masterKey: props.key,
      enforceSSL: true,
      displayName: 'Vendor risk alarms',
    });
    // enforceSSL replaces the default topic policy, so CloudWatch needs an explicit grant to publish,
    // and to use the key that encrypts the topic.
    const stack = Stack.of(this);
    const cloudwatchPrincipal = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
      },
    };
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudwatchPrincipal],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudwatchPrincipal],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );
    for (const email of props.alarmEmails) this.topic.addSubscription(new subs.EmailSubscription(email));
    if (props.alarmEmails.length === 0) {
      Annotations.of(this).addWarningV2(
        'baa-guard:no-alarm-subscribers',
        'No alarmEmails: alarms go to an SNS topic nobody reads. Set -c alarmEmails=oncall@your-domain (a deploy requires it).',
      );
    }
  }

  private alarm(id: string, metric: cloudwatch.IMetric, description: string, threshold = 1) {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    return alarm;
  }

  watchStateMachine(id: string, machine: sfn.StateMachine) {
    this.alarm(
      `${id}ExecutionsFailed`,
      machine.metricFailed({ period: Duration.minutes(5) }),
      `${id} workflow executions failed`,
    );
    this.alarm(
      `${id}ExecutionsTimedOut`,
      machine.metricTimedOut({ period: Duration.minutes(5) }),
      `${id} workflow executions timed out`,
    );
  }

  watchFunction(id: string, fn: lambda.IFunction) {
    this.alarm(`${id}Errors`, fn.metricErrors({ period: Duration.minutes(5) }), `${id} function errors`);
  }

  /** Any 5xx: the app answers bad input with 4xx, so a 5xx is a defect or an outage. */
  watchApi(id: string, api: apigw.HttpApi) {
    this.alarm(
      `${id}ServerErrors`,
      api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      'The HTTP API answered with 5xx',
    );
  }

  /** Throttled reads or writes on the table (on-demand tables throttle on sudden peaks). */
  watchTable(id: string, table: dynamodb.ITable) {
    const period = Duration.minutes(5);
    const metric = new cloudwatch.MathExpression({
      expression: 'reads + writes',
      usingMetrics: {
        reads: table.metric('ReadThrottleEvents', { period, statistic: 'Sum' }),
        writes: table.metric('WriteThrottleEvents', { period, statistic: 'Sum' }),
      },
      label: 'Throttle events',
      period,
    });
    this.alarm(`${id}Throttles`, metric, 'DynamoDB throttled reads or writes on the table');
  }

  /**
   * SES account reputation: SES reviews an account at a 5% bounce or 0.1% complaint rate; these
   * alarms fire earlier (2% / 0.05%) so there is time to act. Policy thresholds, from SES's own
   * guidance to stay below 2% bounces and 0.1% complaints.
   */
  watchMailReputation() {
    const rate = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        statistic: 'Maximum',
        period: Duration.hours(1),
      });
    this.alarm('MailBounceRate', rate('Reputation.BounceRate'), 'SES bounce rate at or above 2%', 0.02);
    this.alarm(
      'MailComplaintRate',
      rate('Reputation.ComplaintRate'),
      'SES complaint rate at or above 0.05%',
      0.0005,
    );
  }
}
