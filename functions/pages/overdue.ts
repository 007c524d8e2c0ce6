import { daysOverdue } from '../domain/overdue.ts';

/**
 * "overdue by 3 days": how late a step is against its original due date, the same words on every
 * page, email and console that shows a due date. Empty until the day after the due date.
 */
export function overdueWords(dueIso: string, nowIso: string): string {
  const days = daysOverdue(dueIso, nowIso);
  if (days === 0) return '';
  return `overdue by ${days} day${days === 1 ? '' : 's'}`;
}
