import { stageDefinition } from '../checklist/stages.ts';
import { renderActionEmail } from '../emails/action-email.ts';
import { actionUrl, mintLinkId, sha256Hex } from './action-links.ts';
import type { Dependencies } from './dependencies.ts';
import { durationWords, expectedTimes } from './expected-times.ts';
import { flagDeliveryProblem } from './flag-delivery-problem.ts';
import type { DeliveryProblem, Handover, Onboarding, Wait } from './model.ts';
import { partyOf } from './party.ts';
import { trySend } from './send-email.ts';
import { findFeedback, gatherFacts } from './stage-facts.ts';
import { mintViewLink } from './view-links.ts';

/**
 * Mints a fresh action link for a wait and emails it to the recipient on file. Links point at the
 * wait, not at a task token, so every link ever sent for a wait works until the wait is decided.
 * An email SES refuses for good flags the wait (as a bounce does) instead of failing the caller.
 */
export async function emailActionLink(
  deps: Pick<Dependencies, 'store' | 'mailer' | 'config' | 'clock' | 'logger' | 'metrics'>,
  request: {
    onboarding: Onboarding;
    wait: Wait;
    kind: 'action-request' | 'reminder' | 'renewed-link' | 'handed-over';
    reminderNumber?: number;
    /** The hand-over that brought the step to this recipient (kind "handed-over"). */
    handover?: Handover;
  },
): Promise<{ sent: true } | { sent: false; problem: DeliveryProblem }> {
  const { onboarding, wait, kind } = request;
  const now = deps.clock();
  const linkId = mintLinkId();
  // Every reminder and renewal sends a fresh link, so a link only needs to live for one interval;
  // it points at the wait, so a late click on a still-valid link counts.
  const expiresAt = new Date(now.getTime() + deps.config.linkTtlSeconds * 1000).toISOString();
  await deps.store.putLink({
    idHash: sha256Hex(linkId),
    onboardingId: onboarding.id,
    waitKey: wait.waitKey,
    stage: wait.stage,
    role: wait.role,
    recipient: wait.recipient,
    createdAt: now.toISOString(),
    expiresAt,
  });

  const [facts, feedback, expected, pageUrl] = await Promise.all([
    gatherFacts(deps.store, onboarding, wait.stage),
    findFeedback(deps.store, wait),
    expectedTimes(deps),
    // Providers get their checklist, everyone else the queue of everything waiting on them.
    mintViewLink(
      deps,
      wait.role === 'provider'
        ? { view: 'checklist', onboardingId: onboarding.id, recipient: wait.recipient, opensSteps: true }
        : { view: 'queue', recipient: wait.recipient, opensSteps: true },
    ),
  ]);
  const email = renderActionEmail({
    kind,
    party: partyOf(onboarding),
    stage: stageDefinition(wait.stage),
    product: wait.product,
    recipientRole: wait.role,
    actionUrl: actionUrl(deps.config.publicBaseUrl, linkId),
    pageUrl,
    deadline: wait.deadline,
    reminderNumber: request.reminderNumber,
    handover: request.handover && { from: request.handover.from, note: request.handover.note },
    feedback,
    facts,
    resources: deps.config.resources,
    usually: durationWords(expected[wait.stage].seconds),
    now: now.toISOString(),
  });
  const sent = await trySend(deps.mailer, {
    to: [wait.recipient],
    ...email,
    // Bounce and complaint events carry these back, so they can flag this very wait.
    tags: { onboardingId: onboarding.id, stage: wait.stage },
  });
  if (!sent.sent) {
    // SES refused it for good: flag the step as a bounce would, and let the workflow keep waiting.
    const problem: DeliveryProblem = {
      kind: 'not-sent',
      reason: sent.error.reason,
      address: wait.recipient,
      at: now.toISOString(),
      // One attempt per kind and reminder: a retried task flags (and alerts) once.
      messageId: `not-sent:${kind}:${wait.reminders}:${wait.escalations}`,
      detail: sent.error.message,
    };
    await flagDeliveryProblem(deps, onboarding, wait, problem);
    return { sent: false, problem };
  }
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'email-sent',
    at: now.toISOString(),
    stage: wait.stage,
    product: wait.product,
    actor: wait.recipient,
    detail: `${kind}: ${email.subject} (${sent.messageId})`,
  });
  // The address works again (verified, or sending resumed): back to reminding the person.
  if (wait.deliveryProblem?.kind === 'not-sent') {
    await deps.store.clearDeliveryProblem(onboarding.id, wait.waitKey, wait.deliveryProblem.messageId);
  }
  return { sent: true };
}
