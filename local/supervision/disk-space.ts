import { accessSync, constants, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A write that failed for lack of space (ENOSPC), real or injected. */
export function isNoSpace(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return e?.code === 'ENOSPC' || /no space left|ENOSPC/i.test(String(e?.message ?? ''));
}

export function noSpaceError(what: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device (injected), ${what}`), { code: 'ENOSPC' });
}

/** Free space where `dir` lives, in whole MiB (undefined if the system cannot say). */
export function freeMiB(dir: string): number | undefined {
  try {
    const stats = statfsSync(dir);
    return Math.floor((stats.bavail * stats.bsize) / 2 ** 20);
  } catch {
    return undefined;
  }
}

type Listener = (full: boolean) => void;

/**
 * The data folder's disk, as the runtime sees it: `full` from the first write refused for lack of
 * space until a probe write succeeds again (checked every `checkMs`). Everything that writes to the
 * data folder reports here and waits here; `injected` makes the probe and the execution files fail as
 * on a full disk (the DynamoDB worker is told separately), for the resilience tests.
 */
export class DataDisk {
  full = false;
  injected = false;
  since: string | undefined;
  private listeners: Listener[] = [];
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private dir: string | undefined;
  private log: (line: string) => void = () => {};
  private checkMs = 1000;

  watch(options: { dir: string; log: (line: string) => void; checkMs?: number }): void {
    this.dir = options.dir;
    this.log = options.log;
    this.checkMs = options.checkMs ?? this.checkMs;
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** A write failed for lack of space: pause writing until a probe write succeeds. */
  reportNoSpace(source: string, message: string): void {
    if (this.full) return;
    this.full = true;
    this.since = new Date().toISOString();
    const free = this.dir === undefined ? undefined : freeMiB(this.dir);
    this.log(
      `!!! no space left in the data folder ${this.dir ?? ''} (${source}: ${message}; ${free ?? '?'} MiB free). ` +
        'Writes are paused and answered 503; they resume by themselves once space is freed.',
    );
    for (const listener of this.listeners) listener(true);
    this.scheduleProbe();
  }

  /** Resolves once the disk takes writes again (at once when it does now). */
  waitForSpace(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Probe writes stop (the runtime is stopping); waiting writers are let go. */
  stop(): void {
    clearTimeout(this.timer);
    this.release();
  }

  /** Throws as a write to the data folder would (injected only). */
  assertWritable(what: string): void {
    if (this.injected) throw noSpaceError(what);
  }

  private scheduleProbe(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.probe(), this.checkMs);
    this.timer.unref();
  }

  private probe(): void {
    try {
      this.assertWritable('probe');
      if (this.dir) probeWrite(this.dir);
    } catch {
      this.scheduleProbe();
      return;
    }
    this.full = false;
    this.log(`space is back in the data folder ${this.dir ?? ''}: writes resume`);
    for (const listener of this.listeners) listener(false);
    this.release();
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resume of waiters) resume();
  }
}

/** The one data folder of this process (one runtime per process). */
export const dataDisk = new DataDisk();

function probeWrite(dir: string): void {
  const file = join(dir, '.space-probe');
  writeFileSync(file, 'x'.repeat(4096));
  rmSync(file, { force: true });
}

/** Start-up: refuses a data folder the runtime cannot write, naming it and the space left there. */
export function assertDataDirWritable(dir: string): void {
  try {
    accessSync(dir, constants.W_OK);
    probeWrite(dir);
  } catch (error) {
    const free = freeMiB(dir);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(
      `Cannot write to the data folder ${dir} (${reason}; ${free ?? 'unknown'} MiB free there). ` +
        'Free some space or make it writable, or choose another folder: LOCAL_DATA_DIR=<folder> npm start',
    );
  }
}
