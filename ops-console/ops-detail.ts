import { type StageKey, stageDefinition } from '../functions/checklist/stages.ts';
import type { Wait } from '../functions/domain/model.ts';
import { html, type SafeHtml, safeUrl } from '../functions/pages/html.ts';
import type { LaidOutGraph } from './asl-layout.ts';
import type { DetailView } from './detail-view.ts';
import { activeStates } from './execution-states.ts';
import { focusBox } from './graph-focus.ts';
import { GRAPH_MARGIN, graphSvg } from './graph-svg.ts';
import { actionForms } from './ops-action-forms.ts';
import { opsConversations } from './ops-conversations.ts';
import { emailTable, eventTable, executionTable, timelineTable } from './ops-detail-tables.ts';
import { inWords, localTime } from './ops-words.ts';
import { stageLabel } from './stage-label.ts';

const NOTICES: Record<string, string> = {
  started: 'The onboarding was started: its first email is on its way.',
  resent: 'A new link for that step was emailed to the address on file.',
  'resend-limited':
    'No link was sent: one went to this step or this address moments ago (at most one per step every 5 minutes, five per address an hour).',
  'not-sent': 'The new link could not be sent: see the email problem on that step for why and what to do.',
  stopped:
    'The onboarding was stopped: its execution ended, its open steps were closed, and the provider contact, their team and the rep were emailed why.',
  'handed-over':
    'The step was handed over: its new holder was emailed a fresh link, and the old links say so.',
  'already-handed-over': 'That step was already handed to that address: nothing changed.',
  'contact-changed':
    'The provider contact was changed: every step waiting on the old address was handed over.',
  'rep-changed': 'The rep was changed: every step waiting on the old rep was handed over.',
  'question-sent':
    'Your question was added to the step and emailed to the provider. The step itself did not change.',
  'answer-sent':
    'Your answer was added to the step and emailed to the provider. The step itself did not change.',
  'message-already-sent':
    'That message was already sent (the form was submitted twice): nothing new was sent.',
};

/** The revision states are named after the stage that sent the product back. */
const REVISION_STATE: Partial<Record<StageKey, string>> = {
  'technical-integration': 'Provider: revise product after technical feedback',
  'billing-integration': 'Provider: revise product after billing feedback',
  'marketplace-approval': 'Provider: revise product after marketplace review',
};

/** The state a pending wait sits in, so "now" can say which product is where. */
function stateOfWait(wait: Wait): string | undefined {
  if (wait.stage === 'product-revision') return wait.after ? REVISION_STATE[wait.after] : undefined;
  return stageDefinition(wait.stage).consoleStateName;
}

/** State name -> the products waiting there ("Insight Cloud, Insight Edge"). */
function productsByState(waits: Wait[]): Map<string, string> {
  const byState = new Map<string, string[]>();
  for (const wait of waits) {
    const state = wait.status === 'pending' && wait.product ? stateOfWait(wait) : undefined;
    if (state && wait.product) byState.set(state, [...(byState.get(state) ?? []), wait.product]);
  }
  return new Map([...byState].map(([state, products]) => [state, [...new Set(products)].sort().join(', ')]));
}

/** Map and Parallel states: "in progress" while anything inside is, so "now" names what is inside. */
function containerStates(graph: LaidOutGraph): Set<string> {
  const names = new Set<string>();
  const walk = (sub: LaidOutGraph) => {
    for (const node of sub.nodes) {
      if (node.children.length > 0) names.add(node.name);
      node.children.forEach(walk);
    }
  };
  walk(graph);
  return names;
}

/**
 * One onboarding: a compact summary, then the state machine around where it is now (the whole graph
 * a link away), then the timeline (open: its resend buttons are ops' tools), emails and audit trail
 * folded under their counts.
 */
