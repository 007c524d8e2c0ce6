import type { AppConfig } from '../../config.ts';
import { renderTeamInvitationEmail } from '../../emails/team-invitation-email.ts';
import { metricsOf } from '../../observability/metrics.ts';
import { mintSecretId, sha256Hex } from '../action-links.ts';
import { authorize } from '../authority/authorize.ts';
import { checklistHolderFor } from '../authority/checklist-act.ts';
import { providerSideProblem } from '../authority/staff-addresses.ts';
import type { Dependencies } from '../dependencies.ts';
import { EMAIL_ON_REQUEST_LIMITS } from '../email-on-request.ts';
import { ConflictError, InvalidInputError } from '../errors.ts';
import type { Allowance, Onboarding, TeamMember } from '../model.ts';
import { parseInput } from '../parse-input.ts';
import { partyOf } from '../party.ts';
import { replyToFor } from '../recipients.ts';
import { sendOrReport } from '../send-email.ts';
import { MAX_TEAM } from '../start-onboarding-rules.ts';
import { joinTeam } from './join-team.ts';

export type InviteOutcome =
  /** The primary contact asked herself: the colleague is on the team and was emailed their own link. */
  | { kind: 'added'; member: TeamMember }
  /** The colleague was on the team already (a second click of the contact's own request). */
  | { kind: 'already-member'; member: TeamMember }
  /** The primary contact was emailed a link to confirm the new member. */
  | { kind: 'asked'; contactEmail: string; member: TeamMember }
  /** The request limits held it back: nothing was sent this time. */
  | { kind: 'suppressed'; contactEmail: string; retryAt: string }
  | { kind: 'expired' };

/** Where the confirmation link points: `/t/<id>` (a page; only its POST confirms). */
export function invitationUrl(publicBaseUrl: string, linkId: string): string {
  return `${publicBaseUrl}/t/${linkId}`;
}

/**
 * A provider person asks, from their checklist, to add a colleague to the team. When the policy says
 * the asker may confirm invitations herself (she is the primary contact), the colleague joins at once;
 * otherwise the colleague is not emailed: the primary contact is, with a link to confirm.
 * Throttled like every email sent on request: one request per colleague every 5 minutes, and the
 * contact's hourly allowance shared with link requests.
 */
