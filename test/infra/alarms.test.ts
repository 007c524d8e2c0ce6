import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { OnboardingAlarms } from '../../infra/onboarding-alarms.ts';
import { FUNCTION_IDS, synthesizeStack } from './stack-fixture.ts';

const { stack, template, logicalId } = synthesizeStack();
const alarms = stack.node.findChild('Alarms') as OnboardingAlarms;
const topic = { Ref: logicalId(alarms.topic) };

describe('alarms', () => {
  it.each(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'])(
    'page ops on the first %s of an onboarding execution',
    (metricName) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metricName,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [topic],
      });
    },
  );

  it('page ops when any handler throws', () => {
    template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      { Namespace: 'AWS/Lambda', MetricName: 'Errors', AlarmActions: [topic] },
      FUNCTION_IDS.length,
    );
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
    expect(alarms.alarms).toHaveLength(3 + FUNCTION_IDS.length);
  });
});
