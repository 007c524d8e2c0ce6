import { type LocalWorkflowEngine, WorkflowServiceError } from '../stepfunctions/index.ts';
import {
  functionRefFor,
  type LocalFunctionRef,
  substituteFunctionArns,
} from '../stepfunctions/substitutions.ts';

/** The one state machine the service serves, as ListStateMachines/DescribeStateMachine report it. */
export interface StateMachineSummary {
  stateMachineArn: string;
  name: string;
  type: 'STANDARD';
  creationDate: Date;
}

export interface StateMachineDescription extends StateMachineSummary {
  status: 'ACTIVE';
  definition: string;
  roleArn: string;
  loggingConfiguration: { level: 'OFF'; includeExecutionData: false };
}

const STATE_MACHINE_ARN = /^arn:aws[\w-]*:states:([\w-]+):(\d{12}):stateMachine:[^:]+(?::[^:]+)?$/;

/** Stands in for the definition when the caller did not pass its text (the engine does not expose it). */
const UNKNOWN_DEFINITION = JSON.stringify({
  Comment:
    'The local Step Functions service was started without the definition text: pass startStepFunctionsService({ definition }).',
});

/** A malformed state machine ARN is InvalidArn on AWS, a well-formed one for another machine does not exist. */
export function checkStateMachineArn(engine: LocalWorkflowEngine, arn: string): void {
  if (!STATE_MACHINE_ARN.test(arn)) throw new WorkflowServiceError('InvalidArn', `Invalid Arn: '${arn}'`);
  if (arn !== engine.stateMachineArn) {
    throw new WorkflowServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  }
}

/**
 * The definition as the engine runs it: every `${Name}` filled with the ARN the engine gave that
 * function, computed by the engine's own substitution code from the region and account in its ARN.
 * Already-substituted text passes through unchanged.
 */
function resolvedDefinition(engine: LocalWorkflowEngine, text: string): string {
  const [, region = '', accountId = ''] = STATE_MACHINE_ARN.exec(engine.stateMachineArn) ?? [];
  const refs = new Map<string, LocalFunctionRef>();
  for (const [, name = ''] of text.matchAll(/\$\{([^}]*)\}/g)) {
    refs.set(name, functionRefFor({ region, accountId }, name));
  }
  return substituteFunctionArns(text, refs);
}

/**
 * Built once, when the service starts, so a definition that cannot be resolved fails the start. What
 * the engine does not keep about its machine is filled in: the creation date is when the service
 * started, the role is the one the engine reports in `$$.Execution.RoleArn` and ExecutionStarted events.
 */
export function describeStateMachine(
  engine: LocalWorkflowEngine,
  definition: string | undefined,
  creationDate: Date,
): StateMachineDescription {
  const accountId = STATE_MACHINE_ARN.exec(engine.stateMachineArn)?.[2] ?? '';
  return {
    stateMachineArn: engine.stateMachineArn,
    name: engine.stateMachineName,
    type: 'STANDARD',
    creationDate,
    status: 'ACTIVE',
    definition: definition === undefined ? UNKNOWN_DEFINITION : resolvedDefinition(engine, definition),
    roleArn: `arn:aws:iam::${accountId}:role/${engine.stateMachineName}-local`,
    loggingConfiguration: { level: 'OFF', includeExecutionData: false },
  };
}

export function summaryOf(description: StateMachineDescription): StateMachineSummary {
  const { stateMachineArn, name, type, creationDate } = description;
  return { stateMachineArn, name, type, creationDate };
}
