import { randomUUID } from 'node:crypto';
import { errorSummary } from '../functions/pages/error-summary.ts';
import { type FormState, formState, textArea, textInput } from '../functions/pages/form-controls.ts';
import { html, type SafeHtml } from '../functions/pages/html.ts';
import type { FunnelRow } from './ops-data.ts';
import { filterForm, listHeading, triageTable } from './ops-list.ts';
import { applyFilter, type TriageFilter, type TriageRow } from './triage.ts';

export interface DashboardView {
  /** Every onboarding, as triage rows. */
  rows: TriageRow[];
  funnel: FunnelRow[];
  filter: TriageFilter;
  csrf: string;
  form?: { errors: Record<string, string>; values: Record<string, string>; summary?: string };
}

export function dashboardBody(view: DashboardView): SafeHtml {
  const shown = applyFilter(view.rows, view.filter);
  const reps = [...new Set(view.rows.map((row) => row.onboarding.repEmail.toLowerCase()))].sort();
  const state = formState(view.form?.errors, view.form?.values);
  const startFields = startForm(state);
  return html`<h1>Onboardings</h1>
${errorSummary(state.errors, state.rendered, view.form?.summary)}
${filterForm(view.filter, reps)}
<p class="live-status" id="live-status" role="status">Reload the page to see the latest.</p>
<div id="live">
<h2>${listHeading(view.filter, shown.length)}</h2>
${triageTable(shown)}
<h2 id="funnel-title">By stage</h2>
${funnelChart(view.funnel)}
</div>
<section class="panel" aria-labelledby="start-title">
<h2 id="start-title">Start an onboarding</h2>
<form action="/ops/onboardings" method="post" enctype="application/x-www-form-urlencoded" novalidate>
<input type="hidden" name="csrf" value="${view.csrf}">
<input type="hidden" name="clientToken" value="${randomUUID()}">
${startFields}
<div class="field choice"><input type="checkbox" id="force" name="force" value="yes">
<label for="force">Start it anyway if the same company, contact and rep were started in the last 15 minutes</label></div>
<button type="submit" class="button">Start the onboarding</button>
</form>
</section>`;
}

function startForm(state: FormState): SafeHtml {
  return html`${textInput(state, { name: 'company', label: 'Company', required: true, autocomplete: 'organization' })}
${textInput(state, { name: 'contactName', label: 'Provider contact name', required: true, autocomplete: 'off' })}
${textInput(state, { name: 'contactEmail', label: 'Provider contact email', required: true, autocomplete: 'off', verbatim: true })}
${textInput(state, { name: 'repEmail', label: 'Marketplace rep email', required: true, autocomplete: 'off', verbatim: true })}
${textArea(state, { name: 'team', label: 'Provider team (optional): one person a line, as Name <email>', rows: 2 })}`;
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
