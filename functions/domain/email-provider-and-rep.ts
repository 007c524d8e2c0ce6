import type { RenderedEmail } from '../emails/types.ts';
import type { Dependencies } from './dependencies.ts';
import type { Onboarding } from './model.ts';
import { replyToFor } from './recipients.ts';
import { sendOrReport } from './send-email.ts';
import { mintViewLink } from './view-links.ts';

/**
 * News for the provider, with the rep told too (a product's outcome, the completion summary). Links
 * are personal, so each gets their own email: the contact with their own checklist link, the rep with
 * a read-only one (it shows the checklist and changes nothing). Returns the contact's message id.
 */
export async function emailProviderCopyingRep(
  deps: Pick<Dependencies, 'store' | 'mailer' | 'config' | 'clock' | 'logger' | 'metrics'>,
  onboarding: Onboarding,
  render: (checklistUrl: string) => RenderedEmail,
): Promise<string | undefined> {
  const [contactsUrl, repsUrl] = await Promise.all([
    mintViewLink(deps, {
      view: 'checklist',
      onboardingId: onboarding.id,
      recipient: onboarding.contactEmail,
      opensSteps: true,
    }),
    mintViewLink(deps, {
      view: 'checklist',
      onboardingId: onboarding.id,
      recipient: onboarding.repEmail,
      opensSteps: false,
    }),
  ]);
  // News, not a step: if SES refuses it for good, the refusal is audited and ops told; the workflow goes on.
  const messageId = await sendOrReport(deps, onboarding, {
    to: [onboarding.contactEmail],
    replyTo: replyToFor('provider', onboarding, deps.config),
    ...render(contactsUrl),
    tags: { onboardingId: onboarding.id },
  });
  await sendOrReport(deps, onboarding, {
    to: [onboarding.repEmail],
    replyTo: replyToFor('rep', onboarding, deps.config),
    ...render(repsUrl),
    tags: { onboardingId: onboarding.id },
  });
  return messageId;
}
