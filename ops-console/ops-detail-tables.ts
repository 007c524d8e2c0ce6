import { ROLE_LABELS, stageDefinition } from '../functions/checklist/stages.ts';
import { describeDeliveryProblem } from '../functions/domain/email-not-sent.ts';
import type { AuditEvent, Onboarding, Wait } from '../functions/domain/model.ts';
import { html, type SafeHtml, safeUrl } from '../functions/pages/html.ts';
import { overdueWords } from '../functions/pages/overdue.ts';
import { claimNote } from './claim-note.ts';
import type { ConsoleExecution, SentEmail } from './console-source.ts';
import type { DetailView } from './detail-view.ts';
import { inWords, localTime } from './ops-words.ts';
import { isOverdue } from './overdue.ts';
import { reminderCounts, reminderWords } from './reminder-counts.ts';
import { stageLabel } from './stage-label.ts';

/** The detail page's tables: values in words, times local. */

export function timelineTable(
  view: Pick<DetailView, 'waits' | 'events' | 'onboarding' | 'csrf' | 'now' | 'offers'>,
): SafeHtml {
  const { waits, onboarding, csrf } = view;
  if (waits.length === 0) return html`<p>No stage has started yet.</p>`;
  return html`<div class="table-scroll"><table class="data" aria-labelledby="timeline-title">
<thead><tr><th scope="col">Stage</th><th scope="col">Product</th><th scope="col">Waiting on</th><th scope="col">Entered</th><th scope="col">Deadline</th><th scope="col">Status</th><th scope="col">Decision</th><th scope="col">Reminders</th><th scope="col">Link</th></tr></thead>
<tbody>${waits.map((wait) => {
    const decision = wait.decision;
    return html`<tr>
<td>${stageDefinition(wait.stage).title}</td>
<td>${wait.product ?? '—'}</td>
<td>${ROLE_LABELS[wait.role]}<br>${wait.recipient}${wait.deliveryProblem && html`<br><strong>Email problem:</strong> ${describeDeliveryProblem(wait.deliveryProblem)}`}${claimNote(wait)}</td>
<td>${when(wait.enteredAt)}</td>
<td>${wait.status === 'pending' ? html`${when(wait.deadline)}${overdueNote(wait.deadline, view.now)}${isOverdue(wait, view.now) && html`<br><strong class="flag">Overdue</strong>`}` : '—'}</td>
<td>${inWords(wait.status)}</td>
<td class="detail">${decision ? html`${inWords(decision.outcome)} by ${decision.actor.id} (${decision.actor.via === 'link' ? 'emailed link' : 'callback API'}), ${when(decision.at)}${decision.reason && html`<br>Reason: ${decision.reason}`}` : '—'}</td>
<td>${reminderWords(reminderCounts(wait, waits, view.events))}</td>
<td>${wait.status === 'pending' && onboarding.status === 'in-progress' && view.offers?.resend !== false ? resendForm(onboarding, csrf, wait) : '—'}</td>
</tr>`;
  })}</tbody>
</table></div>`;
}

function resendForm(onboarding: Onboarding, csrf: string, wait: Wait): SafeHtml {
  const title = `${stageDefinition(wait.stage).title}${wait.product ? `, ${wait.product}` : ''}`;
  return html`<form action="${safeUrl(`/ops/onboardings/${onboarding.id}/resend`)}" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="wait" value="${wait.waitKey}">
<button type="submit" class="button small-button" aria-label="Resend link for ${title}">Resend link</button>
</form>`;
}

export function emailTable(emails: SentEmail[], onboarding: Onboarding): SafeHtml {
  const inbox = `/inbox?onboarding=${onboarding.id}`;
  if (emails.length === 0)
    return html`<p>No email of this onboarding is in the <a href="${safeUrl(inbox)}">local inbox</a>.</p>`;
  return html`<div class="table-scroll"><table class="data">
<thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>${emails.map(
    (email) =>
      html`<tr><td>${when(email.at)}</td><td>${email.to.join(', ')}${email.cc.length > 0 && html`<br>cc ${email.cc.join(', ')}`}</td><td class="detail">${email.subject}</td></tr>`,
  )}</tbody>
</table></div>
<p>Read them, with their links, in the <a href="${safeUrl(inbox)}">local inbox</a>.</p>`;
}

/** Every execution of the onboarding, newest first: a resume after a restart follows the one it took over from. */
export function executionTable(executions: ConsoleExecution[]): SafeHtml {
  return html`<div class="table-scroll"><table class="data" aria-label="Every execution of this onboarding">
<thead><tr><th scope="col">Execution</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Ended</th></tr></thead>
<tbody>${executions.map(
    (execution) =>
      html`<tr><td>${execution.name}</td><td>${inWords(execution.status)}</td><td>${when(execution.startDate.toISOString())}</td><td>${execution.stopDate ? when(execution.stopDate.toISOString()) : '—'}</td></tr>`,
  )}</tbody>
</table></div>`;
}

export function eventTable(events: AuditEvent[]): SafeHtml {
  return html`<div class="table-scroll"><table class="data">
<thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Stage</th><th scope="col">Product</th><th scope="col">By</th><th scope="col">Detail</th></tr></thead>
<tbody>${events.map(
    (event) =>
      html`<tr><td>${when(event.at)}</td><td>${inWords(event.type)}</td><td>${event.stage ? stageLabel(event.stage) : '—'}</td><td>${event.product ?? '—'}</td><td>${event.actor ?? '—'}</td><td class="detail">${event.detail ?? ''}${event.outcome && ` (${inWords(event.outcome).toLowerCase()})`}</td></tr>`,
  )}</tbody>
</table></div>`;
}

/** ", overdue by 3 days" against the step's original due date, or nothing. */
function overdueNote(due: string, now: Date): string {
  const words = overdueWords(due, now.toISOString());
  return words && `, ${words}`;
}

function when(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${localTime(iso)}</time>`;
}
