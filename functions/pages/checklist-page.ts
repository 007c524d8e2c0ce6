import type { Resources } from '../checklist/resources.ts';
import { type StageDefinition, stageDefinition } from '../checklist/stages.ts';
import type { ChecklistStep, ProductProgress, ProviderChecklist } from '../domain/provider-checklist.ts';
import { formatDateTime, stepLabel } from './format.ts';
import { html, mailtoUrl, type SafeHtml, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';
import { stageGuidance } from './stage-guidance.ts';
import { responsibleFor, statusTag, statusWords } from './step-status.ts';

/** The provider's checklist page, behind the link in every provider email. Read-only but for its buttons. */
export interface ChecklistPageView {
  checklist: ProviderChecklist;
  resources: Resources;
  /** Where the step buttons POST (`/p/<id>/open`). */
  openUrl: string;
  /** False when this link can only have a step's link emailed (it was sent to others in copy). */
  opensSteps: boolean;
}

export function renderChecklistPage(view: ChecklistPageView): string {
  const { checklist, resources } = view;
  const { onboarding } = checklist;
  const done = checklist.steps.filter((step) => step.status === 'done').length;
  const total = checklist.steps.length;
  const body = html`<p class="caption">${onboarding.company} · onboarding ${onboarding.id}</p>
<h1>Your onboarding checklist</h1>
${summary(onboarding.status, done, total)}
${nextSteps(view)}
<h2 id="checklist-title">Checklist</h2>
<ol class="checklist" aria-labelledby="checklist-title">
${checklist.steps.map((step) => stepItem(view, step))}
</ol>
${checklist.products.length > 0 && productsSection(view, checklist.products)}
<h2>Questions</h2>
<p>Write to us at <a href="${safeUrl(mailtoUrl(resources.contactEmail))}">${resources.contactEmail}</a>. This page shows your onboarding as it stands now; reload it to see the latest.</p>
<p class="notice">This page was opened from a link emailed to you personally; please do not share it. Opening it changed nothing.</p>`;
  return renderDocument({ title: `Onboarding checklist: ${onboarding.company}`, body, resources });
}

function summary(status: string, done: number, total: number): SafeHtml {
  const state =
    status === 'completed'
      ? 'Your onboarding is complete.'
      : status === 'stopped'
        ? 'This onboarding was stopped by the marketplace team.'
        : `${done} of ${total} onboarding steps done.`;
  return html`<div class="progress-summary">
<label for="overall-progress">${state}</label>
<progress id="overall-progress" max="${total}" value="${status === 'completed' ? total : done}">${done} of ${total}</progress>
</div>`;
}

function nextSteps(view: ChecklistPageView): SafeHtml {
  const { yourSteps, theirSteps, onboarding } = view.checklist;
  if (onboarding.status !== 'in-progress') return html``;
  if (yourSteps.length === 0) {
    return html`<section class="next-step" aria-labelledby="next-title">
<h2 id="next-title">Nothing is waiting on you</h2>
${
  theirSteps.length > 0
    ? html`<p>We are working on it:</p><ul>${theirSteps.map(
        (step) =>
          html`<li>${responsibleFor(step.responsible)}: ${titleOf(step)}${step.deadline && html`, due by <time datetime="${step.deadline}">${formatDateTime(step.deadline)}</time>`}</li>`,
      )}</ul><p>We will email you as soon as there is something for you to do.</p>`
    : html`<p>We will email you as soon as there is something for you to do.</p>`
}
</section>`;
  }
  const [first, ...more] = yourSteps;
  if (!first) return html``;
  return html`<section class="next-step" aria-labelledby="next-title">
<h2 id="next-title">Your next step: ${titleOf(first)}</h2>
<p>${stageDefinition(first.stage).ask}</p>
${first.deadline && html`<p>Please do it by <strong><time datetime="${first.deadline}">${formatDateTime(first.deadline)}</time></strong>.</p>`}
${openButton(view, first, true)}
${
  more.length > 0 &&
  html`<p>Also waiting on you:</p><ul>${more.map((step) => html`<li>${titleOf(step)}${step.deadline && html`, by <time datetime="${step.deadline}">${formatDateTime(step.deadline)}</time>`}</li>`)}</ul>`
}
</section>`;
}

function stepItem(view: ChecklistPageView, step: ChecklistStep): SafeHtml {
  const stage = stageDefinition(step.stage);
  const guidance = stageGuidance(step.stage, view.resources);
  const headingId = `step-${step.stage}`;
  return html`<li class="step step-${step.status}" aria-labelledby="${headingId}">
<div class="step-head"><h3 id="${headingId}"><span class="step-number">${stepLabel(stage)}</span> ${stage.title}</h3>${statusTag(step.status)}</div>
${stepFacts(step)}
${guidance.length > 0 && html`<ul class="links">${guidance.map((link) => html`<li><a href="${safeUrl(link.href)}">${link.text}</a></li>`)}</ul>`}
${step.status === 'waiting-on-you' && openButton(view, step, false)}
</li>`;
}

function stepFacts(step: ChecklistStep): SafeHtml {
  return html`<dl class="facts compact">
<dt>Responsible</dt><dd>${responsibleFor(step.responsible)}</dd>
<dt>Status</dt><dd>${statusWords(step.status)}</dd>
${step.startedAt && html`<dt>Started</dt><dd>${when(step.startedAt)}</dd>`}
${step.deadline && html`<dt>Deadline</dt><dd>${when(step.deadline)}</dd>`}
${step.doneAt && html`<dt>${step.status === 'done' ? 'Done' : 'Decided'}</dt><dd>${when(step.doneAt)}</dd>`}
${step.detail && html`<dt>Recorded</dt><dd>${step.detail}</dd>`}
${step.reason && html`<dt>Reason</dt><dd class="reason">${step.reason}</dd>`}
</dl>`;
}

function productsSection(view: ChecklistPageView, products: ProductProgress[]): SafeHtml {
  return html`<h2>Your products</h2>
<p>Each product is published once its technical and billing integration is completed and tested and the Marketplace team approves it.</p>
${products.map((product, index) => {
  const total = product.steps.length;
  return html`<section class="product" aria-labelledby="product-${index}">
<h3 id="product-${index}">${product.name}</h3>
<label for="product-progress-${index}">${product.done} of ${total} steps done${product.status === 'withdrawn' && ' (withdrawn)'}</label>
<progress id="product-progress-${index}" max="${total}" value="${product.done}">${product.done} of ${total}</progress>
<table class="steps">
<caption class="visually-hidden">Steps for ${product.name}</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Responsible</th><th scope="col">Status</th><th scope="col">Dates</th></tr></thead>
<tbody>
${product.steps.map(
  (step) => html`<tr>
<th scope="row">${stageDefinition(step.stage).title}</th>
<td>${responsibleFor(step.responsible)}</td>
<td>${statusTag(step.status)}${step.reason && html`<span class="reason-inline">${step.reason}</span>`}${step.status === 'waiting-on-you' && openButton(view, step, false)}</td>
<td>${dates(step)}</td>
</tr>`,
)}
</tbody>
</table>
</section>`;
})}`;
}

function dates(step: ChecklistStep): SafeHtml {
  if (step.doneAt) return html`${step.status === 'done' ? 'Done' : 'Decided'} ${when(step.doneAt)}`;
  if (step.deadline) return html`Due ${when(step.deadline)}`;
  if (step.startedAt) return html`Started ${when(step.startedAt)}`;
  return html`—`;
}

function openButton(view: ChecklistPageView, step: ChecklistStep, primary: boolean): SafeHtml {
  if (!step.waitKey) return html``;
  const label = view.opensSteps ? `Open: ${titleOf(step)}` : `Email me the link for: ${titleOf(step)}`;
  return html`<form class="inline-form" action="${safeUrl(view.openUrl)}" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="onboarding" value="${view.checklist.onboarding.id}">
<input type="hidden" name="wait" value="${step.waitKey}">
<button type="submit" class="button${primary ? '' : ' button-secondary'}">${label}</button>
</form>`;
}

function titleOf(step: ChecklistStep): string {
  const stage: StageDefinition = stageDefinition(step.stage);
  return step.product ? `${stage.title}, ${step.product}` : stage.title;
}

function when(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${formatDateTime(iso)}</time>`;
}
