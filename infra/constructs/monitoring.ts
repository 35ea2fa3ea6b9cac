/** Monitoring: an encrypted SNS topic and alarms on failed executions and function errors. */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
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
  }

  private alarm(id: string, metric: cloudwatch.IMetric, description: string) {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold: 1,
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
}
