import { ExecutionFiles, type StoredExecution } from './execution-files.ts';
import { type DescribableExecution, describe, type ExecutionRecord, listItemOf } from './execution-record.ts';
import type {
  ExecutionDescription,
  ExecutionListItem,
  ExecutionStatus,
  ExecutionSummary,
} from './execution-types.ts';
import type { ExecutionHistoryEvent } from './history.ts';
import { loadExecutions } from './load-executions.ts';
import { WriteQueue } from './write-queue.ts';

interface Entry {
  summary: ExecutionSummary;
  /** The whole execution, history included: while it runs, and always when there is no data folder. */
  live?: ExecutionRecord;
}

export const INTERRUPTED_ERROR = 'Local.RuntimeStopped';
export const INTERRUPTED_CAUSE = 'The local runtime stopped while this execution ran.';

/**
 * The engine's executions. Without a data folder they all stay in memory, as in unit tests. With one,
 * each execution's record and history go to files as they happen (see `ExecutionFiles`); once it has
 * ended and its files are written, only a summary stays in memory and describe/history read the files.
 */
export class ExecutionStore {
  private readonly entries = new Map<string, Entry>();
  private readonly files: ExecutionFiles | undefined;
  private readonly queue: WriteQueue;
  /** Found RUNNING at load, by ARN: kept whole (they are few) so `noteResumedBy` needs no read. */
  private readonly interrupted = new Map<string, StoredExecution>();
  private nextSeq = 1;

  constructor(
    private readonly arnOf: (name: string) => string,
    private readonly stateMachineArn: string,
    options: { dir?: string; log: (line: string) => void },
  ) {
    this.queue = new WriteQueue((message) => options.log(`execution files: ${message}`));
    if (options.dir === undefined) return;
    this.files = new ExecutionFiles(options.dir, this.queue);
    const loaded = loadExecutions(this.files, { error: INTERRUPTED_ERROR, cause: INTERRUPTED_CAUSE });
    for (const summary of loaded.summaries) this.entries.set(this.arnOf(summary.name), { summary });
    for (const stored of loaded.interrupted) this.interrupted.set(this.arnOf(stored.name), stored);
    this.nextSeq = loaded.nextSeq;
  }

  get persistent(): boolean {
    return this.files !== undefined;
  }

  takeSeq(): number {
    return this.nextSeq++;
  }

  /** Called for each history event of a running execution. */
  onEvent(name: string): ((event: ExecutionHistoryEvent) => void) | undefined {
    const files = this.files;
    return files && ((event) => files.appendEvent(name, event));
  }

  /** A new running execution, before its run starts (its record file goes before its first event). */
  add(record: ExecutionRecord): void {
    const summary = { seq: record.seq, name: record.name, status: record.status, startMs: +record.startDate };
    this.entries.set(record.executionArn, { summary, live: record });
    void this.files?.writeRecord(storedOf(record));
    this.files?.appendIndex(record.name, { seq: record.seq, name: record.name, startDate: summary.startMs });
  }

  /** Once its run is launched: records its end when `record.finished` settles. */
  track(record: ExecutionRecord): void {
    const entry = this.entries.get(record.executionArn);
    if (entry) void record.finished.then(() => this.ended(entry, record));
  }

  has(executionArn: string): boolean {
    return this.entries.has(executionArn);
  }

  live(executionArn: string): ExecutionRecord | undefined {
    return this.entries.get(executionArn)?.live;
  }

  running(): ExecutionRecord[] {
    return [...this.entries.values()].flatMap((entry) =>
      entry.live?.status === 'RUNNING' ? [entry.live] : [],
    );
  }

  /** Newest first, `before` a sequence number, optionally of one status. */
  list(before: number, status: ExecutionStatus | undefined): { seq: number; item: ExecutionListItem }[] {
    const found: { seq: number; item: ExecutionListItem }[] = [];
    for (const entry of this.entries.values()) {
      const { summary } = entry;
      if (summary.seq >= before || (status && summary.status !== status)) continue;
      found.push({ seq: summary.seq, item: entry.live ? listItemOf(entry.live) : this.listItem(summary) });
    }
    return found.sort((a, b) => b.seq - a.seq);
  }

