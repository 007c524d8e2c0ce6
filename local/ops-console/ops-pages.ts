import { ROLE_LABELS, type StageKey, stageDefinition } from '../../functions/checklist/stages.ts';
import { describeDeliveryProblem } from '../../functions/domain/email-not-sent.ts';
import type { AuditEvent, Onboarding, Wait } from '../../functions/domain/model.ts';
import { errorSummary } from '../../functions/pages/error-summary.ts';
import { type FormState, formState, textInput } from '../../functions/pages/form-controls.ts';
import { formatDateTime } from '../../functions/pages/format.ts';
import { html, type SafeHtml, safeUrl } from '../../functions/pages/html.ts';
import type { ExecutionListItem } from '../stepfunctions/index.ts';
import type { LaidOutGraph } from './asl-layout.ts';
import { activeStates } from './execution-states.ts';
import { graphSvg, type StateStatus } from './graph-svg.ts';
import type { FunnelRow, SentEmail } from './ops-data.ts';

export function stageLabel(stage: string): string {
  if (stage === 'completed') return 'Completed';
  try {
    return stageDefinition(stage as StageKey).title;
  } catch {
    return stage;
  }
}

const NOTICES: Record<string, string> = {
  started: 'The onboarding was started: its first email is on its way.',
  resent: 'A new link for that step was emailed to the address on file.',
  'not-sent': 'The new link could not be sent: see the email problem on that step for why and what to do.',
  stopped: 'The onboarding was stopped: its execution ended and its open steps were closed.',
};

export interface DashboardView {
  onboardings: Onboarding[];
  funnel: FunnelRow[];
  query: string;
  csrf: string;
  form?: { errors: Record<string, string>; values: Record<string, string>; summary?: string };
}

export function dashboardBody(view: DashboardView): SafeHtml {
  const query = view.query.trim().toLowerCase();
  const shown = query
    ? view.onboardings.filter((onboarding) => onboarding.company.toLowerCase().includes(query))
    : view.onboardings;
  const state = formState(view.form?.errors, view.form?.values);
  const startFields = startForm(state);
  return html`<h1>Onboardings</h1>
${errorSummary(state.errors, state.rendered, view.form?.summary)}
<p class="live-status" id="live-status" role="status">Reload the page to see the latest.</p>
<div id="live">
<h2 id="funnel-title">By stage</h2>
${funnelChart(view.funnel)}
<h2>${query ? html`Onboardings whose company contains “${view.query.trim()}” (${shown.length})` : html`All onboardings (${shown.length})`}</h2>
${onboardingTable(shown)}
</div>
<div class="grid-2">
<section class="panel" aria-labelledby="search-title">
<h2 id="search-title">Search by company</h2>
<form action="/ops" method="get" role="search">
<div class="field"><label for="q">Company name contains</label>
<input type="text" id="q" name="q" value="${view.query}" autocomplete="off"></div>
<button type="submit" class="button">Search</button>
</form>
</section>
<section class="panel" aria-labelledby="start-title">
<h2 id="start-title">Start an onboarding</h2>
<form action="/ops/onboardings" method="post" enctype="application/x-www-form-urlencoded" novalidate>
<input type="hidden" name="csrf" value="${view.csrf}">
${startFields}
<button type="submit" class="button">Start the onboarding</button>
</form>
</section>
</div>`;
}

function startForm(state: FormState): SafeHtml {
  return html`${textInput(state, { name: 'company', label: 'Company', required: true, autocomplete: 'organization' })}
${textInput(state, { name: 'contactName', label: 'Provider contact name', required: true, autocomplete: 'off' })}
${textInput(state, { name: 'contactEmail', label: 'Provider contact email', required: true, autocomplete: 'off', verbatim: true })}
${textInput(state, { name: 'repEmail', label: 'Marketplace rep email', required: true, autocomplete: 'off', verbatim: true })}`;
}

function funnelChart(rows: FunnelRow[]): SafeHtml {
  const max = Math.max(1, ...rows.map((row) => row.count));
  const labelWidth = 250;
  const barWidth = 420;
  const rowHeight = 30;
  const height = rows.length * rowHeight + 8;
  const description = rows.map((row) => `${row.label}: ${row.count}`).join(', ');
  return html`<svg class="funnel" width="${labelWidth + barWidth + 60}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}" role="img" aria-labelledby="funnel-title funnel-desc">
<desc id="funnel-desc">${description}</desc>
${rows.map((row, index) => {
  const y = index * rowHeight + 4;
  const width = row.count === 0 ? 0 : Math.max(4, (row.count / max) * barWidth);
  const barClass =
    row.kind === 'completed' ? 'bar bar-done' : row.kind === 'stopped' ? 'bar bar-stopped' : 'bar';
  return html`<g><text x="${labelWidth - 10}" y="${y + 19}" text-anchor="end">${row.label}</text>
<rect class="${barClass}" x="${labelWidth}" y="${y + 4}" width="${Math.round(width)}" height="${rowHeight - 10}" rx="2"/>
<text x="${labelWidth + width + 8}" y="${y + 19}">${row.count}</text></g>`;
})}
</svg>`;
}

