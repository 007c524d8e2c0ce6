import { renderProductOutcomeEmail } from '../emails/product-outcome-email.ts';
import { publishFact } from '../lifecycle/lifecycle-events.ts';
import type { Dependencies } from './dependencies.ts';
import { emailProviderCopyingRep } from './email-provider-and-rep.ts';
import { OnboardingNotFoundError } from './errors.ts';
import { partyOf } from './party.ts';
import type { ProductOutcomeInput } from './record-product-outcome-input.ts';

/**
 * A product reached the end of its path: close any link still open for it (a withdrawn product's
 * other sign-off), tell the provider and the rep, and record it. A retry after success changes
 * nothing; a retry after a failure part-way may email twice, never not at all.
 */
export async function recordProductOutcome(deps: Dependencies, input: ProductOutcomeInput): Promise<void> {
  const record = await deps.store.readOnboarding(input.onboardingId);
  if (!record) throw new OnboardingNotFoundError(`Onboarding ${input.onboardingId} does not exist`);
  const { onboarding, waits } = record;
  const at = deps.clock().toISOString();
  const alreadyRecorded = onboarding.products.some(
    (product) => product.name === input.product && product.status === input.outcome,
  );

  for (const wait of waits) {
    if (wait.product === input.product && wait.status === 'pending')
      await deps.store.closeWait(onboarding.id, wait.waitKey);
  }
  if (alreadyRecorded) return;

  const messageId = await emailProviderCopyingRep(deps, onboarding, (checklistUrl) =>
    renderProductOutcomeEmail({
      party: partyOf(onboarding),
      product: input.product,
      outcome: input.outcome,
      resources: deps.config.resources,
      checklistUrl,
    }),
  );
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: input.outcome === 'published' ? 'product-published' : 'product-withdrawn',
    at,
    stage: 'published',
    product: input.product,
    detail: `Email ${messageId ?? 'not sent'}`,
  });
  // Before the status that ends the task: a crash in between publishes again (same id), never not at all.
  await publishFact(
    deps,
    input.outcome === 'published' ? 'Product Published' : 'Product Withdrawn',
    { onboardingId: onboarding.id, at, factKey: input.product },
    { product: input.product },
  );
  // Recorded last: a retry after a failure above emails again rather than never.
  await deps.store.setProductStatus(
    onboarding.id,
    { name: input.product, status: input.outcome, updatedAt: at },
    at,
    onboarding,
  );
  deps.logger.info(`Product ${input.outcome}`, { onboardingId: onboarding.id, product: input.product });
}
