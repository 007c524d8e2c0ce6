import type { ExecutionDescription, ExecutionListItem, ExecutionStatus } from './execution-types.ts';
import type { ExecutionHistory } from './history.ts';

export interface ExecutionOutcome {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  output?: string;
  error?: string;
  cause?: string;
}

/** An execution as the engine keeps it. */
export interface ExecutionRecord {
  /** Start order, for newest-first listing and its page tokens. */
  seq: number;
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  history: ExecutionHistory;
  /** Set by StopExecution before the run is aborted: the error and cause it ends with. */
  stopRequest?: { error?: string; cause?: string };
  /** Aborts the interpreter run. */
  abort(): void;
  /** Settles (never rejects) once the execution has ended and its history is complete. */
  finished: Promise<void>;
}

/** What describing an execution needs: a running record, or one read back from its file. */
export type DescribableExecution = Pick<
  ExecutionRecord,
  | 'executionArn'
  | 'stateMachineArn'
  | 'name'
  | 'input'
  | 'status'
  | 'startDate'
  | 'stopDate'
  | 'output'
  | 'error'
  | 'cause'
>;

export function listItemOf(record: DescribableExecution): ExecutionListItem {
  const { executionArn, stateMachineArn, name, status, startDate, stopDate } = record;
  return { executionArn, stateMachineArn, name, status, startDate, ...(stopDate ? { stopDate } : {}) };
}

/**
 * Why no execution is redrivable here: AWS's own reasons for running and succeeded ones; the local
 * runtime has no RedriveExecution, it resumes an onboarding in a new execution instead.
 */
function redriveStatusReason(status: ExecutionStatus): string {
  if (status === 'RUNNING') return 'Execution is RUNNING and cannot be redriven.';
  if (status === 'SUCCEEDED') return 'Execution is SUCCEEDED and cannot be redriven.';
  return 'The local runtime resumes instead of redriving.';
}

export function describe(record: DescribableExecution): ExecutionDescription {
  return {
    ...listItemOf(record),
    input: record.input,
    inputDetails: { included: true },
    ...(record.output !== undefined ? { output: record.output, outputDetails: { included: true } } : {}),
    ...(record.error !== undefined ? { error: record.error } : {}),
    ...(record.cause !== undefined ? { cause: record.cause } : {}),
    redriveCount: 0,
    redriveStatus: 'NOT_REDRIVABLE',
    redriveStatusReason: redriveStatusReason(record.status),
  };
}
