import { tracingChannel } from 'node:diagnostics_channel';

/** What one handler invocation of the local runtime was: a workflow task or an HTTP route. */
export interface HandlerInvocation {
  kind: 'task' | 'http';
  /** The task's function name (`EnterStageFunction`), or the route key (`POST /a/{id}`). */
  name: string;
}

/**
 * Every handler the local runtime invokes runs inside this tracing channel, so an observer (the
 * bench) can bind a store to it and tell which invocation each AWS call it sees belongs to. With no
 * subscriber it costs nothing.
 */
export const handlerInvocations = tracingChannel<unknown, HandlerInvocation>(
  'marketplace-onboarding:local-handler',
);
