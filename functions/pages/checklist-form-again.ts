import type { Resources } from '../checklist/resources.ts';
import { errorSummary } from './error-summary.ts';
import { type FormState, formState } from './form-controls.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';

/**
 * A form from the provider's checklist ("Invite a colleague", "Publish another product") shown again
 * after a refusal: each problem next to its field, the answers kept, and the way back.
 */
export function renderChecklistFormAgain(view: {
  company: string;
  /** What the form is about, after the company: "your team", "another product". */
  caption: string;
  heading: string;
  form: (state: FormState) => SafeHtml;
  checklistUrl: string;
  resources: Resources;
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}): string {
  const state = formState(view.errors, view.values);
  const form = view.form(state);
  const body = html`<p class="caption">${view.company} · ${view.caption}</p>
<h1>${view.heading}</h1>
${errorSummary(state.errors, state.rendered)}
${form}
<p><a href="${safeUrl(view.checklistUrl)}">Back to your checklist</a></p>`;
  return renderDocument({ title: `Error: ${view.heading}`, body, resources: view.resources });
}
