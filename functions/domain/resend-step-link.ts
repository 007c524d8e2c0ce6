import { assertAllowed } from './authority/refused-error.ts';
import type { Dependencies } from './dependencies.ts';
import { emailLinkOnRequest } from './email-on-request.ts';
import type { Onboarding, Wait } from './model.ts';

/**
 * Ops send a step's link again, to the person it is with on file (never to whoever asks): the
 * policy's ops `email-step-link` row, the same request limits as "send me a new link" (one click or
 * call can be repeated), and a `link-renewed` audit event naming who asked. The local console and the
 * stack's signed API both come here.
 */
export async function resendStepLink(
  deps: Pick<Dependencies, 'store' | 'mailer' | 'config' | 'clock' | 'logger' | 'metrics'>,
  request: { onboarding: Onboarding; wait: Wait; by: string },
): Promise<'sent' | 'suppressed' | 'not-sent'> {
  const { onboarding, wait, by } = request;
  assertAllowed(deps.config, { credential: 'ops', holder: by, action: 'email-step-link', onboarding, wait });
  const outcome = await emailLinkOnRequest(deps, { onboarding, wait, via: 'ops console' });
  if (outcome === 'sent') {
    await deps.store.appendEvent({
      onboardingId: onboarding.id,
      type: 'link-renewed',
      at: deps.clock().toISOString(),
      stage: wait.stage,
      product: wait.product,
      actor: by,
      detail: `Resent to ${wait.recipient}`,
    });
  }
  return outcome;
}
