/**
 * How late a step is against its original due date (reminders never move it), in whole days counted
 * in UTC like the dates people are shown: 0 on the due day and before it.
 */
export function daysOverdue(dueIso: string, nowIso: string): number {
  const due = Date.parse(dueIso);
  const now = Date.parse(nowIso);
  if (Number.isNaN(due) || Number.isNaN(now) || now <= due) return 0;
  const day = (time: number) => Math.floor(time / 86_400_000);
  return Math.max(0, day(now) - day(due));
}
