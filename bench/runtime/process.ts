import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LOCAL_RUNTIME_NODE_FLAGS } from '../../local/node-flags.ts';
import type { ChildMessage, RuntimeReady, RuntimeStats, StoredEmailEvent } from './protocol.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

/** The bench's handle on the runtime child process (see child.ts). */
export class BenchRuntime {
  private readonly emailListeners = new Set<(email: StoredEmailEvent) => void>();
  private pendingStats: ((stats: RuntimeStats) => void)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly urls: RuntimeReady['urls'],
    readonly exited: Promise<number | null>,
  ) {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'email') for (const listener of this.emailListeners) listener(message);
      if (message.type === 'stats') this.pendingStats.shift()?.(message);
    });
  }

  /**
   * Starts the runtime; its log (handler and stand-in lines) goes to `logFile`. With `cpuProfileDir`,
   * Node writes a CPU profile of the runtime there when it stops (open it in Chrome DevTools).
   */
  static async start(logFile: string, cpuProfileDir?: string): Promise<BenchRuntime> {
    const log = openSync(logFile, 'w');
    const profiling = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : [];
    const child = spawn(
      process.execPath,
      [...profiling, ...LOCAL_RUNTIME_NODE_FLAGS, '--import', 'tsx', CHILD],
      {
        cwd: REPO_ROOT,
        env: process.env,
        stdio: ['ignore', log, log, 'ipc'],
      },
    );
    closeSync(log);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const ready = await new Promise<RuntimeReady>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The runtime was not ready within 60 s (log: ${logFile})`)),
        60_000,
      );
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message);
        }
        if (message.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(`The runtime did not start: ${message.message}`));
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`The runtime exited with ${code} before it was ready (log: ${logFile})`));
      });
    });
    return new BenchRuntime(child, ready.urls, exited);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  onEmail(listener: (email: StoredEmailEvent) => void): () => void {
    this.emailListeners.add(listener);
    return () => this.emailListeners.delete(listener);
  }

  /** Counters since the last reset (DynamoDB calls, emails, peak memory); `reset` starts new ones. */
  stats(reset = false): Promise<RuntimeStats> {
    return new Promise((resolve) => {
      this.pendingStats.push(resolve);
      this.child.send({ type: 'stats', reset });
    });
  }

  /** Empties the SES stand-in's in-memory store (it keeps every email otherwise). */
  async clearInbox(): Promise<void> {
    const response = await fetch(`${this.urls.inbox}/clear-store`, { method: 'POST' });
    await response.arrayBuffer();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}
