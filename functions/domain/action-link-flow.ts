import { stageDefinition } from '../checklist/stages.ts';
import { appendLogContext } from '../observability/log-context.ts';
import { metricsOf } from '../observability/metrics.ts';
import { linkHomeOf, sha256Hex } from './action-links.ts';
import { sendAgreementCopy } from './agreement-copy.ts';
import { authorize } from './authority/authorize.ts';
import { RefusedError } from './authority/refused-error.ts';
import type { Dependencies } from './dependencies.ts';
import { emailLinkOnRequest } from './email-on-request.ts';
import { ConflictError, ForbiddenError, LinkNotSentError, NotFoundError } from './errors.ts';
import type { ActionLink, Handover, Onboarding, StepMessage, Wait } from './model.ts';
import type { OnboardingRecord } from './ports.ts';
import { finishUndelivered, recordDecision } from './record-decision.ts';
import { type Feedback, factsFrom, feedbackFrom, type StageFacts } from './stage-facts.ts';
import { newViewLink, type ViewLinkRequest } from './view-links.ts';

/** Where a link stands: what the page shows, and whether a POST may act. */
export type LinkState =
  | {
      kind: 'open';
      link: ActionLink;
      wait: Wait;
      onboarding: Onboarding;
      facts: StageFacts;
      feedback?: Feedback;
      /** Every wait of the onboarding, as read with it (a decision's checks need no second read). */
      waits: Wait[];
      /** The onboarding's step conversations, read with it. */
      messages: StepMessage[];
    }
  | { kind: 'decided'; link: ActionLink; wait: Wait; onboarding: Onboarding }
  | { kind: 'expired'; link: ActionLink; wait: Wait; onboarding: Onboarding }
  | { kind: 'closed'; link: ActionLink; wait: Wait; onboarding: Onboarding }
  | { kind: 'handed-over'; link: ActionLink; wait: Wait; onboarding: Onboarding; handover?: Handover };

const UNKNOWN_LINK =
  'This link is not valid. Check that you copied the whole address from the email, or ask for a new email from your marketplace contact.';

/** Reads a link and its wait. GET and HEAD use only this: opening a link never changes anything. */
export async function resolveLink(deps: Dependencies, linkId: string): Promise<LinkState> {
  const { link, record } = await readLink(deps, linkId);
  const wait = record?.waits.find((candidate) => candidate.waitKey === link.waitKey);
  if (!wait || !record) throw new NotFoundError(UNKNOWN_LINK);
  const { onboarding, waits } = record;

  // The one decision point first: a link whose holder no longer holds its purpose shows nothing else.
  const verdict = authorize(deps.config, {
    credential: 'step-link',
    holder: link.recipient,
    action: 'view-step',
    onboarding,
    wait,
    linkRole: link.role,
  });
  if (!verdict.allowed) {
    if (verdict.refusal.reason !== 'handed-over') throw new RefusedError(verdict.refusal);
    const handover = [...(wait.handovers ?? [])]
      .reverse()
      .find((h) => h.from.toLowerCase() === link.recipient.toLowerCase());
    return { kind: 'handed-over', link, wait, onboarding, handover };
  }
  // A used link says so even after it expired: "already done" is the more useful answer.
  if (wait.status === 'decided') return { kind: 'decided', link, wait, onboarding };
  if (wait.status === 'closed') return { kind: 'closed', link, wait, onboarding };
  if (Date.parse(link.expiresAt) <= deps.clock().getTime()) {
    metricsOf(deps).count('LinksExpired', { stage: wait.stage });
    return { kind: 'expired', link, wait, onboarding };
  }
  const facts = factsFrom(onboarding, waits, wait.stage);
  return {
    kind: 'open',
    link,
    wait,
    onboarding,
    facts,
    feedback: feedbackFrom(waits, wait),
    waits,
    messages: record.messages ?? [],
  };
}

/**
 * The link with its onboarding, its waits and messages: one read for a link stored with its
 * onboarding, two for an older one (the link, then the onboarding it names).
 */
async function readLink(
  deps: Dependencies,
  linkId: string,
): Promise<{ link: ActionLink; record: OnboardingRecord | undefined }> {
  const home = linkHomeOf(linkId);
  if (!home) throw new NotFoundError(UNKNOWN_LINK);
  if (home.kind === 'onboarding') {
    const { link, record } = await deps.store.readLinkWithOnboarding(home.onboardingId, sha256Hex(linkId));
    if (!link) throw new NotFoundError(UNKNOWN_LINK);
    appendLogContext({ onboardingId: link.onboardingId, stage: link.stage });
    return { link, record };
  }
  const link = await deps.store.getLink(sha256Hex(linkId));
  if (!link) throw new NotFoundError(UNKNOWN_LINK);
  appendLogContext({ onboardingId: link.onboardingId, stage: link.stage });
  return { link, record: await deps.store.readOnboarding(link.onboardingId) };
}

/**
 * Reads a link for an act (decide, renew, hand over): the policy decides before the step's own state
 * does, so a stopped or completed onboarding, or a provider step offered for a hand-over, is refused
 * the same way whatever the step's state. A step handed to someone else keeps its own answer.
 */
