import { readFileSync } from 'node:fs';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { OnboardingFunction } from '../../infra/onboarding-function.ts';
import { MarketplaceOnboardingStack } from '../../infra/onboarding-stack.ts';
import { repoPath } from '../../infra/paths.ts';
import { readStackConfig } from '../../infra/stack-config.ts';

/** The context defaults from cdk.json: the tests synthesize what `npm run synth` synthesizes. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(repoPath('cdk.json'), 'utf8'),
).context;

export const FUNCTION_IDS = [
  'CheckStuckOnboardings',
  'EnterStage',
  'RemindOrEscalate',
  'RecordProductOutcome',
  'CompleteOnboarding',
  'ActionApi',
  'StartOnboarding',
  'RepCallback',
  'ViewPages',
  'PeopleApi',
  'EmailEvents',
] as const;
export type FunctionId = (typeof FUNCTION_IDS)[number];

export interface SynthesizedStack {
  readonly app: App;
  readonly stack: MarketplaceOnboardingStack;
  readonly template: Template;
  /** The onboarding function construct with this construct id. */
  fn(id: FunctionId): OnboardingFunction;
  /** Logical id of a CloudFormation element (or of a construct's default resource). */
  logicalId(construct: IConstruct): string;
  /** The statements of the identity policy attached to a function's role. */
  statementsOf(id: FunctionId): PolicyStatementJson[];
}

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Builds the stack without bundling assets (`aws:cdk:bundling-stacks` = []). */
export function synthesizeStack(context: Record<string, unknown> = {}): SynthesizedStack {
  const app = new App({
    context: { ...CDK_JSON_CONTEXT, ...context, 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new MarketplaceOnboardingStack(app, 'TestStack', { config: readStackConfig(app.node) });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, { Properties: Record<string, unknown> }>;

  const logicalId = (construct: IConstruct): string => {
    const element = (construct.node.defaultChild ?? construct) as CfnElement;
    return Stack.of(construct).resolve(element.logicalId);
  };
  const fn = (id: FunctionId): OnboardingFunction => {
    const child = stack.node.findChild(id);
    if (!(child instanceof OnboardingFunction)) throw new Error(`${id} is not an OnboardingFunction`);
    return child;
  };
  const statementsOf = (id: FunctionId): PolicyStatementJson[] => {
    const policy = fn(id).role.node.findChild('DefaultPolicy');
    const document = resources[logicalId(policy)]?.Properties.PolicyDocument as
      | { Statement: PolicyStatementJson[] }
      | undefined;
    if (!document) throw new Error(`no policy for ${id}`);
    return document.Statement;
  };
  return { app, stack, template, fn, logicalId, statementsOf };
}

/** Every action of a statement, as a list. */
export const actionsOf = (statement: PolicyStatementJson): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** Every action granted by a list of statements. */
export const allActions = (statements: PolicyStatementJson[]): string[] => statements.flatMap(actionsOf);
