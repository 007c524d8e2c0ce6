import type { Resources } from '../checklist/resources.ts';
import type { StageDefinition } from '../checklist/stages.ts';
import { errorSummary } from './error-summary.ts';
import { formState, textArea, textInput } from './form-controls.ts';
import { html, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';

export interface HandOverPageView {
  company: string;
  stage: StageDefinition;
  product?: string;
  /** The address the step is with now (the person holding this link). */
  holder: string;
  /** The step's own page (its action link). */
  stepUrl: string;
  resources: Resources;
  opsEmail?: string;
  errors?: Record<string, string>;
  values?: Record<string, string | string[]>;
}

/** "Hand this step to someone else": a colleague, or whoever covers while the holder is away. */
export function renderHandOverPage(view: HandOverPageView): string {
  const title = view.product ? `${view.stage.title}: ${view.product}` : view.stage.title;
  const state = formState(view.errors, view.values);
  const fields = html`${textInput(state, {
    name: 'to',
    label: 'Their email address',
    hint: 'They get their own link to this step; yours stops working for it.',
    required: true,
    autocomplete: 'email',
    verbatim: true,
  })}
${textArea(state, { name: 'note', label: 'A note for them (optional)', rows: 3 })}`;
  const hasErrors = Object.keys(state.errors).length > 0;
  const body = html`<p class="caption">Hand over · ${view.company}</p>
<h1>Hand “${title}” to someone else</h1>
${errorSummary(state.errors, state.rendered)}
<p>This step is with you (${view.holder}). Hand it to a colleague, or to whoever covers while you are away: the step, its reminders and its escalation go to them, and the audit trail records that you handed it over.</p>
<form action="" method="post" enctype="application/x-www-form-urlencoded" novalidate>
${fields}
<button type="submit" class="button">Hand it over</button>
</form>
<p><a href="${safeUrl(view.stepUrl)}">Back to the step</a></p>`;
  return renderDocument({
    title: `${hasErrors ? 'Error: ' : ''}Hand over: ${title}`,
    body,
    resources: view.resources,
    staffContact: view.opsEmail,
  });
}
