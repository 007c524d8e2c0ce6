import { formSchemas } from '../checklist/decision-forms.ts';
import type { Resources } from '../checklist/resources.ts';
import type { FormKind, StageDefinition } from '../checklist/stages.ts';
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
 * The fields of each action form. Names are exactly the keys of `formSchemas` (decision-forms.ts),
 * which validates what is posted. Without JavaScript every field of every choice is shown, and each
 * hint says when it is needed.
 */
export interface FormContext {
  stage: StageDefinition;
  company: string;
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
${textInput(state, {
  name: 'portalAccount',
  label: 'Provider Portal account name (optional)',
  hint: 'Only if the account exists, and only if its name differs from the alias.',
  verbatim: true,
})}
${textArea(state, {
  name: 'reason',
  label: 'Why the alias is sent back',
  hint: 'Required if you send the alias back. The provider sees this.',
})}`,
    submitLabel: 'Record my answer',
  };
}

function agreementAcceptance(state: FormState, { company, facts, resources }: FormContext): ActionForm {
  return {
    fields: html`<p>You are accepting version <strong>${facts.agreementVersion}</strong> of the Marketplace Provider Agreement. Please read the <a href="${safeUrl(resources.agreementGuidanceUrl)}">Marketplace Provider Agreement guidance</a> first.</p>
${textInput(state, { name: 'signerName', label: 'Your full name', required: true, autocomplete: 'name', verbatim: true })}
${textInput(state, { name: 'signerTitle', label: 'Your job title', required: true, autocomplete: 'organization-title' })}
${hidden('agreementVersion', facts.agreementVersion)}
${checkbox(state, {
  name: 'accept',
  value: 'yes',
  label: `I accept the Marketplace Provider Agreement (version ${facts.agreementVersion}) on behalf of ${company}`,
  hint: 'We record your name, title, the agreement version, the time, your IP address and your browser as the record of acceptance.',
})}`,
    submitLabel: 'Accept the agreement',
  };
}

// The currencies come from the schema, so the page offers exactly what validation accepts.
const CURRENCIES = formSchemas['credit-applied'].shape.currency.unwrap().options;

function creditApplied(state: FormState): ActionForm {
  return {
    fields: html`${textInput(state, {
      name: 'amount',
      label: 'Credit amount',
      hint: 'A number like 2500 or 2500.00, without a currency sign.',
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
${textArea(state, { name: 'notes', label: 'Test notes (optional)', hint: 'Only when you sign it off.' })}
${textArea(state, {
  name: 'reason',
  label: 'Why it is sent back',
  hint: 'Required if you send it back. The provider sees this.',
})}`,
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
${textArea(state, { name: 'changes', label: 'What you changed', hint: 'Required if you resubmit.' })}
${textArea(state, { name: 'reason', label: 'Why you withdraw it', hint: 'Required if you withdraw the product.' })}`,
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
${choiceGroup(state, {
  name: 'sendBackTo',
  type: 'radio',
  legend: 'Where the changes are made',
  hint: 'Required if you request changes.',
  choices: [
    { value: 'content', label: 'Product content', hint: 'Back to the provider, to revise the product.' },
    { value: 'integration', label: 'Integration', hint: 'Back to technical and billing integration.' },
  ],
})}
${textArea(state, {
  name: 'reason',
  label: 'Reason',
  hint: 'Required if you request changes or withdraw the product. The provider sees this.',
})}
${textArea(state, { name: 'notes', label: 'Notes (optional)', hint: 'Only when you approve.' })}`,
    submitLabel: 'Record my decision',
  };
}
