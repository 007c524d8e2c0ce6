import * as z from 'zod';
import { STAGE_KEYS } from '../checklist/stages.ts';
import { emailAddress, multiLineText, singleLineText } from '../checklist/text-fields.ts';
import { ONBOARDING_ID, WAIT_KEY } from './onboarding-ids.ts';

/**
 * What people type outside the decision forms, each form's check in one place with plain-word
 * messages: people changes, messages on a step, "I'm on it", a stop. This module is loaded by
 * `parseInput` with the first submission, never at a function's start (with the forms' schemas it took
 * `action-api` from 1.26× to 1.16× of its SDK floor in the bench), and each schema is built the first
 * time it parses.
 */

/** The longest message: a question or an answer, not a document. */
const MESSAGE_MAX_LENGTH = 2000;
const SUBMISSION = /^[A-Za-z0-9_-]{16,64}$/;

const stageKey = (label: string) =>
  z.enum(STAGE_KEYS, { error: `${label} is one of: ${STAGE_KEYS.join(', ')}.` });

const handOver = () =>
  z.strictObject({
    to: emailAddress('New address'),
    note: multiLineText('Note', 1000).optional(),
  });

const contactChange = () =>
  z.strictObject({
    email: emailAddress('New address'),
    name: singleLineText('Name', 120).optional(),
    reason: multiLineText('Reason', 1000).optional(),
  });

/** Which step of an onboarding, from the buttons of a queue page. */
const queueStep = () => ({
  onboarding: z.string().regex(ONBOARDING_ID, 'Use the buttons on your queue page.'),
  wait: z.string().regex(WAIT_KEY, 'Use the buttons on your queue page.'),
});

export const INPUT_FORMS = {
  /** A step handed over from its link or a queue: to whom, and a note for them. */
  handOver,
  contactChange,
  /** The signed ops API's rep change (`POST /onboardings/{id}/rep`): a rep has no name on file. */
  repChange: () => contactChange().omit({ name: true }),
  /**
   * Ops hand one step over through the signed API (`POST /onboardings/{id}/hand-over`): which step
   * (its stage, its product, and for a revision the stage that asked for it), then to whom.
   */
  handOverStep: () =>
    handOver().extend({
      stage: stageKey('Stage'),
      product: singleLineText('Product name', 100).optional(),
      after: stageKey('After').optional(),
    }),
  /** Which step's link ops resend through the signed API (`POST /onboardings/{id}/resend`). */
  resend: () =>
    z.strictObject({
      stage: stageKey('Stage'),
      product: singleLineText('Product name', 100).optional(),
      after: stageKey('After').optional(),
    }),
  /** Out of office through the signed API (`POST /out-of-office`): every step waiting on `from`. */
  outOfOffice: () => handOver().extend({ from: emailAddress('Address on leave') }),
  product: () => z.strictObject({ product: singleLineText('Product name', 100) }),
  /** A colleague a provider person asks to add to the team (confirmed by the primary contact). */
  invite: () =>
    z.strictObject({
      name: singleLineText('Name', 120),
      email: emailAddress('Email address'),
    }),
  /**
   * "Publish another product" on the provider's checklist: the product's name, what the product
   * content step asks (optional notes), and the publication request's confirmation.
   */
  providerProduct: () =>
    z.strictObject({
      product: singleLineText('Product name', 100),
      notes: multiLineText('Notes', 2000).optional(),
      confirm: z.literal('yes', { error: 'Tick the box to confirm the publication request.' }),
    }),
  /** A colleague taken off the provider team (the contact from the checklist, or ops). */
  removeMember: () =>
    z.strictObject({
      email: emailAddress('Colleague'),
      reason: multiLineText('Reason', 1000).optional(),
    }),
  /** A rep replaces the provider contact from their queue: name and reason are required there. */
  queueContact: () =>
    z.strictObject({
      name: singleLineText('Name', 120),
      email: emailAddress('New address'),
      reason: multiLineText('Reason', 1000),
    }),
  /** What ops give when they stop an onboarding (the console's form, the signed API's body). */
  stop: () => z.strictObject({ reason: multiLineText('Reason', 1000) }),
  /** A question or an answer on a step, with the random submission id its form carries. */
  message: () =>
    z.strictObject({
      message: multiLineText('Your message', MESSAGE_MAX_LENGTH),
      submission: z
        .string({ error: 'This form is out of date. Reload the page and write your message again.' })
        .regex(SUBMISSION, 'This form is out of date. Reload the page and write your message again.'),
    }),
  /** Ops ask or answer (CLI, signed API): which step and what kind; the message is checked as above. */
  opsMessage: () =>
    z
      .object({
        stage: z.string({ error: "Name the step's stage." }).max(60),
        product: z.string().max(200).optional(),
        after: z.string().max(60).optional(),
        kind: z.enum(['question', 'answer'], { error: 'Say whether it is a question or an answer.' }),
      })
      .loose(),
  /** Which step a queue's "I'm on it" or release names: read first, so who may act is decided first. */
  queueStep: () => z.object(queueStep()),
  claim: () => z.strictObject({ ...queueStep(), name: singleLineText('Your name', 80) }),
  release: () =>
    z.strictObject({
      ...queueStep(),
      claimedAt: z.iso.datetime('Use the buttons on your queue page.'),
    }),
};

export type InputForm = keyof typeof INPUT_FORMS;

const built = new Map<InputForm, z.ZodType>();

/** One form's schema, built the first time it is asked for and kept. */
export function inputSchema<F extends InputForm>(form: F): ReturnType<(typeof INPUT_FORMS)[F]> {
  let schema = built.get(form);
  if (!schema) {
    schema = INPUT_FORMS[form]();
    built.set(form, schema);
  }
  return schema as ReturnType<(typeof INPUT_FORMS)[F]>;
}
