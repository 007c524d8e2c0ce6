import type { StarterDependencies } from '../dependencies.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { WorkflowStopper } from '../ports.ts';
import { resumeOnboarding } from '../resume-onboarding.ts';
import { parsePeopleInput, productFields } from './people-input.ts';

/**
 * Another product, later: a provider that went live with one product comes back with a second (or
 * adds one while the first is still in integration). The product joins the onboarding's list, and
 * the onboarding continues in a new execution through the exact resume: products already on their
 * way stay exactly where they are, the new one starts at technical and billing integration, and the
 * onboarding completes again once every product is published or withdrawn.
 */
export async function addProduct(
  deps: StarterDependencies & { stopper: WorkflowStopper },
  request: { onboardingId: string; fields: unknown; by: string },
): Promise<{ product: string; executionName: string }> {
  const { product } = parsePeopleInput(productFields, request.fields, 'The product was not added');
  const onboarding = await deps.store.getOnboarding(request.onboardingId);
  if (!onboarding) throw new NotFoundError(`There is no onboarding "${request.onboardingId}".`);
  if (onboarding.status === 'stopped') {
    throw new ConflictError(
      `Onboarding ${onboarding.id} was stopped: resume it first, then add the product.`,
    );
  }
  if (onboarding.products.length === 0) {
    throw new ConflictError(
      `Onboarding ${onboarding.id} has not requested publication yet: the provider names its products in the publication request.`,
    );
  }
  const taken = onboarding.products.find(
    (existing) => existing.name.toLowerCase() === product.toLowerCase() && existing.status !== 'withdrawn',
  );
  if (taken) throw new ConflictError(`${onboarding.company} already has a product named "${taken.name}".`);

  // The running execution (if any) knows only the products it started with: it makes way first.
  if (onboarding.status === 'in-progress') {
    await deps.stopper.stopExecution(onboarding.executionName, {
      error: 'Onboarding.ProductAdded',
      cause: `Product "${product}" was added by ${request.by}; the onboarding continues in a new execution.`,
    });
  }
  const at = deps.clock().toISOString();
  await deps.store.updateOnboarding(
    onboarding.id,
    {
      products: [...onboarding.products, { name: product, status: 'requested', updatedAt: at }],
      status: 'in-progress',
      stage: 'technical-integration',
    },
    at,
  );
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'product-added',
    at,
    product,
    actor: request.by,
    detail: `"${product}" added${onboarding.status === 'completed' ? ' after completion' : ''}`,
  });
  const resumed = await resumeOnboarding(deps, { onboardingId: onboarding.id });
  deps.logger.info('Product added', {
    onboardingId: onboarding.id,
    product,
    executionName: resumed.executionName,
  });
  return { product, executionName: resumed.executionName };
}
