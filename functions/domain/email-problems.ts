import type { Dependencies } from './dependencies.ts';
import { flagDeliveryProblem } from './flag-delivery-problem.ts';
import type { SesEmailEvent } from './ses-email-event.ts';

export interface EmailProblemResult {
  /** Waits flagged by this event (0 when it is not about a waiting step, or was seen before). */
  flagged: number;
}

/**
 * An email bounced or drew a complaint. If it was about a step that is still waiting, flag that
 * step (reminders then go to the escalation contact instead) and alert the rep and ops at once.
 */
export async function recordEmailProblem(
  deps: Dependencies,
  event: SesEmailEvent,
): Promise<EmailProblemResult> {
  const kind = (event.eventType ?? event.notificationType) === 'Bounce' ? 'bounce' : 'complaint';
  const onboardingId = event.mail.tags.onboardingId?.[0];
  const log = deps.logger.child({ onboardingId, messageId: event.mail.messageId, problem: kind });
  if (!onboardingId) {
    log.info('Email problem about a message without an onboarding tag; nothing to flag');
    return { flagged: 0 };
  }
  const onboarding = await deps.store.getOnboarding(onboardingId);
  if (!onboarding) {
    log.warn('Email problem for an unknown onboarding; nothing to flag');
    return { flagged: 0 };
  }
  const problems =
    (kind === 'bounce' ? event.bounce?.bouncedRecipients : event.complaint?.complainedRecipients) ?? [];
  const addresses = new Map(
    problems.map((problem) => [problem.emailAddress.toLowerCase(), problem.diagnosticCode]),
  );
  const at = deps.clock().toISOString();

  let flagged = 0;
  for (const wait of await deps.store.listWaits(onboardingId)) {
    if (wait.status !== 'pending' || !addresses.has(wait.recipient.toLowerCase())) continue;
    const detail = addresses.get(wait.recipient.toLowerCase()) ?? event.complaint?.complaintFeedbackType;
    const problem = { kind, address: wait.recipient, at, messageId: event.mail.messageId, detail } as const;
    // Counted once per event and step (a redelivered event flags nothing new).
    if (await flagDeliveryProblem(deps, onboarding, wait, problem)) flagged += 1;
  }
  return { flagged };
}
