import { startTimer } from './clock.ts';
import { abandonedError, type InterpreterError, taskError, timeoutError } from './interpreter-errors.ts';

/** How a task entry closed; a closed entry's token is refused with TaskTimedOut, whatever the reason. */
export type TaskCloseReason = 'succeeded' | 'failed' | 'timed out' | 'ended';

/** Records a task's outcome in its execution's history (bound to the task's resource and state). */
export interface TaskOutcomeEvents {
  succeeded(output: string): void;
  failed(error: string, cause: string): void;
  timedOut(error: string, cause: string): void;
}

export type TimeoutKind = 'States.Timeout' | 'States.HeartbeatTimeout';

/**
 * One entry into a Task state (each retry is a new entry). Its promise is what the interpreter awaits;
 * it settles exactly once, by success, failure, timeout, or abandonment when its run ended first.
 */
export class OpenTask {
  readonly promise: Promise<unknown>;
  private resolve!: (output: unknown) => void;
  private reject!: (error: InterpreterError) => void;
  private closedReason: TaskCloseReason | undefined;
  private readonly cleanups: Array<() => void> = [];
  private heartbeatTimer: { ms: number; onExpire: () => void; stop?: () => void } | undefined;

  constructor(
    readonly stateName: string,
    private readonly events: TaskOutcomeEvents,
  ) {
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  get isOpen(): boolean {
    return this.closedReason === undefined;
  }

  get closeReason(): TaskCloseReason | undefined {
    return this.closedReason;
  }

  /** Runs `cleanup` when the task closes (timers, scope subscriptions). */
  whenClosed(cleanup: () => void): void {
    if (this.isOpen) this.cleanups.push(cleanup);
    else cleanup();
  }

  startTimeout(ms: number, onExpire: () => void): void {
    this.whenClosed(startTimer(ms, onExpire));
  }

  /** Starts the heartbeat clock; each `heartbeat()` restarts it. */
  startHeartbeat(ms: number, onExpire: () => void): void {
    this.heartbeatTimer = { ms, onExpire };
    this.armHeartbeat();
    this.whenClosed(() => this.heartbeatTimer?.stop?.());
  }

  heartbeat(): void {
    if (this.isOpen) this.armHeartbeat();
  }

  private armHeartbeat(): void {
    const timer = this.heartbeatTimer;
    if (!timer) return;
    timer.stop?.();
    timer.stop = startTimer(timer.ms, timer.onExpire);
  }

  succeed(output: unknown): void {
    if (!this.close('succeeded')) return;
    this.events.succeeded(JSON.stringify(output));
    this.resolve(output);
  }

  fail(error: string, cause: string): void {
    if (!this.close('failed')) return;
    this.events.failed(error, cause);
    this.reject(taskError(error, cause));
  }

  timeOut(kind: TimeoutKind, cause: string): void {
    if (!this.close('timed out')) return;
    this.events.timedOut(kind, cause);
    this.reject(timeoutError(kind, cause));
  }

  /** Its run ended first (stopped execution, failed sibling branch): close quietly, let no Retry/Catch react. */
  abandon(): void {
    if (!this.close('ended')) return;
    this.reject(abandonedError());
  }

  private close(reason: TaskCloseReason): boolean {
    if (!this.isOpen) return false;
    this.closedReason = reason;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    return true;
  }
}
