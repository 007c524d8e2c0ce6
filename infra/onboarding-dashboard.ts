import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { businessMetrics, sesReputation } from './ops-metrics.ts';

export interface OnboardingDashboardProps {
  readonly dashboardName: string;
  readonly stateMachine: sfn.IStateMachine;
  readonly functions: Record<string, lambda.IFunction>;
  readonly httpApi: apigw.IHttpApi;
  readonly alarms: cloudwatch.IAlarm[];
  readonly stuckAfterDays: number;
}

const DAY = Duration.days(1);
const FIVE_MINUTES = Duration.minutes(5);
const WIDE = 12;
const HEIGHT = 6;

/**
 * One CloudWatch dashboard for ops, top to bottom: alarm states; the funnel (onboardings in progress
 * per stage, now) and what is stuck; actions per day; reminders and escalations; errors (executions,
 * functions, API, email).
 */
export class OnboardingDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OnboardingDashboardProps) {
    super(scope, id);
    const { stateMachine, httpApi } = props;
    const functions = Object.entries(props.functions);
    const { businessMetric, perStage } = businessMetrics(Stack.of(this).stackName);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(14),
    });

    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: [
          '# Marketplace onboarding',
          `Funnel and stuck counts come from the hourly stuck-onboarding check (stuck = no progress for ${props.stuckAfterDays} days).`,
          'Activity counts come from the functions (EMF). What each alarm means and what to do: docs/operating.md, "Alarms (runbook)".',
          `Find one provider: Step Functions console, state machine \`${Stack.of(this).stackName}\` (named after the stack), search executions by the company slug.`,
        ].join('\n\n'),
        width: WIDE,
        height: HEIGHT,
      }),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: props.alarms,
        width: WIDE,
        height: HEIGHT,
      }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Onboardings in progress by stage (funnel, latest hourly count)',
        view: cloudwatch.GraphWidgetView.BAR,
        left: perStage('OnboardingsInStage', { statistic: cloudwatch.Stats.MAXIMUM }),
        width: WIDE,
        height: HEIGHT,
      }),
      new cloudwatch.GraphWidget({
        title: `Stuck onboardings (no progress for ${props.stuckAfterDays} days)`,
        left: [
          businessMetric('StuckOnboardings', { statistic: cloudwatch.Stats.MAXIMUM, label: 'All stages' }),
          ...perStage('StuckOnboardings', { statistic: cloudwatch.Stats.MAXIMUM }),
        ],
        leftAnnotations: [{ value: 1, label: 'Alarm', color: cloudwatch.Color.RED }],
        width: WIDE,
        height: HEIGHT,
      }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Actions per day',
        stacked: true,
        left: [
          businessMetric('StageCompleted', { period: DAY, label: 'Steps completed' }),
          businessMetric('ChangesRequested', { period: DAY, label: 'Changes requested' }),
          businessMetric('Withdrawals', { period: DAY, label: 'Products withdrawn' }),
        ],
        right: [businessMetric('StageEntered', { period: DAY, label: 'Stages entered (emails sent)' })],
        width: WIDE,
        height: HEIGHT,
      }),
      new cloudwatch.GraphWidget({
        title: 'Steps completed and changes requested by stage (whole range)',
        view: cloudwatch.GraphWidgetView.BAR,
        setPeriodToTimeRange: true,
        left: [
          ...perStage('StageCompleted', { labelPrefix: 'completed' }),
          ...perStage('ChangesRequested', { labelPrefix: 'changes' }),
        ],
        width: WIDE,
        height: HEIGHT,
      }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Reminders and escalations per day',
        left: [
          businessMetric('Reminders', { period: DAY }),
          businessMetric('Escalations', { period: DAY }),
          businessMetric('LinksExpired', { period: DAY, label: 'Expired links opened' }),
        ],
        width: WIDE,
        height: HEIGHT,
      }),
      new cloudwatch.GraphWidget({
        title: 'Reminders and escalations by stage (whole range)',
        view: cloudwatch.GraphWidgetView.BAR,
        setPeriodToTimeRange: true,
        left: [
          ...perStage('Reminders', { labelPrefix: 'reminders' }),
          ...perStage('Escalations', { labelPrefix: 'escalations' }),
        ],
        width: WIDE,
        height: HEIGHT,
      }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Workflow executions',
        left: [
          stateMachine.metricFailed({ period: FIVE_MINUTES, label: 'Failed' }),
          stateMachine.metricTimedOut({ period: FIVE_MINUTES, label: 'Timed out' }),
          stateMachine.metricAborted({ period: FIVE_MINUTES, label: 'Aborted' }),
        ],
        right: [stateMachine.metricStarted({ period: FIVE_MINUTES, label: 'Started' })],
        width: WIDE,
        height: HEIGHT,
      }),
      new cloudwatch.GraphWidget({
        title: 'Function errors and throttles',
        left: functions.map(([name, fn]) =>
          fn.metricErrors({ period: FIVE_MINUTES, label: `${name} errors` }),
        ),
        right: functions.map(([name, fn]) =>
          fn.metricThrottles({ period: FIVE_MINUTES, label: `${name} throttles` }),
        ),
        width: WIDE,
        height: HEIGHT,
      }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'HTTP API answers',
        left: [
          httpApi.metricServerError({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM, label: '5xx' }),
          httpApi.metricClientError({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM, label: '4xx' }),
        ],
        right: [
          httpApi.metricCount({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM, label: 'Requests' }),
        ],
        width: WIDE,
        height: HEIGHT,
      }),
      new cloudwatch.GraphWidget({
        title: 'Email: SES reputation, onboarding bounces and emails SES refused',
        left: [
          sesReputation('BounceRate', 'SES bounce rate (account)'),
          sesReputation('ComplaintRate', 'SES complaint rate (account)'),
        ],
        right: [
          businessMetric('Bounces', { period: DAY, label: 'Onboarding emails bounced (per day)' }),
          businessMetric('Complaints', {
            period: DAY,
            label: 'Onboarding emails complained about (per day)',
          }),
          businessMetric('EmailsNotSent', {
            period: DAY,
            label: 'Onboarding emails SES refused to send (per day)',
          }),
        ],
        width: WIDE,
        height: HEIGHT,
      }),
    );
  }
}
