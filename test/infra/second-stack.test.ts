import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { METRICS_NAMESPACE } from '../../functions/observability/metrics.ts';
import { MarketplaceOnboardingStack } from '../../infra/onboarding-stack.ts';
import {
  DEFAULT_STACK_NAME,
  readStackConfig,
  readStackName,
  StackConfigError,
} from '../../infra/stack-config.ts';
import { CDK_JSON_CONTEXT, synthesizeStack } from './stack-fixture.ts';

/** Resource types whose names must be unique per account and region, with the property holding it. */
const NAMED = {
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::CloudWatch::Dashboard': 'DashboardName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
} as const;

function physicalNames(template: Template): string[] {
  return Object.entries(NAMED).flatMap(([type, property]) =>
    Object.values(template.findResources(type))
      .map((resource) => (resource.Properties as Record<string, unknown>)[property])
      .filter((name): name is string => typeof name === 'string'),
  );
}

const app = new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
const config = readStackConfig(app.node);
// Both stacks exist before the app synthesizes: the way `cdk deploy` sees an app with two stacks.
const stacks = ['OnboardingProd', 'OnboardingStaging'].map(
  (name) => new MarketplaceOnboardingStack(app, name, { config }),
);
const [first, second] = stacks.map((stack) => Template.fromStack(stack)) as [Template, Template];

describe('a second stack beside the first', () => {
  it('synthesizes in the same app without sharing a single physical name', () => {
    const names = [physicalNames(first), physicalNames(second)];
    expect(names[0]?.length).toBeGreaterThan(20);
    expect(names[0]?.filter((name) => names[1]?.includes(name))).toEqual([]);
  });

  it('names its state machine, its log group and its dashboard after the stack', () => {
    second.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'OnboardingStaging',
    });
    second.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/OnboardingStaging',
    });
    second.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'OnboardingStaging' });
  });
});

describe('the business metrics of two stacks in one account', () => {
  const templates = [first, second] as const;

  /** Every business metric a template reads (alarms and dashboard), as namespace|name|dimensions. */
  function businessMetricsOf(template: Template): string[] {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map((resource) => resource.Properties as Record<string, unknown>)
      .filter((properties) => properties.Namespace === METRICS_NAMESPACE)
      .map((properties) =>
        [
          properties.Namespace,
          properties.MetricName,
          ...(properties.Dimensions as { Name: string; Value: string }[]).flatMap((d) => [d.Name, d.Value]),
        ].join('|'),
      );
    const body = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))
      .map((resource) => JSON.stringify((resource.Properties as { DashboardBody: unknown }).DashboardBody))
      .join('');
    // The body is a CloudFormation join of strings: the metric rows are plain arrays inside it.
    const rows = [...body.matchAll(/\[\\"MarketplaceOnboarding\\",([^\]]*)\]/g)].map(
      (match) => `${METRICS_NAMESPACE}|${(match[1] ?? '').replaceAll('\\"', '').split(',').join('|')}`,
    );
    return [...alarms, ...rows];
  }

  /** What each stack's functions write into the `service` dimension. */
  function metricsServiceOf(template: Template): string[] {
    return Object.values(template.findResources('AWS::Lambda::Function')).map(
      (resource) =>
        (resource.Properties as { Environment?: { Variables?: Record<string, string> } }).Environment
          ?.Variables?.METRICS_SERVICE ?? '(none)',
    );
  }

  it("do not share a single metric: alarms and dashboard read only their own stack's", () => {
    const [prod, staging] = templates.map(businessMetricsOf) as [string[], string[]];
    expect(prod.length).toBeGreaterThan(40);
    expect(prod.filter((metric) => staging.includes(metric))).toEqual([]);
    expect(prod.every((metric) => metric.includes('|service|OnboardingProd'))).toBe(true);
    expect(staging.every((metric) => metric.includes('|service|OnboardingStaging'))).toBe(true);
  });

  it("have the stuck alarm of each stack read its own stack's count", () => {
    for (const [template, name] of [
      [templates[0], 'OnboardingProd'],
      [templates[1], 'OnboardingStaging'],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${name}-StuckOnboardings`,
        Namespace: METRICS_NAMESPACE,
        MetricName: 'StuckOnboardings',
        Dimensions: [{ Name: 'service', Value: name }],
      });
    }
  });

  it("are written by each stack's functions under that stack's name", () => {
    const [prod, staging] = templates.map(metricsServiceOf) as [string[], string[]];
    expect(prod.length).toBeGreaterThan(5);
    expect(new Set(prod)).toEqual(new Set(['OnboardingProd']));
    expect(new Set(staging)).toEqual(new Set(['OnboardingStaging']));
  });
});

describe('the stack name (-c stackName=...)', () => {
  it('defaults to MarketplaceOnboardingStack', () => {
    expect(readStackName(new App().node)).toBe(DEFAULT_STACK_NAME);
    expect(DEFAULT_STACK_NAME).toBe('MarketplaceOnboardingStack');
  });

  it('is taken from the context', () => {
    expect(readStackName(new App({ context: { stackName: 'OnboardingStaging' } }).node)).toBe(
      'OnboardingStaging',
    );
  });

  it('is refused, saying why, when it cannot name a state machine', () => {
    const read = (stackName: string) => () => readStackName(new App({ context: { stackName } }).node);
    expect(read('onboarding staging')).toThrow(StackConfigError);
    expect(read('x'.repeat(81))).toThrow(/at most 80 letters, digits or hyphens/);
  });
});

describe('an SES identity that already exists (-c sesIdentityExists=true)', () => {
  const { template, stack } = synthesizeStack({ sesIdentityExists: 'true' });

  it('is used, not created (CloudFormation refuses to create a verified identity again)', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 0);
  });

  it('is still the identity the functions may send from', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain(':identity/example.com');
    expect(stack.resolve(stack.stackName)).toBe('TestStack');
  });

  it('is created by default', () => {
    synthesizeStack().template.resourceCountIs('AWS::SES::EmailIdentity', 1);
  });

  it('accepts only true or false', () => {
    const context = (value: unknown) =>
      new App({ context: { ...CDK_JSON_CONTEXT, sesIdentityExists: value } }).node;
    expect(readStackConfig(context(true)).sesIdentityExists).toBe(true);
    expect(readStackConfig(context('false')).sesIdentityExists).toBe(false);
    expect(() => readStackConfig(context('yes'))).toThrow(/sesIdentityExists must be true or false/);
  });
});
