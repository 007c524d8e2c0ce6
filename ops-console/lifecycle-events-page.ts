import type { DeliveredEvent } from '../functions/lifecycle/delivered-event.ts';
import { LIFECYCLE_DETAIL_TYPES } from '../functions/lifecycle/lifecycle-events.ts';
import { html, type SafeHtml, safeUrl } from '../functions/pages/html.ts';

/** At most this many rows on the page (newest first); the file keeps them all. */
const SHOWN = 500;

/**
 * `/ops/events`: the lifecycle events other systems would receive, newest first, as they went to the
 * EventBridge stand-in (and to `.local/events.ndjson`), filterable by detail type and onboarding.
 */
export function lifecycleEventsBody(events: readonly DeliveredEvent[], search: URLSearchParams): SafeHtml {
  const type = search.get('type') ?? '';
  const onboarding = (search.get('onboarding') ?? '').trim();
  const shown = events
    .filter((event) => !type || event['detail-type'] === type)
    .filter((event) => !onboarding || event.detail.onboardingId === onboarding)
    .reverse()
    .slice(0, SHOWN);
  const option = (value: string, label: string) =>
    html`<option value="${value}"${type === value ? html` selected` : ''}>${label}</option>`;
  return html`<h1>Lifecycle events</h1>
<p>What the stack puts on its EventBridge bus, as a subscriber receives it; also in <code>.local/events.ndjson</code>. Subscribers deduplicate on <code>detail.id</code>.</p>
<form class="filters" action="/ops/events" method="get" role="search" aria-label="Filter events">
<div class="field"><label for="type">Detail type</label>
<select id="type" name="type">${option('', 'Any')}${LIFECYCLE_DETAIL_TYPES.map((name) => option(name, name))}</select></div>
<div class="field"><label for="onboarding">Onboarding id</label>
<input type="text" id="onboarding" name="onboarding" value="${onboarding}" autocomplete="off"></div>
<button type="submit" class="button">Show</button>
${type || onboarding ? html`<a href="/ops/events">Clear</a>` : ''}
</form>
<p class="live-status" id="live-status" role="status">Reload the page to see the latest.</p>
<div id="live">
<h2>${shown.length === 1 ? '1 event' : `${shown.length} events`}</h2>
${
  shown.length === 0
    ? html`<p>No event matches.</p>`
    : html`<div class="table-scroll"><table class="data">
<thead><tr><th scope="col">Time</th><th scope="col">Detail type</th><th scope="col">Onboarding</th><th scope="col">Detail</th><th scope="col">Id</th></tr></thead>
<tbody>${shown.map((event) => row(event))}</tbody></table></div>`
}
</div>`;
}

function row(event: DeliveredEvent): SafeHtml {
  const { schemaVersion: _v, id, onboardingId, at: _at, ...rest } = event.detail;
  const facts = Object.entries(rest).map(([key, value]) =>
    typeof value === 'object' ? `${key}: ${JSON.stringify(value)}` : `${key}: ${String(value)}`,
  );
  const onboarding = typeof onboardingId === 'string' ? onboardingId : '';
  return html`<tr>
<td>${event.time}</td>
<td>${event['detail-type']}</td>
<td>${onboarding && html`<a href="${safeUrl(`/ops/onboardings/${encodeURIComponent(onboarding)}`)}">${onboarding}</a>`}</td>
<td class="detail">${facts.map((fact, index) => html`${index > 0 && html`<br>`}${fact}`)}</td>
<td><code>${String(id)}</code></td>
</tr>`;
}
