import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionStatus } from './execution-types.ts';
import type { ExecutionHistoryEvent } from './history.ts';
import type { WriteQueue } from './write-queue.ts';

/** An execution as its record file holds it (dates as ISO text). */
export interface StoredExecution {
  seq: number;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** Found RUNNING when the engine loaded: the runtime stopped while it ran. */
  interrupted?: true;
}

/** A line of the index: one when an execution starts, one when it ends. */
export type IndexLine =
  | { seq: number; name: string; startDate: number }
  | { seq: number; status: Exclude<ExecutionStatus, 'RUNNING'>; stopDate: number };

/**
 * Where one state machine's executions live in the data folder:
 *   executions.jsonl            the index, append-only: what ListExecutions and start idempotency need
 *   executions/<id>.json        one record per execution, replaced whole (temp file + rename)
 *   executions/<id>.jsonl       its history events, append-only, one JSON object a line
 * `<id>` is a readable, file-system-safe slug of the execution name plus a hash of the exact name: AWS
 * allows names that differ only in case or in characters a file name cannot hold.
 */
export class ExecutionFiles {
  readonly indexFile: string;
  private readonly executionsDir: string;

  constructor(
    readonly dir: string,
    private readonly queue: WriteQueue,
  ) {
    this.indexFile = join(dir, 'executions.jsonl');
    this.executionsDir = join(dir, 'executions');
    mkdirSync(this.executionsDir, { recursive: true });
  }

  recordFile(name: string): string {
    return join(this.executionsDir, `${fileIdOf(name)}.json`);
  }

  historyFile(name: string): string {
    return join(this.executionsDir, `${fileIdOf(name)}.jsonl`);
  }

  /** Index lines in the order written; a line torn by a kill -9 is cut off so later appends stay whole. */
  readIndexSync(): IndexLine[] {
    if (!existsSync(this.indexFile)) return [];
    cutTornTail(this.indexFile);
    return parseLines<IndexLine>(readFileSync(this.indexFile, 'utf8'));
  }

  readRecordSync(name: string): StoredExecution | undefined {
    try {
      return JSON.parse(readFileSync(this.recordFile(name), 'utf8')) as StoredExecution;
    } catch {
      return undefined;
    }
  }

  async readRecord(name: string): Promise<StoredExecution | undefined> {
    try {
      return JSON.parse(await readFile(this.recordFile(name), 'utf8')) as StoredExecution;
    } catch {
      return undefined;
    }
  }

  async readHistory(name: string): Promise<ExecutionHistoryEvent[]> {
    let text: string;
    try {
      text = await readFile(this.historyFile(name), 'utf8');
    } catch {
      return [];
    }
    return parseLines<ExecutionHistoryEvent>(text).map(withDates);
  }

  /** The last event of a history (read at load, for the few executions found running); a torn tail is cut off. */
  lastEventSync(name: string): ExecutionHistoryEvent | undefined {
    const file = this.historyFile(name);
    if (!existsSync(file)) return undefined;
    cutTornTail(file);
    const lines = parseLines<ExecutionHistoryEvent>(readFileSync(file, 'utf8'));
    const last = lines.at(-1);
    return last ? withDates(last) : undefined;
  }

  /** Resolves once the record file is replaced; the history events appended before it are written too. */
  writeRecord(record: StoredExecution): Promise<void> {
    return this.queue.replace(this.recordFile(record.name), JSON.stringify(record), record.name);
  }

  /**
   * The load's own writes (closing the executions it finds running) are made at once: they are few,
   * and everything read from the files afterwards must see them.
   */
  readonly sync = {
    writeRecord: (record: StoredExecution): void => {
      const file = this.recordFile(record.name);
      writeFileSync(`${file}.tmp`, JSON.stringify(record));
      renameSync(`${file}.tmp`, file);
    },
    appendEvent: (name: string, event: ExecutionHistoryEvent): void =>
      appendFileSync(this.historyFile(name), `${JSON.stringify(event)}\n`),
    appendIndex: (line: IndexLine): void => appendFileSync(this.indexFile, `${JSON.stringify(line)}\n`),
  };

  appendEvent(name: string, event: ExecutionHistoryEvent): void {
    this.queue.append(this.historyFile(name), `${JSON.stringify(event)}\n`, name);
  }

  /** `name`: the execution the line is about; its lines land in order with its record and history. */
  appendIndex(name: string, line: IndexLine): void {
    this.queue.append(this.indexFile, `${JSON.stringify(line)}\n`, name);
  }
}

export function fileIdOf(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .slice(0, 48);
  return `${slug}-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

/** JSON lines; one that does not parse (a write cut short by a kill -9) is skipped. */
function parseLines<T>(text: string): T[] {
  const items: T[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      items.push(JSON.parse(line) as T);
    } catch {
      // A torn line: what it held never fully happened as far as the files know.
    }
  }
  return items;
}

/** History timestamps are Dates in memory (the wire turns them into epoch seconds). */
function withDates(event: ExecutionHistoryEvent): ExecutionHistoryEvent {
  return { ...event, timestamp: new Date(event.timestamp) };
}

/** Cuts a file back to its last complete line, so the next append starts on a line of its own. */
function cutTornTail(file: string): void {
  const bytes = readFileSync(file);
  if (bytes.length === 0 || bytes.at(-1) === 0x0a) return;
  truncateSync(file, bytes.lastIndexOf(0x0a) + 1);
}
