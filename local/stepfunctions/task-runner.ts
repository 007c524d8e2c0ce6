import { afterPendingReactions, type Clock } from './clock.ts';
import { MAX_ENGINE_TIMEOUT_SECONDS } from './definition.ts';
import type { ExecutionHistory } from './history.ts';
import { abandonedError } from './interpreter-errors.ts';
import type { TaskHandlersFactory } from './interpreter-runs.ts';
import { functionFailure, invokeLocalFunction, type LocalFunction } from './local-function.ts';
import { functionNameOf } from './names.ts';
import { OpenTask, type TaskOutcomeEvents } from './open-task.ts';
import { withTaskToken } from './redaction.ts';
import type { RunScope } from './run-scope.ts';
import type { LocalFunctionRef } from './substitutions.ts';
import type { TaskRegistry } from './task-registry.ts';
import { readTaskRequest } from './task-request.ts';
import type { TaskSpec } from './task-spec.ts';

export interface RegisteredFunction {
  ref: LocalFunctionRef;
  fn: LocalFunction;
}

/** What the task handlers of one execution share. */
export interface TaskRuntime {
  executionArn: string;
  executionName: string;
  region: string;
  history: ExecutionHistory;
  registry: TaskRegistry;
  /** Keyed by function name. */
  functions: ReadonlyMap<string, RegisteredFunction>;
  clock: Clock;
  lambdaTimeoutMs: number;
  log(line: string): void;
}

type TaskHandler = ReturnType<TaskHandlersFactory>[string];

export function taskHandlers(
  tasks: ReadonlyMap<string, TaskSpec>,
  runtime: TaskRuntime,
): TaskHandlersFactory {
  return (scope) =>
    Object.fromEntries(
      [...tasks.values()].map((spec): [string, TaskHandler] => [
        spec.stateName,
        (input) => runTask(spec, input, scope, runtime) as ReturnType<TaskHandler>,
      ]),
    );
}

function outcomeEvents(runtime: TaskRuntime, resource: string): TaskOutcomeEvents {
  const base = { resourceType: 'lambda', resource };
  return {
    succeeded: (output) =>
      runtime.history.add('TaskSucceeded', { taskSucceededEventDetails: { ...base, output } }),
    failed: (error, cause) =>
      runtime.history.add('TaskFailed', { taskFailedEventDetails: { ...base, error, cause } }),
    timedOut: (error, cause) =>
      runtime.history.add('TaskTimedOut', { taskTimedOutEventDetails: { ...base, error, cause } }),
  };
}

/** The engine's handler for one entry into a Task state, in the run `scope`. */
async function runTask(spec: TaskSpec, input: unknown, scope: RunScope, rt: TaskRuntime): Promise<unknown> {
  // Lets the interpreter's events that led here (TaskStateEntered, a retry) reach the history first.
  await afterPendingReactions();
  if (scope.closed) throw abandonedError();
  const request = readTaskRequest(spec, input);
  const resource = spec.waitForTaskToken ? 'invoke.waitForTaskToken' : 'invoke';
  const label = `execution "${rt.executionName}" · "${spec.stateName}"`;
  const task = new OpenTask(spec.stateName, outcomeEvents(rt, resource));
  task.whenClosed(scope.onClose(() => task.abandon()));

  const requested = request.timeoutSeconds;
  const timeoutSeconds = Math.min(requested ?? MAX_ENGINE_TIMEOUT_SECONDS, MAX_ENGINE_TIMEOUT_SECONDS);
  const heartbeatSeconds = spec.waitForTaskToken ? request.heartbeatSeconds : undefined;
  rt.history.add('TaskScheduled', {
    taskScheduledEventDetails: {
      resourceType: 'lambda',
      resource,
      region: rt.region,
      parameters: JSON.stringify(request.parameters),
      timeoutInSeconds: requested,
      heartbeatInSeconds: heartbeatSeconds,
    },
  });
  if (requested !== undefined && requested > timeoutSeconds) {
    rt.log(`${label}: timeout of ${requested} s clamped to ${timeoutSeconds} s (local timer limit)`);
  }
  task.startTimeout(timeoutSeconds * 1000, () => {
    rt.log(`${label}: task timed out after ${timeoutSeconds} s`);
    task.timeOut('States.Timeout', `The task did not finish within ${timeoutSeconds} seconds`);
  });
  if (heartbeatSeconds !== undefined) {
    task.startHeartbeat(heartbeatSeconds * 1000, () => {
      rt.log(`${label}: no heartbeat within ${heartbeatSeconds} s`);
      task.timeOut('States.HeartbeatTimeout', `No heartbeat within ${heartbeatSeconds} seconds`);
    });
  }

  let payload = request.payload;
  if (spec.waitForTaskToken) {
    payload = withTaskToken(payload, rt.registry.issue(task));
    rt.log(`${label}: token issued (timeout ${requested === undefined ? 'none' : `${timeoutSeconds} s`})`);
  }
  rt.history.add('TaskStarted', { taskStartedEventDetails: { resourceType: 'lambda', resource } });

  const target = rt.functions.get(functionNameOf(request.functionName) ?? '');
  if (!target) {
    task.fail('Lambda.ResourceNotFoundException', `Function not found: ${request.functionName}`);
    return task.promise;
  }
  invokeLocalFunction(target.fn, target.ref, payload, {
    clock: rt.clock,
    timeoutMs: rt.lambdaTimeoutMs,
  }).then(
    (response) => {
      if (!spec.waitForTaskToken) task.succeed(response);
      else if (task.isOpen) {
        rt.history.add('TaskSubmitted', {
          taskSubmittedEventDetails: { resourceType: 'lambda', resource, output: JSON.stringify(response) },
        });
      }
    },
    (thrown: unknown) => {
      const failure = functionFailure(thrown);
      if (task.isOpen) rt.log(`${label}: function ${target.ref.functionName} failed with ${failure.error}`);
      task.fail(failure.error, failure.cause);
    },
  );
  return task.promise;
}
