import { MAX_PRODUCTS } from '../../checklist/decision-forms.ts';
import type { StarterDependencies } from '../dependencies.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { parseInput } from '../parse-input.ts';
import type { WorkflowStopper } from '../ports.ts';
import { resumeOnboarding } from '../resume-onboarding.ts';

/**
 * Another product, later: a provider that went live with one product comes back with a second (or
 * adds one while the first is still in integration). The product joins the onboarding's list, and
 * the onboarding continues in a new execution through the exact resume: products already on their
 * way stay exactly where they are, the new one starts at technical and billing integration, and the
 * onboarding completes again once every product is published or withdrawn.
 */
/**
 * When the provider adds the product themselves (from their checklist): what they wrote for the
 * product content step and where they asked from. Recorded as their content and publication request.
 */
export interface ProviderOrigin {
  notes?: string;
  ip?: string;
  userAgent?: string;
}

export async function addProduct(
  deps: StarterDependencies & { stopper: WorkflowStopper },
  request: { onboardingId: string; fields: unknown; by: string; provider?: ProviderOrigin },
): Promise<{ product: string; executionName: string }> {
  const { product } = await parseInput('product', request.fields, 'The product was not added');
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
  if (onboarding.products.filter((existing) => existing.status !== 'withdrawn').length >= MAX_PRODUCTS) {
    throw new ConflictError(
      `${onboarding.company} has ${MAX_PRODUCTS} products on this onboarding, the most it can have: withdraw one first, or ask your marketplace contact.`,
    );
  }
  // The running execution (if any) knows only the products it started with: it makes way first.
  if (onboarding.status === 'in-progress') {
    await deps.stopper.stopExecution(onboarding.executionName, {
      error: 'Onboarding.ProductAdded',
      cause: `Product "${product}" was added by ${request.by}; the onboarding continues in a new execution.`,
    });
  }
  const at = deps.clock().toISOString();
  // Conditional on the list as read: of two requests adding at once (a double click), one adds.
  const added = await deps.store.addProductToOnboarding(
    onboarding.id,
    { name: product, status: 'requested', updatedAt: at },
    onboarding.products.length,
    at,
  );
  if (added === 'changed') {
    const now = await deps.store.getOnboarding(onboarding.id);
    const same = now?.products.find((existing) => existing.name.toLowerCase() === product.toLowerCase());
    throw new ConflictError(
      same
        ? `${onboarding.company} already has a product named "${same.name}".`
        : `The products of ${onboarding.company} changed while this was being added: look at the onboarding again, then add "${product}" if it is still missing.`,
    );
  }
  if (request.provider) {
    // The provider's own content and publication request, as the two provider steps record them.
    const origin = request.provider;
    for (const stage of ['product-content', 'publication-request'] as const) {
      await deps.store.appendEvent({
        onboardingId: onboarding.id,
        type: 'decision-recorded',
        at,
        stage,
        product,
        actor: request.by,
        ip: origin.ip,
        userAgent: origin.userAgent,
        outcome: 'submitted',
        detail:
          stage === 'product-content'
            ? `Content ready for "${product}" (from the checklist)${origin.notes ? `: ${origin.notes}` : ''}`
            : `Publication requested for "${product}" (from the checklist)`,
      });
    }
  }

  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'product-added',
    at,
    product,
    actor: request.by,
    detail: `"${product}" added${onboarding.status === 'completed' ? ' after completion' : ''}${request.provider ? ' by the provider from the checklist' : ''}`,
  });
  const resumed = await resumeOnboarding(deps, { onboardingId: onboarding.id });
  deps.logger.info('Product added', {
    onboardingId: onboarding.id,
    product,
    executionName: resumed.executionName,
  });
  return { product, executionName: resumed.executionName };
}
