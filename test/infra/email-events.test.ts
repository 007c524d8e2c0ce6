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

  it('reach the email-events function only from the topic: no other invoke permission, no API route', () => {
    const resources = template.toJSON().Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const functionArn = { 'Fn::GetAtt': [logicalId(fn('EmailEvents').function), 'Arn'] };
    const permissions = Object.values(resources).filter(
      (resource) =>
        resource.Type === 'AWS::Lambda::Permission' &&
        JSON.stringify(resource.Properties.FunctionName) === JSON.stringify(functionArn),
    );
    expect(permissions.map((permission) => permission.Properties.Principal)).toEqual(['sns.amazonaws.com']);
    const topic = Object.entries(resources).find(([, resource]) => resource.Type === 'AWS::SNS::Topic')?.[0];
    expect(permissions[0]?.Properties.SourceArn).toEqual({ Ref: topic });
    const integrations = Object.values(resources).filter(
      (resource) => resource.Type === 'AWS::ApiGatewayV2::Integration',
    );
    expect(JSON.stringify(integrations)).not.toContain(logicalId(fn('EmailEvents').function));
  });
});
