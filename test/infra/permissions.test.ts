import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import type { EmailSending } from '../../infra/email-sending.ts';
import { OnboardingStateMachine } from '../../infra/onboarding-state-machine.ts';
import {
  actionsOf,
  allActions,
  FUNCTION_IDS,
  type FunctionId,
  type PolicyStatementJson,
  synthesizeStack,
} from './stack-fixture.ts';

const { stack, template, statementsOf, logicalId, fn } = synthesizeStack();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; DependsOn?: string | string[] }
>;
const stateMachineArn = stack.resolve(OnboardingStateMachine.arnFor(stack, stack.stackName));
const email = stack.node.findChild('Email') as EmailSending;
const stateMachineRole = (stack.node.findChild('Workflow') as OnboardingStateMachine).stateMachine.role;

const resourcesOf = (statement: PolicyStatementJson): unknown[] => [statement.Resource].flat();
const statementsIn = (policy: { Properties?: Record<string, unknown> }): PolicyStatementJson[] =>
  (policy.Properties?.PolicyDocument as { Statement?: PolicyStatementJson[] } | undefined)?.Statement ?? [];

const statementsWith = (id: FunctionId, action: string) =>
  statementsOf(id).filter((statement) => actionsOf(statement).includes(action));

const SES_SENDERS: FunctionId[] = [
  'EnterStage',
  'RemindOrEscalate',
  'RecordProductOutcome',
  'CompleteOnboarding',
  'ActionApi',
  'ViewPages',
  'PeopleApi',
];
const TASK_RESPONDERS: FunctionId[] = ['EnterStage', 'ActionApi', 'RepCallback'];

/** Statements AWS only accepts with Resource "*": these actions have no resource-level permissions. */
const WILDCARD_ONLY_ACTIONS = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

describe('who may do what', () => {
  it('start-onboarding may start executions of the onboarding state machine, and answer no task', () => {
    expect(statementsWith('StartOnboarding', 'states:StartExecution')).toEqual([
      { Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArn },
    ]);
    expect(allActions(statementsOf('StartOnboarding'))).not.toContain('states:SendTaskSuccess');
  });

  it.each(TASK_RESPONDERS)('%s may answer task tokens of the onboarding state machine only', (id) => {
    const [statement, ...others] = statementsWith(id, 'states:SendTaskSuccess');
    expect(others).toEqual([]);
    expect(statement?.Resource).toEqual(stateMachineArn);
    expect(actionsOf(statement as PolicyStatementJson)).toEqual(
      expect.arrayContaining(['states:SendTaskSuccess', 'states:SendTaskFailure']),
    );
  });

  it.each(['RemindOrEscalate', 'RecordProductOutcome', 'CompleteOnboarding'] as const)(
    '%s has no Step Functions permission at all',
    (id) => {
      expect(allActions(statementsOf(id)).filter((action) => action.startsWith('states:'))).toEqual([]);
    },
  );

  it('only start-onboarding, the long-running guard and orphan sweep (stuck check), another product (checklist, people API) and an answer to an orphaned onboarding (action API) may start executions', () => {
    const starters = ['StartOnboarding', 'CheckStuckOnboardings', 'ViewPages', 'PeopleApi', 'ActionApi'];
    for (const id of FUNCTION_IDS.filter((id) => !starters.includes(id))) {
      expect(allActions(statementsOf(id)), id).not.toContain('states:StartExecution');
    }
  });

  it('lets only the long-running guard and another product (checklist, people API) stop executions, of this state machine only', () => {
    for (const id of FUNCTION_IDS) {
      const stopping = statementsOf(id).filter((statement) =>
        actionsOf(statement).includes('states:StopExecution'),
      );
      if (!['CheckStuckOnboardings', 'ViewPages', 'PeopleApi'].includes(id)) {
        expect(stopping, id).toEqual([]);
        continue;
      }

      expect(stopping).toHaveLength(1);
      expect(JSON.stringify(resourcesOf(stopping[0] as never))).toMatch(
        new RegExp(`:execution:${stack.stackName}:\\*`),
      );
    }
  });

  it('lets the action API describe (never stop) the executions of this state machine only', () => {
    const describing = statementsOf('ActionApi').filter((statement) =>
      actionsOf(statement).includes('states:DescribeExecution'),
    );
    expect(describing).toHaveLength(1);
    expect(actionsOf(describing[0] as never)).not.toContain('states:StopExecution');
    expect(JSON.stringify(resourcesOf(describing[0] as never))).toMatch(
      new RegExp(`:execution:${stack.stackName}:\\*`),
    );
  });

  it.each(SES_SENDERS)(
    '%s may send with the verified identity and configuration set, and to verified recipients from the sender address only',
    (id) => {
      const sending = statementsOf(id).filter((statement) =>
        actionsOf(statement).some((a) => a.startsWith('ses:')),
      );
      expect(new Set(allActions(sending))).toEqual(new Set(['ses:SendEmail', 'ses:SendRawEmail']));
      expect(sending).toHaveLength(2);
      const own = sending.find((statement) => !('Condition' in statement));
      expect(resourcesOf(own as PolicyStatementJson)).toHaveLength(2);
      expect(resourcesOf(own as PolicyStatementJson)).toEqual(
        expect.arrayContaining([
          stack.resolve(email.identity.emailIdentityArn),
          stack.resolve(email.configurationSetArn),
        ]),
      );
      // In the SES sandbox every recipient's identity is authorized too: this account and region only.
      const recipients = sending.find((statement) => 'Condition' in statement);
      expect(recipients).toMatchObject({
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ses:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':identity/*',
            ],
          ],
        },
        Condition: { StringEquals: { 'ses:FromAddress': 'onboarding@example.com' } },
      });
    },
  );

  it.each(['StartOnboarding', 'RepCallback'] as const)('%s sends no email', (id) => {
    expect(allActions(statementsOf(id)).filter((action) => action.startsWith('ses:'))).toEqual([]);
  });

  // The stuck-onboarding check only reads (see observability.test.ts).
  it.each(FUNCTION_IDS.filter((id) => id !== 'CheckStuckOnboardings'))(
    '%s reads and writes the onboarding table',
    (id) => {
      const table = logicalId(stack.node.findChild('Onboardings').node.findChild('Table'));
      const [statement] = statementsWith(id, 'dynamodb:UpdateItem');
      expect(actionsOf(statement as PolicyStatementJson)).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']),
      );
      expect(statement?.Resource).toContainEqual({ 'Fn::GetAtt': [table, 'Arn'] });
    },
  );

  it.each(FUNCTION_IDS)('%s writes logs to its own log group only', (id) => {
    const logWrites = statementsOf(id).filter((statement) =>
      allActions([statement]).some((action) => action.startsWith('logs:')),
    );
    expect(logWrites).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logicalId(fn(id).logGroup), 'Arn'] },
      },
    ]);
  });

  it('uses Resource "*" only for actions AWS offers no resource-level permission for', () => {
    const policiesWithWildcards = Object.entries(resources)
      .filter(([, resource]) => resource.Type === 'AWS::IAM::Policy')
      .map(([policyId, policy]) => ({
        policyId,
        wildcards: statementsIn(policy).filter((statement) => resourcesOf(statement).includes('*')),
      }))
      .filter(({ wildcards }) => wildcards.length > 0);
    // The exceptions: X-Ray tracing for every function and the state machine, and log delivery
    // for the state machine.
    expect(policiesWithWildcards.map(({ policyId }) => policyId).sort()).toEqual(
      [
        ...FUNCTION_IDS.map((id) => logicalId(fn(id).role.node.findChild('DefaultPolicy'))),
        logicalId(stateMachineRole.node.findChild('DefaultPolicy')),
      ].sort(),
    );
    for (const { wildcards } of policiesWithWildcards) {
      for (const statement of wildcards) {
        expect(actionsOf(statement).filter((action) => !WILDCARD_ONLY_ACTIONS.has(action))).toEqual([]);
      }
    }
  });

  it('uses no managed policies and no wildcard actions', () => {
    for (const resource of Object.values(resources)) {
      if (resource.Type === 'AWS::IAM::Role') expect(resource.Properties?.ManagedPolicyArns).toBeUndefined();
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      expect(allActions(statementsIn(resource)).filter((action) => action.endsWith(':*'))).toEqual([]);
    }
  });
});

