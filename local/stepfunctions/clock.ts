/** Where the engine reads the time for dates it reports (execution dates, history timestamps, Lambda deadlines). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Node's `setTimeout` fires at once for delays above 2^31-1 ms (~24.8 days). */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Calls `onExpire` after `delayMs`, however long that is: long delays are chained in chunks below
 * Node's limit. Returns a function that cancels the timer.
 */
export function startTimer(delayMs: number, onExpire: () => void): () => void {
  let handle: NodeJS.Timeout | undefined;
  const arm = (remaining: number): void => {
    const chunk = Math.min(Math.max(remaining, 0), MAX_TIMER_DELAY_MS);
    handle = setTimeout(() => (remaining > chunk ? arm(remaining - chunk) : onExpire()), chunk);
  };
  arm(delayMs);
  return () => clearTimeout(handle);
}

/**
 * Resolves after every pending promise reaction has run: the interpreter hands its event log to us
 * through chains of async generators, so waiting one macrotask lets those events land first.
 */
export function afterPendingReactions(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
