import * as z from 'zod';
import type { Outcome } from '../domain/model.ts';
import type { FormKind } from './stages.ts';
import { multiLineText, singleLineText, wellFormedText } from './text-fields.ts';

/**
 * What each action form accepts. Field names here are the `name` attributes of the action pages'
 * inputs and the JSON keys of the callback API. Every schema is strict: unknown fields are refused.
 */

/** A cloud account alias: 2 to 6 letters or digits (the Control Portal shows it upper-case). */
export const ALIAS_PATTERN = /^[A-Za-z0-9]{2,6}$/;

export const MAX_PRODUCTS = 20;

const alias = wellFormedText('Account alias')
  .regex(ALIAS_PATTERN, 'Account alias must be 2 to 6 letters or digits, for example ACME.')
  .transform((value) => value.toUpperCase());

const reason = multiLineText('Reason', 2000);
const productName = singleLineText('Product name', 100);

/** Accepts a list as an array, or as text with one item per line (a textarea). */
function listOf<T extends z.ZodType>(item: T, label: string) {
  return z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line.length > 0)
        : value,
    z
      .array(item, { error: `${label} must be a list.` })
      .min(1, `Name at least one product.`)
      .max(MAX_PRODUCTS, `At most ${MAX_PRODUCTS} products can be named at once.`)
      .refine(
        (items) => new Set(items.map((entry) => String(entry).toLowerCase())).size === items.length,
        `${label} lists the same product twice.`,
      ),
  );
}

export const formSchemas = {
  'cloud-account-alias': z.strictObject({ alias }),
  'portal-access-confirmation': z.discriminatedUnion('decision', [
    z.strictObject({
      decision: z.literal('approve'),
      portalAccount: singleLineText('Provider Portal account', 100).optional(),
    }),
    z.strictObject({ decision: z.literal('send-back'), reason }),
  ]),
  'agreement-acceptance': z.strictObject({
    signerName: singleLineText('Your name', 200),
    signerTitle: singleLineText('Your title', 200),
    agreementVersion: singleLineText('Agreement version', 40),
    accept: z.literal('yes', { error: 'Tick “I accept” to accept the agreement.' }),
  }),
  'credit-applied': z.strictObject({
    amount: z
      .string({ error: 'Credit amount is required.' })
      .trim()
      .regex(/^\d{1,7}(\.\d{1,2})?$/, 'Credit amount must be a number like 2500 or 2500.00.')
      .refine((value) => Number(value) > 0, 'Credit amount must be more than zero.'),
    currency: z
      .enum(['USD', 'EUR', 'GBP', 'CAD'], { error: 'Currency must be USD, EUR, GBP or CAD.' })
      .default('USD'),
    note: multiLineText('Note', 1000).optional(),
  }),
  'product-content-ready': z.strictObject({
    products: listOf(productName, 'Products'),
    notes: multiLineText('Notes', 2000).optional(),
  }),
  'publication-request': z.strictObject({
    products: z.preprocess(
      (value) => (typeof value === 'string' ? [value] : value),
      listOf(productName, 'Products to publish'),
    ),
    confirm: z.literal('yes', { error: 'Tick the box to confirm the publication request.' }),
  }),
  'integration-sign-off': z.discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('approve'), notes: multiLineText('Test notes', 2000).optional() }),
    z.strictObject({ decision: z.literal('send-back'), reason }),
  ]),
  'product-revision': z.discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('resubmit'), changes: multiLineText('What you changed', 2000) }),
    z.strictObject({ decision: z.literal('withdraw'), reason }),
  ]),
  'marketplace-approval': z.discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('approve'), notes: multiLineText('Notes', 2000).optional() }),
    z.strictObject({
      decision: z.literal('request-changes'),
      sendBackTo: z.enum(['content', 'integration'], {
        error: 'Choose whether the product goes back to the provider (content) or to integration.',
      }),
      reason,
    }),
    z.strictObject({ decision: z.literal('withdraw'), reason }),
  ]),
} satisfies Record<FormKind, z.ZodType>;

export type FormFields<K extends FormKind> = z.output<(typeof formSchemas)[K]>;

const OUTCOME_BY_CHOICE: Record<string, Outcome> = {
  approve: 'approved',
  'send-back': 'changes-requested',
  'request-changes': 'changes-requested',
  resubmit: 'submitted',
  withdraw: 'withdrawn',
};

/** The outcome the state machine routes on; forms without a `decision` field submit (or, for credit, approve). */
export function outcomeOf(kind: FormKind, fields: Record<string, unknown>): Outcome {
  const choice = fields.decision;
  if (typeof choice === 'string') {
    const outcome = OUTCOME_BY_CHOICE[choice];
    if (outcome) return outcome;
  }
  return kind === 'credit-applied' ? 'approved' : 'submitted';
}
