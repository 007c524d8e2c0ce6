import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import type { Clock } from './clock.ts';
import type { ExecutionOutcome, ExecutionRecord } from './execution-record.ts';
import { InterpreterEventTranslator } from './interpreter-events.ts';
import { type RunInput, runInScope } from './interpreter-runs.ts';
import { TASK_TOKEN_PLACEHOLDER } from './redaction.ts';
import { RunScope } from './run-scope.ts';
import type { TaskRegistry } from './task-registry.ts';
import type { RegisteredFunction } from './task-runner.ts';
import { taskHandlers } from './task-runner.ts';
import type { TaskSpec } from './task-spec.ts';

/** What every execution of one engine shares. */
export interface ExecutionEnvironment {
  definition: StateMachineDefinition;
  tasks: ReadonlyMap<string, TaskSpec>;
  functions: ReadonlyMap<string, RegisteredFunction>;
  registry: TaskRegistry;
  clock: Clock;
  region: string;
  stateMachineName: string;
  roleArn: string;
  lambdaTimeoutMs: number;
  log(line: string): void;
}

function outcomeOf(error: unknown, record: ExecutionRecord): ExecutionOutcome {
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED', ...record.stopRequest };
  if (error instanceof ExecutionTimeoutError) {
    return {
      status: 'TIMED_OUT',
      error: 'States.Timeout',
      cause: 'The execution ran longer than its TimeoutSeconds',
    };
  }
  const cause = error instanceof ExecutionError ? error.cause : error;
  if (cause instanceof Error) return { status: 'FAILED', error: cause.name, cause: cause.message };
  return { status: 'FAILED', error: 'States.Runtime', cause: String(cause) };
}

function recordEnd(record: ExecutionRecord, outcome: ExecutionOutcome, env: ExecutionEnvironment): void {
  Object.assign(record, outcome, { stopDate: env.clock.now() });
  const { error, cause, output } = outcome;
  switch (outcome.status) {
    case 'SUCCEEDED':
      record.history.add('ExecutionSucceeded', {
        executionSucceededEventDetails: { output, outputDetails: { truncated: false } },
      });
      break;
    case 'FAILED':
      record.history.add('ExecutionFailed', { executionFailedEventDetails: { error, cause } });
      break;
    case 'ABORTED':
      record.history.add('ExecutionAborted', { executionAbortedEventDetails: { error, cause } });
      break;
    case 'TIMED_OUT':
      record.history.add('ExecutionTimedOut', { executionTimedOutEventDetails: { error, cause } });
      break;
  }
  const detail = outcome.status === 'FAILED' ? ` (${error})` : '';
  env.log(`execution "${record.name}" ${outcome.status.toLowerCase().replace('_', ' ')}${detail}`);
}

/**
 * Runs one execution in the interpreter, feeding its event log into the history, and records how it
 * ended. Every outcome of the run's promise is handled here: a rejected execution is recorded as
 * FAILED, TIMED_OUT or ABORTED, never left to crash the process (DESIGN §4).
 */
export function launchExecution(
  record: ExecutionRecord,
  inputValue: unknown,
  env: ExecutionEnvironment,
): void {
  const executionScope = RunScope.root();
  const handlers = taskHandlers(env.tasks, {
    executionArn: record.executionArn,
    executionName: record.name,
    region: env.region,
    history: record.history,
    registry: env.registry,
    functions: env.functions,
    clock: env.clock,
    lambdaTimeoutMs: env.lambdaTimeoutMs,
    log: env.log,
  });
  const context = {
    Execution: { Id: record.executionArn, Name: record.name, RoleArn: env.roleArn, RedriveCount: 0 },
    StateMachine: { Id: record.stateMachineArn, Name: env.stateMachineName },
    Task: { Token: TASK_TOKEN_PLACEHOLDER },
  };
  // One interpreter machine per execution: aborting a run marks its machine as done (see interpreter-runs).
  const machine = new StateMachine(env.definition, { validationOptions: { noValidate: true } });
  // The input was parsed from JSON text, so it is a JSON value.
  const run = runInScope(machine, inputValue as RunInput, { context }, executionScope, handlers);
  record.abort = run.abort;

  const translator = new InterpreterEventTranslator(record.history, env.roleArn);
  const historyComplete = (async () => {
    for await (const event of run.eventLogs) translator.record(event);
  })().catch((error: unknown) => env.log(`execution "${record.name}": event log failed: ${String(error)}`));

  record.finished = run.result
    .then(
      (output): ExecutionOutcome => ({ status: 'SUCCEEDED', output: JSON.stringify(output) }),
      (error: unknown) => outcomeOf(error, record),
    )
    .then(async (outcome) => {
      // The run's last events can still be on their way through the event log when its result settles.
      await historyComplete;
      executionScope.close();
      recordEnd(record, outcome, env);
    })
    .catch((error: unknown) =>
      env.log(`execution "${record.name}": could not record its end: ${String(error)}`),
    );
}
