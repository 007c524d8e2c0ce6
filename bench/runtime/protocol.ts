/** Messages between the bench and the runtime child process (Node IPC). */

/** An email as the SES stand-in stored it, stamped by the child the moment it was stored. */
export interface StoredEmailEvent {
  type: 'email';
  /** Wall-clock ms (performance.timeOrigin + now()), sub-millisecond, comparable across processes. */
  at: number;
  to: string[];
  subject: string;
  /** The action link in the text body, if any. */
  link?: string;
  /** Text + HTML body length, for the floor's emails. */
  bytes: number;
}

/** DynamoDB requests by operation, as dynalite received them. */
export interface DynamoDbCallCounts {
  [operation: string]: {
    count: number;
    /** Request body bytes (the floor sends items of the same average size). */
    bytes: number;
    /** Writes to onboarding profile items, which the by-stage index replicates (one more write unit). */
    indexedWrites: number;
    /** Items written or deleted (a BatchWriteItem carries several; each is billed as its own write). */
    items: number;
    /** Read units the answers used: a strongly consistent read costs one per 4 KB returned. */
    readUnits: number;
  };
}

/**
 * DynamoDB calls by the kind of action that made them (a page view, a decision, a stage entry, a
 * reminder...): `invocations` handler runs of that kind, `calls` DynamoDB requests they sent.
 */
export interface ActionCallCounts {
  [kind: string]: { invocations: number; calls: number; byOperation: Record<string, number> };
}

export interface RuntimeStats {
  type: 'stats';
  dynamodb: DynamoDbCallCounts;
  dynamodbByAction: ActionCallCounts;
  emails: { count: number; bytes: number };
  /** Peak resident set size since the last reset, sampled every 50 ms. */
  peakRssBytes: number;
  peakHeapUsedBytes: number;
  /** The same moment's parts: main JS heap reserved, DynamoDB worker heap reserved, and the rest (native). */
  peakRssParts?: { mainHeapBytes: number; workerHeapBytes: number; otherBytes: number };
  logLines: { error: number; warn: number };
}

export interface RuntimeReady {
  type: 'ready';
  urls: { api: string; inbox: string; sfn: string; dynamodb: string };
  dataDir: string;
}

export type ChildMessage =
  | StoredEmailEvent
  | RuntimeStats
  | RuntimeReady
  | { type: 'failed'; message: string };

export type ParentMessage = { type: 'stats'; reset: boolean } | { type: 'stop' };
