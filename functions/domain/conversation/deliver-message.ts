import { stageDefinition } from '../../checklist/stages.ts';
import { renderStepMessageEmail } from '../../emails/step-message-email.ts';
import { publishFact } from '../../lifecycle/lifecycle-events.ts';
import { publicName } from '../authority/public-name.ts';
import type { Dependencies } from '../dependencies.ts';
import { prepareLinks } from '../email-action-link.ts';
import type { Onboarding, StepMessage, Wait } from '../model.ts';
import { partyOf } from '../party.ts';
import type { OnboardingRecord } from '../ports.ts';
import { replyToFor } from '../recipients.ts';
import { sendOrReport } from '../send-email.ts';
import { newViewLink } from '../view-links.ts';
import { conversationAnchor, queueConversationQuery } from './conversation-links.ts';

type DeliverDeps = Pick<
  Dependencies,
  'store' | 'mailer' | 'config' | 'clock' | 'logger' | 'metrics' | 'events'
>;

/** A claim on a message's email older than this belongs to a request that died: another takes it over. */
export const MESSAGE_CLAIM_STALE_MS = 2 * 60_000;

/**
 * Emails the other side of the conversation about one message, exactly once: whoever holds the claim
 * on the message sends, then notes it sent. The poster holds it from the moment the message is
 * written (`alreadyClaimed`) and sends at once; if their request died between
 * recording the message and sending (a crash, a timeout), the next touch (the same form submitted
 * again, the step's reminder, or the local runtime's recovery after a restart) does it from the record.
 * `staleBefore` lets the recovery take over claims that no running process can hold.
 */
export async function deliverMessage(
  deps: DeliverDeps,
  target: { onboarding: Onboarding; wait: Wait; message: StepMessage },
  claim: { staleBefore?: string; alreadyClaimed?: boolean } = {},
): Promise<'emailed' | 'already'> {
  const { onboarding, wait, message } = target;
  if (message.emailedAt) return 'already';
  const now = deps.clock();
  if (!claim.alreadyClaimed) {
    const stale = claim.staleBefore ?? new Date(now.getTime() - MESSAGE_CLAIM_STALE_MS).toISOString();
    if (!(await deps.store.claimMessageEmail(message, now.toISOString(), stale))) return 'already';
  }
  // The fact is published once its message is recorded and before the note that closes its work, so
  // whoever finishes that work (a repeat, the reminder, a restart) publishes it again under one id.
  await publishFact(
    deps,
    message.kind === 'question' ? 'Question Asked' : 'Question Answered',
    { onboardingId: onboarding.id, at: message.at, factKey: `${message.waitKey}#${message.submissionId}` },
    {
      stage: wait.stage,
      product: wait.product,
      waitKey: wait.waitKey,
      questionId:
        message.kind === 'question' ? message.submissionId : (message.answers ?? message.submissionId),
    },
  );
  try {
    await emailOtherSide(deps, onboarding, wait, message);
  } catch (error) {
    // Nothing reached anyone: give the claim back, so the person's retry emails it at once.
    await deps.store.releaseMessageClaim(message).catch(() => {});
    throw error;
  }
  return 'emailed';
}

async function emailOtherSide(deps: DeliverDeps, onboarding: Onboarding, wait: Wait, message: StepMessage) {
  const { to, url } = await addresseeOf(deps, onboarding, wait, message);
  const email = renderStepMessageEmail({
    party: partyOf(onboarding),
    stage: stageDefinition(wait.stage),
    product: wait.product,
    kind: message.kind,
    author: message.side === 'provider' ? message.author : `${publicName(message.author)} (Marketplace)`,
    text: message.text,
    conversationUrl: url,
    resources: deps.config.resources,
  });
  // A permanent refusal is audited and reported by sendOrReport: the message still counts as told.
  const messageId = await sendOrReport(
    deps,
    onboarding,
    {
      to: [to],
      // The provider replies to its rep; staff reply to the marketplace mailbox (as every email does).
      replyTo: replyToFor(message.side === 'provider' ? 'rep' : 'provider', onboarding, deps.config),
      ...email,
      tags: { onboardingId: onboarding.id },
    },
    { stage: wait.stage },
  );
  const at = deps.clock().toISOString();
  await deps.store.markMessageEmailed(message, at);
  if (messageId) {
    await deps.store.appendEvent({
      onboardingId: onboarding.id,
      type: 'email-sent',
      at,
      stage: wait.stage,
      product: wait.product,
      actor: to,
      detail: `step-${message.kind}: ${email.subject} (${messageId})`,
    });
  }
}

/**
 * Emails every message of an onboarding that was recorded but never emailed (its poster died before
 * sending): the step's reminder does it on AWS, the local runtime at start-up (with `staleBefore` its
 * start, since no claim made before it can still be alive).
 */
export async function deliverUnsentMessages(
  deps: DeliverDeps,
  record: OnboardingRecord,
  staleBefore?: string,
): Promise<number> {
  let emailed = 0;
  for (const message of record.messages ?? []) {
    if (message.emailedAt) continue;
    const wait = record.waits.find((candidate) => candidate.waitKey === message.waitKey);
    if (!wait) continue;
    const result = await deliverMessage(
      deps,
      { onboarding: record.onboarding, wait, message },
      { staleBefore },
    );
    if (result === 'emailed') emailed += 1;
  }
  return emailed;
}

/**
 * Who the other side is, and their own link to the conversation (links are personal: each is minted
 * for the one address it is emailed to). The provider's people: the person the step is with (a
 * provider step) or the primary contact, to their checklist. The marketplace: a staff step's holder,
 * to the step's own page; for a provider step, the rep, to their queue opened at this conversation.
 */
async function addresseeOf(
  deps: DeliverDeps,
  onboarding: Onboarding,
  wait: Wait,
  message: StepMessage,
): Promise<{ to: string; url: string }> {
  const to = otherSideAddress(onboarding, wait, message.side);
  if (message.side === 'marketplace') {
    const page = newViewLink(deps, {
      view: 'checklist',
      onboardingId: onboarding.id,
      recipient: to,
      opensSteps: true,
    });
    await deps.store.writeRecords({ viewLinks: [page.link] });
    return { to, url: `${page.url}#${conversationAnchor(wait.waitKey)}` };
  }
  if (wait.role !== 'provider') {
    const links = prepareLinks(deps, onboarding, wait);
    await deps.store.writeRecords({ actionLinks: links.records.actionLinks });
    return { to, url: `${links.actionUrl}#conversation` };
  }
  const page = newViewLink(deps, { view: 'queue', recipient: to, opensSteps: true });
  await deps.store.writeRecords({ viewLinks: [page.link] });
  return { to, url: `${page.url}?${queueConversationQuery(onboarding.id, wait.waitKey)}` };
}

/**
 * The address on the other side of a message: the provider's person the step is with (or the primary
 * contact, for a staff step), or the marketplace's: a staff step's holder, or the rep for a provider step.
 */
export function otherSideAddress(onboarding: Onboarding, wait: Wait, side: StepMessage['side']): string {
  if (side === 'marketplace') return wait.role === 'provider' ? wait.recipient : onboarding.contactEmail;
  return wait.role === 'provider' ? onboarding.repEmail : wait.recipient;
}
