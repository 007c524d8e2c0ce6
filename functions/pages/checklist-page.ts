import { listingUrl } from '../checklist/resources.ts';
import { stageDefinition } from '../checklist/stages.ts';
import { durationWords } from '../domain/expected-times.ts';
import { onboardingEstimate } from '../domain/onboarding-estimate.ts';
import type { ChecklistStep, ProviderChecklist } from '../domain/provider-checklist.ts';
import { completionSummary } from './checklist-completion.ts';
import { conversationsSection } from './checklist-conversations.ts';
import { newProductSection } from './checklist-new-product.ts';
import { productsSection } from './checklist-products.ts';
import { checklistSteps, due } from './checklist-steps.ts';
import { teamSection } from './checklist-team.ts';
import type { ChecklistPageView } from './checklist-view.ts';
import { html, mailtoUrl, type SafeHtml, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';
import { responsibleFor } from './step-status.ts';

export type { ChecklistPageView };

/**
 * One status per step (its tag), one button per step waiting on the provider (in "Your next step"),
 * the contact address once (the footer). Progress counts the nine numbered steps people see.
 */
export function renderChecklistPage(view: ChecklistPageView): string {
  const { checklist } = view;
  const { onboarding } = checklist;
  const body = html`<p class="caption">${onboarding.company} · onboarding ${onboarding.id}</p>
<h1>Your onboarding checklist</h1>
${summary(view)}
${onboarding.status === 'completed' ? completionSummary(view) : nextSteps(view)}
${onboarding.status === 'in-progress' && liveProducts(view)}
<h2 id="checklist-title">Checklist</h2>
${checklistSteps(view)}
${checklist.products.length > 0 && productsSection(view)}
${conversationsSection(view.conversations)}
${newProductSection(view)}
${teamSection(view)}
<p class="notice">This page shows your onboarding as it stands now; reload it to see the latest. It was opened from a link emailed to you personally; please do not share it. Opening it changed nothing.</p>`;
  return renderDocument({
    title: `Onboarding checklist: ${onboarding.company}`,
    body,
    resources: view.resources,
  });
}

function summary(view: ChecklistPageView): SafeHtml {
  const { checklist } = view;
  const { status, repEmail } = checklist.onboarding;
  const { done, total } = checklist.progress;
  const live = checklist.products.filter((product) => product.status === 'published');
  const state =
    status === 'completed'
      ? `Your onboarding is complete: all ${total} steps done.`
      : status === 'stopped'
        ? `This onboarding was stopped by the marketplace team (${done} of ${total} steps were done).`
        : live.length > 0
          ? liveWords(live, checklist.products, done, total)
          : `${done} of ${total} onboarding steps done.`;
  const estimate = onboardingEstimate(view.expected, checklist);
  return html`<div class="progress-summary">
<label for="overall-progress">${state}</label>
<progress id="overall-progress" max="${total}" value="${done}">${done} of ${total}</progress>
${
  status === 'in-progress' &&
  html`<p class="estimate">The whole onboarding usually takes ${durationWords(estimate.wholeSeconds)} here${estimate.leftSeconds > 0 && estimate.leftSeconds < estimate.wholeSeconds ? `; what is left usually takes ${durationWords(estimate.leftSeconds)}` : ''}.</p>`
}
<p>Your marketplace representative: <a href="${safeUrl(mailtoUrl(repEmail))}">${repEmail}</a>.</p>
</div>`;
}

/** Published products stay at the top while another product is on its way. */
function liveProducts(view: ChecklistPageView): SafeHtml {
  const { resources } = view;
  const live = view.checklist.products.filter((product) => product.status === 'published');
  if (live.length === 0) return html``;
  return html`<section class="live" aria-labelledby="live-title">
<h2 id="live-title">Live in the ${resources.marketplaceName}</h2>
<ul>${live.map((product) => html`<li><a href="${safeUrl(listingUrl(resources, product.name))}">${product.name}: see its listing</a></li>`)}</ul>
</section>`;
}

function liveWords(
  live: { name: string }[],
  products: ProviderChecklist['products'],
  done: number,
  total: number,
): string {
  // Every product still on its way (requested, in integration or in review), never only the new ones.
  const coming = products.filter(
    (product) => product.status !== 'published' && product.status !== 'withdrawn',
  );
  const first = `${names(live)} ${live.length === 1 ? 'is' : 'are'} live: all ${total} steps done.`;
  return coming.length > 0 ? `${first} ${names(coming)}: ${done} of ${total} steps done.` : first;
}

function names(products: { name: string }[]): string {
  const all = products.map((product) => product.name);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
}

function nextSteps(view: ChecklistPageView): SafeHtml {
  const { yourSteps, theirSteps, onboarding } = view.checklist;
  if (onboarding.status !== 'in-progress') return html``;
  if (yourSteps.length === 0) {
    return html`<section class="next-step" aria-labelledby="next-title">
<h2 id="next-title">Nothing is waiting on you</h2>
${
  theirSteps.length > 0 &&
  html`<p>We are working on it:</p><ul>${theirSteps.map(
    (step) =>
      html`<li>${responsibleFor(step.responsible)}: ${titleOf(step)}, ${usually(view, step)}${step.deadline && html`; due ${due(view, step.deadline)}`}${step.onIt && html`. ${step.onIt}`}</li>`,
  )}</ul>`
}
<p>We will email you as soon as there is something for you to do.</p>
</section>`;
  }
  const [first, ...more] = yourSteps;
  if (!first) return html``;
  return html`<section class="next-step" aria-labelledby="next-title">
<h2 id="next-title">Your next step: ${titleOf(first)}</h2>
${first.sentBack && sentBack(first.sentBack)}
<p>${stageDefinition(first.stage).ask}</p>
${first.deadline && html`<p>Please do it by <strong>${due(view, first.deadline)}</strong>.</p>`}
${openButton(view, first, true)}
${
  more.length > 0 &&
  html`<h3>Also waiting on you</h3><ul class="more-steps">${more.map(
    (step) =>
      html`<li>${titleOf(step)}${step.deadline && html`, by ${due(view, step.deadline)}`}${step.sentBack && html` (sent back: ${step.sentBack.reason})`}${openButton(view, step, false)}</li>`,
  )}</ul>`
}
</section>`;
}

function sentBack(back: NonNullable<ChecklistStep['sentBack']>): SafeHtml {
  return html`<p><strong>Sent back to you</strong> from ${stageDefinition(back.fromStage).title}, with this reason:</p>
<blockquote class="feedback">${back.reason}</blockquote>`;
}

export function openButton(view: ChecklistPageView, step: ChecklistStep, primary: boolean): SafeHtml {
  if (!step.waitKey) return html``;
  const label = view.opensSteps ? `Open: ${titleOf(step)}` : `Email me the link for: ${titleOf(step)}`;
  return html`<form class="inline-form" action="${safeUrl(view.openUrl)}" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="onboarding" value="${view.checklist.onboarding.id}">
<input type="hidden" name="wait" value="${step.waitKey}">
<button type="submit" class="button${primary ? '' : ' button-secondary'}">${label}</button>
</form>`;
}

export function titleOf(step: ChecklistStep): string {
  const stage = stageDefinition(step.stage);
  return step.product ? `${stage.title}, ${step.product}` : stage.title;
}

/** "usually takes about 3 days", from this marketplace's own recent stages (or the default). */
export function usually(view: ChecklistPageView, step: ChecklistStep): string {
  return `usually takes ${durationWords(view.expected[step.stage].seconds)}`;
}