export async function inviteColleague(
  deps: Dependencies,
  request: { linkId: string; fields: unknown },
): Promise<InviteOutcome> {
  const asked = await checklistHolderFor(deps, request.linkId, 'invite-colleague');
  if (asked.kind === 'expired') return { kind: 'expired' };
  const { onboarding, holder: inviter } = asked;
  const member = await parseInput('invite', request.fields, 'No one was invited');
  assertCanJoin(deps.config, onboarding, member);
  // Confirming is the primary contact's: asking her to confirm her own request would be a dead end.
  const confirmsHerself = authorize(deps.config, {
    credential: 'invitation',
    holder: inviter,
    action: 'confirm-invitation',
    onboarding,
  }).allowed;
  if (confirmsHerself) {
    const at = deps.clock().toISOString();
    const joined = await joinTeam(deps, { onboarding, member, askedBy: inviter, confirmedBy: inviter, at });
    return { kind: joined === 'added' ? 'added' : 'already-member', member };
  }

  const at = deps.clock();
  const allowances: Allowance[] = [
    { key: `invite#${onboarding.id}#${member.email}`, ...EMAIL_ON_REQUEST_LIMITS.perStep },
    { key: `recipient#${onboarding.contactEmail.toLowerCase()}`, ...EMAIL_ON_REQUEST_LIMITS.perRecipient },
  ];
  const taken: Allowance[] = [];
  for (const allowance of allowances) {
    const result = await deps.store.takeAllowance(allowance, at);
    if (result.granted) {
      taken.push(allowance);
      continue;
    }
    metricsOf(deps).count('EmailsSuppressed');
    if (result.firstRefusal) {
      await deps.store.appendEvent({
        onboardingId: onboarding.id,
        type: 'email-suppressed',
        at: at.toISOString(),
        actor: inviter,
        detail: `Team invitations beyond ${allowance.limit} per ${allowance.windowSeconds / 60} minutes: none sent until ${result.retryAt}; later requests in this burst are not recorded`,
      });
    }
    for (const given of taken) await deps.store.returnAllowance(given, at);
    return { kind: 'suppressed', contactEmail: onboarding.contactEmail, retryAt: result.retryAt };
  }

  const linkId = mintSecretId();
  await deps.store.putInvitation({
    idHash: sha256Hex(linkId),
    onboardingId: onboarding.id,
    member,
    invitedBy: inviter,
    contactEmail: onboarding.contactEmail,
    createdAt: at.toISOString(),
    expiresAt: new Date(at.getTime() + deps.config.linkTtlSeconds * 1000).toISOString(),
  });
  const email = renderTeamInvitationEmail({
    party: partyOf(onboarding),
    inviter: personName(onboarding, inviter),
    member,
    confirmUrl: invitationUrl(deps.config.publicBaseUrl, linkId),
    resources: deps.config.resources,
  });
  const messageId = await sendOrReport(deps, onboarding, {
    to: [onboarding.contactEmail],
    replyTo: replyToFor('provider', onboarding, deps.config),
    ...email,
    tags: { onboardingId: onboarding.id },
  });
  if (!messageId) {
    for (const given of taken) await deps.store.returnAllowance(given, at);
    throw new ConflictError(
      `We could not email ${onboarding.contactEmail} to confirm. Your marketplace contact has been told; nothing changed.`,
    );
  }
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'colleague-invited',
    at: at.toISOString(),
    actor: inviter,
    detail: `${member.name} <${member.email}>: confirmation asked of ${onboarding.contactEmail}`,
  });
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'email-sent',
    at: at.toISOString(),
    actor: onboarding.contactEmail,
    detail: `team-invitation: ${email.subject} (${messageId})`,
  });
  deps.logger.info('Colleague invited', { onboardingId: onboarding.id });
  return { kind: 'asked', contactEmail: onboarding.contactEmail, member };
}

/** The team's rules, as the start API's: at most MAX_TEAM members, each distinct from the contact. */
export function assertCanJoin(
  config: Pick<AppConfig, 'teams' | 'staffDomains'>,
  onboarding: Pick<Onboarding, 'id' | 'status' | 'contactEmail' | 'team' | 'company' | 'repEmail'>,
  member: TeamMember,
): void {
  if (onboarding.status === 'stopped') {
    throw new ConflictError(`Onboarding ${onboarding.id} was stopped, so its team cannot change.`);
  }
  const email = member.email.toLowerCase();
  if (onboarding.contactEmail.toLowerCase() === email) {
    const problem = `${member.email} is the primary contact already.`;
    throw new InvalidInputError(`No one was invited: ${problem}`, { email: problem });
  }
  if ((onboarding.team ?? []).some((existing) => existing.email.toLowerCase() === email)) {
    const problem = `${member.email} is on the team already.`;
    throw new InvalidInputError(`No one was invited: ${problem}`, { email: problem });
  }
  const crossing = providerSideProblem(config, onboarding, member.email);
  if (crossing) throw new InvalidInputError(`No one was invited: ${crossing}`, { email: crossing });
  if ((onboarding.team ?? []).length >= MAX_TEAM) {
    throw new ConflictError(
      `${onboarding.company}'s team has ${MAX_TEAM} people besides the contact, the most it can have.`,
    );
  }
}

/** "Grace Hopper (grace@acme.example)": the contact's or a member's name with their address. */
export function personName(
  onboarding: Pick<Onboarding, 'contactEmail' | 'contactName' | 'team'>,
  address: string,
) {
  const wanted = address.toLowerCase();
  const name =
    onboarding.contactEmail.toLowerCase() === wanted
      ? onboarding.contactName
      : onboarding.team?.find((member) => member.email.toLowerCase() === wanted)?.name;
  return name ? `${name} (${address})` : address;
}
