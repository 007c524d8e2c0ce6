import type { ExecutionHistoryEvent } from './history.ts';

/** Field names and shapes follow the Step Functions API, so the JSON protocol wrapper maps them 1:1. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StartExecutionRequest {
  /** Checked against the engine's state machine when given. */
  stateMachineArn?: string;
  /** 1–80 characters as on AWS; a UUID when omitted. */
  name?: string;
  /** JSON text; `{}` when omitted. */
  input?: string;
}

export interface StartExecutionResult {
  executionArn: string;
  startDate: Date;
}

export interface ExecutionListItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
}

export interface ExecutionDescription extends ExecutionListItem {
  input: string;
  inputDetails: { included: true };
  output?: string;
  outputDetails?: { included: true };
  error?: string;
  cause?: string;
  /** Always 0 and NOT_REDRIVABLE locally (no RedriveExecution); the reason says why, in AWS's words where they fit. */
  redriveCount: number;
  redriveStatus: 'REDRIVABLE' | 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';
  redriveStatusReason: string;
}

export interface ListExecutionsRequest {
  stateMachineArn?: string;
  statusFilter?: ExecutionStatus;
  /** 1–1000; 100 when omitted or 0. */
  maxResults?: number;
  nextToken?: string;
}

export interface ListExecutionsResult {
  /** Newest first, as on AWS. */
  executions: ExecutionListItem[];
  nextToken?: string;
}

export interface StopExecutionRequest {
  error?: string;
  cause?: string;
}

export interface StopExecutionResult {
  stopDate: Date;
}

export interface GetExecutionHistoryRequest {
  maxResults?: number;
  nextToken?: string;
  reverseOrder?: boolean;
  /** When false, state and execution inputs and outputs are left out, as on AWS. */
  includeExecutionData?: boolean;
}

export interface ExecutionHistoryPage {
  events: ExecutionHistoryEvent[];
  nextToken?: string;
}

/** What stays in memory of an execution that has ended and whose files are written: enough to list it. */
export interface ExecutionSummary {
  seq: number;
  name: string;
  status: ExecutionStatus;
  startMs: number;
  stopMs?: number;
}
