import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { MAX_TIMER_DELAY_MS } from './clock.ts';
import { WorkflowServiceError } from './service-error.ts';
import {
  type DurationSource,
  ENVELOPE_KEY,
  LAMBDA_INVOKE,
  LAMBDA_INVOKE_WAIT,
  type TaskSpec,
} from './task-spec.ts';

/**
 * The interpreter times every task out on its own (60 s by default) with a `setTimeout` that misfires
 * past ~24.8 days. The engine owns task timeouts instead, and gives the interpreter this ceiling,
 * which its timer can hold; the engine's own timeouts are clamped a minute below it.
 */
export const INTERPRETER_TASK_TIMEOUT_SECONDS = Math.floor(MAX_TIMER_DELAY_MS / 1000);
export const MAX_ENGINE_TIMEOUT_SECONDS = INTERPRETER_TASK_TIMEOUT_SECONDS - 60;

type Json = Record<string, unknown>;

export interface PreparedDefinition {
  /** What the interpreter runs: the definition with task timeouts, heartbeats and retry pauses rewritten. */
  definition: StateMachineDefinition;
  tasks: ReadonlyMap<string, TaskSpec>;
}

export function parseDefinition(text: string): StateMachineDefinition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WorkflowServiceError(
      'InvalidDefinition',
      `Definition is not valid JSON: ${(error as Error).message}`,
    );
  }
  try {
    // The constructor validates the ASL (schema, JSONPaths, ARNs); a failure names the broken fields.
    new StateMachine(parsed as StateMachineDefinition);
  } catch (error) {
    throw new WorkflowServiceError('InvalidDefinition', (error as Error).message);
  }
  return parsed as StateMachineDefinition;
}

export function prepareDefinition(
  original: StateMachineDefinition,
  retryDelayScale: number,
): PreparedDefinition {
  const definition = structuredClone(original) as unknown as Json;
  const tasks = new Map<string, TaskSpec>();
  const seen = new Set<string>();
  forEachState(definition, (name, state) => {
    if (seen.has(name)) {
      // Task handlers are keyed by state name, in nested branches too, as AWS requires anyway.
      throw new WorkflowServiceError('InvalidDefinition', `State name "${name}" is used more than once`);
    }
    seen.add(name);
    if (state.Type === 'Task') tasks.set(name, rewriteTask(name, state));
    scaleRetryPauses(state, retryDelayScale);
  });
  if (typeof definition.TimeoutSeconds === 'number') {
    definition.TimeoutSeconds = Math.min(definition.TimeoutSeconds, INTERPRETER_TASK_TIMEOUT_SECONDS);
  }
  return { definition: definition as unknown as StateMachineDefinition, tasks };
}

function forEachState(machine: Json, visit: (name: string, state: Json) => void): void {
  for (const [name, state] of Object.entries(machine.States as Record<string, Json>)) {
    visit(name, state);
    for (const branch of (state.Branches as Json[] | undefined) ?? []) forEachState(branch, visit);
    const processor = (state.ItemProcessor ?? state.Iterator) as Json | undefined;
    if (processor) forEachState(processor, visit);
  }
}

function durationOf(state: Json, field: 'TimeoutSeconds' | 'HeartbeatSeconds'): DurationSource {
  const seconds = state[field];
  const path = state[`${field}Path`];
  delete state[field];
  delete state[`${field}Path`];
  if (typeof seconds === 'number') return { seconds };
  if (typeof path === 'string') return { path };
  return undefined;
}

function rewriteTask(stateName: string, state: Json): TaskSpec {
  if (state.Resource !== LAMBDA_INVOKE && state.Resource !== LAMBDA_INVOKE_WAIT) {
    throw new WorkflowServiceError(
      'InvalidDefinition',
      `Task "${stateName}" uses ${String(state.Resource)}; the local engine runs ${LAMBDA_INVOKE} and ${LAMBDA_INVOKE_WAIT}`,
    );
  }
  const timeout = durationOf(state, 'TimeoutSeconds');
  const heartbeat = durationOf(state, 'HeartbeatSeconds');
  state.TimeoutSeconds = INTERPRETER_TASK_TIMEOUT_SECONDS;
  const enveloped =
    (timeout !== undefined && 'path' in timeout) || (heartbeat !== undefined && 'path' in heartbeat);
  if (enveloped) {
    const envelope: Json = 'Parameters' in state ? { parameters: state.Parameters } : { 'parameters.$': '$' };
    if (timeout && 'path' in timeout) envelope['timeoutSeconds.$'] = timeout.path;
    if (heartbeat && 'path' in heartbeat) envelope['heartbeatSeconds.$'] = heartbeat.path;
    state.Parameters = { [ENVELOPE_KEY]: envelope };
  }
  // On AWS, `States.Timeout` also matches a heartbeat timeout; the interpreter matches names exactly.
  for (const rule of [...((state.Retry as Json[]) ?? []), ...((state.Catch as Json[]) ?? [])]) {
    const names = rule.ErrorEquals as string[];
    if (names.includes('States.Timeout') && !names.includes('States.HeartbeatTimeout')) {
      rule.ErrorEquals = [...names, 'States.HeartbeatTimeout'];
    }
  }
  return {
    stateName,
    waitForTaskToken: state.Resource === LAMBDA_INVOKE_WAIT,
    timeout,
    heartbeat,
    enveloped,
  };
}

/**
 * `retryDelayScale` shrinks retry pauses for tests. Scaling IntervalSeconds and MaxDelaySeconds keeps
 * backoff and jitter, which the interpreter's `retryIntervalOverrides` (one fixed pause) would drop.
 */
function scaleRetryPauses(state: Json, scale: number): void {
  if (scale === 1 || !Array.isArray(state.Retry)) return;
  for (const retrier of state.Retry as Json[]) {
    retrier.IntervalSeconds = ((retrier.IntervalSeconds as number | undefined) ?? 1) * scale;
    if (typeof retrier.MaxDelaySeconds === 'number') retrier.MaxDelaySeconds *= scale;
  }
}
