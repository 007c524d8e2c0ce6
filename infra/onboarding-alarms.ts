import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { businessMetrics, sesReputation } from './ops-metrics.ts';

export interface OnboardingAlarmsProps {
  readonly stateMachine: sfn.IStateMachine;
  /** Functions whose errors and throttles page ops, by a readable name used in the alarm name. */
  readonly functions: Record<string, lambda.IFunction>;
  /** Subscribed (after confirming the SNS email) to every alarm: CDK context `alarmEmail` (default `opsEmail`). */
  readonly opsEmail: string;
  /** The HTTP API whose 5xx answers page ops. */
  readonly httpApi: apigw.IHttpApi;
  /** The stuck-onboarding check's threshold, for the alarm's description. */
  readonly stuckAfterDays: number;
}

/** Where the runbook is: every alarm description ends with it. */
const RUNBOOK = 'Runbook: docs/operating.md, "Alarms (runbook)".';

/** SES puts an account under review at 5 % bounces or 0.1 % complaints: alarm at half of each. */
export const SES_BOUNCE_RATE_THRESHOLD = 0.025;
export const SES_COMPLAINT_RATE_THRESHOLD = 0.0005;

/**
 * Everything that pages ops, each alarm to one encrypted SNS topic with an email subscription:
 * executions failed, timed out or aborted; a function's errors or throttles; the HTTP API's 5xx
 * answers; SES bounce and complaint rates; and onboardings stuck in a stage for N days (from the
 * hourly check, so it fires while the execution is still waiting).
 */
export class OnboardingAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  /** The functions watched, by name (the dashboard shows the same ones). */
  readonly functions: Record<string, lambda.IFunction>;

  constructor(scope: Construct, id: string, props: OnboardingAlarmsProps) {
    super(scope, id);
    this.functions = props.functions;
    const { businessMetric } = businessMetrics(Stack.of(this).stackName);

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
    // enforceSSL replaces the topic's default policy with one holding only its Deny: without this
    // statement CloudWatch could not publish, and no alarm would ever reach ops.
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: `${stack.stackName}-*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
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
      'An onboarding execution was aborted (stopped)',
      stateMachine.metricAborted({ period }),
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${name}Errors`, `The ${name} function threw errors`, fn.metricErrors({ period }));
      this.alarm(
        `${name}Throttles`,
        `The ${name} function was throttled (concurrency limit reached)`,
        fn.metricThrottles({ period }),
      );
    }
    this.alarm(
      'Api5xx',
      'The HTTP API answered 5xx (a person or a caller saw an error or "try again")',
      props.httpApi.metricServerError({ period, statistic: cloudwatch.Stats.SUM }),
    );
    this.alarm(
      'SesBounceRate',
      `The SES account bounce rate reached ${SES_BOUNCE_RATE_THRESHOLD * 100} % (SES reviews accounts at 5 %)`,
      sesReputation('BounceRate'),
      { threshold: SES_BOUNCE_RATE_THRESHOLD },
    );
    this.alarm(
      'SesComplaintRate',
      `The SES account complaint rate reached ${SES_COMPLAINT_RATE_THRESHOLD * 100} % (SES reviews accounts at 0.1 %)`,
      sesReputation('ComplaintRate'),
      { threshold: SES_COMPLAINT_RATE_THRESHOLD },
    );
    this.alarm(
      'StuckOnboardings',
      `An onboarding has made no progress for ${props.stuckAfterDays} days or more (its ids are in the check's log)`,
      businessMetric('StuckOnboardings', { statistic: cloudwatch.Stats.MAXIMUM, period: Duration.hours(1) }),
      // Written by each run of the check; between two runs the alarm keeps its state.
      { treatMissingData: cloudwatch.TreatMissingData.IGNORE },
    );
    this.alarm(
      'OrphansFound',
      'The scheduled check found an onboarding in progress with no running execution and resumed it (its id is in the check log): look for why its execution ended',
      businessMetric('OrphansFound', { statistic: cloudwatch.Stats.MAXIMUM, period: Duration.hours(1) }),
      { treatMissingData: cloudwatch.TreatMissingData.IGNORE },
    );
    this.alarm(
      'EventsNotPublished',
      'A lifecycle event could not be put on the EventBridge bus after its retries (its id and onboarding are in the function log): subscribers missed it',
      businessMetric('EventsNotPublished', { period: Duration.minutes(5) }),
    );
  }

  private alarm(
    id: string,
    description: string,
    metric: cloudwatch.IMetric,
    options: { threshold?: number; treatMissingData?: cloudwatch.TreatMissingData } = {},
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${Stack.of(this).stackName}-${id}`,
      alarmDescription: `${description}. ${RUNBOOK}`,
      metric,
      threshold: options.threshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
