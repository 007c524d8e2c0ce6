/** How a stand-in ended without being asked to: what the log and `/local/health` say about it. */
export interface ExitCause {
  /** One plain line: the error's message, or the exit code when nothing more is known. */
  cause: string;
  /** The system error code behind it, when there is one (ENOSPC, EADDRINUSE…). */
  code?: string;
}

/** A running stand-in: it can be closed, and it tells when it ended on its own. */
export interface StandIn {
  /** Settles once, when the stand-in ends without `close()` (never after `close()`). */
  readonly ended: Promise<ExitCause>;
  close(): Promise<void>;
}

export type PartState = 'up' | 'restarting' | 'waiting-for-space' | 'down';

export interface PartHealth {
  state: PartState;
  /** Restarts since `npm start`. */
  restarts: number;
  lastExit?: ExitCause & { at: string };
}

export interface RestartPolicy {
  /** Restarts tried in a row before giving up. */
  attempts: number;
  /** Wait before the first restart; doubled for each failed one. */
  firstDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { attempts: 5, firstDelayMs: 200 };

export interface Supervised<T extends StandIn> {
  current(): T;
  health(): PartHealth;
  /** Restarts the stand-in now, although it did not end (to reopen its store, say). */
  restart(reason: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches one stand-in: when it ends unexpectedly, says so loudly with its cause and starts it again
 * (same options, same data, same port), waiting longer after each failed attempt. A cause the part
 * cannot fix by itself (no space left) first waits for `waitToRestart`, without counting attempts.
 * After `policy.attempts` failed restarts in a row, `onGiveUp` gets the reason.
 */
export async function supervise<T extends StandIn>(options: {
  part: string;
  start: () => Promise<T>;
  log: (line: string) => void;
  onGiveUp: (reason: string) => void;
  policy?: RestartPolicy;
  /** Resolves when a restart may succeed again (e.g. once there is space on the disk). */
  waitToRestart?: (cause: ExitCause) => Promise<void> | undefined;
}): Promise<Supervised<T>> {
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  let instance = await options.start();
  let closed = false;
  const health: PartHealth = { state: 'up', restarts: 0 };
  let restarting: Promise<void> | undefined;

  const restartAfter = async (exit: ExitCause): Promise<void> => {
    health.lastExit = { ...exit, at: new Date().toISOString() };
    const waiting = options.waitToRestart?.(exit);
    if (waiting) {
      health.state = 'waiting-for-space';
      options.log(`${options.part} waits for space on the disk before it starts again`);
      await waiting;
    }
    let lastError = exit.cause;
    for (let attempt = 1; attempt <= policy.attempts && !closed; attempt++) {
      health.state = 'restarting';
      const delay = policy.firstDelayMs * 2 ** (attempt - 1);
      options.log(
        `restarting ${options.part} on the same data (attempt ${attempt} of ${policy.attempts}, in ${delay} ms)`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (closed) return;
      try {
        instance = await options.start();
        health.restarts += 1;
        health.state = 'up';
        options.log(`${options.part} is running again (restart ${health.restarts} since npm start)`);
        watch(instance);
        return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        options.log(`${options.part} did not start again: ${lastError}`);
      }
    }
    if (closed) return;
    health.state = 'down';
    options.onGiveUp(
      `${options.part} stopped (${exit.cause}) and could not be started again after ${policy.attempts} attempts: ${lastError}`,
    );
  };

  const watch = (running: T) => {
    void running.ended.then((exit) => {
      if (closed || running !== instance) return;
      options.log(
        `!!! ${options.part} stopped unexpectedly: ${exit.cause}${exit.code ? ` (${exit.code})` : ''}`,
      );
      restarting = restartAfter(exit).finally(() => {
        restarting = undefined;
      });
    });
  };
  watch(instance);

  return {
    current: () => instance,
    health: () => ({ ...health }),
    async restart(reason) {
      if (closed || restarting) return;
      options.log(`restarting ${options.part}: ${reason}`);
      const previous = instance;
      // Marked first, so the old instance's end is not taken for a crash.
      restarting = (async () => {
        health.state = 'restarting';
        await previous.close().catch(() => {});
        instance = await options.start();
        health.restarts += 1;
        health.state = 'up';
        watch(instance);
        options.log(`${options.part} is running again (restart ${health.restarts} since npm start)`);
      })()
        .catch((error: unknown) =>
          restartAfter({ cause: error instanceof Error ? error.message : String(error) }),
        )
        .finally(() => {
          restarting = undefined;
        });
      await restarting;
    },
    async close() {
      closed = true;
      await restarting?.catch(() => {});
      await instance.close();
    },
  };
}
