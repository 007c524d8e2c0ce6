import type { EmailParty } from '../emails/types.ts';
import type { Onboarding } from './model.ts';

/** Who an email or page is about, from the onboarding record. */
export function partyOf(onboarding: Onboarding): EmailParty {
  return {
    company: onboarding.company,
    contactName: onboarding.contactName,
    onboardingId: onboarding.id,
    alias: onboarding.alias,
  };
}