  async describe(executionArn: string): Promise<ExecutionDescription | undefined> {
    const entry = this.entries.get(executionArn);
    if (!entry) return undefined;
    if (entry.live) return describe(entry.live);
    const stored = this.interrupted.get(executionArn) ?? (await this.files?.readRecord(entry.summary.name));
    return stored && describe(this.describable(stored));
  }

  async history(executionArn: string): Promise<readonly ExecutionHistoryEvent[] | undefined> {
    const entry = this.entries.get(executionArn);
    if (!entry) return undefined;
    if (entry.live) return entry.live.history.list();
    return (await this.files?.readHistory(entry.summary.name)) ?? [];
  }

  interruptedExecutions(): ExecutionListItem[] {
    return [...this.interrupted.values()].map((stored) => listItemOf(this.describable(stored)));
  }

  /** Rewrites an interrupted execution's cause to name the execution that took over its work. */
  async noteResumedBy(executionArn: string, resumedBy: string): Promise<boolean> {
    const stored = this.interrupted.get(executionArn);
    if (!stored || !this.files) return false;
    const noted = { ...stored, cause: `${INTERRUPTED_CAUSE} Resumed as ${resumedBy}.` };
    this.interrupted.set(executionArn, noted);
    await this.files.writeRecord(noted);
    return true;
  }

  /** How many executions are held whole in memory (with their histories), and how many as summaries. */
  footprint(): { whole: number; summaries: number } {
    let whole = 0;
    for (const entry of this.entries.values()) if (entry.live) whole += 1;
    return { whole, summaries: this.entries.size - whole };
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  /**
   * Writes what is queued, then writes nothing more: executions still running stay RUNNING in their
   * files, and the next engine on the folder shows them as interrupted.
   */
  close(): Promise<void> {
    return this.queue.close();
  }

  private ended(entry: Entry, record: ExecutionRecord): void {
    entry.summary.status = record.status;
    entry.summary.stopMs = record.stopDate ? +record.stopDate : undefined;
    const files = this.files;
    if (!files || record.status === 'RUNNING') return;
    const written = files.writeRecord(storedOf(record));
    files.appendIndex(record.name, {
      seq: record.seq,
      status: record.status,
      stopDate: entry.summary.stopMs ?? Date.now(),
    });
    // The history leaves memory only once its files are complete, so readers never see them half-written.
    void written.then(() => {
      if (this.entries.get(record.executionArn) === entry) delete entry.live;
    });
  }

  private listItem(summary: ExecutionSummary): ExecutionListItem {
    return {
      executionArn: this.arnOf(summary.name),
      stateMachineArn: this.stateMachineArn,
      name: summary.name,
      status: summary.status,
      startDate: new Date(summary.startMs),
      ...(summary.stopMs !== undefined ? { stopDate: new Date(summary.stopMs) } : {}),
    };
  }

  private describable(stored: StoredExecution): DescribableExecution {
    return {
      executionArn: this.arnOf(stored.name),
      stateMachineArn: this.stateMachineArn,
      name: stored.name,
      input: stored.input,
      status: stored.status,
      startDate: new Date(stored.startDate),
      stopDate: stored.stopDate === undefined ? undefined : new Date(stored.stopDate),
      output: stored.output,
      error: stored.error,
      cause: stored.cause,
    };
  }
}

function storedOf(record: ExecutionRecord): StoredExecution {
  const { seq, name, input, status, output, error, cause } = record;
  return {
    seq,
    name,
    input,
    status,
    startDate: record.startDate.toISOString(),
    ...(record.stopDate ? { stopDate: record.stopDate.toISOString() } : {}),
    ...(output !== undefined ? { output } : {}),
    ...(error !== undefined ? { error } : {}),
    ...(cause !== undefined ? { cause } : {}),
  };
}
