import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTION_IDS, type FunctionId, synthesizeStack } from './stack-fixture.ts';

const { template, fn, logicalId, stack } = synthesizeStack();

const TASKS: FunctionId[] = ['EnterStage', 'RemindOrEscalate', 'RecordProductOutcome', 'CompleteOnboarding'];
const HTTP_HANDLERS: FunctionId[] = ['ActionApi', 'StartOnboarding', 'RepCallback', 'ViewPages', 'PeopleApi'];

/** Environment variables `loadConfig` (functions/config.ts) requires, set on every function. */
const REQUIRED_ENV = [
  'TABLE_NAME',
  'PUBLIC_BASE_URL',
  'MAIL_FROM',
  'SES_CONFIGURATION_SET',
  'OPS_EMAIL',
  'PLATFORM_ENABLEMENT_EMAIL',
  'BILLING_EMAIL',
  'MARKETPLACE_TEAM_EMAIL',
];

const functionProps = (id: FunctionId) =>
  template.toJSON().Resources[logicalId(fn(id).function)].Properties as {
    Environment: { Variables: Record<string, unknown> };
  };

describe('Lambda functions', () => {
  it('are exactly the nine handlers (eight for the workflow, one for the stuck-onboarding check)', () => {
    template.resourceCountIs('AWS::Lambda::Function', FUNCTION_IDS.length);
  });

  it.each(FUNCTION_IDS)('%s runs Node.js 24 on arm64 with active tracing and 512 MB', (id) => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 512,
      Handler: 'index.handler',
      Role: { 'Fn::GetAtt': [logicalId(fn(id).role), 'Arn'] },
    });
  });

  it.each(FUNCTION_IDS)('%s logs to its own log group, kept three months', (id) => {
    const logGroup = logicalId(fn(id).logGroup);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [logicalId(fn(id).role), 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: logGroup } },
    });
    expect(template.toJSON().Resources[logGroup]).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 90 },
      DeletionPolicy: 'Delete',
    });
  });

  it('leaves no log group in the stack without a retention period', () => {
    template.resourceCountIs('AWS::Logs::LogGroup', FUNCTION_IDS.length + 2);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it.each(TASKS)('state machine task %s may run 30 seconds', (id) => {
    expect(template.toJSON().Resources[logicalId(fn(id).function)].Properties.Timeout).toBe(30);
  });

  it.each(HTTP_HANDLERS)('HTTP handler %s answers within 10 seconds', (id) => {
    expect(template.toJSON().Resources[logicalId(fn(id).function)].Properties.Timeout).toBe(10);
  });

  it.each(FUNCTION_IDS)('%s gets the configuration loadConfig requires, and no Node options', (id) => {
    const variables = functionProps(id).Environment.Variables;
    for (const name of REQUIRED_ENV) expect(variables, name).toHaveProperty(name);
    // --enable-source-maps would read the map at every cold start; the functions map stacks on demand,
    // and the bench measures a start with no options, as deployed.
    expect(variables.NODE_OPTIONS).toBeUndefined();
    expect(variables.TABLE_NAME).toEqual({
      Ref: logicalId(stack.node.findChild('Onboardings').node.findChild('Table')),
    });
    expect(variables.MAIL_FROM).toBe('onboarding@example.com');
  });

  it('gives the state machine ARN to the functions that start executions only', () => {
    for (const id of FUNCTION_IDS) {
      const variables = functionProps(id).Environment.Variables;
      // The view pages (the provider) and the people API (ops) start one when a product is added.
      if (['StartOnboarding', 'CheckStuckOnboardings', 'ViewPages', 'PeopleApi'].includes(id))
        expect(variables.STATE_MACHINE_ARN).toBeDefined();
      else expect(variables, id).not.toHaveProperty('STATE_MACHINE_ARN');
    }
  });

  it('points action links at the HTTP API endpoint unless publicBaseUrl is set', () => {
    const api = logicalId(stack.node.findChild('Api').node.findChild('HttpApi'));
    expect(functionProps('EnterStage').Environment.Variables.PUBLIC_BASE_URL).toEqual({
      'Fn::GetAtt': [api, 'ApiEndpoint'],
    });

    const custom = synthesizeStack({ publicBaseUrl: 'https://onboarding.example.com' });
    custom.template.allResourcesProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PUBLIC_BASE_URL: 'https://onboarding.example.com' }) },
    });
  });

  it('passes optional waits and reminder caps through only when configured', () => {
    expect(functionProps('EnterStage').Environment.Variables).not.toHaveProperty('PROVIDER_WAIT_SECONDS');

    const tuned = synthesizeStack({ providerWaitSeconds: 600, teamWaitSeconds: '300', maxReminders: 2 });
    tuned.template.allResourcesProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          PROVIDER_WAIT_SECONDS: '600',
          TEAM_WAIT_SECONDS: '300',
          MAX_REMINDERS: '2',
        }),
      },
    });
  });
});
