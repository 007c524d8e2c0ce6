import { ROLE_LABELS } from '../functions/checklist/stages.ts';
import type { Onboarding, Wait } from '../functions/domain/model.ts';
import { html, type SafeHtml, safeUrl } from '../functions/pages/html.ts';
import type { ConsoleAction } from './ops-actions.ts';
import { stageLabel } from './stage-label.ts';

/** A form that was sent back with problems: its own message, each field's, and what was typed. */
export interface ActionProblem {
  action: ConsoleAction;
  message: string;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
}

/** A waiting step as people name it: "Provider Portal access, Acme Mail — Marketplace representative (rep@…)". */
export function stepName(wait: Wait): string {
  return `${stageLabel(wait.stage)}${wait.product ? `, ${wait.product}` : ''} — ${ROLE_LABELS[wait.role]} (${wait.recipient})`;
}

/**
 * The detail page's actions for a running onboarding: hand a waiting step over, change the provider
 * contact or the rep, stop it with a reason. Plain forms (no script), ids unique per form.
 */
export function actionForms(
  onboarding: Onboarding,
  waits: readonly Wait[],
  csrf: string,
  problem?: ActionProblem,
  offers: { stop: boolean } = { stop: true },
): SafeHtml {
  const running = onboarding.status === 'in-progress';
  const pending = running ? waits.filter((wait) => wait.status === 'pending') : [];
  const base = `/ops/onboardings/${onboarding.id}`;
  const of = (action: ConsoleAction) => (problem?.action === action ? problem : undefined);
  return html`<section class="panel actions" aria-labelledby="actions-title">
<h2 id="actions-title">Change people or stop</h2>
<div class="grid-2">
${
  pending.length > 0 &&
  form(
    base,
    'hand-over',
    'Hand a waiting step to someone else',
    csrf,
    of('hand-over'),
    html`
${select(
  'hand-over',
  'wait',
  'Step',
  pending.map((wait) => ({ value: wait.waitKey, label: stepName(wait) })),
  of('hand-over'),
)}
${input('hand-over', 'to', 'Their email address', of('hand-over'), { type: 'email' })}
${area('hand-over', 'note', 'Note for them (optional)', of('hand-over'))}`,
    'Hand over',
  )
}
${form(
  base,
  'contact',
  'Change the provider contact',
  csrf,
  of('contact'),
  html`
${input('contact', 'name', 'New contact name', of('contact'))}
${input('contact', 'email', 'New contact email', of('contact'), { type: 'email' })}
${area('contact', 'reason', 'Reason (optional)', of('contact'))}`,
  'Change the contact',
)}
${form(
  base,
  'rep',
  'Change the rep',
  csrf,
  of('rep'),
  html`
${input('rep', 'email', 'New rep email', of('rep'), { type: 'email' })}
${area('rep', 'reason', 'Reason (optional)', of('rep'))}`,
  'Change the rep',
)}
${
  running &&
  offers.stop &&
  form(
    base,
    'stop',
    'Stop the onboarding',
    csrf,
    of('stop'),
    html`
<p class="hint">Its open steps close and its links stop working. The provider contact, their team and the rep are each emailed that it stopped, with your reason.</p>
${area('stop', 'reason', 'Reason (told to the provider)', of('stop'), true)}`,
    'Stop the onboarding',
    true,
  )
}
</div>
</section>`;
}

function form(
  base: string,
  action: ConsoleAction,
  title: string,
  csrf: string,
  problem: ActionProblem | undefined,
  fields: SafeHtml,
  submit: string,
  danger = false,
): SafeHtml {
  return html`<form class="action-form" id="${action}-form" action="${safeUrl(`${base}/${action}`)}" method="post" enctype="application/x-www-form-urlencoded" novalidate aria-labelledby="${action}-title">
<h3 id="${action}-title">${title}</h3>
${problem && problemBox(action, problem)}
<input type="hidden" name="csrf" value="${csrf}">
${fields}
<button type="submit" class="button${danger ? ' button-danger' : ''}">${submit}</button>
</form>`;
}

function problemBox(action: ConsoleAction, problem: ActionProblem): SafeHtml {
  const fields = Object.entries(problem.fieldErrors);
  return html`<div class="error-summary" role="alert" tabindex="-1" id="${action}-problem"><p>${problem.message}</p>
${fields.length > 0 && html`<ul>${fields.map(([name, error]) => html`<li><a href="#${action}-${name}">${error}</a></li>`)}</ul>`}</div>`;
}

function described(action: ConsoleAction, name: string, problem: ActionProblem | undefined) {
  const id = `${action}-${name}`;
  const error = problem?.fieldErrors[name];
  return {
    id,
    error,
    value: problem?.values[name] ?? '',
    errorHtml: error
      ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error: </span>${error}</p>`
      : html``,
    aria: error ? html` aria-invalid="true" aria-describedby="${id}-error"` : html``,
  };
}

function input(
  action: ConsoleAction,
  name: string,
  label: string,
  problem: ActionProblem | undefined,
  options: { type?: 'email' } = {},
): SafeHtml {
  const d = described(action, name, problem);
  return html`<div class="field${d.error ? ' field-error' : ''}"><label for="${d.id}">${label}</label>${d.errorHtml}
<input type="text" id="${d.id}" name="${name}" value="${d.value}" autocomplete="off"${options.type === 'email' ? html` inputmode="email" spellcheck="false"` : ''}${d.aria}></div>`;
}

function area(
  action: ConsoleAction,
  name: string,
  label: string,
  problem: ActionProblem | undefined,
  required = false,
): SafeHtml {
  const d = described(action, name, problem);
  return html`<div class="field${d.error ? ' field-error' : ''}"><label for="${d.id}">${label}</label>${d.errorHtml}
<textarea id="${d.id}" name="${name}" rows="2"${required ? html` required` : ''}${d.aria}>${d.value}</textarea></div>`;
}

function select(
  action: ConsoleAction,
  name: string,
  label: string,
  choices: { value: string; label: string }[],
  problem: ActionProblem | undefined,
): SafeHtml {
  const d = described(action, name, problem);
  return html`<div class="field${d.error ? ' field-error' : ''}"><label for="${d.id}">${label}</label>${d.errorHtml}
<select id="${d.id}" name="${name}"${d.aria}>${choices.map((choice) => html`<option value="${choice.value}"${choice.value === d.value ? html` selected` : ''}>${choice.label}</option>`)}</select></div>`;
}
