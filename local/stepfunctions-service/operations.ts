import type { ExecutionStatus, LocalWorkflowEngine } from '../stepfunctions/index.ts';
import type { RequestFields } from './fields.ts';
import { checkStateMachineArn, type StateMachineDescription, summaryOf } from './state-machine.ts';

export interface OperationContext {
  engine: LocalWorkflowEngine;
  stateMachine: StateMachineDescription;
}

/** One API operation: reads its fields (AWS's names), calls the engine, returns the AWS-shaped result. */
type Operation = (fields: RequestFields, context: OperationContext) => Promise<object>;

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/**
 * Every operation the service speaks, by the name after `AWSStepFunctions.` in `X-Amz-Target`.
 * Fields the engine has no use for (traceHeader, includedData, redriveFilter...) are accepted and ignored.
 */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  async ListStateMachines(fields, { stateMachine }) {
    // Read only to refuse mistyped values as AWS would; one machine always fits on one page.
    fields.optionalNumber('maxResults');
    fields.optionalString('nextToken');
    return { stateMachines: [summaryOf(stateMachine)] };
  },

  async DescribeStateMachine(fields, { engine, stateMachine }) {
    checkStateMachineArn(engine, fields.requiredString('stateMachineArn'));
    return stateMachine;
  },

  async StartExecution(fields, { engine }) {
    const stateMachineArn = fields.requiredString('stateMachineArn');
    checkStateMachineArn(engine, stateMachineArn);
    return engine.startExecution({
      stateMachineArn,
      name: fields.optionalString('name'),
      input: fields.optionalString('input'),
    });
  },

  async DescribeExecution(fields, { engine }) {
    return engine.describeExecution(fields.requiredString('executionArn'));
  },

  async ListExecutions(fields, { engine }) {
    // AWS also lists by mapRunArn; the local engine keeps no Map Runs, so the machine is required.
    const stateMachineArn = fields.requiredString('stateMachineArn');
    checkStateMachineArn(engine, stateMachineArn);
    return engine.listExecutions({
      stateMachineArn,
      statusFilter: fields.optionalEnum('statusFilter', STATUSES),
      maxResults: fields.optionalNumber('maxResults'),
      nextToken: fields.optionalString('nextToken'),
    });
  },

  async GetExecutionHistory(fields, { engine }) {
    return engine.getExecutionHistory(fields.requiredString('executionArn'), {
      maxResults: fields.optionalNumber('maxResults'),
      nextToken: fields.optionalString('nextToken'),
      reverseOrder: fields.optionalBoolean('reverseOrder'),
      includeExecutionData: fields.optionalBoolean('includeExecutionData'),
    });
  },

  async StopExecution(fields, { engine }) {
    return engine.stopExecution(fields.requiredString('executionArn'), {
      error: fields.optionalString('error'),
      cause: fields.optionalString('cause'),
    });
  },

  async RedriveExecution(fields, { engine }) {
    // Read only to refuse a mistyped value as AWS would: the local engine never redrives.
    fields.optionalString('clientToken');
    return engine.redriveExecution(fields.requiredString('executionArn'));
  },

  async SendTaskSuccess(fields, { engine }) {
    await engine.sendTaskSuccess(fields.requiredString('taskToken'), fields.requiredString('output'));
    return {};
  },

  async SendTaskFailure(fields, { engine }) {
    await engine.sendTaskFailure(
      fields.requiredString('taskToken'),
      fields.optionalString('error'),
      fields.optionalString('cause'),
    );
    return {};
  },

  async SendTaskHeartbeat(fields, { engine }) {
    await engine.sendTaskHeartbeat(fields.requiredString('taskToken'));
    return {};
  },
};

/** The operation an `X-Amz-Target` header names, if the service speaks it. */
export function operationFor(target: string | undefined): { name: string; run: Operation } | undefined {
  const prefix = 'AWSStepFunctions.';
  if (!target?.startsWith(prefix)) return undefined;
  const name = target.slice(prefix.length);
  const run = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
  return run ? { name, run } : undefined;
}
