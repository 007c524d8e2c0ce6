import { listingUrl } from '../checklist/resources.ts';
import type { ChecklistPageView } from './checklist-view.ts';
import { formatDateTime } from './format.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';

/** The finished checklist: what was done, and where each published product now lives. */
export function completionSummary(view: ChecklistPageView): SafeHtml {
  const { checklist, resources } = view;
  const detailOf = (stage: string) => checklist.steps.find((step) => step.stage === stage)?.detail;
  const published = checklist.products.filter((product) => product.status === 'published');
  const withdrawn = checklist.products.filter((product) => product.status === 'withdrawn');
  const finished = checklist.onboarding.updatedAt;
  return html`<section class="next-step" aria-labelledby="done-title">
<h2 id="done-title">Your onboarding is complete</h2>
<p>Finished on <time datetime="${finished}">${formatDateTime(finished)}</time>. Thank you for working through it with us.</p>
<dl class="facts">
${detailOf('cloud-account') && html`<dt>Cloud account</dt><dd>${detailOf('cloud-account')}</dd>`}
${detailOf('provider-agreement') && html`<dt>Agreement</dt><dd>${detailOf('provider-agreement')}</dd>`}
${detailOf('provider-credit') && html`<dt>Provider credit</dt><dd>${detailOf('provider-credit')}</dd>`}
</dl>
${
  published.length > 0 &&
  html`<h3>Live in the ${resources.marketplaceName}</h3><ul>${published.map(
    (product) =>
      html`<li><a href="${safeUrl(listingUrl(resources, product.name))}">${product.name}: see its listing</a></li>`,
  )}</ul>`
}
${withdrawn.length > 0 && html`<h3>Withdrawn</h3><ul>${withdrawn.map((product) => html`<li>${product.name}</li>`)}</ul>`}
<p>Manage your listings in the <a href="${safeUrl(resources.providerPortalUrl)}">Provider Portal</a>.</p>
</section>`;
}
