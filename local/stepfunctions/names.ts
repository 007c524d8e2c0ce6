import { WorkflowServiceError } from './service-error.ts';

/**
 * AWS rules for state machine and execution names: 1–80 characters, no whitespace, brackets,
 * wildcards, control characters (`\p{Cc}`: U+0000–001F, U+007F–009F) or `" # % \ ^ | ~ ` $ & , ; : /`.
 */
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]/u;

export function checkResourceName(kind: 'execution' | 'state machine', name: string): void {
  if (name.length < 1 || name.length > 80) {
    throw new WorkflowServiceError('InvalidName', `Invalid ${kind} name: must be 1 to 80 characters long`);
  }
  const bad = FORBIDDEN.exec(name);
  if (bad) {
    throw new WorkflowServiceError(
      'InvalidName',
      `Invalid ${kind} name: character ${JSON.stringify(bad[0])} is not allowed`,
    );
  }
}

export interface AccountScope {
  region: string;
  accountId: string;
}

export function stateMachineArn(scope: AccountScope, stateMachineName: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:${stateMachineName}`;
}

export function executionArn(scope: AccountScope, stateMachineName: string, executionName: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:execution:${stateMachineName}:${executionName}`;
}

export function lambdaFunctionArn(scope: AccountScope, functionName: string): string {
  return `arn:aws:lambda:${scope.region}:${scope.accountId}:function:${functionName}`;
}

/** Lambda function names as the Invoke API accepts them: a bare name, or an ARN with an optional qualifier. */
const FUNCTION_REFERENCE =
  /^(?:arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:)?([A-Za-z0-9_-]{1,64})(?::[\w$-]+)?$/;

export function functionNameOf(reference: string): string | undefined {
  return FUNCTION_REFERENCE.exec(reference)?.[1];
}
