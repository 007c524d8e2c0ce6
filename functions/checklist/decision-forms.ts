import type * as z from 'zod';
import type * as FormSchemaKitModule from './form-schema-kit.ts';
import type { FormKind } from './stages.ts';

type FormSchemaKit = typeof FormSchemaKitModule;

/**
 * What each action form accepts, as data: the pages, the validation, the "what you submitted" summary
 * and the tests all read these definitions, so a new field or choice reaches all of them at once.
 * Field names are the `name` attributes of the action pages' inputs and the JSON keys of the callback
 * API. A form with a choice (`decision`) has fields per choice: the fields of the other choices are
 * ignored (a person may have typed in them before changing their mind); a name the form does not have
 * at all is refused in plain words. Every message names the field and says what to do.
 */

/** A cloud account alias: 2 to 6 letters or digits (the Control Portal shows it upper-case). */
export const ALIAS_PATTERN = /^[A-Za-z0-9]{2,6}$/;

export const MAX_PRODUCTS = 20;

export const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD'] as const;

// Through the one text check (an invisible character is refused by name, not trimmed away).
const alias = ({ wellFormedText }: FormSchemaKit) =>
  wellFormedText('Cloud account alias')
    .regex(ALIAS_PATTERN, 'The cloud account alias must be 2 to 6 letters or digits, for example ACME.')
    .transform((value) => value.toUpperCase());

/**
 * A product list, as an array (checkboxes, JSON) or as text with one product per line (a textarea).
 * Nothing given reads as an empty list, so the person is told to name or tick one, not about types.
 */
const productList =
  (empty: string) =>
  ({ z, singleLineText }: FormSchemaKit) =>
    z.preprocess(
      (value) => {
        if (value === undefined || value === null) return [];
        if (typeof value === 'string')
          return value
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line.length > 0);
        return value;
      },
      z
        .array(singleLineText('Product name', 100), { error: empty })
        .min(1, empty)
        .max(MAX_PRODUCTS, `Name at most ${MAX_PRODUCTS} products at once.`)
        .refine(
          (items) => new Set(items.map((entry) => entry.toLowerCase())).size === items.length,
          'The same product is named twice: name each product once.',
        ),
    );

/** "2500", "2,500", "2 500.00": people write amounts with thousands separators; the record keeps digits. */
const amount = ({ z }: FormSchemaKit) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.replace(/[\s,_]/g, '') : value),
    z
      .string({ error: 'Enter the credit amount, for example 2500.' })
      .regex(
        /^\d{1,7}(\.\d{1,2})?$/,
        'The credit amount must be a number like 2500 or 2,500.00, without a currency sign.',
      )
      .refine((value) => Number(value) > 0, 'The credit amount must be more than zero.'),
  );

/**
 * One field of a form: how it is named to people (in the summary after submitting, in messages), and
 * how to build its schema from the kit. The schema is built the first time a submission is judged,
 * never at load: the pages load with every action function, and only a submission needs zod.
 */
export interface FieldDefinition {
  label: string;
  schema: (kit: FormSchemaKit) => z.ZodType;
}

export interface ChoiceDefinition {
  value: string;
  /** The choice in words, as the summary after submitting shows it. */
  label: string;
  fields: Record<string, FieldDefinition>;
}

export interface FormDefinition {
  /** Fields every submission of the form has. */
  fields: Record<string, FieldDefinition>;
  /** For forms where the person chooses first: the `decision` field's options, each with its fields. */
  choices?: ChoiceDefinition[];
  /** What to do when no valid choice was made, e.g. "Choose approve or send back." */
  chooseMessage?: string;
}

const field = (label: string, schema: (kit: FormSchemaKit) => z.ZodType): FieldDefinition => ({
  label,
  schema,
});
const reasonField = (label: string) => field(label, ({ multiLineText }) => multiLineText(label, 2000));

