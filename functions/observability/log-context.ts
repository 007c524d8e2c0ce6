import { AsyncLocalStorage } from 'node:async_hooks';

/** The keys of one log line: what every line of a request carries, and what one call adds. */
export type LogKeys = Record<string, unknown>;

/**
 * Keys that belong to one invocation (onboarding id, execution, stage, action, request id) and go on
 * every log line written while it runs, whichever logger writes it. Kept in AsyncLocalStorage, so
 * invocations that overlap in one process (the local runtime runs the handler modules in-process)
 * never see each other's keys.
 */
const storage = new AsyncLocalStorage<LogKeys>();

/** Runs `fn` with `keys` on every log line it writes (nested calls add to the outer keys). */
export function runWithLogContext<T>(keys: LogKeys, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...definedOnly(keys) }, fn);
}

/** Adds keys learned part-way through an invocation (an action link's onboarding and stage). */
export function appendLogContext(keys: LogKeys): void {
  const store = storage.getStore();
  if (store) Object.assign(store, definedOnly(keys));
}

/** The keys of the invocation running now; empty outside one. */
export function currentLogContext(): LogKeys {
  return storage.getStore() ?? {};
}

/**
 * Wraps a Lambda handler so every line it logs carries the keys `describe` reads from its raw event
 * (before validation: the state machine's `execution` is not part of any task's schema).
 */
export function withLogContext<E, C, R>(
  describe: (event: E, context: C) => LogKeys,
  handler: (event: E, context: C) => Promise<R>,
): (event: E, context: C) => Promise<R> {
  return (event, context) =>
    runWithLogContext(safely(describe, event, context), () => handler(event, context));
}

/** Reads a string field of an unvalidated event, or nothing. */
export function stringField(event: unknown, key: string, maxLength = 200): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const value = (event as Record<string, unknown>)[key];
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength ? value : undefined;
}

/** The request id of a Lambda context, when there is one. */
export function requestIdOf(context: unknown): string | undefined {
  return stringField(context, 'awsRequestId');
}

function safely<E, C>(describe: (event: E, context: C) => LogKeys, event: E, context: C): LogKeys {
  try {
    return describe(event, context);
  } catch {
    return {};
  }
}

function definedOnly(keys: LogKeys): LogKeys {
  return Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined));
}
