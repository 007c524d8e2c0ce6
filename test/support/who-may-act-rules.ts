import type { Action, Credential } from '../../functions/domain/authority/policy.ts';
import type { OnboardingStatus } from '../../functions/domain/model.ts';

/**
 * The rules of who may act, written from the words — not read back from the policy table —
 * so that the matrix tests (unit, and black box on `npm start`) catch a table or a decision point
 * that drifts from them.
 */
/** Every change of people or state a link can outlive, as both matrices walk them. */
export const LIFECYCLE_CHANGES = [
  'none',
  'contact changed',
  'rep changed',
  'provider step handed to the member',
  'staff step handed to a colleague',
  'member removed',
  'stopped',
  'completed',
] as const;
export type LifecycleChange = (typeof LIFECYCLE_CHANGES)[number];

export interface PeopleFacts {
  /** The provider contact was replaced since the link was emailed. */
  contactChanged: boolean;
  repChanged: boolean;
  /** The provider step was handed from the contact to the team member. */
  providerStepWithMember: boolean;
  /** The rep's step was handed to a colleague. */
  staffStepWithColleague: boolean;
  memberRemoved: boolean;
  status: OnboardingStatus;
}

export interface HeldLink {
  credential: Credential;
  /** Who the link was emailed to, as they were then (`mailbox`: a team's shared mailbox). */
  holder: 'contact' | 'member' | 'rep' | 'mailbox' | 'ops' | 'outsider';
  /** For step links and step buttons: the provider's step, the rep's, or a team's. */
  step?: 'provider' | 'staff' | 'team';
}

export function allowedByTheRules(link: HeldLink, action: Action, facts: PeopleFacts): boolean {
  const running = facts.status === 'in-progress';
  const stopped = facts.status === 'stopped';
  const isContact = link.holder === 'contact' && !facts.contactChanged;
  const isMember = link.holder === 'member' && !facts.memberRemoved;
  const provider = isContact || isMember;
  const providerStepIsTheirs = provider && (facts.providerStepWithMember ? link.holder === 'member' : true);
  const repStillRep = link.holder === 'rep' && !facts.repChanged;
  const staffStepIsTheirs = repStillRep && !facts.staffStepWithColleague;
  const stepIsTheirs = link.step === 'staff' ? staffStepIsTheirs : providerStepIsTheirs;
  // A team's step waits on its mailbox whoever comes and goes; any member answers from the mailbox's queue.
  const teamStepIsTheirs = link.holder === 'mailbox' && link.step === 'team';
  switch (link.credential) {
    case 'step-link':
      if (action === 'view-step' || action === 'go-onwards') return stepIsTheirs;
      if (action === 'decide-step' || action === 'renew-link') return stepIsTheirs && running;
      if (action === 'hand-over-step') return link.step === 'staff' && stepIsTheirs && running;
      // A question or an answer on the step: whoever holds it, while the onboarding runs.
      if (action === 'post-message') return stepIsTheirs && running;
      return false;
    case 'checklist':
      if (action === 'view-checklist') return provider;
      if (action === 'open-step') return providerStepIsTheirs && running;
      if (action === 'invite-colleague' || action === 'add-product') return provider && !stopped;
      if (action === 'remove-member') return isContact && !stopped;
      // The provider's people talk on any step of their onboarding, the marketplace's steps included.
      if (action === 'post-message') return provider && running;
      return false;
    case 'checklist-copy':
      // The rep's copy of the provider's news: it shows the checklist and changes nothing.
      if (action === 'view-checklist') return provider || repStillRep;
      if (action === 'email-step-link') return providerStepIsTheirs && running;
      return false;
    case 'queue':
      if (action === 'view-queue') return true;
      if (action === 'open-step')
        return (link.step === 'team' ? teamStepIsTheirs : staffStepIsTheirs) && running;
      if (action === 'change-contact') return repStillRep && running;
      // "I'm on it" (and letting go): a team's own steps only, while the onboarding runs.
      if (action === 'claim-step' || action === 'release-claim') return teamStepIsTheirs && running;
      // The rep talks on any step of their onboardings (a team mailbox only on the steps sent to it).
      if (action === 'post-message')
        return (repStillRep || (link.step === 'team' && teamStepIsTheirs)) && running;
      return false;
    case 'invitation':
      return action === 'confirm-invitation' && isContact && !stopped;
    case 'ops':
      switch (action) {
        case 'decide-step':
          // Callbacks decide staff steps only: the provider's are theirs, through their own link.
          return link.step !== 'provider' && running;
        case 'hand-over-step':
        case 'stop-onboarding':
        case 'post-message':
        case 'email-step-link':
          return running;
        case 'change-contact':
        case 'change-rep':
          return facts.status !== 'completed';
        case 'add-product':
          return !stopped;
        case 'remove-member':
        case 'read-audit':
          return true;
        default:
          return false;
      }
  }
}