export const FORMS: Record<FormKind, FormDefinition> = {
  'cloud-account-alias': { fields: { alias: field('Cloud account alias', alias) } },
  'portal-access-confirmation': {
    fields: {},
    chooseMessage: 'Choose whether the Provider Portal account exists, or send the alias back.',
    choices: [
      {
        value: 'approve',
        label: 'The Provider Portal account exists',
        fields: {
          portalAccount: field('Provider Portal account name', ({ singleLineText }) =>
            singleLineText('Provider Portal account name', 100).optional(),
          ),
        },
      },
      {
        value: 'send-back',
        label: 'Alias sent back to the provider',
        fields: { reason: reasonField('The reason for sending the alias back') },
      },
    ],
  },
  'agreement-acceptance': {
    fields: {
      signerName: field('Your full name', ({ singleLineText }) => singleLineText('Your full name', 200)),
      signerTitle: field('Your job title', ({ singleLineText }) => singleLineText('Your job title', 200)),
      agreementVersion: field('Agreement version', ({ singleLineText }) =>
        singleLineText('Agreement version', 40),
      ),
      // The SHA-256 of the agreement text the page showed: a changed text is caught like a changed version.
      agreementSha256: field('Agreement text', ({ z }) =>
        z
          .string({ error: 'Reload the page and read the agreement again.' })
          .regex(/^[0-9a-f]{64}$/, 'Reload the page and read the agreement again.')
          .optional(),
      ),
      accept: field('I accept', ({ z }) =>
        z.literal('yes', { error: 'Tick “I accept” to accept the agreement.' }),
      ),
    },
  },
  'credit-applied': {
    fields: {
      amount: field('Credit amount', amount),
      currency: field('Currency', ({ z }) =>
        z.enum(CURRENCIES, { error: 'Choose the currency: USD, EUR, GBP or CAD.' }).default('USD'),
      ),
      note: field('Note', ({ multiLineText }) => multiLineText('Note', 1000).optional()),
    },
  },
  'product-content-ready': {
    fields: {
      products: field(
        'Products that are ready',
        productList('Name at least one product that is ready, one per line.'),
      ),
      notes: field('Notes', ({ multiLineText }) => multiLineText('Notes', 2000).optional()),
    },
  },
  'publication-request': {
    fields: {
      products: field('Products to publish', productList('Tick at least one product to publish.')),
      confirm: field('Confirmation', ({ z }) =>
        z.literal('yes', { error: 'Tick the box to confirm the publication request.' }),
      ),
    },
  },
  'integration-sign-off': {
    fields: {},
    chooseMessage: 'Choose sign off or send back.',
    choices: [
      {
        value: 'approve',
        label: 'Signed off: completed and tested',
        fields: {
          notes: field('Test notes', ({ multiLineText }) => multiLineText('Test notes', 2000).optional()),
        },
      },
      {
        value: 'send-back',
        label: 'Sent back to the provider',
        fields: { reason: reasonField('The reason for sending it back') },
      },
    ],
  },
  'product-revision': {
    fields: {},
    chooseMessage: 'Choose resubmit or withdraw.',
    choices: [
      {
        value: 'resubmit',
        label: 'Resubmitted with changes',
        fields: {
          changes: field('What you changed', ({ multiLineText }) => multiLineText('What you changed', 2000)),
        },
      },
      {
        value: 'withdraw',
        label: 'Withdrawn',
        fields: { reason: reasonField('The reason for withdrawing it') },
      },
    ],
  },
  'marketplace-approval': {
    fields: {},
    chooseMessage: 'Choose approve, request changes or withdraw.',
    choices: [
      {
        value: 'approve',
        label: 'Approved for publication',
        fields: { notes: field('Notes', ({ multiLineText }) => multiLineText('Notes', 2000).optional()) },
      },
      {
        value: 'request-changes',
        label: 'Changes requested',
        fields: {
          sendBackTo: field('Where the changes are made', ({ z }) =>
            z.enum(['content', 'integration'], {
              error: 'Choose where the changes are made: product content or integration.',
            }),
          ),
          reason: reasonField('The reason for requesting changes'),
        },
      },
      {
        value: 'withdraw',
        label: 'Withdrawn',
        fields: { reason: reasonField('The reason for withdrawing it') },
      },
    ],
  },
};

/** The fields that apply to one submission: the form's own plus those of the chosen option. */
export function fieldsFor(kind: FormKind, choice?: string): Record<string, FieldDefinition> {
  const form = FORMS[kind];
  const chosen = form.choices?.find((option) => option.value === choice);
  return { ...form.fields, ...(chosen?.fields ?? {}) };
}

/** Every field name a form has, whatever the choice: what the form may post without being refused. */
export function allFieldNames(kind: FormKind): string[] {
  const form = FORMS[kind];
  const names = [
    ...Object.keys(form.fields),
    ...(form.choices ? ['decision'] : []),
    ...(form.choices ?? []).flatMap((option) => Object.keys(option.fields)),
  ];
  return [...new Set(names)];
}
