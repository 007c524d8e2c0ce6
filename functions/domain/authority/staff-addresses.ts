import type { AppConfig } from '../../config.ts';
import { isProviderPerson, type Onboarding } from '../model.ts';

type StaffConfig = Pick<AppConfig, 'teams' | 'staffDomains'>;

/**
 * Whether an address belongs to the marketplace's staff: a team mailbox, or an address at one of the
 * configured staff domains. Staff and provider people never cross: a staff address can hold staff
 * steps only, and can never become a provider contact or team member (and the reverse).
 */
export function isStaffAddress(config: StaffConfig, address: string): boolean {
  const wanted = address.toLowerCase();
  if (Object.values(config.teams).some((mailbox) => mailbox.toLowerCase() === wanted)) return true;
  const domain = wanted.slice(wanted.lastIndexOf('@') + 1);
  return config.staffDomains.includes(domain);
}

/** Why `address` may not join the provider's side of `onboarding` (contact or team), or undefined. */
export function providerSideProblem(
  config: StaffConfig,
  onboarding: Pick<Onboarding, 'repEmail'> | undefined,
  address: string,
): string | undefined {
  if (onboarding && onboarding.repEmail.toLowerCase() === address.toLowerCase()) {
    return `${address} is this onboarding's marketplace representative, so it cannot also act for the provider.`;
  }
  if (isStaffAddress(config, address)) {
    return `${address} is a marketplace staff address, so it cannot act for the provider. Give the provider's own address.`;
  }
  return undefined;
}

/** Why `address` may not hold a staff step (or be the rep) of `onboarding`, or undefined. */
export function staffSideProblem(
  config: StaffConfig,
  onboarding: Pick<Onboarding, 'contactEmail' | 'team'> | undefined,
  address: string,
): string | undefined {
  if (onboarding && isProviderPerson(onboarding, address)) {
    return `${address} acts for the provider on this onboarding, so it cannot take a marketplace step.`;
  }
  if (!isStaffAddress(config, address)) {
    return `${address} is not a marketplace staff address (staff domains: ${config.staffDomains.join(', ')}). Marketplace steps go to staff only.`;
  }
  return undefined;
}

/**
 * A start's people, checked against the roles: the contact and the team act for the provider and
 * are never staff; the rep is staff and never one of the provider's people. Plain words per field.
 */
export function startRoleProblems(
  config: StaffConfig,
  start: { contactEmail: string; repEmail: string; team?: readonly { email: string }[] },
): Record<string, string> {
  const problems: Record<string, string> = {};
  const asRep = { repEmail: start.repEmail };
  const contact = providerSideProblem(config, asRep, start.contactEmail);
  if (contact) problems.contactEmail = contact;
  const member = (start.team ?? [])
    .map((person) => providerSideProblem(config, asRep, person.email))
    .find(Boolean);
  if (member) problems.team = member;
  const rep = staffSideProblem(
    config,
    {
      contactEmail: start.contactEmail,
      team: (start.team ?? []).map((person) => ({ name: '', email: person.email })),
    },
    start.repEmail,
  );
  if (rep) problems.repEmail = rep;
  return problems;
}