describe('deployment order', () => {
  it('has no dependency cycle between resources (state machine -> functions -> policies)', () => {
    // Template.fromStack rejects templates with a dependency cycle; the negative control below shows it.
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  it('would detect the cycle that granting on the state machine itself creates', () => {
    const app = new App();
    const cyclic = new Stack(app, 'Cyclic');
    const task = new lambda.Function(cyclic, 'Task', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('export const handler = async () => ({});'),
    });
    const machine = new sfn.StateMachine(cyclic, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromString(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL definition substitution, as in the real file
        JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: '${Fn}', End: true } } }),
      ),
      definitionSubstitutions: { Fn: task.functionArn },
    });
    machine.grantTaskResponse(task);
    // The cycle is the point of this control: acknowledged so that synthesis does not also print
    // CloudFormation-validate's "Circular Dependencies" warnings into `npm test` for it.
    Validations.of(cyclic).acknowledge({
      id: 'CloudFormation-Validate::F3004',
      reason: 'Negative control: this stack is built with a dependency cycle on purpose.',
    });
    expect(() => Template.fromStack(cyclic)).toThrow(/dependency cycle/);
  });

  it('people-api may start executions of the onboarding state machine, and answer no task', () => {
    expect(statementsWith('PeopleApi', 'states:StartExecution')).toEqual([
      { Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArn },
    ]);
    expect(
      allActions(statementsOf('PeopleApi'))
        .filter((action) => action.startsWith('states:'))
        .sort(),
    ).toEqual(['states:StartExecution', 'states:StopExecution']);
  });

  it('lets the task-answering functions be created before the state machine', () => {
    const stateMachine = logicalId((stack.node.findChild('Workflow') as OnboardingStateMachine).stateMachine);
    for (const id of ['EnterStage', 'ActionApi', 'RepCallback', 'StartOnboarding'] as const) {
      const policy = JSON.stringify(statementsOf(id));
      expect(policy, id).not.toContain(stateMachine);
    }
  });
});
