import * as z from 'zod';
import type { StageKey } from '../checklist/stages.ts';
import { emailAddress, singleLineText } from '../checklist/text-fields.ts';
import { publishFact } from '../lifecycle/lifecycle-events.ts';
import type { StarterDependencies } from './dependencies.ts';
import { InvalidInputError } from './errors.ts';
import type { Onboarding } from './model.ts';
import { executionNameFor, newOnboardingId } from './onboarding-ids.ts';
import { dueSecondsInput } from './stage-due-times.ts';

/** An idempotency key, as AWS APIs take a ClientToken: up to 64 plain characters (a UUID fits). */
export const CLIENT_TOKEN = /^[A-Za-z0-9_.:-]{1,64}$/;
export const CLIENT_TOKEN_RULE =
  'The idempotency key must be 1 to 64 letters, digits, "-", "_", "." or ":" (a UUID works).';

/** What identifies an onboarding to start: the fields `startOnboarding` records. */
export const MAX_TEAM = 10;

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

export interface StartedOnboarding {
  onboardingId: string;
  executionName: string;
  executionArn: string;
}

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

/**
 * Records the onboarding, then starts its execution with a readable, deterministic name. If the
 * start fails the record is removed again, so nothing half-made is left behind.
 */
export async function startOnboarding(
  deps: StarterDependencies,
  request: StartOnboardingFields,
  id = newOnboardingId(request.company),
): Promise<StartedOnboarding> {
  const now = deps.clock().toISOString();
  const onboarding: Onboarding = {
    id,
    executionName: executionNameFor(id),
    company: request.company,
    contactName: request.contactName,
    contactEmail: request.contactEmail,
    repEmail: request.repEmail,
    stage: 'cloud-account',
    status: 'in-progress',
    products: [],
    createdAt: now,
    updatedAt: now,
    executionStartedAt: now,
    reminderLoops: 0,
    ...(request.team?.length ? { team: request.team } : {}),
    ...(request.copyTeam === false ? { copyTeam: false } : {}),
  };
  if ((await deps.store.createOnboarding(onboarding)) === 'exists') {
    throw new Error(`Onboarding id ${id} collided with an existing one; try again`);
  }
  try {
    const { executionArn } = await deps.starter.startExecution({
      name: onboarding.executionName,
      input: executionInput(deps, onboarding, 'cloud-account', await deps.store.getStageDurations()),
    });
    await deps.store.appendEvent({
      onboardingId: id,
      type: 'onboarding-started',
      at: now,
      detail: onboarding.executionName,
    });
    // After the audit: a retry of the start finds the onboarding started and publishes nothing more.
    await publishFact(
      deps,
      'Onboarding Started',
      { onboardingId: id, at: now, factKey: onboarding.executionName },
      { executionName: onboarding.executionName },
    );
    deps.logger.info('Onboarding started', { onboardingId: id, executionName: onboarding.executionName });
    return { onboardingId: id, executionName: onboarding.executionName, executionArn };
  } catch (error) {
    await deps.store.deleteOnboarding(id);
    throw error;
  }
}

/**
 * The execution input reads as a summary in the console (its first line says whose onboarding it is
 * and where it starts); contact details stay in DynamoDB. `config.dueSeconds` holds each stage's due
 * time, the timeout of its wait (from the stages' recent `durations`, see stage-due-times.ts).
 */
export function executionInput(
  deps: Pick<StarterDependencies, 'waits'>,
  onboarding: Onboarding,
  startAt: string,
  durations: Partial<Record<StageKey, number[]>>,
) {
  const { providerWaitSeconds, teamWaitSeconds } = deps.waits;
  return {
    summary: `${onboarding.company}: marketplace onboarding ${onboarding.id}, starting at ${startAt}`,
    onboardingId: onboarding.id,
    company: onboarding.company,
    startAt,
    step: {},
    config: { providerWaitSeconds, teamWaitSeconds, dueSeconds: dueSecondsInput(deps.waits, durations) },
  };
}
