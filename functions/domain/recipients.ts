import type { Role } from '../checklist/stages.ts';
import type { AppConfig } from '../config.ts';
import type { Onboarding } from './model.ts';

/** The address on file for a role: the provider contact, the onboarding's rep, or a team mailbox. */
/**
 * Where a reply to an email goes (its Reply-To): to the provider's rep for anyone on the provider's
 * side, so their questions reach a person who knows the onboarding; to the marketplace mailbox (the
 * contact address pages show) for the rep and the marketplace teams. The sender address itself
 * receives nothing: SES only sends from it.
 */
export function replyToFor(role: Role, onboarding: Onboarding, config: AppConfig): string {
  return role === 'provider' ? onboarding.repEmail : config.mail.replyTo;
}

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
