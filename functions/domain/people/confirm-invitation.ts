import { renderTeamWelcomeEmail } from '../../emails/team-welcome-email.ts';
import { isWellFormedLinkId, sha256Hex } from '../action-links.ts';
import { authorize } from '../authority/authorize.ts';
import { RefusedError } from '../authority/refused-error.ts';
import type { Dependencies } from '../dependencies.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Onboarding, TeamInvitation } from '../model.ts';
import { partyOf } from '../party.ts';
import { sendOrReport } from '../send-email.ts';
import { MAX_TEAM } from '../start-onboarding.ts';
import { mintViewLink } from '../view-links.ts';
import { assertCanJoin, personName } from './invite-colleague.ts';

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
  if (!isWellFormedLinkId(linkId)) throw new NotFoundError(UNKNOWN);
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
  | { kind: 'added'; invitation: TeamInvitation; onboarding: Onboarding }
  /** A second click (or someone else's): the member is on the team already. */
  | { kind: 'already-added'; invitation: TeamInvitation; onboarding: Onboarding }
  | Extract<InvitationState, { kind: 'expired' | 'contact-changed' }>;

/**
 * The primary contact confirms a new team member: the invitation is marked confirmed exactly once,
 * then the member joins the team with a conditional write — only the request that adds them emails
 * their checklist link, so a double click (or ten) adds once and sends one welcome. A request that
 * stopped between the two writes is completed by the next click.
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
  if (state.kind === 'confirmed' && onTeam) return { kind: 'already-added', invitation, onboarding };
  if (!onTeam) assertCanJoin(deps.config, onboarding, member);

  const at = deps.clock().toISOString();
  const confirmed = await deps.store.confirmInvitation(invitation.idHash, {
    at,
    by: invitation.contactEmail,
  });
  const record = confirmed.invitation ?? invitation;
  const added = await deps.store.addTeamMember(onboarding.id, member, MAX_TEAM);
  if (added === 'no-onboarding') throw new NotFoundError('This onboarding no longer exists.');
  if (added === 'full') {
    throw new ConflictError(
      `${onboarding.company}'s team has ${MAX_TEAM} people besides the contact, the most it can have.`,
    );
  }
  if (added === 'already-member') return { kind: 'already-added', invitation: record, onboarding };

  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'team-member-added',
    at,
    actor: invitation.contactEmail,
    detail: `${member.name} <${member.email}> joined the team (asked by ${invitation.invitedBy}, confirmed by ${invitation.contactEmail})`,
  });
  // Their own checklist: from it they open the provider's steps under their own name.
  const checklistUrl = await mintViewLink(deps, {
    view: 'checklist',
    onboardingId: onboarding.id,
    recipient: member.email,
    opensSteps: true,
  });
  const email = renderTeamWelcomeEmail({
    party: partyOf(onboarding),
    memberName: member.name,
    checklistUrl,
    resources: deps.config.resources,
  });
  const messageId = await sendOrReport(deps, onboarding, {
    to: [member.email],
    ...email,
    tags: { onboardingId: onboarding.id },
  });
  if (messageId) {
    await deps.store.appendEvent({
      onboardingId: onboarding.id,
      type: 'email-sent',
      at,
      actor: member.email,
      detail: `team-welcome: ${email.subject} (${messageId})`,
    });
  }
  deps.logger.info('Team member added', { onboardingId: onboarding.id });
  const team = [...(onboarding.team ?? []), member];
  return { kind: 'added', invitation: record, onboarding: { ...onboarding, team } };
}
