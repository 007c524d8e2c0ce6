import { appendFile, rename, writeFile } from 'node:fs/promises';

type Write =
  | { kind: 'append'; file: string; text: string }
  | { kind: 'replace'; file: string; text: string; written: () => void };

/**
 * File writes done in the background, in the order they were asked for, so a state transition never
 * waits on the disk. Appends queued in the same turn are joined into one `appendFile` per file; a
 * replacement (a record written whole) first lets every append queued before it land, then writes a
 * temp file and renames it over the old one, so a kill -9 mid-write leaves the old or the new text,
 * never a torn one. A failed write is reported and the queue goes on (the history is a record of what
 * happened, not the execution itself).
 */
export class WriteQueue {
  private queued: Write[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly onError: (message: string) => void) {}

  append(file: string, text: string): void {
    this.push({ kind: 'append', file, text });
  }

  /** Resolves once this file is replaced (or the write reported as failed, or dropped after `close`). */
  replace(file: string, text: string): Promise<void> {
    return new Promise((written) => {
      if (this.closed) written();
      else this.push({ kind: 'replace', file, text, written });
    });
  }

  /** Resolves once every write queued so far is on disk (or reported as failed). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Flushes, then drops any later write: a stopped engine's last task callbacks write nothing. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private push(write: Write): void {
    if (this.closed) return;
    this.queued.push(write);
    if (!this.draining) this.schedule();
  }

  private schedule(): void {
    // setImmediate: the writes of one burst of events (a state exited, the next entered) go together.
    this.draining = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .then(() => {
        this.draining = undefined;
        // Queued after the drain's last look but before this callback.
        if (this.queued.length > 0) this.schedule();
      });
  }

  private async drain(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued;
      this.queued = [];
      let appends = new Map<string, string[]>();
      for (const write of batch) {
        if (write.kind === 'append') {
          const texts = appends.get(write.file) ?? [];
          texts.push(write.text);
          appends.set(write.file, texts);
          continue;
        }
        await this.writeAppends(appends);
        appends = new Map();
        await this.attempt(write.file, async () => {
          const temp = `${write.file}.tmp`;
          await writeFile(temp, write.text);
          await rename(temp, write.file);
        });
        write.written();
      }
      await this.writeAppends(appends);
    }
  }

  private async writeAppends(appends: Map<string, string[]>): Promise<void> {
    await Promise.all(
      [...appends].map(([file, texts]) => this.attempt(file, () => appendFile(file, texts.join('')))),
    );
  }

  private async attempt(file: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.onError(`could not write ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