export async function resolveLinkToAct(
  deps: Dependencies,
  linkId: string,
  action: 'decide-step' | 'renew-link' | 'hand-over-step' | 'post-message',
): Promise<LinkState> {
  const state = await resolveLink(deps, linkId);
  if (state.kind === 'handed-over') return state;
  const verdict = authorize(deps.config, {
    credential: 'step-link',
    holder: state.link.recipient,
    action,
    onboarding: state.onboarding,
    wait: state.wait,
    linkRole: state.link.role,
  });
  if (!verdict.allowed) throw new RefusedError(verdict.refusal);
  return state;
}

export type SubmitOutcome =
  | {
      kind: 'recorded';
      wait: Wait;
      onboarding: Onboarding;
      /** The way back: the provider's checklist, or the queue of the mailbox the step was for. */
      overviewUrl: string;
    }
  | { kind: 'already-decided'; wait: Wait; onboarding: Onboarding }
  | Exclude<LinkState, { kind: 'open' | 'decided' }>;

/** The action page's POST: the only place a link acts. */
export async function submitAction(
  deps: Dependencies,
  request: { linkId: string; fields: unknown; ip?: string; userAgent?: string },
): Promise<SubmitOutcome> {
  const state = await resolveLinkToAct(deps, request.linkId, 'decide-step');
  if (state.kind === 'decided') {
    await finishUndelivered(deps, state.wait);
    return { kind: 'already-decided', wait: state.wait, onboarding: state.onboarding };
  }
  if (state.kind !== 'open') return state;
  const { link, wait, onboarding } = state;
  // Links are minted for one wait and one role; a mismatch means tampering or a stale record.
  if (link.waitKey !== wait.waitKey || stageDefinition(wait.stage).actor !== link.role) {
    throw new ForbiddenError(
      'This link cannot be used for this step. Use the link that was emailed to you for it.',
    );
  }
  // The done page's way back is stored with the decision's records: no write of its own. It is the
  // link holder's own page (a team member's checklist, never the contact's), so it opens only what
  // they could open already and what they do next is recorded under their name.
  const overview = newViewLink(deps, overviewOf(wait, link.recipient));
  const result = await recordDecision(deps, {
    wait,
    onboarding,
    waits: state.waits,
    fields: withoutBlankFields(request.fields),
    actor: { id: link.recipient, role: link.role, via: 'link', ip: request.ip, userAgent: request.userAgent },
    alongside: { viewLinks: [overview.link] },
  });
  if (result.kind === 'decided' && wait.stage === 'provider-agreement')
    await sendAgreementCopy(deps, onboarding, result.wait);
  return result.kind === 'decided'
    ? { kind: 'recorded', wait: result.wait, onboarding, overviewUrl: overview.url }
    : { kind: 'already-decided', wait: result.wait, onboarding };
}

/**
 * The way back after an answer, for the person who held the link (so it opens only what that person
 * could open already): their checklist of the onboarding, or the queue of their mailbox.
 */
export function overviewOf(wait: Wait, holder: string): ViewLinkRequest {
  return wait.role === 'provider'
    ? { view: 'checklist', onboardingId: wait.onboardingId, recipient: holder, opensSteps: true }
    : { view: 'queue', recipient: holder, opensSteps: true };
}

/**
 * "Send me a new link": emails a fresh link for the same wait to the address on file, never to an
 * address taken from the request. Works for expired links; refuses once the step is done. Within
 * the request limits (see `email-on-request.ts`) nothing is sent, and the page reads the same.
 */
export async function renewLink(deps: Dependencies, linkId: string): Promise<'sent' | 'suppressed'> {
  const state = await resolveLinkToAct(deps, linkId, 'renew-link');
  if (state.kind === 'decided')
    throw new ConflictError('This step is already done, so no new link is needed.');
  if (state.kind === 'closed')
    throw new ConflictError('This step is no longer needed, so no new link was sent.');
  if (state.kind === 'handed-over') {
    throw new RefusedError({
      reason: 'handed-over',
      status: 410,
      title: 'This step was handed over',
      message: 'This step was handed over to someone else, so no new link was sent to you.',
    });
  }
  const outcome = await emailLinkOnRequest(deps, {
    onboarding: state.onboarding,
    wait: state.wait,
    via: 'renew',
  });
  if (outcome === 'not-sent') throw new LinkNotSentError();
  if (outcome === 'sent') {
    await deps.store.appendEvent({
      onboardingId: state.onboarding.id,
      type: 'link-renewed',
      at: deps.clock().toISOString(),
      stage: state.wait.stage,
      product: state.wait.product,
      actor: state.wait.recipient,
    });
  }
  return outcome;
}

/**
 * A page's form posts every field it shows, so a field left empty arrives as "" (the reason box
 * when approving, say). Empty means "not given": dropped before validation, so the strict schemas
 * judge only what the person filled in, and a required field left empty reads as missing.
 */
function withoutBlankFields(fields: unknown): unknown {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return fields;
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => !(typeof value === 'string' && value.trim() === '')),
  );
}
