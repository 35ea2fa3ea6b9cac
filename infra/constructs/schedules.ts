/** Schedules: EventBridge starts the (Express) deadline sweep every 15 minutes (deadlines live in data). */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export class Schedules extends Construct {
  readonly sweepRule: events.Rule;

  constructor(scope: Construct, id: string, props: { sweep: sfn.IStateMachine; everyMinutes?: number }) {
    super(scope, id);
    this.sweepRule = new events.Rule(this, 'SweepSchedule', {
      description: 'Runs the deadline sweep: reminders and escalations that are due',
      schedule: events.Schedule.rate(Duration.minutes(props.everyMinutes ?? 15)),
    });
    this.sweepRule.addTarget(
      new targets.SfnStateMachine(props.sweep, {
        // `at` is the scheduled time: the sweep handles what is due at that instant.
        input: events.RuleTargetInput.fromObject({ source: 'schedule', at: events.EventField.time }),
      }),
    );
  }
}
