import { CURRENCIES, FORMS } from '../checklist/decision-forms.ts';
import type { Resources } from '../checklist/resources.ts';
import type { FormKind, StageDefinition } from '../checklist/stages.ts';
import { sha256Hex } from '../domain/action-links.ts';
import {
  checkbox,
  choiceGroup,
  type FormState,
  hidden,
  select,
  textArea,
  textInput,
} from './form-controls.ts';
import { html, type SafeHtml, safeUrl } from './html.ts';

/**
 * The fields of each action form. Names are exactly the field names of `FORMS` (decision-forms.ts),
 * which validates what is posted. Every field of every choice is in the page, and each hint says when
 * it is needed; the stylesheet hides the fields of the choices not taken (CSS `:has`, no script), and
 * validation ignores them whatever they hold.
 */
export interface FormContext {
  stage: StageDefinition;
  company: string;
  /** The provider contact's name: the signer's name is prefilled with it. */
  contactName: string;
  product?: string;
  facts: { products?: string[]; alias?: string; agreementVersion: string };
  resources: Resources;
}

export interface ActionForm {
  fields: SafeHtml;
  submitLabel: string;
}

export function actionForm(kind: FormKind, state: FormState, context: FormContext): ActionForm {
  switch (kind) {
    case 'cloud-account-alias':
      return cloudAccountAlias(state, context);
    case 'portal-access-confirmation':
      return portalAccessConfirmation(state);
    case 'agreement-acceptance':
      return agreementAcceptance(state, context);
    case 'credit-applied':
      return creditApplied(state);
    case 'product-content-ready':
      return productContentReady(state);
    case 'publication-request':
      return publicationRequest(state, context);
    case 'integration-sign-off':
      return integrationSignOff(state, context);
    case 'product-revision':
      return productRevision(state, context);
    case 'marketplace-approval':
      return marketplaceApproval(state, context);
  }
}

function cloudAccountAlias(state: FormState, { resources }: FormContext): ActionForm {
  return {
    fields: textInput(state, {
      name: 'alias',
      label: 'Cloud account alias',
      hint: html`2 to 6 letters or digits, for example ACME. <a href="${safeUrl(resources.aliasHelpUrl)}">How to find your account alias</a>. No account yet? <a href="${safeUrl(resources.freeAccountUrl)}">Create a free account</a> first; there is no cost.`,
      required: true,
      short: true,
      autocomplete: 'off',
      pattern: '[A-Za-z0-9]{2,6}',
      verbatim: true,
    }),
    submitLabel: 'Submit the alias',
  };
}

function portalAccessConfirmation(state: FormState): ActionForm {
  return {
    fields: html`${choiceGroup(state, {
      name: 'decision',
      type: 'radio',
      legend: 'Does the Provider Portal account exist for this alias?',
      required: true,
      choices: [
        { value: 'approve', label: 'Yes, the Provider Portal account exists' },
        { value: 'send-back', label: 'No, send the alias back to the provider' },
      ],
    })}
${forChoice(
  'portal-access-confirmation',
  'portalAccount',
  textInput(state, {
    name: 'portalAccount',
    label: 'Provider Portal account name (optional)',
    hint: 'Only if the account exists, and only if its name differs from the alias.',
    verbatim: true,
  }),
)}
${forChoice(
  'portal-access-confirmation',
  'reason',
  textArea(state, {
    name: 'reason',
    label: 'Why the alias is sent back',
    hint: 'Required if you send the alias back. The provider sees this.',
  }),
)}`,
    submitLabel: 'Record my answer',
  };
}

function agreementAcceptance(
  state: FormState,
  { company, contactName, facts, resources }: FormContext,
): ActionForm {
  // The text shown is the text accepted: its hash goes back with the answer and is recorded.
  const text = resources.agreementText;
  return {
    fields: html`<p>You are accepting version <strong>${facts.agreementVersion}</strong> of the Marketplace Provider Agreement. Read it here in full; the <a href="${safeUrl(resources.agreementGuidanceUrl)}">Marketplace Provider Agreement guidance</a> explains it.</p>
<h2 id="agreement-title">Marketplace Provider Agreement, version ${facts.agreementVersion}</h2>
<div class="agreement-text" role="region" aria-labelledby="agreement-title" tabindex="0">${text.split(/\n{2,}/).map((paragraph) => html`<p>${paragraph}</p>`)}</div>
${textInput(state, { name: 'signerName', label: 'Your full name', required: true, autocomplete: 'name', verbatim: true, defaultValue: contactName })}
${textInput(state, { name: 'signerTitle', label: 'Your job title', required: true, autocomplete: 'organization-title' })}
${hidden('agreementVersion', facts.agreementVersion)}
${hidden('agreementSha256', sha256Hex(text))}
${checkbox(state, {
  name: 'accept',
  value: 'yes',
  label: `I accept the Marketplace Provider Agreement (version ${facts.agreementVersion}) shown above, on behalf of ${company}`,
  hint: 'We record your name, title, the agreement version and a fingerprint (SHA-256) of the exact text above, the time, your IP address and your browser as the record of acceptance.',
})}`,
    submitLabel: 'Accept the agreement',
  };
}

// The currencies come from the form definition, so the page offers exactly what validation accepts.

