import { stageDefinition } from '../checklist/stages.ts';
import { renderActionEmail } from '../emails/action-email.ts';
import { actionUrl, mintLinkId, sha256Hex } from './action-links.ts';
import { publicName } from './authority/public-name.ts';
import { openQuestionOf } from './conversation/thread.ts';
import type { Dependencies } from './dependencies.ts';
import { durationWords, expectedTimes } from './expected-times.ts';
import { flagDeliveryProblem } from './flag-delivery-problem.ts';
import type { AuditEvent, DeliveryProblem, Handover, Onboarding, StepMessage, Wait } from './model.ts';
import { partyOf } from './party.ts';
import type { RecordBatch } from './ports.ts';
import { replyToFor } from './recipients.ts';
import { trySend } from './send-email.ts';
import { factsFrom, feedbackFrom, findFeedback, gatherFacts } from './stage-facts.ts';
import { newViewLink } from './view-links.ts';

/** A fresh action link and checklist/queue link for one email, not yet stored. */
export interface PreparedLinks {
  records: Required<Pick<RecordBatch, 'actionLinks' | 'viewLinks'>>;
  actionUrl: string;
  pageUrl: string;
}

type EmailDeps = Pick<Dependencies, 'store' | 'mailer' | 'config' | 'clock' | 'logger' | 'metrics'>;

/**
 * Mints the links an action email carries: the action link for the wait, and the page the
 * recipient keeps (providers their checklist, everyone else the queue of everything waiting on them).
 */
export function prepareLinks(
  deps: Pick<Dependencies, 'config' | 'clock'>,
  onboarding: Onboarding,
  wait: Wait,
): PreparedLinks {
  const now = deps.clock();
  const linkId = mintLinkId(onboarding.id);
  // Every reminder and renewal sends a fresh link, so a link only needs to live for one interval;
  // it points at the wait, so a late click on a still-valid link counts.
  const expiresAt = new Date(now.getTime() + deps.config.linkTtlSeconds * 1000).toISOString();
  const page = newViewLink(
    deps,
    wait.role === 'provider'
      ? { view: 'checklist', onboardingId: onboarding.id, recipient: wait.recipient, opensSteps: true }
      : { view: 'queue', recipient: wait.recipient, opensSteps: true },
  );
  return {
    records: {
      actionLinks: [
        {
          idHash: sha256Hex(linkId),
          onboardingId: onboarding.id,
          waitKey: wait.waitKey,
          stage: wait.stage,
          role: wait.role,
          recipient: wait.recipient,
          createdAt: now.toISOString(),
          expiresAt,
        },
      ],
      viewLinks: [page.link],
    },
    actionUrl: actionUrl(deps.config.publicBaseUrl, linkId),
    pageUrl: page.url,
  };
}

/**
 * Emails a fresh action link for a wait to the recipient on file. Links point at the wait, not at a
 * task token, so every link ever sent for a wait works until the wait is decided. An email SES
 * refuses for good flags the wait (as a bounce does) instead of failing the caller. With `waits`
 * (the onboarding's, already read) the email's facts need no read; with `prepared`, the caller has
 * stored those links already (with the wait it opened).
 */
export async function emailActionLink(
  deps: EmailDeps,
  request: {
    onboarding: Onboarding;
    wait: Wait;
    kind: 'action-request' | 'reminder' | 'renewed-link' | 'handed-over';
    reminderNumber?: number;
    /** The hand-over that brought the step to this recipient (kind "handed-over"). */
    handover?: Handover;
    /** Why the link is sent again (kind "renewed-link"). */
    resent?: 'expired' | 'asked' | 'ops';
    waits?: readonly Wait[];
    /** The onboarding's step messages, read with its waits: a reminder mentions an open question. */
    messages?: readonly StepMessage[];
    prepared?: PreparedLinks;
    /** The caller writes the `email-sent` event itself (with its notified note), instead of here. */
    recordsSent?: 'with-note';
  },
): Promise<{ sent: true; event?: AuditEvent } | { sent: false; problem: DeliveryProblem }> {
  const { onboarding, wait, kind, waits } = request;
  const now = deps.clock();
  const links = request.prepared ?? prepareLinks(deps, onboarding, wait);
  const [facts, feedback, expected] = await Promise.all([
    waits ? factsFrom(onboarding, waits, wait.stage) : gatherFacts(deps.store, onboarding, wait.stage),
    waits ? feedbackFrom(waits, wait) : findFeedback(deps.store, wait),
    expectedTimes(deps),
    request.prepared ? undefined : deps.store.writeRecords(links.records),
  ]);
  const email = renderActionEmail({
    kind,
    party: partyOf(onboarding),
    stage: stageDefinition(wait.stage),
    product: wait.product,
    recipientRole: wait.role,
    actionUrl: links.actionUrl,
    pageUrl: links.pageUrl,
    deadline: wait.deadline,
    reminderNumber: request.reminderNumber,
    handover: request.handover && { from: handedOverBy(request.handover), note: request.handover.note },
    resent: request.resent,
    feedback,
    facts,
    resources: deps.config.resources,
    usually: durationWords(expected[wait.stage].seconds),
    now: now.toISOString(),
    openQuestion: request.messages && openQuestionOf(wait.waitKey, request.messages),
  });
  const sent = await trySend(deps.mailer, {
    to: [wait.recipient],
    replyTo: replyToFor(wait.role, onboarding, deps.config),
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
  const event: AuditEvent = {
    onboardingId: onboarding.id,
    type: 'email-sent',
    at: now.toISOString(),
    stage: wait.stage,
    product: wait.product,
    actor: wait.recipient,
    detail: `${kind}: ${email.subject} (${sent.messageId})`,
  };
  const withNote = request.recordsSent === 'with-note';
  if (!withNote) await deps.store.appendEvent(event);
  // The address works again (verified, or sending resumed): back to reminding the person.
  if (wait.deliveryProblem?.kind === 'not-sent') {
    await deps.store.clearDeliveryProblem(onboarding.id, wait.waitKey, wait.deliveryProblem.messageId);
  }
  return withNote ? { sent: true, event } : { sent: true };
}

/** The previous holder when they handed the step over themselves; "the Marketplace team" when ops did. */
function handedOverBy(handover: Handover): string {
  return handover.by === handover.from ? handover.from : publicName(handover.by);
}
