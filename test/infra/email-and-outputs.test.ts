import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { EmailSending } from '../../infra/email-sending.ts';
import type { OnboardingStateMachine } from '../../infra/onboarding-state-machine.ts';
import { FUNCTION_IDS, synthesizeStack } from './stack-fixture.ts';

const { stack, template, logicalId } = synthesizeStack();
const email = stack.node.findChild('Email') as EmailSending;

describe('SES sending', () => {
  it('verifies the configured domain, with DKIM, defaulting to the configuration set', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(email.configurationSet) } },
    });
  });

  it('verifies a single address when sesIdentity is one', () => {
    const single = synthesizeStack({ sesIdentity: 'onboarding@example.com' });
    single.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'onboarding@example.com',
    });
  });

  it('has a configuration set with reputation metrics and TLS required', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
  });

  it('tells every function the configuration set to send with', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Environment: {
          Variables: Match.objectLike({ SES_CONFIGURATION_SET: { Ref: logicalId(email.configurationSet) } }),
        },
      },
      FUNCTION_IDS.length,
    );
  });
});

describe('stack outputs', () => {
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Export?: unknown }>;

  it('give the API URL, state machine ARN, table name, SES identity and configuration set name', () => {
    const workflow = stack.node.findChild('Workflow') as OnboardingStateMachine;
    const api = stack.node.findChild('Api').node.findChild('HttpApi');
    expect(outputs.ApiUrl?.Value).toEqual({ 'Fn::GetAtt': [logicalId(api), 'ApiEndpoint'] });
    expect(outputs.StateMachineArn?.Value).toEqual({ Ref: logicalId(workflow.stateMachine) });
    expect(outputs.TableName?.Value).toEqual({
      Ref: logicalId(stack.node.findChild('Onboardings').node.findChild('Table')),
    });
    // npm run smoke checks this identity is verified.
    expect(outputs.SesIdentity?.Value).toBe('example.com');
    expect(outputs.ConfigurationSetName).toEqual({
      Value: { Ref: logicalId(email.configurationSet) },
      Export: { Name: 'TestStack-ConfigurationSetName' },
    });
  });
});
