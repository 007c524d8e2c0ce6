import { STAGES, type StageDefinition, type StageKey, stageDefinition } from '../checklist/stages.ts';
import { overdueWords } from './overdue.ts';

/** Shared wording for pages and emails, so a step or a time reads the same wherever it appears. */

export const TOTAL_STEPS = Math.max(...STAGES.map((stage) => stage.step));

/**
 * "Step 3 of 9" — the checklist numbering people see (both integration sign-offs are step 7). A
 * product revision is numbered after the step that sent it back: after marketplace review it is 8.
 */
export function stepLabel(stage: StageDefinition, sentBackFrom?: StageKey): string {
  const step =
    stage.key === 'product-revision' && sentBackFrom ? stageDefinition(sentBackFrom).step : stage.step;
  return `Step ${step} of ${TOTAL_STEPS}`;
}

/**
 * Builds a formatter on its first use: the first `Intl.DateTimeFormat` loads ICU's locale data, about
 * 30 ms that a cold start would otherwise spend before it can answer (most requests format no date).
 */
function onFirstUse(options: Intl.DateTimeFormatOptions): () => Intl.DateTimeFormat {
  let format: Intl.DateTimeFormat | undefined;
  return () => {
    format ??= new Intl.DateTimeFormat('en-GB', options);
    return format;
  };
}

// Stored times are UTC ISO strings; people read them in one unambiguous zone, named explicitly.
const DATE_TIME = onFirstUse({
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Tuesday 15 January 2019, 17:00 UTC"; anything unparseable is shown as given rather than hidden. */
export function formatDateTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const parts = Object.fromEntries(
    DATE_TIME()
      .formatToParts(new Date(time))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} UTC`;
}

const DATE = onFirstUse({
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const SHORT_DATE = onFirstUse({ timeZone: 'UTC', day: 'numeric', month: 'short' });

/** "12 Nov": dates in tables, short enough to stay on one line on a phone. */
export function formatShortDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : SHORT_DATE().format(new Date(time));
}

/**
 * A due date as people say it: "Tuesday 1 December (in 3 days)", "today", "overdue by 2 days" (the
 * original due date: reminders never move it). Whole days, counted in UTC like the dates shown.
 */
export function dueWords(deadlineIso: string, nowIso: string): string {
  const deadline = Date.parse(deadlineIso);
  const now = Date.parse(nowIso);
  if (Number.isNaN(deadline) || Number.isNaN(now)) return deadlineIso;
  const day = (time: number) => Math.floor(time / 86_400_000);
  const days = day(deadline) - day(now);
  const relative =
    days === 0
      ? 'today'
      : days === 1
        ? 'tomorrow'
        : days > 1
          ? `in ${days} days`
          : overdueWords(deadlineIso, nowIso);
  return `${DATE().format(new Date(deadline))} (${relative})`;
}
