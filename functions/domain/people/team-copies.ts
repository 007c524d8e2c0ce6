import { stageDefinition } from '../../checklist/stages.ts';
import { renderTeamCopyEmail } from '../../emails/team-copy-email.ts';
import type { Dependencies } from '../dependencies.ts';
import type { Onboarding, Wait } from '../model.ts';
import { partyOf } from '../party.ts';
import { replyToFor } from '../recipients.ts';
import { trySend } from '../send-email.ts';
import { mintViewLink } from '../view-links.ts';

/**
 * A provider step was just asked for: every member of the provider's team gets a copy with a
 * checklist link of their own (view links are per person), from which they can take the step under
 * their own name. A copy that cannot be sent is logged and left: the contact's own email went out.
 */
export async function emailTeamCopies(
  deps: Pick<Dependencies, 'store' | 'mailer' | 'config' | 'clock' | 'logger'>,
  onboarding: Onboarding,
  wait: Wait,
): Promise<number> {
  if (wait.role !== 'provider' || onboarding.copyTeam === false) return 0;
  let sent = 0;
  for (const member of onboarding.team ?? []) {
    if (member.email.toLowerCase() === wait.recipient.toLowerCase()) continue;
    try {
      const checklistUrl = await mintViewLink(deps, {
        view: 'checklist',
        onboardingId: onboarding.id,
        recipient: member.email,
        opensSteps: true,
      });
      const email = renderTeamCopyEmail({
        party: partyOf(onboarding),
        memberName: member.name,
        stage: stageDefinition(wait.stage),
        product: wait.product,
        checklistUrl,
        resources: deps.config.resources,
      });
      const outcome = await trySend(deps.mailer, {
        to: [member.email],
        replyTo: replyToFor('provider', onboarding, deps.config),
        ...email,
        tags: { onboardingId: onboarding.id, stage: wait.stage },
      });
      if (!outcome.sent) {
        deps.logger.warn('Team copy not sent', {
          onboardingId: onboarding.id,
          stage: wait.stage,
          reason: outcome.error.reason,
        });
        continue;
      }
      sent += 1;
      await deps.store.appendEvent({
        onboardingId: onboarding.id,
        type: 'email-sent',
        at: deps.clock().toISOString(),
        stage: wait.stage,
        product: wait.product,
        actor: member.email,
        detail: `team-copy: ${email.subject} (${outcome.messageId})`,
      });
    } catch (error) {
      deps.logger.warn('Team copy failed', {
        onboardingId: onboarding.id,
        stage: wait.stage,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
  return sent;
}
