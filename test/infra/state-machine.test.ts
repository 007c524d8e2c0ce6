import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { OnboardingStateMachine } from '../../infra/onboarding-state-machine.ts';
import { repoPath } from '../../infra/paths.ts';
import { allActions, type FunctionId, type PolicyStatementJson, synthesizeStack } from './stack-fixture.ts';

const { app, stack, template, fn, logicalId } = synthesizeStack();
/** Named after the stack (the fixture's is `TestStack`): unique per account and region. */
const STATE_MACHINE_NAME = 'TestStack';
const workflow = stack.node.findChild('Workflow') as OnboardingStateMachine;
const stateMachineProps = template.toJSON().Resources[logicalId(workflow.stateMachine)].Properties as {
  DefinitionSubstitutions: Record<string, unknown>;
  DefinitionS3Location: { Key: string };
};

const ASL_TEXT = readFileSync(repoPath('statemachine', 'onboarding.asl.json'), 'utf8');
const PLACEHOLDERS = [...new Set([...ASL_TEXT.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]))];

const TASK_FUNCTIONS: Record<string, FunctionId> = {
  EnterStageFunctionArn: 'EnterStage',
  RemindOrEscalateFunctionArn: 'RemindOrEscalate',
  RecordProductOutcomeFunctionArn: 'RecordProductOutcome',
  CompleteOnboardingFunctionArn: 'CompleteOnboarding',
};
const functionArn = (id: FunctionId) => ({ 'Fn::GetAtt': [logicalId(fn(id).function), 'Arn'] });

describe('the onboarding state machine', () => {
  it('is one Standard workflow named after its stack', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      StateMachineName: STATE_MACHINE_NAME,
    });
  });

  it('logs every event to its vended log group, without execution data (payloads carry task tokens)', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [
          {
            CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logicalId(workflow.logGroup), 'Arn'] } },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/TestStack',
      RetentionInDays: 90,
    });
  });

  it('is traced with X-Ray', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
    });
  });

  it('loads the definition from statemachine/onboarding.asl.json, unchanged', () => {
    const assemblyDir = app.synth().directory;
    const asset = readFileSync(
      join(assemblyDir, `asset.${stateMachineProps.DefinitionS3Location.Key}`),
      'utf8',
    );
    expect(asset).toBe(ASL_TEXT);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      DefinitionString: Match.absent(),
      DefinitionS3Location: Match.objectLike({ Key: Match.stringLikeRegexp('\\.json$') }),
    });
  });

  it('has a substitution for every placeholder in the ASL file, and nothing else', () => {
    expect(PLACEHOLDERS.length).toBeGreaterThan(0);
    expect(Object.keys(stateMachineProps.DefinitionSubstitutions).sort()).toEqual([...PLACEHOLDERS].sort());
  });

  it('substitutes each task function by its ARN', () => {
    for (const [placeholder, id] of Object.entries(TASK_FUNCTIONS)) {
      expect(stateMachineProps.DefinitionSubstitutions[placeholder], placeholder).toEqual(functionArn(id));
    }
  });

  it('renders to valid JSON with no ${ left over', () => {
    const rendered = ASL_TEXT.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
      name in stateMachineProps.DefinitionSubstitutions
        ? `arn:aws:lambda:eu-west-1:111111111111:function:${name}`
        : whole,
    );
    expect(rendered).not.toContain('${');
    expect(() => JSON.parse(rendered)).not.toThrow();
  });

  it('may invoke exactly the four task functions and nothing else in Lambda', () => {
    const policy = workflow.stateMachine.role.node.findChild('DefaultPolicy');
    const statements = template.toJSON().Resources[logicalId(policy)].Properties.PolicyDocument
      .Statement as PolicyStatementJson[];
    const lambdaStatements = statements.filter((statement) =>
      allActions([statement]).some((action) => action.startsWith('lambda:')),
    );
    expect(new Set(allActions(lambdaStatements))).toEqual(new Set(['lambda:InvokeFunction']));
    const invoked = lambdaStatements.flatMap((statement) => [statement.Resource].flat());
    expect(invoked).toHaveLength(4);
    expect(invoked).toEqual(expect.arrayContaining(Object.values(TASK_FUNCTIONS).map(functionArn)));
  });

  it('has the ARN the functions are granted on (built from its name, not by reference)', () => {
    expect(stack.resolve(OnboardingStateMachine.arnFor(stack, STATE_MACHINE_NAME))).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':states:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          `:stateMachine:${STATE_MACHINE_NAME}`,
        ],
      ],
    });
  });
});
