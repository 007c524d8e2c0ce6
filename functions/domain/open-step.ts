import { mintLinkId, sha256Hex } from './action-links.ts';
import { authorize } from './authority/authorize.ts';
import { RefusedError } from './authority/refused-error.ts';
import type { Dependencies } from './dependencies.ts';
import { emailLinkOnRequest } from './email-on-request.ts';
import { ForbiddenError, InvalidInputError, LinkNotSentError } from './errors.ts';
import type { ViewLink } from './model.ts';
import { ONBOARDING_ID, WAIT_KEY } from './onboarding-ids.ts';
import { resolveViewLink, type ViewKind } from './view-links.ts';

export type OpenStepOutcome =
  /** A fresh action link for the step: the page sends the person straight to it. */
  | { kind: 'opened'; linkId: string }
  /** The view link may not open steps (it went to others in copy): the step's link was emailed instead. */
  | { kind: 'emailed' }
  /** Decided or closed meanwhile: back to the page, which shows where it stands. */
  | { kind: 'not-pending' }
  | { kind: 'expired' };

/**
 * A checklist or queue page's button: act on one of the person's own pending steps. The view link
 * only opens waits addressed to the address it was emailed to, and a checklist only the provider's
 * waits of its own onboarding, so a page can never open someone else's step or a step of another role.
 */
export async function openStepFromView(
  deps: Dependencies,
  request: { view: ViewKind; linkId: string; fields: unknown },
): Promise<OpenStepOutcome> {
  const state = await resolveViewLink(deps, request.view, request.linkId);
  if (state.kind === 'expired') return { kind: 'expired' };
  const { onboardingId, waitKey } = parseFields(request.fields);
  const [wait, onboarding] = await Promise.all([
    deps.store.getWait(onboardingId, waitKey),
    deps.store.getOnboarding(onboardingId),
  ]);
  if (!wait || !onboarding || !sameOnboarding(state.link, wait.onboardingId) || wrongSide(state.link, wait)) {
    throw new ForbiddenError('This page cannot open that step. Use the link in the email about it.');
  }
  const verdict = authorize(deps.config, {
    credential: credentialOf(state.link),
    holder: state.link.recipient,
    action: state.link.opensSteps ? 'open-step' : 'email-step-link',
    onboarding,
    wait,
  });
  if (!verdict.allowed) throw new RefusedError(verdict.refusal);
  if (wait.status !== 'pending' || onboarding.status !== 'in-progress') return { kind: 'not-pending' };

  if (!state.link.opensSteps) {
    // Sent or held back by the request limits, the person sees the same "check your email" page.
    const outcome = await emailLinkOnRequest(deps, { onboarding, wait, via: request.view });
    if (outcome === 'not-sent') throw new LinkNotSentError();
    return { kind: 'emailed' };
  }
  const now = deps.clock();
  const linkId = mintLinkId(onboardingId);
  await deps.store.putLink({
    idHash: sha256Hex(linkId),
    onboardingId,
    waitKey,
    stage: wait.stage,
    role: wait.role,
    // The page's holder: the addressee, or a team member who then decides under their own address.
    recipient: state.link.recipient,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.config.linkTtlSeconds * 1000).toISOString(),
  });
  await deps.store.appendEvent({
    onboardingId,
    type: 'action-link-issued',
    at: now.toISOString(),
    stage: wait.stage,
    product: wait.product,
    actor: state.link.recipient,
    detail: `Opened from the ${request.view === 'checklist' ? 'provider checklist' : 'queue'} page`,
  });
  return { kind: 'opened', linkId };
}

/** Which row of the policy a view link is: a personal checklist, a copied one, or a queue. */
export function credentialOf(link: ViewLink): 'checklist' | 'checklist-copy' | 'queue' {
  if (link.view === 'queue') return 'queue';
  return link.opensSteps ? 'checklist' : 'checklist-copy';
}

/** A checklist shows one onboarding; a queue any onboarding's steps addressed to its mailbox. */
function sameOnboarding(link: ViewLink, onboardingId: string): boolean {
  return link.view === 'queue' || link.onboardingId === onboardingId;
}

/** A checklist opens provider steps only, a queue staff steps only. */
function wrongSide(link: ViewLink, wait: { role: string }): boolean {
  return link.view === 'checklist' ? wait.role !== 'provider' : wait.role === 'provider';
}

function parseFields(fields: unknown): { onboardingId: string; waitKey: string } {
  const record = (typeof fields === 'object' && fields !== null ? fields : {}) as Record<string, unknown>;
  const onboardingId = record.onboarding;
  const waitKey = record.wait;
  if (
    typeof onboardingId !== 'string' ||
    typeof waitKey !== 'string' ||
    !ONBOARDING_ID.test(onboardingId) ||
    !WAIT_KEY.test(waitKey) ||
    !waitKey.isWellFormed()
  ) {
    throw new InvalidInputError('Use the buttons on the page to open a step.');
  }
  return { onboardingId, waitKey };
}
