import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';

/**
 * Errors the engine hands to the interpreter by rejecting a task handler's promise. The interpreter
 * matches Retry/Catch `ErrorEquals` against `error.name`, gives a Catch `{ Error: name, Cause: message }`,
 * and reads optional `isRetryable`/`isCatchable` flags (true when absent).
 */
export interface InterpreterError extends Error {
  isRetryable?: boolean;
  isCatchable?: boolean;
}

/** A task failure under an ASL error name, e.g. a function's `TransientError` or a SendTaskFailure error. */
export function taskError(name: string, cause: string): InterpreterError {
  const error = new Error(cause);
  error.name = name;
  return error;
}

/** Like the interpreter's own `States.Runtime`: fails the execution, never retried or caught. */
export function runtimeError(cause: string): InterpreterError {
  return Object.assign(taskError('States.Runtime', cause), { isRetryable: false, isCatchable: false });
}

/**
 * Ends a run that was stopped or abandoned (a failed sibling branch, a stopped execution) without
 * any Retry or Catch reacting to it; nobody awaits that run's result any more.
 */
export function abandonedError(): InterpreterError {
  return Object.assign(taskError('LocalEngine.Abandoned', 'The run was stopped'), {
    isRetryable: false,
    isCatchable: false,
  });
}

type TimeoutErrorClass = new () => Error;
let timeoutErrorClass: TimeoutErrorClass | undefined;
let loading: Promise<void> | undefined;

/**
 * `States.TaskFailed` in Retry/Catch matches every task error except timeouts, which the interpreter
 * recognises only as instances of its own, unexported `StatesTimeoutError`. We obtain that class once
 * by letting a one-state machine time out after a millisecond, and build the engine's timeouts from it.
 */
export function loadInterpreterErrors(): Promise<void> {
  loading ??= captureTimeoutErrorClass();
  return loading;
}

async function captureTimeoutErrorClass(): Promise<void> {
  const probe = new StateMachine(
    {
      StartAt: 'Probe',
      States: {
        Probe: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 0.001, End: true },
      },
    },
    { validationOptions: { noValidate: true } },
  );
  const run = probe.run(
    {},
    { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => {}) } } },
  );
  try {
    await run.result;
  } catch (error) {
    const cause = error instanceof ExecutionError ? error.cause : undefined;
    if (cause instanceof Error && cause.name === 'States.Timeout') {
      timeoutErrorClass = cause.constructor as TimeoutErrorClass;
    }
  }
}

/** A task timeout (`States.Timeout` or `States.HeartbeatTimeout`) the interpreter treats as its own. */
export function timeoutError(
  name: 'States.Timeout' | 'States.HeartbeatTimeout',
  cause: string,
): InterpreterError {
  const error = timeoutErrorClass ? new timeoutErrorClass() : new Error();
  error.name = name;
  error.message = cause;
  return error;
}
