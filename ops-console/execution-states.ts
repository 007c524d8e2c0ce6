import type { ConsoleHistoryEvent, ExecutionStatus } from './console-source.ts';
import type { StateStatus } from './graph-svg.ts';

/**
 * Where an execution stands in each state, from its history: a state entered more often than exited
 * is in progress (a Map runs one iteration per product, so a state can be in progress and done at
 * once: in progress wins). When the execution ended, what was still in progress failed or stopped.
 */
export function stateStatuses(
  events: readonly ConsoleHistoryEvent[],
  executionStatus: ExecutionStatus,
): Map<string, StateStatus> {
  const entered = new Map<string, number>();
  const exited = new Map<string, number>();
  for (const event of events) {
    const enteredName = event.stateEnteredEventDetails?.name;
    const exitedName = event.stateExitedEventDetails?.name;
    if (event.type.endsWith('StateEntered') && enteredName)
      entered.set(enteredName, (entered.get(enteredName) ?? 0) + 1);
    if (event.type.endsWith('StateExited') && exitedName)
      exited.set(exitedName, (exited.get(exitedName) ?? 0) + 1);
  }
  const statuses = new Map<string, StateStatus>();
  for (const [name, count] of entered) {
    const open = count > (exited.get(name) ?? 0);
    if (!open) statuses.set(name, 'succeeded');
    else if (executionStatus === 'RUNNING') statuses.set(name, 'active');
    else statuses.set(name, executionStatus === 'ABORTED' ? 'stopped' : 'failed');
  }
  return statuses;
}

/** The states in progress, in the order they were entered: what the page says in words. */
export function activeStates(statuses: ReadonlyMap<string, StateStatus>): string[] {
  return [...statuses].filter(([, status]) => status === 'active').map(([name]) => name);
}
