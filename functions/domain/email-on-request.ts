import { metricsOf } from '../observability/metrics.ts';
import type { Dependencies } from './dependencies.ts';
import { emailActionLink } from './email-action-link.ts';
import type { Allowance, Onboarding, Wait } from './model.ts';

/**
 * How often a link may be emailed because someone asked (renew an expired link, a page's "email me
 * the link" button, the ops console's resend). Reminders and stage emails are not counted: the
 * workflow paces those itself.
 * - One email per step every 5 minutes: longer than mail usually takes to arrive, so a person who
 *   clicks again because nothing came yet is not sent a second copy.
 * - Five per recipient per hour, across all their steps: a rep with several steps waiting can
 *   still fetch each link, but no one can use the product to flood an inbox.
 */
export const EMAIL_ON_REQUEST_LIMITS = {
  perStep: { limit: 1, windowSeconds: 5 * 60 },
  perRecipient: { limit: 5, windowSeconds: 60 * 60 },
} as const;

export type RequestedVia = 'renew' | 'checklist' | 'queue' | 'ops console';

/**
 * Emails a fresh link for a pending step to the recipient on file, if neither the step's nor the
 * recipient's allowance is used up (`not-sent` when SES refused it for good). Either way the person is shown the same calm page; a
 * suppressed burst is audited once (its first refusal), not once per request.
 */
export async function emailLinkOnRequest(
  deps: Pick<Dependencies, 'store' | 'mailer' | 'config' | 'clock' | 'logger' | 'metrics'>,
  request: { onboarding: Onboarding; wait: Wait; via: RequestedVia },
): Promise<'sent' | 'suppressed' | 'not-sent'> {
  const { onboarding, wait, via } = request;
  const at = deps.clock();
  const allowances: [string, Allowance][] = [
    ['this step', { key: `step#${onboarding.id}#${wait.waitKey}`, ...EMAIL_ON_REQUEST_LIMITS.perStep }],
    [
      'this recipient',
      { key: `recipient#${wait.recipient.toLowerCase()}`, ...EMAIL_ON_REQUEST_LIMITS.perRecipient },
    ],
  ];
  const taken: Allowance[] = [];
  for (const [scope, allowance] of allowances) {
    const result = await deps.store.takeAllowance(allowance, at);
    if (result.granted) {
      taken.push(allowance);
      continue;
    }
    metricsOf(deps).count('EmailsSuppressed', { stage: wait.stage });
    deps.logger.info('Link not emailed: request limit reached', { scope, via, stage: wait.stage });
    if (result.firstRefusal) {
      await deps.store.appendEvent({
        onboardingId: onboarding.id,
        type: 'email-suppressed',
        at: at.toISOString(),
        stage: wait.stage,
        product: wait.product,
        actor: wait.recipient,
        detail: `Link requests (${via}) beyond ${allowance.limit} per ${allowance.windowSeconds / 60} minutes for ${scope}: none sent until ${result.retryAt}; later requests in this burst are not recorded`,
      });
    }
    return 'suppressed';
  }
  // `not-sent`: SES refused it for good; the step is flagged and the caller says so. Nothing reached
  // anyone, so the sends are given back: once the address is fixed, a resend goes out at once.
  const resent = via === 'renew' ? 'expired' : via === 'ops console' ? 'ops' : 'asked';
  const result = await emailActionLink(deps, { onboarding, wait, kind: 'renewed-link', resent });
  if (result.sent) return 'sent';
  for (const allowance of taken) await deps.store.returnAllowance(allowance, at);
  return 'not-sent';
}
