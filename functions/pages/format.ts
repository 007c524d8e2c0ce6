import { STAGES, type StageDefinition } from '../checklist/stages.ts';

/** Shared wording for pages and emails, so a step or a time reads the same wherever it appears. */

export const TOTAL_STEPS = Math.max(...STAGES.map((stage) => stage.step));

/** "Step 3 of 9" — the checklist numbering people see (both integration sign-offs are step 7). */
export function stepLabel(stage: StageDefinition): string {
  return `Step ${stage.step} of ${TOTAL_STEPS}`;
}

// Stored times are UTC ISO strings; people read them in one unambiguous zone, named explicitly.
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
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
    DATE_TIME.formatToParts(new Date(time)).map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} UTC`;
}
