import type { AuditEvent, Wait } from '../functions/domain/model.ts';

export interface ReminderCounts {
  reminders: number;
  escalations: number;
}

/**
 * How many reminders and escalations a step has had, from the audit trail: the wait's own counter
 * starts again after each escalation, so it cannot say how many reminders were sent in all. Each
 * event belongs to the latest wait of its stage and product entered before it.
 */
export function reminderCounts(
  wait: Wait,
  waits: readonly Wait[],
  events: readonly AuditEvent[],
): ReminderCounts {
  const counts: ReminderCounts = { reminders: 0, escalations: 0 };
  for (const event of events) {
    if (event.type !== 'reminder-sent' && event.type !== 'escalated') continue;
    if (ownerOf(event, waits) !== wait) continue;
    if (event.type === 'reminder-sent') counts.reminders += 1;
    else counts.escalations += 1;
  }
  return counts;
}

function ownerOf(event: AuditEvent, waits: readonly Wait[]): Wait | undefined {
  let owner: Wait | undefined;
  for (const wait of waits) {
    if (wait.stage !== event.stage || wait.product !== event.product || wait.enteredAt > event.at) continue;
    if (!owner || wait.enteredAt >= owner.enteredAt) owner = wait;
  }
  return owner;
}

/** "2 reminders, 1 escalation", or "None". */
export function reminderWords(counts: ReminderCounts): string {
  const parts = [
    counts.reminders > 0 && `${counts.reminders} reminder${counts.reminders === 1 ? '' : 's'}`,
    counts.escalations > 0 && `${counts.escalations} escalation${counts.escalations === 1 ? '' : 's'}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? parts.join(', ') : 'None';
}
