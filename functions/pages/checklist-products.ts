import { stageDefinition } from '../checklist/stages.ts';
import type { ChecklistStep } from '../domain/provider-checklist.ts';
import type { ChecklistPageView } from './checklist-view.ts';
import { dueWords, formatShortDate } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { responsibleFor, statusTag } from './step-status.ts';

/**
 * Steps 7 to 9, per product: one table per product with short dates (one line on a phone), and the
 * product's own progress over all nine steps (the shared steps 1 to 6 count for every product).
 */
export function productsSection(view: ChecklistPageView): SafeHtml {
  return html`<h2>Your products</h2>
<p>Each product is published once its technical and billing integration is completed and tested and the Marketplace team approves it.</p>
${view.checklist.products.map((product, index) => {
  const { done, total } = product.progress;
  return html`<section class="product" aria-labelledby="product-${index}">
<h3 id="product-${index}">${product.name}</h3>
<label for="product-progress-${index}">${done} of ${total} steps done${product.status === 'withdrawn' && ' (withdrawn)'}${product.status === 'published' && ' (published)'}</label>
<progress id="product-progress-${index}" max="${total}" value="${done}">${done} of ${total}</progress>
<table class="steps">
<caption class="visually-hidden">Steps for ${product.name}</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Responsible</th><th scope="col">Status</th><th scope="col">Date</th></tr></thead>
<tbody>
${product.steps.map(
  (step) => html`<tr>
<th scope="row">${stageDefinition(step.after ?? step.stage).step}. ${stageDefinition(step.stage).title}</th>
<td>${responsibleFor(step.responsible)}</td>
<td>${statusTag(step.status)}${step.reason && html`<span class="reason-inline">${step.reason}</span>`}${step.onIt && html`<span class="reason-inline">${step.onIt}</span>`}</td>
<td class="date">${dateOf(view, step)}</td>
</tr>`,
)}
</tbody>
</table>
</section>`;
})}`;
}

function dateOf(view: ChecklistPageView, step: ChecklistStep): SafeHtml {
  if (step.doneAt) return html`<time datetime="${step.doneAt}">${formatShortDate(step.doneAt)}</time>`;
  if (step.deadline)
    return html`due <time datetime="${step.deadline}">${dueWords(step.deadline, view.now).replace(/^\w+ /, '')}</time>`;
  return html`—`;
}
