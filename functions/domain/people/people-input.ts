import * as z from 'zod';
import { STAGE_KEYS } from '../../checklist/stages.ts';
import { emailAddress, multiLineText, singleLineText } from '../../checklist/text-fields.ts';
import { InvalidInputError } from '../errors.ts';

/**
 * What ops or a person types when people change, checked in one place with plain-word messages.
 * Each schema is built the first time it parses (`z.lazy`), not when a function loads.
 */
const handOver = () =>
  z.strictObject({
    to: emailAddress('New address'),
    note: multiLineText('Note', 1000).optional(),
  });
export const handOverFields = z.lazy(handOver);

const contactChange = () =>
  z.strictObject({
    email: emailAddress('New address'),
    name: singleLineText('Name', 120).optional(),
    reason: multiLineText('Reason', 1000).optional(),
  });
export const contactChangeFields = z.lazy(contactChange);

/** The signed ops API's rep change (`POST /onboardings/{id}/rep`): a rep has no name on file. */
export const repChangeFields = z.lazy(() => contactChange().omit({ name: true }));

const stageKey = (label: string) =>
  z.enum(STAGE_KEYS, { error: `${label} is one of: ${STAGE_KEYS.join(', ')}.` });

/**
 * Ops hand one step over through the signed API (`POST /onboardings/{id}/hand-over`): which step
 * (its stage, its product, and for a revision the stage that asked for it), then to whom.
 */
export const handOverStepFields = z.lazy(() =>
  handOver().extend({
    stage: stageKey('Stage'),
    product: singleLineText('Product name', 100).optional(),
    after: stageKey('After').optional(),
  }),
);

/** Which step's link ops resend through the signed API (`POST /onboardings/{id}/resend`). */
export const resendFields = z.lazy(() =>
  z.strictObject({
    stage: stageKey('Stage'),
    product: singleLineText('Product name', 100).optional(),
    after: stageKey('After').optional(),
  }),
);

/** Out of office through the signed API (`POST /out-of-office`): every step waiting on `from`. */
export const outOfOfficeFields = z.lazy(() =>
  handOver().extend({
    from: emailAddress('Address on leave'),
  }),
);

export const productFields = z.lazy(() =>
  z.strictObject({
    product: singleLineText('Product name', 100),
  }),
);

/** A colleague a provider person asks to add to the team (confirmed by the primary contact). */
export const inviteFields = z.lazy(() =>
  z.strictObject({
    name: singleLineText('Name', 120),
    email: emailAddress('Email address'),
  }),
);

/**
 * "Publish another product" on the provider's checklist: the product's name, what the product content
 * step asks (optional notes), and the publication request's confirmation.
 */
export const providerProductFields = z.lazy(() =>
  z.strictObject({
    product: singleLineText('Product name', 100),
    notes: multiLineText('Notes', 2000).optional(),
    confirm: z.literal('yes', { error: 'Tick the box to confirm the publication request.' }),
  }),
);

/** A colleague taken off the provider team (the contact from the checklist, or ops). */
export const removeMemberFields = z.lazy(() =>
  z.strictObject({
    email: emailAddress('Colleague'),
    reason: multiLineText('Reason', 1000).optional(),
  }),
);

/** A rep replaces the provider contact from their queue: name and reason are required there. */
export const queueContactFields = z.lazy(() =>
  z.strictObject({
    name: singleLineText('Name', 120),
    email: emailAddress('New address'),
    reason: multiLineText('Reason', 1000),
  }),
);

/** Parses with a schema whose messages are already plain words; names the field in the error. */
export function parsePeopleInput<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(issue.path[0] ?? what);
    fieldErrors[field] ??= issue.code === 'unrecognized_keys' ? 'Not a field this takes.' : issue.message;
  }
  throw new InvalidInputError(
    `${what}: ${Object.entries(fieldErrors)
      .map(([field, message]) => `${field}: ${message}`)
      .join(' ')}`,
    fieldErrors,
  );
}
