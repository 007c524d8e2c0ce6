import { type RunOptions, StateMachine } from 'aws-local-stepfunctions';
import type { RunScope } from './run-scope.ts';

type Run = ReturnType<StateMachine['run']>;
export type RunInput = Parameters<StateMachine['run']>[0];
type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

/** Builds the task handlers of one run; each handler knows its run's scope. */
export type TaskHandlersFactory = (scope: RunScope) => TaskHandlers;

interface Binding {
  scope: RunScope;
  factory: TaskHandlersFactory;
}

/**
 * Why this module patches `StateMachine.prototype.run`:
 *
 * A Parallel or Map state runs each branch or iteration as a nested `run` of an internal StateMachine,
 * passing the parent's run options down, and when one of them fails it calls `abort()` on all of them.
 * An aborted run is not told to its pending task: the task's promise is simply no longer awaited, a
 * retry pause ends at once and re-invokes the task, and Map iterations still queued behind
 * MaxConcurrency start afterwards and run to completion. Task handlers get only their input, so
 * they cannot tell which run they belong to.
 *
 * The patch gives every nested run its own handlers bound to a `RunScope` (found through the
 * handlers object the parent passed down) and wraps `abort`, so that:
 * - aborting a run closes its scope, which closes the task entries (tokens) opened in it;
 * - a run that starts under a closed scope, or on a machine whose runs were already aborted (a late
 *   Map iteration), is aborted at once and its events are not forwarded.
 * Runs without engine handlers (other users of the library) go through untouched.
 */
const bindings = new WeakMap<TaskHandlers, Binding>();
const abortedMachines = new WeakSet<StateMachine>();
const originalRun = StateMachine.prototype.run;
let installed = false;

function bind(scope: RunScope, factory: TaskHandlersFactory): TaskHandlers {
  const handlers = factory(scope);
  bindings.set(handlers, { scope, factory });
  return handlers;
}

async function* noEvents(): AsyncGenerator<never> {}

function scopedRun(this: StateMachine, input: RunInput, options?: RunOptions): Run {
  const handlers = options?.overrides?.taskResourceLocalHandlers;
  const binding = handlers ? bindings.get(handlers) : undefined;
  if (!options || !binding) return originalRun.call(this, input, options);
  const scope = binding.scope.child();
  const run = originalRun.call(this, input, {
    ...options,
    overrides: { ...options.overrides, taskResourceLocalHandlers: bind(scope, binding.factory) },
  });
  const settle = (): void => scope.close();
  run.result.then(settle, settle);
  const abort = (): void => {
    abortedMachines.add(this);
    scope.close();
    run.abort();
  };
  if (scope.closed || abortedMachines.has(this)) {
    abort();
    return { ...run, abort, eventLogs: noEvents() };
  }
  return { ...run, abort };
}

function install(): void {
  if (installed) return;
  installed = true;
  StateMachine.prototype.run = scopedRun;
}

/**
 * Starts the top-level run of an execution: its task handlers (and those of every nested run) are
 * built by `factory` for their own scope, all under `executionScope`.
 */
export function runInScope(
  machine: StateMachine,
  input: RunInput,
  options: RunOptions,
  executionScope: RunScope,
  factory: TaskHandlersFactory,
): Run {
  install();
  return machine.run(input, {
    ...options,
    overrides: { ...options.overrides, taskResourceLocalHandlers: bind(executionScope, factory) },
  });
}
