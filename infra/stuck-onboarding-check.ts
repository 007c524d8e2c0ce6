import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface StuckOnboardingCheckProps {
  /** The check-stuck-onboardings function (read-only on the table). */
  readonly handler: lambda.IFunction;
  /** How often the check runs; the StuckOnboardings alarm's period matches it. Default 1 hour. */
  readonly every?: Duration;
}

/**
 * Runs the stuck-onboarding check on a schedule. The check reads the table, not the executions, so
 * an onboarding waiting on a person for weeks is noticed while its execution is still running.
 */
export class StuckOnboardingCheck extends Construct {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: StuckOnboardingCheckProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Schedule', {
      description: 'Counts onboardings per stage and those stuck without progress; resumes orphans',
      schedule: events.Schedule.rate(props.every ?? Duration.hours(1)),
      targets: [new targets.LambdaFunction(props.handler, { retryAttempts: 2 })],
    });
  }
}
