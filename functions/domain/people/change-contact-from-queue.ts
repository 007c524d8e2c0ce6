import { assertAllowed } from '../authority/refused-error.ts';
import type { Dependencies } from '../dependencies.ts';
import { EMAIL_ON_REQUEST_LIMITS } from '../email-on-request.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { Allowance } from '../model.ts';
import { ONBOARDING_ID } from '../onboarding-ids.ts';
import { parseInput } from '../parse-input.ts';
import { resolveViewLink } from '../view-links.ts';
import { changeContact } from './change-contact.ts';

export type QueueContactOutcome =
  | { kind: 'changed'; company: string; from: string; to: string; stepsHandedOver: number }
  /** The request limits held it back: nothing changed and nothing was sent. */
  | { kind: 'suppressed'; retryAt: string }
  | { kind: 'expired' };

/**
 * The rep of an onboarding replaces its provider contact from their queue page (`/r/<id>`): the
 * queue link is the credential, only the onboarding's own rep may, and the rep is the actor on
 * record. It then is ops' `changeContact`: waiting provider steps are handed to the new contact, who
 * is emailed a link for each. Throttled like every route that sends email on request.
 */
export async function changeContactFromQueue(
  deps: Dependencies,
  request: { linkId: string; fields: unknown },
): Promise<QueueContactOutcome> {
  const state = await resolveViewLink(deps, 'queue', request.linkId);
  if (state.kind === 'expired') return { kind: 'expired' };
  const { onboarding: onboardingId, ...rest } = splitOnboarding(request.fields);
  const onboarding = await deps.store.getOnboarding(onboardingId);
  if (!onboarding) throw new NotFoundError('There is no such onboarding.');
  const rep = state.link.recipient;
  // Only the onboarding's own rep, and only while it runs (a stopped one is ops' to change, then resume).
  assertAllowed(deps.config, { credential: 'queue', holder: rep, action: 'change-contact', onboarding });
  const fields = await parseInput('queueContact', rest, 'The contact was not changed');

  const at = deps.clock();
  const allowances: Allowance[] = [
    { key: `contact#${onboarding.id}`, ...EMAIL_ON_REQUEST_LIMITS.perStep },
    { key: `recipient#${fields.email}`, ...EMAIL_ON_REQUEST_LIMITS.perRecipient },
  ];
  const taken: Allowance[] = [];
  for (const allowance of allowances) {
    const result = await deps.store.takeAllowance(allowance, at);
    if (!result.granted) {
      for (const given of taken) await deps.store.returnAllowance(given, at);
      deps.logger.info('Contact not changed: request limit reached', { onboardingId: onboarding.id });
      return { kind: 'suppressed', retryAt: result.retryAt };
    }
    taken.push(allowance);
  }
  try {
    const changed = await changeContact(deps, {
      onboardingId: onboarding.id,
      who: 'provider',
      fields,
      by: rep,
    });
    return { kind: 'changed', company: onboarding.company, ...changed };
  } catch (error) {
    // Refused (already the contact, complete): nothing was sent, so the sends are given back.
    for (const given of taken) await deps.store.returnAllowance(given, at);
    throw error;
  }
}

function splitOnboarding(fields: unknown): { onboarding: string } & Record<string, unknown> {
  const record = (typeof fields === 'object' && fields !== null ? fields : {}) as Record<string, unknown>;
  const { onboarding, ...rest } = record;
  if (typeof onboarding !== 'string' || !ONBOARDING_ID.test(onboarding)) {
    throw new InvalidInputError('Use the form on your queue page to change a provider contact.');
  }
  return { onboarding, ...rest };
}