function creditApplied(state: FormState): ActionForm {
  return {
    fields: html`${textInput(state, {
      name: 'amount',
      label: 'Credit amount',
      hint: 'A number like 2500 or 2,500.00, without a currency sign.',
      required: true,
      short: true,
      inputmode: 'decimal',
      autocomplete: 'off',
    })}
${select(state, { name: 'currency', label: 'Currency', choices: CURRENCIES, defaultValue: 'USD' })}
${textArea(state, { name: 'note', label: 'Note (optional)', hint: 'Kept with the record, for example a billing reference.', rows: 3 })}`,
    submitLabel: 'Record the credit',
  };
}

function productContentReady(state: FormState): ActionForm {
  return {
    fields: html`${textArea(state, {
      name: 'products',
      label: 'Products that are ready',
      hint: 'One product name per line, as it appears in the Provider Portal. Up to 20 products.',
      required: true,
      rows: 5,
    })}
${textArea(state, { name: 'notes', label: 'Notes (optional)', hint: 'Anything we should know about the content.', rows: 3 })}`,
    submitLabel: 'Send the product list',
  };
}

function publicationRequest(state: FormState, { facts }: FormContext): ActionForm {
  const ready = facts.products ?? [];
  const products =
    ready.length > 0
      ? choiceGroup(state, {
          name: 'products',
          type: 'checkbox',
          legend: 'Products to publish',
          hint: 'Choose one or more of the products you told us are ready.',
          choices: ready.map((name) => ({ value: name, label: name })),
        })
      : // No ready list on record (an older onboarding): ask for the one product by name.
        textInput(state, {
          name: 'products',
          label: 'Product to publish',
          hint: 'The product name, exactly as you gave it when you said it was ready.',
          required: true,
        });
  return {
    fields: html`${products}
${checkbox(state, {
  name: 'confirm',
  value: 'yes',
  label:
    'I request publication of these products, and understand each is published only once its technical and billing integration is completed and tested and the Marketplace team approves it',
})}`,
    submitLabel: 'Request publication',
  };
}

function integrationSignOff(state: FormState, { stage, product }: FormContext): ActionForm {
  const part = stage.key === 'billing-integration' ? 'billing' : 'technical';
  return {
    fields: html`${choiceGroup(state, {
      name: 'decision',
      type: 'radio',
      legend: `Is the ${part} integration of ${product ?? 'this product'} completed and tested?`,
      required: true,
      choices: [
        { value: 'approve', label: 'Yes, it is completed and tested: sign it off' },
        { value: 'send-back', label: 'No, send it back to the provider' },
      ],
    })}
${forChoice('integration-sign-off', 'notes', textArea(state, { name: 'notes', label: 'Test notes (optional)', hint: 'Only when you sign it off.' }))}
${forChoice(
  'integration-sign-off',
  'reason',
  textArea(state, {
    name: 'reason',
    label: 'Why it is sent back',
    hint: 'Required if you send it back. The provider sees this.',
  }),
)}`,
    submitLabel: 'Record my decision',
  };
}

function productRevision(state: FormState, { product }: FormContext): ActionForm {
  return {
    fields: html`${choiceGroup(state, {
      name: 'decision',
      type: 'radio',
      legend: `What would you like to do with ${product ?? 'this product'}?`,
      required: true,
      choices: [
        { value: 'resubmit', label: 'Resubmit it: I made the changes asked for' },
        { value: 'withdraw', label: 'Withdraw it: do not publish this product' },
      ],
    })}
${forChoice('product-revision', 'changes', textArea(state, { name: 'changes', label: 'What you changed', hint: 'Required if you resubmit.' }))}
${forChoice('product-revision', 'reason', textArea(state, { name: 'reason', label: 'Why you withdraw it', hint: 'Required if you withdraw the product.' }))}`,
    submitLabel: 'Send my answer',
  };
}

function marketplaceApproval(state: FormState, { product }: FormContext): ActionForm {
  return {
    fields: html`${choiceGroup(state, {
      name: 'decision',
      type: 'radio',
      legend: `Your decision on ${product ?? 'this product'}`,
      required: true,
      choices: [
        { value: 'approve', label: 'Approve: publish it in the Marketplace' },
        { value: 'request-changes', label: 'Request changes' },
        { value: 'withdraw', label: 'Withdraw the product' },
      ],
    })}
${forChoice(
  'marketplace-approval',
  'sendBackTo',
  choiceGroup(state, {
    name: 'sendBackTo',
    type: 'radio',
    legend: 'Where the changes are made',
    hint: 'Required if you request changes.',
    choices: [
      { value: 'content', label: 'Product content', hint: 'Back to the provider, to revise the product.' },
      { value: 'integration', label: 'Integration', hint: 'Back to technical and billing integration.' },
    ],
  }),
)}
${forChoice(
  'marketplace-approval',
  'reason',
  textArea(state, {
    name: 'reason',
    label: 'Reason',
    hint: 'Required if you request changes or withdraw the product. The provider sees this.',
  }),
)}
${forChoice('marketplace-approval', 'notes', textArea(state, { name: 'notes', label: 'Notes (optional)', hint: 'Only when you approve.' }))}`,
    submitLabel: 'Record my decision',
  };
}

/**
 * Marks a field with the choices it applies to (`for-<choice>` classes), so the stylesheet can hide
 * it once another choice is ticked. Read from the form definition: the page and validation agree.
 */
function forChoice(kind: FormKind, name: string, control: SafeHtml): SafeHtml {
  const choices = (FORMS[kind].choices ?? []).filter((choice) => name in choice.fields);
  return html`<div class="for-choice${choices.map((choice) => ` for-${choice.value}`).join('')}">${control}</div>`;
}
