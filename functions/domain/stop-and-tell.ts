import { renderOnboardingStoppedEmail } from '../emails/onboarding-stopped-email.ts';
import type { Dependencies } from './dependencies.ts';
import type { Onboarding } from './model.ts';
import { partyOf } from './party.ts';
import { replyToFor } from './recipients.ts';
import { sendOrReport } from './send-email.ts';
import { stopOnboarding } from './stop-onboarding.ts';

/**
 * Ops stop an onboarding with a reason: its executions stop, its open steps close, and each person on
 * it is told, one email each (links are personal, and these carry none): the contact, each colleague,
 * the rep. The same for the local console and the stack's signed API.
 */
export async function stopAndTell(
  deps: Dependencies,
  request: {
    onboarding: Onboarding;
    by: string;
    reason: string;
    stopExecutions: (onboardingId: string) => Promise<number>;
  },
): Promise<{ executionsStopped: number; stepsClosed: number }> {
  const { onboarding, reason } = request;
  const result = await stopOnboarding(deps, {
    onboardingId: onboarding.id,
    by: request.by,
    reason,
    stopExecutions: request.stopExecutions,
  });
  const people = [
    { to: onboarding.contactEmail, name: onboarding.contactName, audience: 'provider' as const },
    ...(onboarding.team ?? []).map((member) => ({
      to: member.email,
      name: member.name,
      audience: 'provider' as const,
    })),
    { to: onboarding.repEmail, name: undefined, audience: 'staff' as const },
  ];
  for (const person of people) {
    const email = renderOnboardingStoppedEmail({
      party: partyOf(onboarding),
      recipientName: person.name,
      audience: person.audience,
      reason,
      resources: deps.config.resources,
    });
    const messageId = await sendOrReport(deps, onboarding, {
      to: [person.to],
      replyTo: replyToFor(person.audience === 'provider' ? 'provider' : 'rep', onboarding, deps.config),
      ...email,
    });
    if (!messageId) continue;
    await deps.store.appendEvent({
      onboardingId: onboarding.id,
      type: 'email-sent',
      at: deps.clock().toISOString(),
      actor: person.to,
      detail: `onboarding stopped: ${email.subject} (${messageId})`,
    });
  }
  return result;
}
