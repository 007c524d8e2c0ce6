import { ArnFormat, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { repoPath } from './paths.ts';

/** The one workflow definition, shared with the local runtime (DESIGN §3). */
export const ASL_FILE = repoPath('statemachine', 'onboarding.asl.json');

/** The Lambda functions the ASL file names through `${...}` substitutions. */
export interface StateMachineTasks {
  readonly enterStage: lambda.IFunction;
  readonly remindOrEscalate: lambda.IFunction;
  readonly recordProductOutcome: lambda.IFunction;
  readonly completeOnboarding: lambda.IFunction;
}

export interface OnboardingStateMachineProps {
  /** Fixed name, so its ARN is known before the state machine exists (see `arnFor`). */
  readonly stateMachineName: string;
  readonly tasks: StateMachineTasks;
}

/**
 * The Standard workflow loaded from `statemachine/onboarding.asl.json`, with logging (level ALL,
 * without execution data: Lambda payloads carry task tokens) and X-Ray tracing.
 */
export class OnboardingStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  /**
   * The ARN of the state machine named `stateMachineName` in this stack's account and region, built
   * without referencing the resource. Functions that start executions or answer task tokens are
   * granted on this ARN: a reference to the state machine itself would close a dependency cycle
   * (state machine -> task function ARNs; function -> its policy -> state machine ARN).
   */
  static arnFor(scope: Construct, stateMachineName: string): string {
    return Stack.of(scope).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  constructor(scope: Construct, id: string, props: OnboardingStateMachineProps) {
    super(scope, id);
    const { tasks } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment:
        'Marketplace provider onboarding: one execution per provider, waiting on people with task tokens.',
      definitionBody: sfn.DefinitionBody.fromFile(ASL_FILE),
      definitionSubstitutions: {
        EnterStageFunctionArn: tasks.enterStage.functionArn,
        RemindOrEscalateFunctionArn: tasks.remindOrEscalate.functionArn,
        RecordProductOutcomeFunctionArn: tasks.recordProductOutcome.functionArn,
        CompleteOnboardingFunctionArn: tasks.completeOnboarding.functionArn,
      },
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    // Invoke exactly the four task functions, by the unqualified ARNs the definition uses.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [
          tasks.enterStage.functionArn,
          tasks.remindOrEscalate.functionArn,
          tasks.recordProductOutcome.functionArn,
          tasks.completeOnboarding.functionArn,
        ],
      }),
    );

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions needs Resource "*" for two things that have no resource-level permissions: X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and delivering logs to CloudWatch Logs (logs:CreateLogDelivery and the other log-delivery actions).',
    });
  }
}
