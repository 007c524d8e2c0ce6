import * as z from 'zod';
import { emailAddress, singleLineText } from '../checklist/text-fields.ts';
import { InvalidInputError } from './errors.ts';
import { CLIENT_TOKEN, CLIENT_TOKEN_RULE, MAX_TEAM } from './start-onboarding-rules.ts';

// The start request's schema, apart from starting itself: the start function imports it on its
// first request (a dynamic import), so zod is not evaluated at its cold start, and functions that
// only resume or read onboardings do not load zod at all.

/** What identifies an onboarding to start: the fields `startOnboarding` records. */
const fields = () =>
  z
    .strictObject({
      company: singleLineText('Company', 120),
      contactName: singleLineText('Contact name', 120),
      contactEmail: emailAddress('Contact email'),
      repEmail: emailAddress('Rep email'),
      team: z
        .array(
          z.strictObject(
            { name: singleLineText('Team member name', 120), email: emailAddress('Team member email') },
            { error: 'Each team member needs a name and an email address.' },
          ),
          { error: 'Team must be a list of people, each with a name and an email address.' },
        )
        .max(MAX_TEAM, `A provider team has at most ${MAX_TEAM} people besides the contact.`)
        .optional(),
      copyTeam: z.boolean({ error: 'copyTeam must be true or false.' }).optional(),
    })
    .refine(
      (fields) => {
        const emails = [fields.contactEmail, ...(fields.team ?? []).map((member) => member.email)];
        return new Set(emails.map((email) => email.toLowerCase())).size === emails.length;
      },
      { path: ['team'], message: 'Each team member needs their own address, different from the contact’s.' },
    );
/** Built the first time it parses (`z.lazy`), not when a function loads. */
export const startOnboardingFields = z.lazy(fields);

/**
 * A start request as the API, the CLI and the ops console send it: the fields, plus how to treat a
 * repeat (see `start-once.ts`). `clientToken` is the body form of the `Idempotency-Key` header.
 */
export const startOnboardingRequest = z.lazy(() =>
  fields().extend({
    clientToken: z
      .string({ error: 'clientToken must be text.' })
      .regex(CLIENT_TOKEN, CLIENT_TOKEN_RULE)
      .optional(),
    force: z.boolean({ error: 'force must be true or false.' }).optional(),
  }),
);
export type StartOnboardingRequest = z.infer<typeof startOnboardingRequest>;
export type StartOnboardingFields = z.infer<typeof startOnboardingFields>;

export function parseStartRequest(raw: unknown): StartOnboardingRequest {
  const parsed = startOnboardingRequest.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field =
      issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(issue.path[0] ?? 'body');
    fieldErrors[field] ??= issue.code === 'unrecognized_keys' ? 'Unknown field.' : issue.message;
  }
  throw new InvalidInputError(
    `The onboarding was not started: ${Object.entries(fieldErrors)
      .map(([field, message]) => `${field}: ${message}`)
      .join(' ')}`,
    fieldErrors,
  );
}
