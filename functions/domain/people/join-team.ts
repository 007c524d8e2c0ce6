import { renderTeamWelcomeEmail } from '../../emails/team-welcome-email.ts';
import type { Dependencies } from '../dependencies.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { Onboarding, TeamMember } from '../model.ts';
import { partyOf } from '../party.ts';
import { replyToFor } from '../recipients.ts';
import { sendOrReport } from '../send-email.ts';
import { MAX_TEAM } from '../start-onboarding-rules.ts';
import { mintViewLink } from '../view-links.ts';

/**
 * A colleague joins the team with a conditional write: only the request that adds them audits it and
 * emails them their own checklist link, so a double click (or ten) adds once and sends one welcome.
 */
export async function joinTeam(
  deps: Dependencies,
  request: { onboarding: Onboarding; member: TeamMember; askedBy: string; confirmedBy: string; at: string },
): Promise<'added' | 'already-member'> {
  const { onboarding, member, at } = request;
  const added = await deps.store.addTeamMember(onboarding.id, member, MAX_TEAM);
  if (added === 'no-onboarding') throw new NotFoundError('This onboarding no longer exists.');
  if (added === 'full') {
    throw new ConflictError(
      `${onboarding.company}'s team has ${MAX_TEAM} people besides the contact, the most it can have.`,
    );
  }
  if (added === 'already-member') return added;

  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'team-member-added',
    at,
    actor: request.confirmedBy,
    detail:
      request.askedBy === request.confirmedBy
        ? `${member.name} <${member.email}> joined the team (added by the primary contact, ${request.confirmedBy})`
        : `${member.name} <${member.email}> joined the team (asked by ${request.askedBy}, confirmed by ${request.confirmedBy})`,
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
    replyTo: replyToFor('provider', onboarding, deps.config),
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
  return 'added';
}
