import { ROLE_LABELS } from '../functions/checklist/stages.ts';
import type { AuditEvent, Onboarding, Wait } from '../functions/domain/model.ts';
import { isOverdue } from './overdue.ts';
import { type ReminderCounts, reminderCounts } from './reminder-counts.ts';

const DAY_MS = 86_400_000;

/** One line of the console's list: who the onboarding waits on, for how long, and how hard it was chased. */
export interface TriageRow {
  onboarding: Onboarding;
  /** "Provider (ada@acme.example)"; several when steps wait in parallel; empty when nothing waits. */
  waitingOn: string[];
  /** Whole days since the oldest waiting step began; undefined when nothing waits. */
  daysWaiting?: number;
  chased: ReminderCounts;
  overdue: boolean;
  /** No progress recorded for `stuckAfterDays` while in progress (as the scheduled check says). */
  stuck: boolean;
}

export function triageRow(
  onboarding: Onboarding,
  waits: readonly Wait[],
  events: readonly AuditEvent[],
  now: Date,
  stuckAfterDays: number,
): TriageRow {
  const running = onboarding.status === 'in-progress';
  const pending = running ? waits.filter((wait) => wait.status === 'pending') : [];
  const oldest = pending.reduce<number | undefined>((min, wait) => {
    const entered = Date.parse(wait.enteredAt);
    return Number.isNaN(entered) || (min !== undefined && min <= entered) ? min : entered;
  }, undefined);
  const chased = pending
    .map((wait) => reminderCounts(wait, waits, events))
    .reduce(
      (sum, counts) => ({
        reminders: sum.reminders + counts.reminders,
        escalations: sum.escalations + counts.escalations,
      }),
      { reminders: 0, escalations: 0 },
    );
  const updated = Date.parse(onboarding.updatedAt);
  return {
    onboarding,
    waitingOn: [...new Set(pending.map((wait) => `${ROLE_LABELS[wait.role]} (${wait.recipient})`))],
    daysWaiting:
      oldest === undefined ? undefined : Math.max(0, Math.floor((now.getTime() - oldest) / DAY_MS)),
    chased,
    overdue: pending.some((wait) => isOverdue(wait, now)),
    stuck: running && !Number.isNaN(updated) && now.getTime() - updated > stuckAfterDays * DAY_MS,
  };
}

/** The list's filters, as the query string carries them (`q`, `stage`, `rep`, `attention`). */
export interface TriageFilter {
  q: string;
  stage: string;
  rep: string;
  attention: '' | 'overdue' | 'stuck';
}

export function filterOf(search: URLSearchParams): TriageFilter {
  const attention = search.get('attention');
  return {
    q: (search.get('q') ?? '').trim(),
    stage: search.get('stage') ?? '',
    rep: (search.get('rep') ?? '').trim().toLowerCase(),
    attention: attention === 'overdue' || attention === 'stuck' ? attention : '',
  };
}

/** Search matches the company, the onboarding id, the contact or the rep; stage "stopped" and "completed" match the status. */
export function applyFilter(rows: readonly TriageRow[], filter: TriageFilter): TriageRow[] {
  const q = filter.q.toLowerCase();
  return rows.filter(({ onboarding, overdue, stuck }) => {
    if (
      q &&
      ![
        onboarding.company,
        onboarding.id,
        onboarding.contactEmail,
        onboarding.contactName,
        onboarding.repEmail,
      ].some((value) => value.toLowerCase().includes(q))
    )
      return false;
    if (filter.stage && !stageMatches(onboarding, filter.stage)) return false;
    if (filter.rep && onboarding.repEmail.toLowerCase() !== filter.rep) return false;
    if (filter.attention === 'overdue' && !overdue) return false;
    if (filter.attention === 'stuck' && !stuck) return false;
    return true;
  });
}

function stageMatches(onboarding: Onboarding, stage: string): boolean {
  if (stage === 'completed' || stage === 'stopped') return onboarding.status === stage;
  return onboarding.status === 'in-progress' && onboarding.stage === stage;
}

/** Longest waiting first; then the most recently changed. */
export function byUrgency(a: TriageRow, b: TriageRow): number {
  return (
    (b.daysWaiting ?? -1) - (a.daysWaiting ?? -1) ||
    b.onboarding.updatedAt.localeCompare(a.onboarding.updatedAt)
  );
}
