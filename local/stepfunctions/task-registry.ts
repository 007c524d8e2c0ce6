import type { OpenTask, TaskCloseReason } from './open-task.ts';
import { WorkflowServiceError } from './service-error.ts';
import { TaskTokenMinter } from './task-token.ts';

const CLOSED_BECAUSE: Record<TaskCloseReason, string> = {
  succeeded: 'it has already succeeded',
  failed: 'it has already failed',
  'timed out': 'it has timed out',
  ended: 'its execution, branch or iteration has ended',
};

/**
 * Task tokens and the entries they belong to. A token is single-use: once its entry closes it is
 * refused with TaskTimedOut (AWS's answer for a closed task); a token this engine never issued is
 * InvalidToken. Closed tokens are remembered, boundedly, only to say why they were closed.
 */
export class TaskRegistry {
  private readonly minter = new TaskTokenMinter();
  private readonly open = new Map<string, OpenTask>();
  private readonly closed = new Map<string, { stateName: string; reason: TaskCloseReason }>();

  constructor(private readonly closedCapacity = 10_000) {}

  /** Mints the token of a `.waitForTaskToken` entry; it is retired when the entry closes. */
  issue(task: OpenTask): string {
    const token = this.minter.mint();
    this.open.set(token, task);
    task.whenClosed(() => this.retire(token, task));
    return token;
  }

  /** The open entry a callback addresses, or the AWS error for a closed or unknown token. */
  find(token: string): OpenTask {
    const task = this.open.get(token);
    if (task) return task;
    const closed = this.closed.get(token);
    if (closed) {
      throw new WorkflowServiceError(
        'TaskTimedOut',
        `Task "${closed.stateName}" is closed: ${CLOSED_BECAUSE[closed.reason]}`,
      );
    }
    if (this.minter.isGenuine(token)) throw new WorkflowServiceError('TaskTimedOut', 'Task is closed');
    throw new WorkflowServiceError('InvalidToken', 'Invalid task token');
  }

  private retire(token: string, task: OpenTask): void {
    this.open.delete(token);
    this.closed.set(token, { stateName: task.stateName, reason: task.closeReason ?? 'ended' });
    // Maps iterate in insertion order: the first key is the oldest closed token.
    while (this.closed.size > this.closedCapacity) {
      const oldest = this.closed.keys().next().value;
      if (oldest === undefined) break;
      this.closed.delete(oldest);
    }
  }
}
