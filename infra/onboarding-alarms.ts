import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface OnboardingAlarmsProps {
  readonly stateMachine: sfn.IStateMachine;
  /** Functions whose errors page ops, by a readable name used in the alarm description. */
  readonly functions: Record<string, lambda.IFunction>;
  /** Subscribed (after confirming the SNS email) to every alarm. */
  readonly opsEmail: string;
}

/**
 * Ops is told when an onboarding execution fails, times out or is aborted, and when a handler throws:
 * one alarm per signal, all sent to an encrypted SNS topic with an email subscription.
 */
export class OnboardingAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OnboardingAlarmsProps) {
    super(scope, id);

    // A customer-managed key: CloudWatch cannot publish to a topic encrypted with alias/aws/sns.
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the marketplace onboarding alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Marketplace onboarding alarms',
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addSubscription(new EmailSubscription(props.opsEmail));

    const period = Duration.minutes(5);
    const { stateMachine } = props;
    this.alarm('ExecutionsFailed', 'An onboarding execution failed', stateMachine.metricFailed({ period }));
    this.alarm(
      'ExecutionsTimedOut',
      'An onboarding execution timed out',
      stateMachine.metricTimedOut({ period }),
    );
    this.alarm(
      'ExecutionsAborted',
      'An onboarding execution was aborted',
      stateMachine.metricAborted({ period }),
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${name}Errors`, `The ${name} function threw errors`, fn.metricErrors({ period }));
    }
  }

  private alarm(id: string, description: string, metric: cloudwatch.IMetric): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
