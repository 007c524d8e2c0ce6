import type { Dependencies } from '../dependencies.ts';
import { NotFoundError } from '../errors.ts';
import type { Onboarding } from '../model.ts';
import { credentialOf } from '../open-step.ts';
import { resolveViewLink } from '../view-links.ts';
import type { Action } from './policy.ts';
import { assertAllowed } from './refused-error.ts';

/**
 * A checklist form's first step, for every form on it: read the link and its onboarding, and ask the
 * one decision point before anything is read from the form (a former member, a link from an email
 * with others in copy or a stopped onboarding is refused with nothing done).
 */
export async function checklistHolderFor(
  deps: Pick<Dependencies, 'store' | 'clock' | 'config'>,
  linkId: string,
  action: Action,
): Promise<{ kind: 'allowed'; holder: string; onboarding: Onboarding } | { kind: 'expired' }> {
  const state = await resolveViewLink(deps, 'checklist', linkId);
  if (state.kind === 'expired') return { kind: 'expired' };
  const onboarding = state.link.onboardingId
    ? await deps.store.getOnboarding(state.link.onboardingId)
    : undefined;
  if (!onboarding) throw new NotFoundError('This onboarding no longer exists.');
  assertAllowed(deps.config, {
    credential: credentialOf(state.link),
    holder: state.link.recipient,
    action,
    onboarding,
  });
  return { kind: 'allowed', holder: state.link.recipient, onboarding };
}
