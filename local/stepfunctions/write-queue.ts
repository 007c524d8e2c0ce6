import { appendFile, rename, writeFile } from 'node:fs/promises';
import { type DataDisk, dataDisk, isNoSpace } from '../supervision/disk-space.ts';

type Write =
  | { kind: 'append'; group: string; file: string; text: string }
  | { kind: 'replace'; group: string; file: string; text: string; written: () => void };

/** The file operations the queue makes (the tests count them). */
export interface FileOperations {
  appendFile(file: string, text: string): Promise<void>;
  replaceFile(file: string, text: string): Promise<void>;
}

const NODE_FILES: FileOperations = {
  appendFile: async (file, text) => {
    dataDisk.assertWritable(file);
    await appendFile(file, text);
  },
  async replaceFile(file, text) {
    dataDisk.assertWritable(file);
    const temp = `${file}.tmp`;
    await writeFile(temp, text);
    await rename(temp, file);
  },
};

/**
 * Groups written at once: enough to keep the disk busy while the DynamoDB stand-in shares libuv's
 * thread pool, few enough to stay far from the open-files limit.
 */
const GROUPS_AT_ONCE = 32;

/**
 * File writes done in the background, so a state transition never waits on the disk. Each write
 * belongs to a group (one execution's record, history and index lines): within a group, writes land
 * in the order they were asked for, and a replacement (a record written whole) first lets every
 * append queued before it land, then writes a temp file and renames it over the old one, so a kill -9
 * mid-write leaves the old or the new text, never a torn one. Groups are independent and written in
 * parallel: one execution's record replacement never holds up another's history. Appends queued
 * together are joined into one `appendFile` per file, and a record replaced twice in one batch is
 * written once (the newer text). A failed write is reported and the queue goes on (the history is a
 * record of what happened, not the execution itself) — except for lack of space: then the disk is
 * reported full and the write waits for space and is made again, so a full disk loses no history.
 */
export class WriteQueue {
  private queued: Write[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;
  private closing = false;

  constructor(
    private readonly onError: (message: string) => void,
    private readonly files: FileOperations = NODE_FILES,
    private readonly disk: DataDisk = dataDisk,
  ) {}

  append(file: string, text: string, group = file): void {
    this.push({ kind: 'append', group, file, text });
  }

  /** Resolves once this file is replaced (or the write reported as failed, or dropped after `close`). */
  replace(file: string, text: string, group = file): Promise<void> {
    return new Promise((written) => {
      if (this.closed) written();
      else this.push({ kind: 'replace', group, file, text, written });
    });
  }

  /** Writes waiting to be made: a queue that keeps growing means the disk cannot keep up. */
  get backlog(): number {
    return this.queued.length;
  }

  /** Resolves once every write queued so far is on disk (or reported as failed). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Flushes, then drops any later write: a stopped engine's last task callbacks write nothing. */
  async close(): Promise<void> {
    // A write waiting for space gives up at its next attempt instead of holding the close forever.
    this.closing = true;
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
      const groups = new Map<string, Write[]>();
      for (const write of batch) {
        const writes = groups.get(write.group);
        if (writes) writes.push(write);
        else groups.set(write.group, [write]);
      }
      await eachAtMost(GROUPS_AT_ONCE, [...groups.values()], (writes) => this.writeGroup(writes));
    }
  }

  /** One group's writes, in order; a replacement superseded later in the batch is skipped. */
  private async writeGroup(writes: Write[]): Promise<void> {
    const lastReplace = new Map<string, number>();
    writes.forEach((write, index) => {
      if (write.kind === 'replace') lastReplace.set(write.file, index);
    });
    const waiting = new Map<string, (() => void)[]>();
    let appends = new Map<string, string[]>();
    for (const [index, write] of writes.entries()) {
      if (write.kind === 'append') {
        const texts = appends.get(write.file) ?? [];
        texts.push(write.text);
        appends.set(write.file, texts);
        continue;
      }
      const callbacks = waiting.get(write.file) ?? [];
      callbacks.push(write.written);
      if (lastReplace.get(write.file) !== index) {
        waiting.set(write.file, callbacks);
        continue;
      }
      waiting.delete(write.file);
      await this.writeAppends(appends);
      appends = new Map();
      await this.attempt(write.file, () => this.files.replaceFile(write.file, write.text));
      for (const written of callbacks) written();
    }
    await this.writeAppends(appends);
  }

  private async writeAppends(appends: Map<string, string[]>): Promise<void> {
    await Promise.all(
      [...appends].map(([file, texts]) =>
        this.attempt(file, () => this.files.appendFile(file, texts.join(''))),
      ),
    );
  }

  private async attempt(file: string, write: () => Promise<void>): Promise<void> {
    for (;;) {
      try {
        await write();
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!isNoSpace(error) || this.closing) {
          this.onError(`could not write ${file}: ${message}`);
          return;
        }
        this.disk.reportNoSpace('execution files', message);
        await this.disk.waitForSpace();
      }
    }
  }
}

/** Runs `work` on every item, at most `limit` at a time. */
async function eachAtMost<T>(limit: number, items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
