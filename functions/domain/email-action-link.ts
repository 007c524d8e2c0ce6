import { stageDefinition } from '../checklist/stages.ts';
import { renderActionEmail } from '../emails/action-email.ts';
import { actionUrl, mintLinkId, sha256Hex } from './action-links.ts';
import type { Dependencies } from './dependencies.ts';
import type { Onboarding, Wait } from './model.ts';
import { findFeedback, gatherFacts } from './stage-facts.ts';
import { mintViewLink } from './view-links.ts';

/**
 * Mints a fresh action link for a wait and emails it to the recipient on file. Links point at the
 * wait, not at a task token, so every link ever sent for a wait works until the wait is decided.
 */
export async function emailActionLink(
  deps: Pick<Dependencies, 'store' | 'mailer' | 'config' | 'clock'>,
  request: {
    onboarding: Onboarding;
    wait: Wait;
    kind: 'action-request' | 'reminder' | 'renewed-link';
    reminderNumber?: number;
  },
): Promise<void> {
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

  const [facts, feedback, pageUrl] = await Promise.all([
    gatherFacts(deps.store, onboarding, wait.stage),
    findFeedback(deps.store, wait),
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
    feedback,
    facts,
    resources: deps.config.resources,
  });
  const { messageId } = await deps.mailer.send({
    to: [wait.recipient],
    ...email,
    // Bounce and complaint events carry these back, so they can flag this very wait.
    tags: { onboardingId: onboarding.id, stage: wait.stage },
  });
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'email-sent',
    at: now.toISOString(),
    stage: wait.stage,
    product: wait.product,
    actor: wait.recipient,
    detail: `${kind}: ${email.subject} (${messageId})`,
  });
}

export function partyOf(onboarding: Onboarding) {
  return {
    company: onboarding.company,
    contactName: onboarding.contactName,
    onboardingId: onboarding.id,
    alias: onboarding.alias,
  };
}
