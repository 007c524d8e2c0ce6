import { runtimeError } from './interpreter-errors.ts';
import { type DurationSource, ENVELOPE_KEY, type Envelope, type TaskSpec } from './task-spec.ts';

/** One task entry's resolved request: the Parameters to act on and its timeouts in seconds. */
export interface TaskRequest {
  functionName: string;
  payload: unknown;
  parameters: Record<string, unknown>;
  timeoutSeconds: number | undefined;
  heartbeatSeconds: number | undefined;
}

function seconds(source: DurationSource, evaluated: unknown, field: string): number | undefined {
  if (source === undefined) return undefined;
  if ('seconds' in source) return source.seconds;
  if (typeof evaluated === 'number' && Number.isInteger(evaluated) && evaluated >= 1) return evaluated;
  throw runtimeError(
    `${field} ${source.path} must point to a positive integer, not ${JSON.stringify(evaluated)}`,
  );
}

/**
 * Reads the input the interpreter resolved for a task entry (its Parameters, possibly wrapped in the
 * engine's envelope with the evaluated timeout paths), as AWS would: bad values fail the execution.
 */
export function readTaskRequest(spec: TaskSpec, input: unknown): TaskRequest {
  const envelope: Envelope = spec.enveloped
    ? ((input as Record<string, unknown>)[ENVELOPE_KEY] as Envelope)
    : { parameters: input };
  const parameters = envelope.parameters;
  if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw runtimeError(`Task "${spec.stateName}" needs Parameters with a FunctionName`);
  }
  const { FunctionName: functionName, Payload: payload } = parameters as Record<string, unknown>;
  if (typeof functionName !== 'string') {
    throw runtimeError(`Task "${spec.stateName}" needs a string FunctionName in its Parameters`);
  }
  return {
    functionName,
    // Without a Payload the function is invoked with an empty object.
    payload: payload ?? {},
    parameters: parameters as Record<string, unknown>,
    timeoutSeconds: seconds(spec.timeout, envelope.timeoutSeconds, 'TimeoutSecondsPath'),
    heartbeatSeconds: seconds(spec.heartbeat, envelope.heartbeatSeconds, 'HeartbeatSecondsPath'),
  };
}
