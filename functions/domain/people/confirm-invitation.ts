import { isWellFormedSecretId, sha256Hex } from '../action-links.ts';
import { authorize } from '../authority/authorize.ts';
import { RefusedError } from '../authority/refused-error.ts';
import type { Dependencies } from '../dependencies.ts';
import { NotFoundError } from '../errors.ts';
import type { Onboarding, TeamInvitation } from '../model.ts';
import { mintViewLink } from '../view-links.ts';
import { assertCanJoin, personName } from './invite-colleague.ts';
import { joinTeam } from './join-team.ts';

export type InvitationState =
  /** Waiting for the contact: the page shows who asked and a button. */
  | { kind: 'open'; invitation: TeamInvitation; onboarding: Onboarding; inviter: string }
  | { kind: 'confirmed'; invitation: TeamInvitation; onboarding: Onboarding }
  /** Past its time, or the contact it was sent to is no longer the contact. */
  | { kind: 'expired' | 'contact-changed'; invitation: TeamInvitation; onboarding: Onboarding };

const UNKNOWN =
  'This link is not valid. Check that you copied the whole address from the email, or ask your colleague to send the request again.';

/** Reads a team invitation link (`/t/<id>`); opening it changes nothing. */
export async function resolveInvitation(
  deps: Pick<Dependencies, 'store' | 'clock' | 'config'>,
  linkId: string,
): Promise<InvitationState> {
  if (!isWellFormedSecretId(linkId)) throw new NotFoundError(UNKNOWN);
  const invitation = await deps.store.getInvitation(sha256Hex(linkId));
  const onboarding = invitation && (await deps.store.getOnboarding(invitation.onboardingId));
  if (!invitation || !onboarding) throw new NotFoundError(UNKNOWN);
  if (invitation.confirmedAt) return { kind: 'confirmed', invitation, onboarding };
  if (Date.parse(invitation.expiresAt) <= deps.clock().getTime()) {
    return { kind: 'expired', invitation, onboarding };
  }
  // The one decision point: the link is the contact's only while they are still the contact.
  const verdict = authorize(deps.config, {
    credential: 'invitation',
    holder: invitation.contactEmail,
    action: 'confirm-invitation',
    onboarding,
  });
  if (!verdict.allowed) {
    if (verdict.refusal.reason === 'no-longer-yours')
      return { kind: 'contact-changed', invitation, onboarding };
    throw new RefusedError(verdict.refusal);
  }
  return {
    kind: 'open',
    invitation,
    onboarding,
    inviter: personName(onboarding, invitation.invitedBy),
  };
}

export type ConfirmOutcome =
  /** `checklistUrl`: the contact's own checklist, the way on from the page (minted by this POST). */
  | { kind: 'added'; invitation: TeamInvitation; onboarding: Onboarding; checklistUrl: string }
  /** A second click (or someone else's): the member is on the team already. */
  | { kind: 'already-added'; invitation: TeamInvitation; onboarding: Onboarding; checklistUrl: string }
  | Extract<InvitationState, { kind: 'expired' | 'contact-changed' }>;

/**
 * The primary contact confirms a new team member: the invitation is marked confirmed exactly once,
 * then the member joins the team (`joinTeam`: once, one welcome). A request that stopped between the
 * two writes is completed by the next click.
 */
export async function confirmInvitation(
  deps: Dependencies,
  request: { linkId: string },
): Promise<ConfirmOutcome> {
  const state = await resolveInvitation(deps, request.linkId);
  if (state.kind === 'expired' || state.kind === 'contact-changed') return state;
  const { invitation, onboarding } = state;
  const member = invitation.member;
  const onTeam = (onboarding.team ?? []).some(
    (existing) => existing.email.toLowerCase() === member.email.toLowerCase(),
  );
  const contactsChecklist = () =>
    mintViewLink(deps, {
      view: 'checklist',
      onboardingId: onboarding.id,
      recipient: invitation.contactEmail,
      opensSteps: true,
    });
  if (state.kind === 'confirmed' && onTeam)
    return { kind: 'already-added', invitation, onboarding, checklistUrl: await contactsChecklist() };
  if (!onTeam) assertCanJoin(deps.config, onboarding, member);

  const at = deps.clock().toISOString();
  const confirmed = await deps.store.confirmInvitation(invitation.idHash, {
    at,
    by: invitation.contactEmail,
  });
  const record = confirmed.invitation ?? invitation;
  const added = await joinTeam(deps, {
    onboarding,
    member,
    askedBy: invitation.invitedBy,
    confirmedBy: invitation.contactEmail,
    at,
  });
  const checklistUrl = await contactsChecklist();
  if (added === 'already-member')
    return { kind: 'already-added', invitation: record, onboarding, checklistUrl };
  const team = [...(onboarding.team ?? []), member];
  return { kind: 'added', invitation: record, onboarding: { ...onboarding, team }, checklistUrl };
}
