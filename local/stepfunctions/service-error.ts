/** Error names the Step Functions API answers with, for the operations the local engine serves. */
export type WorkflowErrorName =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'ExecutionNotRedrivable'
  | 'InvalidArn'
  | 'InvalidDefinition'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'StateMachineDoesNotExist'
  | 'TaskTimedOut'
  | 'ValidationException';

/**
 * A refused API call. `name` is the AWS error name, so the protocol wrapper can answer with it as the
 * `__type` and SDK clients raise the same exception class they would get from AWS.
 */
export class WorkflowServiceError extends Error {
  override readonly name: WorkflowErrorName;

  constructor(name: WorkflowErrorName, message: string) {
    super(message);
    this.name = name;
  }
}
