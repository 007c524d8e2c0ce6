import type { ChecklistPageView } from './checklist-view.ts';
import { checkbox, type FormState, formState, textArea, textInput } from './form-controls.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';

/**
 * "Publish another product" on the checklist of an onboarding whose publication was requested: the
 * provider names the product, says its content is ready and requests publication in one form.
 */
export function newProductSection(view: ChecklistPageView): SafeHtml {
  const { onboarding } = view.checklist;
  if (!view.productUrl || onboarding.status === 'stopped' || onboarding.products.length === 0) return html``;
  return html`<section class="new-product" aria-labelledby="new-product-title">
<h2 id="new-product-title">Publish another product</h2>
<p>Build the product's content in the staging portal first, as for your other products. It then goes through technical and billing integration and marketplace approval; your other products stay where they are.</p>
${newProductForm(view.productUrl, formState())}
</section>`;
}

/** The form, on the checklist and again (with its errors and answers) when something needs fixing. */
export function newProductForm(action: string, state: FormState): SafeHtml {
  return html`<form action="${safeUrl(action)}" method="post" enctype="application/x-www-form-urlencoded" novalidate>
${textInput(state, { name: 'product', label: 'Product name', required: true, verbatim: true, hint: 'As it should appear in the marketplace.' })}
${textArea(state, { name: 'notes', label: 'Notes on its content (optional)', rows: 3 })}
${checkbox(state, { name: 'confirm', value: 'yes', label: 'Its content is ready in the staging portal, and I request its publication.' })}
<button type="submit" class="button button-secondary">Request publication</button>
</form>`;
}
