import { renderCompletionEmail } from '../emails/completion-email.ts';
import { publishFact } from '../lifecycle/lifecycle-events.ts';
import type { CompleteOnboardingInput } from './complete-onboarding-input.ts';
import type { Dependencies } from './dependencies.ts';
import { emailProviderCopyingRep } from './email-provider-and-rep.ts';
import { OnboardingNotFoundError } from './errors.ts';
import { partyOf } from './party.ts';

/** Every requested product is published or withdrawn: close the onboarding and send a summary once. */
export async function completeOnboarding(deps: Dependencies, input: CompleteOnboardingInput): Promise<void> {
  const onboarding = await deps.store.getOnboarding(input.onboardingId);
  if (!onboarding) throw new OnboardingNotFoundError(`Onboarding ${input.onboardingId} does not exist`);
  if (onboarding.status === 'completed') return;
  const at = deps.clock().toISOString();
  const products = onboarding.products
    .filter((product) => product.status === 'published' || product.status === 'withdrawn')
    .map((product) => ({ name: product.name, status: product.status as 'published' | 'withdrawn' }));

  const messageId = await emailProviderCopyingRep(deps, onboarding, (checklistUrl) =>
    renderCompletionEmail({
      party: partyOf(onboarding),
      products,
      resources: deps.config.resources,
      checklistUrl,
    }),
  );
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'onboarding-completed',
    at,
    detail: `${products.length} product(s); email ${messageId ?? 'not sent'}`,
  });
  // Before the status that ends the task: a crash in between publishes again (same id). An onboarding
  // completes again only after another product was added, so its product count tells the two apart.
  await publishFact(
    deps,
    'Onboarding Completed',
    { onboardingId: onboarding.id, at, factKey: String(onboarding.products.length) },
    { products },
  );
  // Recorded last: a retry after a failure above emails again rather than never.
  await deps.store.updateOnboarding(onboarding.id, { stage: 'completed', status: 'completed' }, at);
  deps.logger.info('Onboarding completed', { onboardingId: onboarding.id, products: products.length });
}
