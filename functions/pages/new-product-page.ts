import type { Resources } from '../checklist/resources.ts';
import { renderChecklistFormAgain } from './checklist-form-again.ts';
import { newProductForm } from './checklist-new-product.ts';
import { html, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';

/** "Publish another product" again, with each problem next to its field and the answers kept. */
export function renderNewProductPage(view: {
  company: string;
  productUrl: string;
  checklistUrl: string;
  resources: Resources;
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}): string {
  return renderChecklistFormAgain({
    ...view,
    caption: 'another product',
    heading: 'Publish another product',
    form: (state) => newProductForm(view.productUrl, state),
  });
}

/** After the request: the product is on its way to integration. */
export function renderProductRequestedPage(view: {
  product: string;
  checklistUrl: string;
  resources: Resources;
}): string {
  const body = html`<h1>Publication requested: ${view.product}</h1>
<p>${view.product} goes to technical and billing integration next, then to marketplace approval. We will email you when something is needed from you, and when it is published.</p>
<p><a href="${safeUrl(view.checklistUrl)}">Back to your checklist</a></p>`;
  return renderDocument({ title: `Publication requested: ${view.product}`, body, resources: view.resources });
}
