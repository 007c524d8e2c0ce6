import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthesizeStack } from './stack-fixture.ts';

const { template, logicalId, fn, statementsOf } = synthesizeStack();

describe('SES bounce and complaint events', () => {
  it('are published by the configuration set to an encrypted topic, bounces and complaints only', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: Match.anyValue() },
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: Match.stringLikeRegexp('bounce and complaint'),
      KmsMasterKeyId: Match.anyValue(),
    });
  });

  it('may be published to the topic by SES only for this account', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sns:Publish',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: { StringEquals: Match.objectLike({ 'AWS:SourceAccount': Match.anyValue() }) },
          }),
        ]),
      },
    });
  });

  it('invoke the email-events function, which may send the alerts', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [logicalId(fn('EmailEvents').function), 'Arn'] },
    });
    const actions = statementsOf('EmailEvents').flatMap((statement) => [statement.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['ses:SendEmail']));
    expect(actions.some((action) => String(action).startsWith('states:'))).toBe(false);
  });
});