function onboardingTable(onboardings: Onboarding[]): SafeHtml {
  if (onboardings.length === 0) return html`<p>No onboarding matches.</p>`;
  return html`<div class="table-scroll"><table class="data">
<thead><tr><th scope="col">Company</th><th scope="col">Onboarding</th><th scope="col">Stage</th><th scope="col">Status</th><th scope="col">Products</th><th scope="col">Last change</th></tr></thead>
<tbody>${onboardings.map(
    (onboarding) => html`<tr>
<td>${onboarding.company}</td>
<td><a href="${safeUrl(`/ops/onboardings/${onboarding.id}`)}">${onboarding.id}</a></td>
<td>${stageLabel(onboarding.stage)}</td>
<td>${onboarding.status}</td>
<td>${onboarding.products.map((product) => `${product.name} (${product.status})`).join(', ') || '—'}</td>
<td>${when(onboarding.updatedAt)}</td>
</tr>`,
  )}</tbody>
</table></div>`;
}

export interface DetailView {
  onboarding: Onboarding;
  waits: Wait[];
  events: AuditEvent[];
  emails: SentEmail[];
  execution?: ExecutionListItem;
  executions: ExecutionListItem[];
  graph: LaidOutGraph;
  statuses: Map<string, StateStatus>;
  csrf: string;
  notice?: string;
  inboxUrl: string;
}

export function detailBody(view: DetailView): SafeHtml {
  const { onboarding, execution } = view;
  const now = activeStates(view.statuses);
  const notice = view.notice ? NOTICES[view.notice] : undefined;
  return html`<p class="caption">Onboarding ${onboarding.id}</p>
<h1>${onboarding.company}</h1>
${notice && html`<p class="notice-box" role="status">${notice}</p>`}
<p class="live-status" id="live-status" role="status"><a href="${safeUrl(`/ops/onboardings/${onboarding.id}`)}">Refresh</a> to see the latest.</p>
<div id="live">
<div class="grid-2">
<section class="panel" aria-labelledby="facts-title">
<h2 id="facts-title">Onboarding</h2>
<dl class="facts compact">
<dt>Status</dt><dd>${onboarding.status}</dd>
<dt>Stage</dt><dd>${stageLabel(onboarding.stage)}</dd>
<dt>Provider contact</dt><dd>${onboarding.contactName} (${onboarding.contactEmail})</dd>
<dt>Rep</dt><dd>${onboarding.repEmail}</dd>
${onboarding.alias && html`<dt>Cloud account alias</dt><dd>${onboarding.alias}</dd>`}
<dt>Products</dt><dd>${onboarding.products.map((product) => `${product.name} (${product.status})`).join(', ') || '—'}</dd>
<dt>Started</dt><dd>${when(onboarding.createdAt)}</dd>
<dt>Last change</dt><dd>${when(onboarding.updatedAt)}</dd>
</dl>
</section>
<section class="panel" aria-labelledby="execution-title">
<h2 id="execution-title">Execution</h2>
${
  execution
    ? html`<dl class="facts compact">
<dt>Name</dt><dd>${execution.name}</dd>
<dt>Status</dt><dd id="execution-status">${execution.status}</dd>
<dt>Started</dt><dd>${when(execution.startDate.toISOString())}</dd>
${execution.stopDate && html`<dt>Ended</dt><dd>${when(execution.stopDate.toISOString())}</dd>`}
</dl>`
    : html`<p>No execution of this onboarding is known to this runtime.</p>`
}
${view.executions.length > 1 && executionTable(view.executions)}
${onboarding.status === 'in-progress' && stopForm(view)}
</section>
</div>
<h2 id="graph-heading">State machine</h2>
<p class="now-at" id="now-at">${
    now.length > 0
      ? html`Now at: ${now.map((name, index) => html`${index > 0 && ', '}<strong>${name}</strong>`)}`
      : html`No state is in progress${execution ? ` (execution ${execution.status.toLowerCase()})` : ''}.`
  }</p>
<ul class="legend" aria-label="Legend">
<li><span class="swatch swatch-active"></span>In progress (marked “now”)</li>
<li><span class="swatch swatch-succeeded"></span>Done</li>
<li><span class="swatch swatch-failed"></span>Failed or stopped</li>
<li><span class="swatch"></span>Not reached</li>
<li>Dashed arrows: timeouts (reminders)</li>
</ul>
<div class="graph-scroll" tabindex="0" role="region" aria-labelledby="graph-heading">
${graphSvg(view.graph, view.statuses, `State machine of ${onboarding.company}${now.length > 0 ? `, now at ${now.join(', ')}` : ''}`)}
</div>
<h2 id="timeline-title">Stage timeline</h2>
${timelineTable(view)}
<h2>Emails sent</h2>
${emailTable(view)}
<h2>Audit trail</h2>
${eventTable(view.events)}
</div>`;
}

