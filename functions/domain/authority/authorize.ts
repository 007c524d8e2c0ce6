import type { Role } from '../../checklist/stages.ts';
import type { AppConfig } from '../../config.ts';
import { isProviderPerson, type Onboarding, type Wait } from '../model.ts';
import { type Action, type Credential, POLICY, type Standing } from './policy.ts';

/** One request to act: who holds which credential, what they want to do, on what. */
export interface AuthorityRequest {
  credential: Credential;
  /** The address the link was minted for, or ops' IAM principal. */
  holder: string;
  action: Action;
  onboarding: Onboarding;
  /** The step acted on, for step actions (view, decide, renew, open, hand over). */
  wait?: Wait;
  /** A step link's role as minted: it must be the step's. */
  linkRole?: Role;
}

export type RefusalReason =
  /** The holder no longer holds the link's purpose (a former contact, rep or member): nothing shown. */
  | 'no-longer-yours'
  /** The step moved to someone else: the route may say to whom, if the holder may know. */
  | 'handed-over'
  /** A checklist link from an email with someone in copy: it only shows the checklist. */
  | 'read-only'
  | 'not-allowed'
  | 'wrong-role'
  | 'stopped'
  | 'completed';

export interface Refusal {
  reason: RefusalReason;
  status: number;
  title: string;
  message: string;
}

export type Verdict = { allowed: true } | { allowed: false; refusal: Refusal };

type AuthorityConfig = Pick<AppConfig, 'resources'>;

/** The roles whose steps wait on a shared team mailbox rather than on one person. */
export const TEAM_ROLES: readonly Role[] = ['platform-enablement', 'billing', 'marketplace-team'];

/**
 * The one decision point: may this holder take this action on this onboarding (and step), now?
 * Every route that acts on a link or a signature asks it before doing anything else, so a change of
 * contact, rep, team or step holder takes effect at once for every link already emailed.
 */
export function authorize(config: AuthorityConfig, request: AuthorityRequest): Verdict {
  const { credential, action, onboarding, wait } = request;
  const refuse = (reason: RefusalReason, message?: string): Verdict => ({
    allowed: false,
    refusal: refusal(config, reason, message),
  });

  if (!holdsPurpose(request)) return refuse('no-longer-yours');
  if (credential === 'step-link' && wait && request.linkRole !== wait.role) return refuse('wrong-role');

  const rule = POLICY[credential][action];
  if (!rule) return refuse(credential === 'checklist-copy' ? 'read-only' : 'not-allowed');
  const standings = standingsOf(request);
  if (!rule.who.some((standing) => standings.has(standing))) {
    // A step link whose step moved on: "handed over" (the route says to whom when the holder may know).
    if (credential === 'step-link') return refuse('handed-over');
    return refuse('not-allowed', rule.otherwise);
  }
  if (rule.staffStepsOnly && wait?.role === 'provider') return refuse('not-allowed', rule.otherwise);
  if (rule.teamStepsOnly && !(wait && TEAM_ROLES.includes(wait.role))) {
    return refuse('not-allowed', rule.otherwise);
  }
  if (!rule.when.includes(onboarding.status)) {
    return refuse(onboarding.status === 'stopped' ? 'stopped' : 'completed');
  }
  return { allowed: true };
}

/** What the holder is to the onboarding now. */
export function standingsOf(request: AuthorityRequest): Set<Standing> {
  const { credential, holder, onboarding, wait } = request;
  const standings = new Set<Standing>();
  if (credential === 'ops') return standings.add('ops');
  if (same(holder, onboarding.contactEmail)) standings.add('contact');
  if ((onboarding.team ?? []).some((member) => same(member.email, holder))) standings.add('member');
  if (same(holder, onboarding.repEmail)) standings.add('rep');
  if (credential === 'queue') standings.add('mailbox');
  if (wait && holdsStep(holder, wait, onboarding)) standings.add('step-holder');
  return standings;
}

/**
 * A staff step is held by the address it is with. A provider step is held by the person it is with;
 * unless it was handed to one member, the whole team holds it (each member acts under their own name):
 * with the primary contact, or with a former contact for a step done before the change. Once handed to
 * one member, only that member holds it: the contact's links say so.
 */
export function holdsStep(holder: string, wait: Wait, onboarding: Onboarding): boolean {
  if (wait.role !== 'provider') return same(wait.recipient, holder);
  if (!isProviderPerson(onboarding, holder)) return false;
  const withOneMember = (onboarding.team ?? []).some((member) => same(member.email, wait.recipient));
  return same(wait.recipient, holder) || !withOneMember;
}

/** A link is valid only while its holder still holds what it was minted for. */
function holdsPurpose(request: AuthorityRequest): boolean {
  const { credential, holder, onboarding, wait } = request;
  switch (credential) {
    case 'step-link':
      // A provider step's link needs a provider person; a staff step's, never one (roles do not cross).
      if (wait?.role === 'provider') return isProviderPerson(onboarding, holder);
      if (isProviderPerson(onboarding, holder)) return false;
      // A rep's step: the onboarding's rep now, or someone the step was handed to or from (who is
      // then told it was handed over). A former rep's link to a step they did is no longer theirs.
      if (wait?.role === 'rep') {
        return (
          same(holder, onboarding.repEmail) ||
          (wait.handovers ?? []).some((handover) => same(handover.from, holder) || same(handover.to, holder))
        );
      }
      return true;
    case 'checklist':
      return isProviderPerson(onboarding, holder);
    case 'checklist-copy':
      return isProviderPerson(onboarding, holder) || same(holder, onboarding.repEmail);
    case 'invitation':
      return same(holder, onboarding.contactEmail);
    case 'queue':
    case 'ops':
      return true;
  }
}

function refusal(config: AuthorityConfig, reason: RefusalReason, message?: string): Refusal {
  const write = `write to ${config.resources.contactEmail}`;
  switch (reason) {
    case 'no-longer-yours':
      return {
        reason,
        status: 410,
        title: 'This link is no longer yours to use',
        message: `Who does what on this onboarding has changed since this link was emailed to you, so it no longer works for you. Nothing was changed. If you think this is wrong, ${write}.`,
      };
    case 'handed-over':
      return {
        reason,
        status: 410,
        title: 'This step was handed over',
        message:
          'This step is now with someone else, who has their own link for it. Nothing more is needed from you here.',
      };
    case 'read-only':
      return {
        reason,
        status: 403,
        title: 'This link can only show the checklist',
        message:
          'This checklist link came in an email sent to more than one person, so it shows the checklist but changes nothing. Use the link in an email addressed to you alone: every step email has one.',
      };
    case 'wrong-role':
      return {
        reason,
        status: 403,
        title: 'Not allowed',
        message: 'This link cannot be used for this step. Use the link that was emailed to you for it.',
      };
    case 'stopped':
      return {
        reason,
        status: 409,
        title: 'This onboarding was stopped',
        message: `This onboarding was stopped, so nothing more can be done on it here. Nothing was changed. If it should continue, ${write}.`,
      };
    case 'completed':
      return {
        reason,
        status: 409,
        title: 'This onboarding is complete',
        message: 'This onboarding is complete, so this can no longer be done. Nothing was changed.',
      };
    case 'not-allowed':
      return {
        reason,
        status: 403,
        title: 'Not allowed',
        message: message ?? 'This link cannot do that. Use the link in the email about it.',
      };
  }
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
