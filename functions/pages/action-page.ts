import type { Resources } from '../checklist/resources.ts';
import {
  ROLE_LABELS,
  type Role,
  type StageDefinition,
  type StageKey,
  stageDefinition,
} from '../checklist/stages.ts';
import type { EmailParty } from '../emails/types.ts';
import { actionForm } from './action-forms.ts';
import { errorSummary } from './error-summary.ts';
import { formState } from './form-controls.ts';
import { dueWords, formatDateTime, stepLabel } from './format.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';
import { renderDocument } from './layout.ts';
import { type ConversationView, stepConversation } from './step-conversation.ts';

/** Everything the action page of an open link shows. It never holds a task token. */
export interface ActionPageView {
  party: EmailParty;
  stage: StageDefinition;
  product?: string;
  recipientRole: Role;
  /** ISO time the step should be done by (its original due date: reminders do not move it). */
  deadline: string;
  /** Now (ISO), so the due date reads "in 3 days" or "overdue by 2 days"; without it, the date alone. */
  now?: string;
  /** Why the work came back to this person. */
  feedback?: { fromStage: StageKey; reason: string };
  facts: { products?: string[]; alias?: string; agreementVersion: string };
  resources: Resources;
  /** Problems from the last POST, by field name; keys without a visible field are listed as text. */
  errors?: Record<string, string>;
  /** A sentence above the listed problems, for problems that are not about one field. */
  errorSummary?: string;
  /** The answers from the last POST, put back into the form after a validation error. */
  values?: Record<string, string | string[]>;
  /** Operations' address, in the footer of staff pages (the contact address is staff's own). */
  opsEmail?: string;
  /** Staff steps: where the holder hands the step to someone else. */
  handOverUrl?: string;
  /** The step's conversation (questions and answers), newest last, with the form to write on it. */
  conversation?: ConversationView;
}

/** The page behind an action link: the facts of the step and its form, which POSTs back to the same URL. */
export function renderActionPage(view: ActionPageView): string {
  const { party, stage, product, resources } = view;
  const title = product ? `${stage.title}: ${product}` : stage.title;
  if (!stage.form) {
    throw new Error(`Stage "${stage.key}" has no form: nobody acts on it through a link`);
  }
  const state = formState(view.errors, view.values);
  // Fields render first so the error summary knows which of them exist to link to.
  const form = actionForm(stage.form, state, {
    stage,
    company: party.company,
    contactName: party.contactName,
    product,
    facts: view.facts,
    resources,
  });
  const hasErrors = Object.keys(state.errors).length > 0 || view.errorSummary !== undefined;
  const step = stepLabel(stage, view.feedback?.fromStage);
  const body = html`<p class="caption">${step} · ${party.company}</p>
<h1>${title}</h1>
${errorSummary(state.errors, state.rendered, view.errorSummary)}
${facts(view)}
${view.feedback && feedback(view.feedback)}
<p>${stage.ask}</p>
<form action="" method="post" enctype="application/x-www-form-urlencoded" novalidate>
${form.fields}
<button type="submit" class="button">${form.submitLabel}</button>
</form>
${view.conversation && stepConversation(view.conversation)}
${view.handOverUrl && html`<p><a href="${safeUrl(view.handOverUrl)}">Hand this step to someone else</a>: a colleague, or whoever covers while you are away.</p>`}
<p class="notice">This page was opened from a link emailed to you personally; please do not share it. Opening it changed nothing: your answer is recorded only when you press “${form.submitLabel}”.</p>`;
  return renderDocument({
    title: `${hasErrors ? 'Error: ' : ''}${title}`,
    body,
    resources,
    staffContact: view.recipientRole === 'provider' ? undefined : view.opsEmail,
  });
}

function facts(view: ActionPageView): SafeHtml {
  const { party, stage, product } = view;
  const alias = view.facts.alias ?? party.alias;
  const responsible =
    view.recipientRole === 'provider'
      ? `${ROLE_LABELS.provider}: ${party.contactName}, ${party.company}`
      : ROLE_LABELS[view.recipientRole];
  return html`<dl class="facts">
<dt>Responsible party</dt><dd>${responsible}</dd>
<dt>Company</dt><dd>${party.company}</dd>
${product && html`<dt>Product</dt><dd>${product}</dd>`}
${alias && html`<dt>Cloud account alias</dt><dd>${alias}</dd>`}
<dt>Step</dt><dd>${stepLabel(stage, view.feedback?.fromStage)}, ${stage.title}</dd>
<dt>Please respond by</dt><dd><time datetime="${view.deadline}">${view.now ? dueWords(view.deadline, view.now) : formatDateTime(view.deadline)}</time></dd>
</dl>`;
}

function feedback(sentBack: { fromStage: StageKey; reason: string }): SafeHtml {
  return html`<h2>Why this came back to you</h2>
<p>From ${stageDefinition(sentBack.fromStage).title}:</p>
<blockquote class="feedback">${sentBack.reason}</blockquote>`;
}
