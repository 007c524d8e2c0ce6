import { type StageKey, stageDefinition } from '../checklist/stages.ts';
import { durationWords } from '../domain/expected-times.ts';
import type { ChecklistStep } from '../domain/provider-checklist.ts';
import type { ChecklistPageView } from './checklist-view.ts';
import { dueWords, formatDateTime, formatShortDate, stepLabel } from './format.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';
import { stageGuidance } from './stage-guidance.ts';
import { responsibleFor, statusTag } from './step-status.ts';

/**
 * The numbered steps of the checklist. A finished step is one line, folded (`<details>`: it opens
 * without script); steps 7 to 9 are there from the start, marked for later until products exist.
 */
export function checklistSteps(view: ChecklistPageView): SafeHtml {
  const { checklist } = view;
  const later = checklist.products.length === 0 && checklist.onboarding.status !== 'completed';
  return html`<ol class="checklist" aria-labelledby="checklist-title">
${checklist.steps.map((step) => (step.status === 'done' ? foldedItem(view, step) : stepItem(view, step)))}
${later && LATER_STEPS.map((later) => laterItem(view, later))}
</ol>`;
}

function stepItem(view: ChecklistPageView, step: ChecklistStep): SafeHtml {
  const stage = stageDefinition(step.stage);
  const headingId = `step-${step.stage}`;
  return html`<li class="step step-${step.status}" aria-labelledby="${headingId}">
<div class="step-head"><h3 id="${headingId}"><span class="step-number">${stepLabel(stage)}</span> ${stage.title}</h3>${statusTag(step.status)}</div>
${stepBody(view, step)}
${step.status === 'waiting-on-you' && html`<p class="hint">This step is waiting on you: open it from “Your next step” above.</p>`}
</li>`;
}

/** A done step: one line (its number, title, status and date); its facts and guides one click away. */
function foldedItem(view: ChecklistPageView, step: ChecklistStep): SafeHtml {
  const stage = stageDefinition(step.stage);
  const headingId = `step-${step.stage}`;
  return html`<li class="step step-done step-folded" aria-labelledby="${headingId}">
<details>
<summary><h3 id="${headingId}"><span class="step-number">${stepLabel(stage)}</span> ${stage.title}</h3> ${statusTag(step.status)}${step.doneAt && html` <span class="folded-date"><time datetime="${step.doneAt}">${formatShortDate(step.doneAt)}</time></span>`}</summary>
${stepBody(view, step)}
</details>
</li>`;
}

function stepBody(view: ChecklistPageView, step: ChecklistStep): SafeHtml {
  const guidance = stageGuidance(step.stage, view.resources);
  return html`${stepFacts(view, step)}
${guidance.length > 0 && html`<ul class="links">${guidance.map((link) => html`<li><a href="${safeUrl(link.href)}">${link.text}</a></li>`)}</ul>`}`;
}

function stepFacts(view: ChecklistPageView, step: ChecklistStep): SafeHtml {
  const open = step.status === 'not-started' || step.status.startsWith('waiting');
  return html`<dl class="facts compact">
<dt>Responsible</dt><dd>${responsibleFor(step.responsible)}</dd>
${open && html`<dt>Usually takes</dt><dd>${durationWords(view.expected[step.stage].seconds)}</dd>`}
${step.startedAt && html`<dt>Started</dt><dd>${when(step.startedAt)}</dd>`}
${step.deadline && html`<dt>Due</dt><dd>${due(view, step.deadline)}</dd>`}
${step.onIt && html`<dt>Who is on it</dt><dd>${step.onIt}</dd>`}
${step.doneAt && html`<dt>${step.status === 'done' ? 'Done' : step.status === 'sent-back' ? 'Sent back' : 'Decided'}</dt><dd>${when(step.doneAt)}</dd>`}
${step.detail && html`<dt>Recorded</dt><dd>${step.detail}</dd>`}
${step.reason && html`<dt>Reason</dt><dd class="reason">${step.reason}</dd>`}
</dl>`;
}

interface LaterStep {
  number: number;
  title: string;
  /** Whose it is, and the stages whose usual time it takes (side by side: the longer). */
  responsible: string;
  stages: StageKey[];
}

const LATER_STEPS: LaterStep[] = [
  {
    number: 7,
    title: 'Technical and billing integration',
    responsible: 'Platform Enablement and Billing teams',
    stages: ['technical-integration', 'billing-integration'],
  },
  {
    number: 8,
    title: 'Marketplace approval',
    responsible: 'Marketplace team',
    stages: ['marketplace-approval'],
  },
  { number: 9, title: 'Published', responsible: 'The marketplace (automatic)', stages: ['published'] },
];

/** Steps 7 to 9 before any product is requested: there, not started, for each product later. */
function laterItem(view: ChecklistPageView, later: LaterStep): SafeHtml {
  const headingId = `step-later-${later.number}`;
  const seconds = Math.max(...later.stages.map((stage) => view.expected[stage].seconds));
  return html`<li class="step step-not-started step-later" aria-labelledby="${headingId}">
<div class="step-head"><h3 id="${headingId}"><span class="step-number">${stepLabel(stageDefinition(later.stages[0] ?? 'published'))}</span> ${later.title}</h3>${statusTag('not-started')}</div>
<p>Once your products are ready: for each product you ask to publish.</p>
<dl class="facts compact">
<dt>Responsible</dt><dd>${later.responsible}</dd>
<dt>Usually takes</dt><dd>${durationWords(seconds)}</dd>
</dl>
</li>`;
}

export function due(view: ChecklistPageView, iso: string): SafeHtml {
  return html`<time datetime="${iso}">${dueWords(iso, view.now)}</time>`;
}

function when(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${formatDateTime(iso)}</time>`;
}
