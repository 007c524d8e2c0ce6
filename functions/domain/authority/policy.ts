import type { OnboardingStatus } from '../model.ts';

/**
 * Who may act, as data: for each kind of credential (an emailed link of some kind, or ops' signed
 * request), which actions it may take, for whom, and while the onboarding is in which state. The one
 * decision point (`authorize.ts`) walks this table; the table in docs/security.md is generated from it, and the
 * matrix test on `npm start` walks every cell. A new route or link kind is a new row here first.
 */
export const CREDENTIALS = [
  /** `/a/<id>`: an action link, minted for one person and one wait. */
  'step-link',
  /** `/p/<id>`: a provider person's own checklist link (emails addressed to them alone). */
  'checklist',
  /** `/p/<id>` from an email with someone in copy: it shows the checklist and changes nothing. */
  'checklist-copy',
  /** `/r/<id>`: everything waiting on one staff address (a rep or a team mailbox). */
  'queue',
  /** `/t/<id>`: the primary contact's link to confirm a colleague joining the team. */
  'invitation',
  /** Ops: a SigV4-signed request (people API, callbacks), the CLI, the local ops console. */
  'ops',
] as const;
export type Credential = (typeof CREDENTIALS)[number];

export const ACTIONS = [
  'view-checklist',
  'view-queue',
  'view-step',
  'go-onwards',
  'decide-step',
  'renew-link',
  'open-step',
  'email-step-link',
  'hand-over-step',
  'claim-step',
  'release-claim',
  'invite-colleague',
  'confirm-invitation',
  'remove-member',
  'add-product',
  'change-contact',
  'change-rep',
  'read-audit',
  'stop-onboarding',
  'post-message',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What the holder is to the onboarding *now* (never what they were when the link was minted):
 * its primary contact, a member of its provider team, its marketplace rep, the person a step is
 * with, the mailbox a queue is for, or ops.
 */
export type Standing = 'contact' | 'member' | 'rep' | 'step-holder' | 'mailbox' | 'ops';

export interface Rule {
  /** Any one of these standings qualifies. */
  who: readonly Standing[];
  /** The onboarding states in which the action may be taken. */
  when: readonly OnboardingStatus[];
  /** Only staff steps (never the provider's): set for hand-overs from a page and ops' callbacks. */
  staffStepsOnly?: true;
  /** Only a team's steps (Platform Enablement, billing, marketplace team): "I'm on it" is for teams. */
  teamStepsOnly?: true;
  /** The plain-word refusal when the holder still holds the link but not this action. */
  otherwise?: string;
}

const ANY: readonly OnboardingStatus[] = ['in-progress', 'completed', 'stopped'];
const RUNNING: readonly OnboardingStatus[] = ['in-progress'];
const NOT_STOPPED: readonly OnboardingStatus[] = ['in-progress', 'completed'];
const PROVIDER: readonly Standing[] = ['contact', 'member'];

export const POLICY: Record<Credential, Partial<Record<Action, Rule>>> = {
  'step-link': {
    'view-step': { who: ['step-holder'], when: ANY },
    // "Go to your checklist" (or queue) on a step that is over: a fresh page link for the holder.
    'go-onwards': { who: ['step-holder'], when: ANY },
    'decide-step': { who: ['step-holder'], when: RUNNING },
    'renew-link': { who: ['step-holder'], when: RUNNING },
    // A question or an answer on the step's conversation: it never changes the step.
    'post-message': { who: ['step-holder'], when: RUNNING },
    'hand-over-step': {
      who: ['step-holder'],
      when: RUNNING,
      staffStepsOnly: true,
      otherwise:
        'Provider steps are not handed over from their page: the primary contact can invite a colleague to the team, or your marketplace contact can change the contact.',
    },
  },
  checklist: {
    'view-checklist': { who: PROVIDER, when: ANY },
    'open-step': {
      who: ['step-holder'],
      when: RUNNING,
      otherwise: 'This page cannot open that step. Use the link in the email about it.',
    },
    'invite-colleague': { who: PROVIDER, when: NOT_STOPPED },
    'remove-member': {
      who: ['contact'],
      when: NOT_STOPPED,
      otherwise: 'Only the primary contact can remove a colleague from the team.',
    },
    'add-product': { who: PROVIDER, when: NOT_STOPPED },
    // The provider's people talk on any step of their onboarding, staff steps included.
    'post-message': { who: PROVIDER, when: RUNNING },
  },
  'checklist-copy': {
    // The rep's copy of the provider's news carries one of these, minted for the rep.
    'view-checklist': { who: ['contact', 'member', 'rep'], when: ANY },
    // The button emails the step's link to the person it is with, never to whoever pressed it.
    'email-step-link': {
      who: ['step-holder'],
      when: RUNNING,
      otherwise: 'This page cannot open that step. Use the link in the email about it.',
    },
  },
  queue: {
    'view-queue': { who: ['mailbox'], when: ANY },
    'open-step': {
      who: ['step-holder'],
      when: RUNNING,
      otherwise: 'This page cannot open that step. Use the link in the email about it.',
    },
    'change-contact': {
      who: ['rep'],
      when: RUNNING,
      otherwise:
        "Only the onboarding's marketplace representative can change its provider contact; write to operations.",
    },
    // "I'm on it" on a team's step, and letting go of it: a label for the team, never a lock.
    'claim-step': {
      who: ['step-holder'],
      when: RUNNING,
      teamStepsOnly: true,
      otherwise: 'Only the team this step is waiting on can say one of them is on it.',
    },
    'release-claim': {
      who: ['step-holder'],
      when: RUNNING,
      teamStepsOnly: true,
      otherwise: 'Only the team this step is waiting on can say one of them is on it.',
    },
    // The rep talks on any step of their onboardings; a team mailbox on the steps addressed to it.
    'post-message': {
      who: ['rep', 'step-holder'],
      when: RUNNING,
      otherwise:
        "Only the onboarding's marketplace representative or the step's holder can write on this step.",
    },
  },
  invitation: {
    'confirm-invitation': { who: ['contact'], when: NOT_STOPPED },
  },
  ops: {
    'decide-step': {
      who: ['ops'],
      when: RUNNING,
      staffStepsOnly: true,
      otherwise: "Provider steps are the provider's to complete through their own link.",
    },
    'hand-over-step': { who: ['ops'], when: RUNNING },
    'change-contact': { who: ['ops'], when: ['in-progress', 'stopped'] },
    'change-rep': { who: ['ops'], when: ['in-progress', 'stopped'] },
    'add-product': { who: ['ops'], when: NOT_STOPPED },
    'remove-member': { who: ['ops'], when: ANY },
    'read-audit': { who: ['ops'], when: ANY },
    'stop-onboarding': { who: ['ops'], when: RUNNING },
    'post-message': { who: ['ops'], when: RUNNING },
    // Resend: the step's link again, to the person it is with on file (never to whoever asks).
    'email-step-link': { who: ['ops'], when: RUNNING },
  },
};

/** The credential's purpose, for the policy table in docs/security.md: what it is valid for, and until when. */
export const PURPOSE: Record<Credential, string> = {
  'step-link':
    'while the step is with its holder (or, for a provider step with the primary contact, with any provider person)',
  checklist: 'while its holder is the primary contact or on the team',
  'checklist-copy':
    "the rep's copy of the provider's news: while its holder is the rep, contact or on the team; never changes anything",
  queue: 'for the mailbox it was sent to; each step only while addressed to it',
  invitation: 'while the contact it was sent to is still the primary contact',
  ops: 'an IAM principal (people API, callbacks) or ops on this machine (CLI, local console)',
};
