import { fieldId } from './form-controls.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * The box at the top of a form that lists every problem. Each entry links to its field when the
 * page has one; problems with no visible field (a changed agreement version) are listed as text.
 * `autofocus` moves keyboard and screen reader users straight to it, without JavaScript.
 */
export function errorSummary(errors: Record<string, string>, rendered: string[], lead?: string): SafeHtml {
  const entries = Object.entries(errors);
  if (entries.length === 0 && !lead) return html``;
  // Page order, so the list reads in the order the fields do.
  const ordered = entries.sort(([a], [b]) => rank(rendered, a) - rank(rendered, b));
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">There is a problem</h2>
${lead && html`<p>${lead}</p>`}
${
  ordered.length > 0 &&
  html`<ul>${ordered.map(([name, message]) =>
    rendered.includes(name)
      ? html`<li><a href="#${fieldId(name)}">${message}</a></li>`
      : html`<li>${message}</li>`,
  )}</ul>`
}
</div>`;
}

function rank(rendered: string[], name: string): number {
  const index = rendered.indexOf(name);
  return index < 0 ? rendered.length : index;
}
