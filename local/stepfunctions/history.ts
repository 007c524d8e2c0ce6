import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { Clock } from './clock.ts';
import { redactTokens } from './redaction.ts';

/** A history event shaped like the GetExecutionHistory API's, with the always-present fields required. */
export type ExecutionHistoryEvent = HistoryEvent & { id: number; type: HistoryEventType; timestamp: Date };

/** Everything of an event but its id, link and time, which the history assigns. */
export type HistoryEventDetails = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp' | 'type'>;

/**
 * An execution's event history. Events are numbered from 1 and each points at the one before it:
 * AWS links events causally, which a single sequence matches for one-thread-at-a-time workflows.
 * Every event is recorded with task tokens redacted, so no token ever reaches the history.
 */
export class ExecutionHistory {
  private readonly events: ExecutionHistoryEvent[] = [];

  /** `onEvent` sees each event as it is added (the engine's files append it to the execution's history file). */
  constructor(
    private readonly clock: Clock,
    private readonly onEvent?: (event: ExecutionHistoryEvent) => void,
  ) {}

  add(type: HistoryEventType, details: HistoryEventDetails = {}): void {
    const id = this.events.length + 1;
    const event: ExecutionHistoryEvent = {
      ...redactTokens(details),
      id,
      previousEventId: id - 1,
      timestamp: this.clock.now(),
      type,
    };
    this.events.push(event);
    this.onEvent?.(event);
  }

  list(): readonly ExecutionHistoryEvent[] {
    return this.events;
  }
}

/** Step Functions reports state inputs and outputs as JSON text. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}
