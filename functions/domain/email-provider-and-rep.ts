import type { RenderedEmail } from '../emails/types.ts';
import type { Dependencies } from './dependencies.ts';
import type { Onboarding } from './model.ts';
import { sendOrReport } from './send-email.ts';
import { mintViewLink } from './view-links.ts';

/**
 * News for the provider, copying the rep (a product's outcome, the completion summary). Its
 * checklist link is read-only: with the rep in copy, it may have a step's link emailed, never open it.
 */
export async function emailProviderCopyingRep(
  deps: Pick<Dependencies, 'store' | 'mailer' | 'config' | 'clock' | 'logger' | 'metrics'>,
  onboarding: Onboarding,
  render: (checklistUrl: string) => RenderedEmail,
): Promise<string | undefined> {
  const checklistUrl = await mintViewLink(deps, {
    view: 'checklist',
    onboardingId: onboarding.id,
    recipient: onboarding.contactEmail,
    opensSteps: false,
  });
  // News, not a step: if SES refuses it for good, the refusal is audited and ops told; the workflow goes on.
  return sendOrReport(deps, onboarding, {
    to: [onboarding.contactEmail],
    cc: [onboarding.repEmail],
    ...render(checklistUrl),
    tags: { onboardingId: onboarding.id },
  });
}
