import type { ExecutionFiles, StoredExecution } from './execution-files.ts';
import type { ExecutionSummary } from './execution-types.ts';
import type { ExecutionHistoryEvent } from './history.ts';

export interface LoadedExecutions {
  /** Every execution in the folder, oldest first. */
  summaries: ExecutionSummary[];
  /** The ones found RUNNING: the runtime stopped (or was killed) while they ran. Now ABORTED. */
  interrupted: StoredExecution[];
  nextSeq: number;
}

/**
 * Reads the index (what listing and start idempotency need, no history), then settles the executions it
 * still shows running: their record file has the last word, since a kill -9 can fall between the
 * record's final write and the index line after it. Those that really were running are closed as
 * ABORTED with `interruption` as error and cause, an ExecutionAborted event is added to their history,
 * dated at their last event (when they were last seen running).
 */
export function loadExecutions(
  files: ExecutionFiles,
  interruption: { error: string; cause: string },
): LoadedExecutions {
  const bySeq = new Map<number, ExecutionSummary>();
  for (const line of files.readIndexSync()) {
    if ('name' in line)
      bySeq.set(line.seq, { seq: line.seq, name: line.name, status: 'RUNNING', startMs: line.startDate });
    else {
      const summary = bySeq.get(line.seq);
      if (summary) Object.assign(summary, { status: line.status, stopMs: line.stopDate });
    }
  }
  const interrupted: StoredExecution[] = [];
  // In start order: the index's lines are in order per execution, not across executions.
  for (const summary of [...bySeq.values()].sort((a, b) => a.seq - b.seq)) {
    if (summary.status !== 'RUNNING') continue;
    const stored = files.readRecordSync(summary.name);
    if (!stored) {
      bySeq.delete(summary.seq);
      continue;
    }
    const closed = stored.status === 'RUNNING' ? interrupt(files, stored, interruption) : stored;
    if (closed.interrupted) interrupted.push(closed);
    const { status } = closed;
    const stopMs = Date.parse(closed.stopDate ?? closed.startDate);
    if (status === 'RUNNING') continue; // not reached: interrupt() closes it
    Object.assign(summary, { status, stopMs });
    files.sync.appendIndex({ seq: summary.seq, status, stopDate: stopMs });
  }
  const summaries = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return { summaries, interrupted, nextSeq: (summaries.at(-1)?.seq ?? 0) + 1 };
}

function interrupt(
  files: ExecutionFiles,
  stored: StoredExecution,
  interruption: { error: string; cause: string },
): StoredExecution {
  const last = files.lastEventSync(stored.name);
  const stopDate = last?.timestamp ?? new Date(stored.startDate);
  const id = (last?.id ?? 0) + 1;
  const aborted: ExecutionHistoryEvent = {
    id,
    previousEventId: id - 1,
    timestamp: stopDate,
    type: 'ExecutionAborted',
    executionAbortedEventDetails: { ...interruption },
  };
  files.sync.appendEvent(stored.name, aborted);
  const closed: StoredExecution = {
    ...stored,
    status: 'ABORTED',
    stopDate: stopDate.toISOString(),
    ...interruption,
    interrupted: true,
  };
  files.sync.writeRecord(closed);
  return closed;
}
