import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNNEL_STAGES } from '../../infra/ops-metrics.ts';
import { allActions, FUNCTION_IDS, synthesizeStack } from './stack-fixture.ts';

const { template, logicalId, fn, statementsOf } = synthesizeStack();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

interface Widget {
  type: string;
  properties: {
    title?: string;
    view?: string;
    markdown?: string;
    metrics?: unknown[][];
    alarms?: unknown[];
    annotations?: { horizontal?: { value: number }[] };
  };
}

/**
 * The dashboard body is a CloudFormation Fn::Join of strings and references; with every reference
 * replaced by a placeholder it parses as the JSON CloudWatch receives.
 */
function dashboardWidgets(): Widget[] {
  const [dashboard] = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
  const body = dashboard?.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'REF')).join('');
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
}

const widgets = dashboardWidgets();
const widget = (title: RegExp): Widget => {
  const found = widgets.find((w) => title.test(w.properties.title ?? ''));
  if (!found) throw new Error(`no widget titled ${title}`);
  return found;
};
/** [namespace, metric name, ...dimension pairs] of every metric a graph draws. */
const metricsOf = (w: Widget): string[][] =>
  (w.properties.metrics ?? []).map((row) => row.filter((cell) => typeof cell === 'string') as string[]);

describe('the ops dashboard', () => {
  it('is named after the stack, two weeks by default', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'TestStack' });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('shows every alarm and where the runbook is', () => {
    expect(widget(/^Alarms$/).properties.alarms).toHaveLength(3 + 2 * FUNCTION_IDS.length + 6);
    const text = widgets.find((w) => w.type === 'text')?.properties.markdown ?? '';
    expect(text).toContain('docs/operating.md, "Alarms (runbook)"');
  });

  it('shows the funnel: in-progress onboardings at each stage a person acts on, in checklist order', () => {
    const funnel = widget(/funnel/);
    expect(funnel.properties.view).toBe('bar');
    expect(metricsOf(funnel)).toEqual(
      FUNNEL_STAGES.map((stage) => [
        'MarketplaceOnboarding',
        'OnboardingsInStage',
        'service',
        'TestStack',
        'stage',
        stage,
      ]),
    );
    expect(FUNNEL_STAGES).toHaveLength(10);
  });

  it('shows stuck onboardings in total and per stage, with the alarm line', () => {
    const stuck = widget(/Stuck onboardings/);
    expect(metricsOf(stuck)[0]).toEqual([
      'MarketplaceOnboarding',
      'StuckOnboardings',
      'service',
      'TestStack',
    ]);
    expect(metricsOf(stuck)).toHaveLength(1 + FUNNEL_STAGES.length);
    expect(stuck.properties.annotations?.horizontal?.[0]?.value).toBe(1);
  });

  it('shows actions per day: steps completed, changes requested, withdrawals and stages entered', () => {
    const names = metricsOf(widget(/^Actions per day$/)).map((row) => row[1]);
    expect(names).toEqual(['StageCompleted', 'ChangesRequested', 'Withdrawals', 'StageEntered']);
    expect(metricsOf(widget(/completed and changes requested by stage/))).toHaveLength(
      2 * FUNNEL_STAGES.length,
    );
  });

  it('shows reminders and escalations per day and by stage', () => {
    expect(metricsOf(widget(/^Reminders and escalations per day$/)).map((row) => row[1])).toEqual([
      'Reminders',
      'Escalations',
      'LinksExpired',
    ]);
    expect(metricsOf(widget(/Reminders and escalations by stage/)).map((row) => row[1])).toEqual([
      ...FUNNEL_STAGES.map(() => 'Reminders'),
      ...FUNNEL_STAGES.map(() => 'Escalations'),
    ]);
  });

  it('shows errors: executions, every function, the API and email', () => {
    expect(metricsOf(widget(/Workflow executions/)).map((row) => row[1])).toEqual([
      'ExecutionsFailed',
      'ExecutionsTimedOut',
      'ExecutionsAborted',
      'ExecutionsStarted',
    ]);
    const functions = metricsOf(widget(/Function errors and throttles/)).map((row) => row[1]);
    expect(functions.filter((name) => name === 'Errors')).toHaveLength(FUNCTION_IDS.length);
    expect(functions.filter((name) => name === 'Throttles')).toHaveLength(FUNCTION_IDS.length);
    expect(metricsOf(widget(/HTTP API/)).map((row) => row[1])).toEqual(['5xx', '4xx', 'Count']);
    expect(metricsOf(widget(/Email/)).map((row) => row[1])).toEqual([
      'Reputation.BounceRate',
      'Reputation.ComplaintRate',
      'Bounces',
      'Complaints',
      'EmailsNotSent',
    ]);
  });
});

describe('the stuck-onboarding check', () => {
  it('runs every 5 minutes (the orphan sweep resumes onboardings soon), with retries', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(fn('CheckStuckOnboardings').function), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2 },
        }),
      ],
    });
  });

  it('is told N (stuckAfterDays, default 14) and may run five minutes (it may hand executions over)', () => {
    const props = resources[logicalId(fn('CheckStuckOnboardings').function)]?.Properties as {
      Environment: { Variables: Record<string, unknown> };
      Timeout: number;
    };
    expect(props.Environment.Variables.STUCK_AFTER_DAYS).toBe('14');
    expect(props.Timeout).toBe(300);
    const otherTemplate = synthesizeStack({ stuckAfterDays: '21' }).template;
    otherTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STUCK_AFTER_DAYS: '21' }) },
    });
    otherTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'StuckOnboardings',
      AlarmDescription: Match.stringLikeRegexp('no progress for 21 days'),
    });
  });

  it('refuses a stuckAfterDays that is not a whole number of days from 1 to 365', () => {
    expect(() => synthesizeStack({ stuckAfterDays: '0' })).toThrow(/stuckAfterDays/);
    expect(() => synthesizeStack({ stuckAfterDays: 'two weeks' })).toThrow(/stuckAfterDays/);
  });

  it('queries the by-stage index and, for the long-running guard, knows the state machine', () => {
    const dynamodb = allActions(statementsOf('CheckStuckOnboardings')).filter((a) =>
      a.startsWith('dynamodb:'),
    );
    expect(dynamodb).toContain('dynamodb:Query');
    const props = resources[logicalId(fn('CheckStuckOnboardings').function)]?.Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    expect(props.Environment.Variables.STATE_MACHINE_ARN).toBeDefined();
  });
});

describe('logs and traces', () => {
  it('keep every log group three months: functions, state machine, API access logs', () => {
    const logGroups = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    expect(logGroups).toHaveLength(FUNCTION_IDS.length + 2);
    for (const group of logGroups) expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('log the state machine to a vended-logs group, every event, without execution data (it carries task tokens)', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/TestStack',
      RetentionInDays: 90,
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('trace the state machine and every function with X-Ray', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
    });
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { TracingConfig: { Mode: 'Active' } },
      FUNCTION_IDS.length,
    );
  });
});

describe('outputs for ops', () => {
  it('name the dashboard and the alarm topic', () => {
    const outputs = template.toJSON().Outputs as Record<string, unknown>;
    expect(outputs).toHaveProperty('DashboardName');
    expect(outputs).toHaveProperty('AlarmTopicArn');
  });
});
