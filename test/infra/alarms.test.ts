import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { ActionApi } from '../../infra/action-api.ts';
import { type OnboardingAlarms, SES_BOUNCE_RATE_THRESHOLD } from '../../infra/onboarding-alarms.ts';
import { repoPath } from '../../infra/paths.ts';
import { FUNCTION_IDS, synthesizeStack } from './stack-fixture.ts';

const { stack, template, logicalId, fn } = synthesizeStack();
const alarms = stack.node.findChild('Alarms') as OnboardingAlarms;
const api = stack.node.findChild('Api') as ActionApi;
const topic = { Ref: logicalId(alarms.topic) };

/** Every alarm pages ops through the topic, on the first breaching period. */
const PAGES_OPS = {
  AlarmActions: [topic],
  EvaluationPeriods: 1,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
};

describe('alarms', () => {
  it.each(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'])(
    'page ops on the first %s of an onboarding execution (5 minutes)',
    (metricName) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...PAGES_OPS,
        AlarmName: `TestStack-${metricName}`,
        Namespace: 'AWS/States',
        MetricName: metricName,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        TreatMissingData: 'notBreaching',
      });
    },
  );

  it.each(FUNCTION_IDS)('page ops when %s throws, or is throttled (5 minutes)', (id) => {
    const functionRef = { Ref: logicalId(fn(id).function) };
    for (const metricName of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...PAGES_OPS,
        AlarmName: `TestStack-${id}${metricName}`,
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [{ Name: 'FunctionName', Value: functionRef }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('page ops when the HTTP API answers 5xx (5 minutes)', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...PAGES_OPS,
      AlarmName: 'TestStack-Api5xx',
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(api.httpApi) } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
    });
  });

  it('page ops at half the SES account bounce and complaint rates SES reviews accounts at', () => {
    expect(SES_BOUNCE_RATE_THRESHOLD).toBe(0.025);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...PAGES_OPS,
      AlarmName: 'TestStack-SesBounceRate',
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Dimensions: Match.absent(),
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 0.025,
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...PAGES_OPS,
      AlarmName: 'TestStack-SesComplaintRate',
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 0.0005,
    });
  });

  it('page ops when an onboarding is stuck in a stage, from the hourly check, keeping state between runs', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...PAGES_OPS,
      AlarmName: 'TestStack-StuckOnboardings',
      AlarmDescription: Match.stringLikeRegexp('no progress for 14 days'),
      Namespace: 'MarketplaceOnboarding',
      MetricName: 'StuckOnboardings',
      Dimensions: [{ Name: 'service', Value: 'TestStack' }],
      Statistic: 'Maximum',
      Period: 3600,
      Threshold: 1,
      TreatMissingData: 'ignore',
    });
  });

  it('page ops when the scheduled check found an onboarding in progress with no running execution', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...PAGES_OPS,
      AlarmName: 'TestStack-OrphansFound',
      Namespace: 'MarketplaceOnboarding',
      MetricName: 'OrphansFound',
      Dimensions: [{ Name: 'service', Value: 'TestStack' }],
      Statistic: 'Maximum',
      Threshold: 1,
      TreatMissingData: 'ignore',
    });
  });

  it('watch lifecycle events that could not be put on the bus after their retries', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'TestStack-EventsNotPublished',
      Namespace: 'MarketplaceOnboarding',
      MetricName: 'EventsNotPublished',
      Dimensions: [{ Name: 'service', Value: 'TestStack' }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('are exactly these, each pointing to the runbook', () => {
    expect(alarms.alarms).toHaveLength(3 + 2 * FUNCTION_IDS.length + 1 + 2 + 1 + 1 + 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', alarms.alarms.length);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [topic],
      AlarmDescription: Match.stringLikeRegexp('Runbook: docs/operating\\.md, "Alarms \\(runbook\\)"'),
    });
  });

  it('each have a row in the runbook of the operating guide', () => {
    const guide = readFileSync(repoPath('docs/operating.md'), 'utf8');
    const start = guide.indexOf('\n## Alarms (runbook)\n');
    const end = guide.indexOf('\n## Redrive or resume', start);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const runbook = guide.slice(start, end);
    for (const alarm of alarms.alarms) {
      const id = alarm.node.id.replace(
        new RegExp(`^(${FUNCTION_IDS.join('|')})(?=Errors$|Throttles$)`),
        '<Function>',
      );
      expect(runbook, id).toContain(`| \`${id}\``);
    }
  });

  it('go to an encrypted topic that refuses plain HTTP, subscribed by the ops address', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsTopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it("go to a topic CloudWatch may publish to, from this account and this stack's alarms only", () => {
    // enforceSSL replaces the default topic policy: without an Allow, CloudWatch could never publish.
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topic],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: topic,
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    Match.arrayWith([':cloudwatch:', { Ref: 'AWS::Region' }, ':alarm:TestStack-*']),
                  ],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  it('use a key CloudWatch may encrypt alarm messages with', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('alarm topic'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('go to the alarmEmail address when one is given', () => {
    const { template: other } = synthesizeStack({ alarmEmail: 'pager@example.com' });
    other.resourcePropertiesCountIs('AWS::SNS::Subscription', { Endpoint: 'pager@example.com' }, 1);
    other.resourcePropertiesCountIs('AWS::SNS::Subscription', { Endpoint: 'ops@example.com' }, 0);
  });

  it('use a rotating key CloudWatch may use to publish', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: Match.arrayWith(['kms:Decrypt']),
          }),
        ]),
      },
    });
  });
});
