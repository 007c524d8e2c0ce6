import { html, type SafeHtml, safeUrl } from '../functions/pages/html.ts';
import { FUNNEL_STAGES } from './ops-data.ts';
import { inWords, localTime } from './ops-words.ts';
import { reminderWords } from './reminder-counts.ts';
import { stageLabel } from './stage-label.ts';
import { byUrgency, type TriageFilter, type TriageRow } from './triage.ts';

/** The list's heading: what is shown and how many. */
export function listHeading(filter: TriageFilter, count: number): SafeHtml {
  const narrowed = filter.stage || filter.rep || filter.attention;
  if (filter.q) return html`Onboardings whose company, contact or rep contains “${filter.q}” (${count})`;
  return narrowed ? html`Onboardings that match the filters (${count})` : html`All onboardings (${count})`;
}

/** Search and filters, at the top of the list: plain GET forms, so a filtered list is a link. */
export function filterForm(filter: TriageFilter, reps: readonly string[]): SafeHtml {
  const option = (value: string, label: string, current: string) =>
    html`<option value="${value}"${current === value ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" action="/ops" method="get" role="search" aria-label="Find onboardings">
<div class="field"><label for="q">Search: company, contact or rep</label>
<input type="text" id="q" name="q" value="${filter.q}" autocomplete="off"></div>
<div class="field"><label for="stage">Stage</label>
<select id="stage" name="stage">${option('', 'Any stage', filter.stage)}${[...FUNNEL_STAGES, 'stopped'].map((stage) => option(stage, stage === 'stopped' ? 'Stopped' : stageLabel(stage), filter.stage))}</select></div>
<div class="field"><label for="rep">Rep</label>
<select id="rep" name="rep">${option('', 'Any rep', filter.rep)}${reps.map((rep) => option(rep, rep, filter.rep))}</select></div>
<div class="field"><label for="attention">Needs attention</label>
<select id="attention" name="attention">${option('', 'All', filter.attention)}${option('overdue', 'Overdue', filter.attention)}${option('stuck', 'Stuck (no progress for weeks)', filter.attention)}</select></div>
<button type="submit" class="button">Show</button>
${filter.q || filter.stage || filter.rep || filter.attention ? html`<a href="/ops">Clear</a>` : ''}
</form>`;
}

export function triageTable(rows: readonly TriageRow[]): SafeHtml {
  if (rows.length === 0) return html`<p>No onboarding matches.</p>`;
  return html`<div class="table-scroll"><table class="data triage">
<thead><tr><th scope="col">Company</th><th scope="col">Stage</th><th scope="col">Waiting on</th><th scope="col">Days waiting</th><th scope="col">Reminders</th><th scope="col">Rep</th><th scope="col">Last change</th></tr></thead>
<tbody>${[...rows].sort(byUrgency).map(
    (row) => html`<tr>
<td><strong>${row.onboarding.company}</strong><br><a href="${safeUrl(`/ops/onboardings/${row.onboarding.id}`)}">${row.onboarding.id}</a></td>
<td>${row.onboarding.status === 'in-progress' ? stageLabel(row.onboarding.stage) : inWords(row.onboarding.status)}${flags(row)}</td>
<td class="detail">${row.waitingOn.length > 0 ? row.waitingOn.map((who, index) => html`${index > 0 && html`<br>`}${who}`) : '—'}</td>
<td>${row.daysWaiting === undefined ? '—' : row.daysWaiting}</td>
<td>${reminderWords(row.chased)}</td>
<td class="detail">${row.onboarding.repEmail}</td>
<td>${when(row.onboarding.updatedAt)}</td>
</tr>`,
  )}</tbody>
</table></div>`;
}

function flags(row: TriageRow): SafeHtml {
  return html`${row.overdue && html`<br><strong class="flag">Overdue</strong>`}${row.stuck && html`<br><strong class="flag">Stuck</strong>`}`;
}

function when(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${localTime(iso)}</time>`;
}
