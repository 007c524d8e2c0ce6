import type { Role } from '../checklist/stages.ts';
import type { AppConfig } from '../config.ts';
import type { Onboarding } from './model.ts';

/** The address on file for a role: the provider contact, the onboarding's rep, or a team mailbox. */
export function recipientFor(role: Role, onboarding: Onboarding, config: AppConfig): string {
  switch (role) {
    case 'provider':
      return onboarding.contactEmail;
    case 'rep':
      return onboarding.repEmail;
    default:
      return config.teams[role];
  }
}