export function detailBody(view: DetailView): SafeHtml {
  const { onboarding, execution } = view;
  const products = productsByState(view.waits);
  const containers = containerStates(view.graph);
  const now = activeStates(view.statuses)
    .filter((name) => !containers.has(name))
    .map((name) => (products.get(name) ? `${name} (${products.get(name)})` : name));
  const notice = view.notice ? NOTICES[view.notice] : undefined;
  const focus = view.wholeGraph ? undefined : focusBox(view.graph, view.statuses, GRAPH_MARGIN, 150);
  const base = `/ops/onboardings/${onboarding.id}`;
  return html`<p class="caption">Onboarding ${onboarding.id}</p>
<h1>${onboarding.company}</h1>
${notice && html`<p class="notice-box" role="status">${notice}</p>`}
<p class="live-status" id="live-status" role="status"><a href="${safeUrl(base)}">Refresh</a> to see the latest.</p>
<div id="live">
<section class="panel summary" aria-labelledby="facts-title">
<h2 id="facts-title">Summary</h2>
<dl class="facts compact summary-facts">
<dt>Status</dt><dd>${inWords(onboarding.status)}, at ${stageLabel(onboarding.stage)}</dd>
<dt>Provider</dt><dd>${onboarding.contactName}, ${onboarding.contactEmail}${onboarding.alias && html` · alias ${onboarding.alias}`}</dd>
<dt>Rep</dt><dd>${onboarding.repEmail}</dd>
${(onboarding.team?.length ?? 0) > 0 && html`<dt>Provider team</dt><dd>${(onboarding.team ?? []).map((member) => `${member.name} <${member.email}>`).join(', ')}</dd>`}
<dt>Audit pack</dt><dd><a href="${safeUrl(`${base}/audit`)}">printable page</a> · <a href="${safeUrl(`${base}/audit?format=json`)}">JSON</a></dd>
<dt>Products</dt><dd>${onboarding.products.map((product) => `${product.name}: ${inWords(product.status).toLowerCase()}`).join('; ') || '—'}</dd>
<dt>Execution</dt><dd>${execution ? html`<span id="execution-status">${inWords(execution.status)}</span> · ${execution.name}, since ${when(execution.startDate.toISOString())}${execution.stopDate && html`, ended ${when(execution.stopDate.toISOString())}`}` : 'None known to this runtime'}</dd>
<dt>Started</dt><dd>${when(onboarding.createdAt)}; last change ${when(onboarding.updatedAt)}</dd>
</dl>
${view.executions.length > 1 && html`<details><summary>Every execution (${view.executions.length})</summary>${executionTable(view.executions)}</details>`}
</section>
<h2 id="graph-heading">State machine</h2>
<p class="now-at" id="now-at">${
    now.length > 0
      ? html`Now at: ${now.map((name, index) => html`${index > 0 && '; '}<strong>${name}</strong>`)}`
      : html`No state is in progress${execution ? ` (execution ${inWords(execution.status).toLowerCase()})` : ''}.`
  }</p>
<ul class="legend" aria-label="Legend">
<li><span class="swatch swatch-active"></span>In progress (marked “now”, with the products there)</li>
<li><span class="swatch swatch-succeeded"></span>Done</li>
<li><span class="swatch swatch-failed"></span>Failed or stopped</li>
<li><span class="swatch"></span>Not reached</li>
<li>Dashed arrows: timeouts (reminders)</li>
</ul>
<p>${focus ? html`Showing the states in progress. <a href="${safeUrl(`${base}?graph=all`)}">Show the whole state machine</a>.` : html`Showing the whole state machine.${view.wholeGraph && html` <a href="${safeUrl(base)}">Show only around the states in progress</a>.`}`}</p>
<div class="graph-scroll" tabindex="0" role="region" aria-labelledby="graph-heading">
${graphSvg(view.graph, view.statuses, `State machine of ${onboarding.company}${now.length > 0 ? `, now at ${now.join('; ')}` : ''}`, { focus, nowLabels: products })}
</div>
<details class="section" open><summary id="timeline-title">Stage timeline (${view.waits.length})</summary>
${timelineTable(view)}
</details>
${opsConversations(view)}
<details class="section"><summary>Emails sent (${view.emails.length})</summary>
${emailTable(view.emails, view.onboarding)}
</details>
<details class="section"><summary>Audit trail (${view.events.length})</summary>
${eventTable(view.events)}
</details>
</div>
${onboarding.status !== 'completed' && actionForms(onboarding, view.waits, view.csrf, view.problem, view.offers)}`;
}

function when(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${localTime(iso)}</time>`;
}
