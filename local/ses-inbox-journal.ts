import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/** In the data folder: the SES stand-in's emails, one JSON document a line, oldest first. */
export const INBOX_FILE = 'ses-inbox.ndjson';

/**
 * The local inbox on disk, so a restart (or a kill -9) of `npm start` loses no email: each email is
 * appended and fsynced before the stand-in answers the send, and read back at start. A plain
 * append-only file rather than a DynamoDB table: an append plus fsync is one cheap call on the send's
 * own path, needs no running stand-in (the store must be whole before anything sends), and a line cut
 * short by a kill in mid-write belongs to a send that was never answered, so reading skips it.
 */
export class InboxJournal {
  private fd: number | undefined;

  constructor(readonly file: string) {}

  /** Every whole email in the file, oldest first. */
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

  /** Appends one email and waits until the disk has it. Throws as the write does (ENOSPC, ...). */
  append(email: unknown): void {
    this.fd ??= openSync(this.file, 'a');
    writeSync(this.fd, `${JSON.stringify(email)}\n`);
    fsyncSync(this.fd);
  }

  /** The file becomes exactly `emails` (written aside, then renamed over it: never half of each). */
  replace(emails: readonly unknown[]): void {
    const aside = `${this.file}.next`;
    const fd = openSync(aside, 'w');
    try {
      if (emails.length > 0) writeSync(fd, `${emails.map((email) => JSON.stringify(email)).join('\n')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.close();
    renameSync(aside, this.file);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
