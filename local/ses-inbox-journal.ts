import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { type FileHandle, open, rename } from 'node:fs/promises';

/** In the data folder: the SES stand-in's emails, one JSON document a line, oldest first. */
export const INBOX_FILE = 'ses-inbox.ndjson';

type Job =
  | { kind: 'append'; line: string; kept: () => void; settle: (error?: unknown) => void }
  | { kind: 'replace'; emails: () => readonly unknown[]; settle: (error?: unknown) => void };

/**
 * The local inbox on disk, so a restart (or a kill -9) of `npm start` loses no email: each email is
 * appended and fsynced before the stand-in answers its send, and read back at start. A plain
 * append-only file rather than a DynamoDB table: an append plus fsync is one cheap call on the send's
 * own path, needs no running stand-in (the store must be whole before anything sends), and a line cut
 * short by a kill in mid-write belongs to a send that was never answered, so reading skips it.
 *
 * Writes run off the main thread and one after another: appends waiting together are written and
 * fsynced at once (one fsync for a burst), and `kept` runs for each, in order, as soon as the disk has
 * it and before the next job, so a `replace` that comes later always sees every email written before.
 */
export class InboxJournal {
  private handle: FileHandle | undefined;
  private jobs: Job[] = [];
  private running: Promise<void> | undefined;
  /** Set and cleared without a pause in between checks, so a job queued at any moment is run. */
  private active = false;

  constructor(readonly file: string) {}

  /** Every whole email in the file, oldest first (at start, before anything writes). */
  read(): unknown[] {
    if (!existsSync(this.file)) return [];
    const emails: unknown[] = [];
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        emails.push(JSON.parse(line));
      } catch {
        // The tail of a write a kill interrupted: its send was never answered, so it was never sent.
      }
    }
    return emails;
  }

  /** At start, before anything writes: the file becomes exactly `emails` (written aside, then renamed). */
  startWith(emails: readonly unknown[]): void {
    const aside = `${this.file}.next`;
    const fd = openSync(aside, 'w');
    try {
      if (emails.length > 0) writeSync(fd, lines(emails));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(aside, this.file);
  }

  /** Resolves once the disk has `email` (after `kept` ran); rejects as the write does (ENOSPC, ...). */
  append(email: unknown, kept: () => void): Promise<void> {
    return this.enqueue((settle) => ({ kind: 'append', line: `${JSON.stringify(email)}\n`, kept, settle }));
  }

  /** The file becomes exactly `emails()` as they are when the write starts (written aside, then renamed). */
  replace(emails: () => readonly unknown[]): Promise<void> {
    return this.enqueue((settle) => ({ kind: 'replace', emails, settle }));
  }

  /** Waits for the writes under way, then closes the file. */
  async close(): Promise<void> {
    await this.running;
    await this.handle?.close();
    this.handle = undefined;
  }

  private enqueue(job: (settle: (error?: unknown) => void) => Job): Promise<void> {
    return new Promise((resolve, reject) => {
      this.jobs.push(job((error) => (error === undefined ? resolve() : reject(error))));
      if (this.active) return;
      this.active = true;
      this.running = this.run();
    });
  }

  private async run(): Promise<void> {
    for (let job = this.jobs.shift() ?? this.idle(); job; job = this.jobs.shift() ?? this.idle()) {
      if (job.kind === 'replace') {
        const replacing = job;
        await this.write(async () => this.replaceNow(replacing.emails()), [replacing]);
        continue;
      }
      const batch = [job];
      while (this.jobs[0]?.kind === 'append') batch.push(this.jobs.shift() as typeof job);
      await this.write(async () => {
        this.handle ??= await open(this.file, 'a');
        await this.handle.write(batch.map((append) => append.line).join(''));
        await this.handle.sync();
      }, batch);
    }
  }

  /** No job left: the next one queued starts a new run (nothing can come in between). */
  private idle(): undefined {
    this.active = false;
    return undefined;
  }

  private async write(io: () => Promise<void>, jobs: Job[]): Promise<void> {
    try {
      await io();
    } catch (error) {
      for (const job of jobs) job.settle(error ?? new Error('write failed'));
      return;
    }
    for (const job of jobs) {
      if (job.kind === 'append') job.kept();
      job.settle();
    }
  }

  private async replaceNow(emails: readonly unknown[]): Promise<void> {
    const aside = `${this.file}.next`;
    const handle = await open(aside, 'w');
    try {
      if (emails.length > 0) await handle.write(lines(emails));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.handle?.close();
    this.handle = undefined;
    await rename(aside, this.file);
  }
}

function lines(emails: readonly unknown[]): string {
  return `${emails.map((email) => JSON.stringify(email)).join('\n')}\n`;
}