function stopForm(view: DetailView): SafeHtml {
  return html`<form action="${safeUrl(`/ops/onboardings/${view.onboarding.id}/stop`)}" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="csrf" value="${view.csrf}">
<div class="choice"><input type="checkbox" id="confirm-stop" name="confirm" value="yes" required>
<label for="confirm-stop">I want to stop this onboarding: its open steps close and its links stop working</label></div>
<button type="submit" class="button button-danger">Stop the onboarding</button>
</form>`;
}

function timelineTable(view: DetailView): SafeHtml {
  if (view.waits.length === 0) return html`<p>No stage has started yet.</p>`;
  return html`<div class="table-scroll"><table class="data" aria-labelledby="timeline-title">
<thead><tr><th scope="col">Stage</th><th scope="col">Product</th><th scope="col">Waiting on</th><th scope="col">Entered</th><th scope="col">Deadline</th><th scope="col">Status</th><th scope="col">Decision</th><th scope="col">Reminders</th><th scope="col">Link</th></tr></thead>
<tbody>${view.waits.map((wait) => {
    const decision = wait.decision;
    return html`<tr>
<td>${stageDefinition(wait.stage).title}</td>
<td>${wait.product ?? '—'}</td>
<td>${ROLE_LABELS[wait.role]}<br>${wait.recipient}${wait.deliveryProblem && html`<br><strong>Email problem:</strong> ${describeDeliveryProblem(wait.deliveryProblem)}`}</td>
<td>${when(wait.enteredAt)}</td>
<td>${wait.status === 'pending' ? when(wait.deadline) : '—'}</td>
<td>${wait.status}</td>
<td class="detail">${decision ? html`${decision.outcome} by ${decision.actor.id} (${decision.actor.via}), ${when(decision.at)}${decision.reason && html`<br>Reason: ${decision.reason}`}` : '—'}</td>
<td>${wait.reminders}${wait.escalations > 0 && ` (+${wait.escalations} escalated)`}</td>
<td>${wait.status === 'pending' && view.onboarding.status === 'in-progress' ? resendForm(view, wait) : '—'}</td>
</tr>`;
  })}</tbody>
</table></div>`;
}

function resendForm(view: DetailView, wait: Wait): SafeHtml {
  const title = `${stageDefinition(wait.stage).title}${wait.product ? `, ${wait.product}` : ''}`;
  return html`<form action="${safeUrl(`/ops/onboardings/${view.onboarding.id}/resend`)}" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="csrf" value="${view.csrf}">
<input type="hidden" name="wait" value="${wait.waitKey}">
<button type="submit" class="button small-button" aria-label="Resend link for ${title}">Resend link</button>
</form>`;
}

function emailTable(view: DetailView): SafeHtml {
  if (view.emails.length === 0)
    return html`<p>No email of this onboarding is in the <a href="${safeUrl(`/inbox?onboarding=${view.onboarding.id}`)}">local inbox</a>.</p>`;
  return html`<div class="table-scroll"><table class="data">
<thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>${view.emails.map(
    (email) =>
      html`<tr><td>${when(email.at)}</td><td>${email.to.join(', ')}${email.cc.length > 0 && html`<br>cc ${email.cc.join(', ')}`}</td><td class="detail">${email.subject}</td></tr>`,
  )}</tbody>
</table></div>
<p>Every email, with its links, is in the <a href="${safeUrl(view.inboxUrl)}">local inbox</a>.</p>`;
}

/** Every execution of the onboarding, newest first: a resume after a restart follows the one it took over from. */
function executionTable(executions: ExecutionListItem[]): SafeHtml {
  return html`<div class="table-scroll"><table class="data" aria-label="Every execution of this onboarding">
<thead><tr><th scope="col">Execution</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Ended</th></tr></thead>
<tbody>${executions.map(
    (execution) =>
      html`<tr><td>${execution.name}</td><td>${execution.status}</td><td>${when(execution.startDate.toISOString())}</td><td>${execution.stopDate ? when(execution.stopDate.toISOString()) : '—'}</td></tr>`,
  )}</tbody>
</table></div>`;
}

function eventTable(events: AuditEvent[]): SafeHtml {
  return html`<div class="table-scroll"><table class="data">
<thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Stage</th><th scope="col">Product</th><th scope="col">By</th><th scope="col">Detail</th></tr></thead>
<tbody>${events.map(
    (event) =>
      html`<tr><td>${when(event.at)}</td><td>${event.type}</td><td>${event.stage ? stageLabel(event.stage) : '—'}</td><td>${event.product ?? '—'}</td><td>${event.actor ?? '—'}</td><td class="detail">${event.detail ?? ''}${event.outcome && ` (${event.outcome})`}</td></tr>`,
  )}</tbody>
</table></div>`;
}

function when(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${formatDateTime(iso)}</time>`;
}
