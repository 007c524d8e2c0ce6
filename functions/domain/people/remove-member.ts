import { checklistHolderFor } from '../authority/checklist-act.ts';
import type { Dependencies } from '../dependencies.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { TeamMember } from '../model.ts';
import { parseInput } from '../parse-input.ts';
import { handOverStep } from './hand-over-step.ts';

export interface RemoveMemberResult {
  member: TeamMember;
  /** Provider steps that were with the member and went back to the primary contact. */
  stepsReturned: number;
}

/**
 * A colleague leaves the provider team. Their checklist and step links stop working at once (the
 * policy checks the team as it is now); a provider step that was handed to them goes back to the
 * primary contact with a fresh link. Audited under whoever removed them.
 */
export async function removeMember(
  deps: Dependencies,
  request: { onboardingId: string; fields: unknown; by: string },
): Promise<RemoveMemberResult> {
  const { email, reason } = await parseInput('removeMember', request.fields, 'No one was removed');
  const removed = await deps.store.removeTeamMember(request.onboardingId, email);
  if (removed.kind !== 'removed') {
    if (removed.kind === 'no-onboarding') {
      throw new NotFoundError(`There is no onboarding "${request.onboardingId}".`);
    }
    const problem = `${email} is not on the team.`;
    throw new InvalidInputError(`No one was removed: ${problem}`, { email: problem });
  }
  const { member } = removed;
  const at = deps.clock().toISOString();
  await deps.store.appendEvent({
    onboardingId: request.onboardingId,
    type: 'team-member-removed',
    at,
    actor: request.by,
    detail: `${member.name} <${member.email}> left the team${reason ? ` (${reason})` : ''}`,
    onceKey: `removed#${member.email.toLowerCase()}`,
  });

  const onboarding = await deps.store.getOnboarding(request.onboardingId);
  let stepsReturned = 0;
  if (onboarding?.status === 'in-progress') {
    const theirs = (await deps.store.listWaits(onboarding.id)).filter(
      (wait) =>
        wait.status === 'pending' &&
        wait.role === 'provider' &&
        wait.recipient.toLowerCase() === member.email.toLowerCase(),
    );
    for (const wait of theirs) {
      const result = await handOverStep(deps, {
        onboardingId: onboarding.id,
        waitKey: wait.waitKey,
        fields: { to: onboarding.contactEmail, note: `${member.name} left the team.` },
        by: request.by,
        from: wait.recipient,
      });
      if (result.kind === 'handed-over') stepsReturned += 1;
    }
  }
  deps.logger.info('Team member removed', { onboardingId: request.onboardingId, stepsReturned });
  return { member, stepsReturned };
}

/** The primary contact's "Remove" on their checklist: the policy decides before anything is read from the form. */
export async function removeMemberFromChecklist(
  deps: Dependencies,
  request: { linkId: string; fields: unknown },
): Promise<({ kind: 'removed' } & RemoveMemberResult) | { kind: 'expired' }> {
  const asked = await checklistHolderFor(deps, request.linkId, 'remove-member');
  if (asked.kind === 'expired') return { kind: 'expired' };
  const { onboarding, holder } = asked;
  const result = await removeMember(deps, {
    onboardingId: onboarding.id,
    fields: request.fields,
    by: holder,
  });
  return { kind: 'removed', ...result };
}
