import type { HistoryEventType } from '@aws-sdk/client-sfn';
import type { StateMachine } from 'aws-local-stepfunctions';
import { type ExecutionHistory, jsonText } from './history.ts';

/** The interpreter's event log entries (its type is not exported). */
type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

const notTruncated = { truncated: false };

/**
 * Translates the interpreter's event log into AWS history events. Task events (scheduled, submitted,
 * succeeded, ...) come from the engine's task handlers instead, and the execution's last event from
 * the engine, which knows how it ended (the interpreter's abort event has no error or cause).
 */
export class InterpreterEventTranslator {
  /** Parallel and Map states whose current attempt failed: their exit (after a Catch) is not a success. */
  private readonly failedComposites = new Set<string>();

  constructor(
    private readonly history: ExecutionHistory,
    private readonly roleArn: string,
  ) {}

  record(event: EventLog): void {
    switch (event.type) {
      case 'ExecutionStarted':
        this.history.add('ExecutionStarted', {
          executionStartedEventDetails: {
            input: jsonText(event.input),
            inputDetails: notTruncated,
            roleArn: this.roleArn,
          },
        });
        return;
      case 'StateEntered': {
        const { name, type, input } = event.state;
        this.history.add(`${type}StateEntered` as HistoryEventType, {
          stateEnteredEventDetails: { name, input: jsonText(input), inputDetails: notTruncated },
        });
        if (type === 'Parallel' || type === 'Map') this.history.add(`${type}StateStarted`);
        return;
      }
      case 'StateExited': {
        const { name, type, output } = event.state;
        if ((type === 'Parallel' || type === 'Map') && !this.failedComposites.delete(name)) {
          this.history.add(`${type}StateSucceeded`);
        }
        this.history.add(`${type}StateExited` as HistoryEventType, {
          stateExitedEventDetails: { name, output: jsonText(output), outputDetails: notTruncated },
        });
        return;
      }
      case 'StateFailed': {
        const { name, type } = event.state;
        if (type === 'Parallel' || type === 'Map') {
          this.failedComposites.add(name);
          this.history.add(`${type}StateFailed`);
        }
        return;
      }
      case 'StateRetried': {
        const { name, type } = event.state;
        if ((type === 'Parallel' || type === 'Map') && this.failedComposites.delete(name)) {
          this.history.add(`${type}StateStarted`);
        }
        return;
      }
      case 'MapIterationStarted':
        this.history.add('MapIterationStarted', {
          mapIterationStartedEventDetails: { name: event.parentState.name, index: event.index },
        });
        return;
      case 'MapIterationSucceeded':
        this.history.add('MapIterationSucceeded', {
          mapIterationSucceededEventDetails: { name: event.parentState.name, index: event.index },
        });
        return;
      case 'MapIterationFailed':
        this.history.add('MapIterationFailed', {
          mapIterationFailedEventDetails: { name: event.parentState.name, index: event.index },
        });
        return;
      default:
        // Branch start/end, catches and the execution's end have no AWS event of their own here.
        return;
    }
  }
}
