/**
 * The console's values in words and local time: ops read `Waiting`, not `pending`; `Sent back`,
 * not `changes-requested`; times in this machine's own zone (the console runs only locally).
 */
const WORDS: Record<string, string> = {
  // Onboarding and product status
  'in-progress': 'In progress',
  completed: 'Completed',
  stopped: 'Stopped',
  requested: 'Requested',
  'in-integration': 'In integration',
  'in-review': 'In marketplace review',
  published: 'Published',
  withdrawn: 'Withdrawn',
  // Wait status
  pending: 'Waiting',
  decided: 'Decided',
  closed: 'Closed (no longer needed)',
  // Outcomes
  submitted: 'Submitted',
  approved: 'Approved',
  'changes-requested': 'Sent back',
  // Execution status
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  TIMED_OUT: 'Timed out',
  ABORTED: 'Aborted',
  PENDING_REDRIVE: 'Waiting to be redriven',
};

/** A stored value in words; an unknown one reads with its dashes as spaces, first letter capital. */
export function inWords(value: string): string {
  const known = WORDS[value];
  if (known) return known;
  const spaced = value.replace(/[-_]/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const LOCAL = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** "Sat 28 Nov, 09:15:02 CET": this machine's zone, named. */
export function localTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : LOCAL.format(new Date(time));
}
