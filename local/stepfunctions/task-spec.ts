/** Resources the local engine runs; anything else is refused when the definition is loaded. */
export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const LAMBDA_INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/**
 * Hidden Parameters field the engine wraps a task's Parameters in when the task has a
 * TimeoutSecondsPath or HeartbeatSecondsPath: the interpreter then evaluates those paths for us and
 * the task handler unwraps the envelope before invoking the function.
 */
export const ENVELOPE_KEY = '__localEngine';

/** A duration as the definition gives it: a constant, a path evaluated per entry, or nothing. */
export type DurationSource = { seconds: number } | { path: string } | undefined;

export interface TaskSpec {
  stateName: string;
  waitForTaskToken: boolean;
  timeout: DurationSource;
  heartbeat: DurationSource;
  /** Whether the rewritten state wraps Parameters in `ENVELOPE_KEY` (see above). */
  enveloped: boolean;
}

export interface Envelope {
  parameters: unknown;
  timeoutSeconds?: unknown;
  heartbeatSeconds?: unknown;
}
