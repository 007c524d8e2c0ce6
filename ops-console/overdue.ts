import type { Wait } from '../functions/domain/model.ts';

/**
 * When a waiting step counts as overdue, in one place: past its wait's `deadline`. Kept apart so the
 * rule can follow the step's own due date when the workflow records one.
 */
export function isOverdue(wait: Pick<Wait, 'status' | 'deadline'>, now: Date): boolean {
  if (wait.status !== 'pending') return false;
  const deadline = Date.parse(wait.deadline);
  return !Number.isNaN(deadline) && deadline < now.getTime();
}
