import { STAGE_KEYS, STAGES, type StageKey } from '../checklist/stages.ts';
import type { StarterDependencies } from './dependencies.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import type { DecisionOutput, Onboarding } from './model.ts';
import { executionNameFor } from './onboarding-ids.ts';
import { executionInput } from './start-onboarding.ts';

/** Stages before the products fan out; a resume at any later stage resumes every open product. */
const ONBOARDING_LEVEL: StageKey[] = STAGES.filter((stage) => !stage.perProduct).map((stage) => stage.key);

type ProductEntry = NonNullable<DecisionOutput['products']>[number];

/**
 * Starts a new execution for an onboarding at a recorded stage: after ops stopped a broken one, after
 * the local runtime crashed, or to add a product later. Pending waits are adopted by the new
 * execution, so the links already sent keep working.
 */
export async function resumeOnboarding(
  deps: StarterDependencies,
  request: { onboardingId: string; stage?: string },
): Promise<{ onboardingId: string; executionName: string; executionArn: string; startAt: string }> {
  const onboarding = await deps.store.getOnboarding(request.onboardingId);
  if (!onboarding) throw new NotFoundError(`There is no onboarding "${request.onboardingId}".`);
  if (onboarding.status === 'completed')
    throw new ConflictError(`Onboarding ${onboarding.id} is already complete.`);
  const stage = request.stage ?? onboarding.stage;
  if (!(STAGE_KEYS as readonly string[]).includes(stage)) {
    throw new InvalidInputError(`Unknown stage "${stage}". Stages are: ${STAGE_KEYS.join(', ')}.`);
  }

  // A publication request already answered (its products recorded) resumes with the products.
  const productLevel =
    !ONBOARDING_LEVEL.includes(stage as StageKey) ||
    (stage === 'publication-request' && onboarding.products.length > 0);
  const products = productLevel ? openProducts(onboarding) : [];
  if (productLevel && products.length === 0) {
    throw new ConflictError(
      `Onboarding ${onboarding.id} has no product left to integrate, approve or publish.`,
    );
  }
  const resumes = (await deps.store.listEvents(onboarding.id)).filter(
    (e) => e.type === 'onboarding-resumed',
  ).length;
  const executionName = executionNameFor(onboarding.id, resumes + 1);
  const startAt = productLevel ? 'products' : stage;
  const input = { ...executionInput(deps, onboarding, startAt), step: productLevel ? { products } : {} };

  const { executionArn } = await deps.starter.startExecution({ name: executionName, input });
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'onboarding-resumed',
    at: deps.clock().toISOString(),
    stage: productLevel ? undefined : (stage as StageKey),
    detail: `${executionName} at ${startAt}`,
  });
  deps.logger.info('Onboarding resumed', { onboardingId: onboarding.id, executionName, startAt });
  return { onboardingId: onboarding.id, executionName, executionArn, startAt };
}

/** Products still on their way, each resuming where its record says it is. */
function openProducts(onboarding: Onboarding): ProductEntry[] {
  return onboarding.products
    .filter((product) => product.status !== 'published' && product.status !== 'withdrawn')
    .map((product) => ({
      name: product.name,
      startAt: product.status === 'in-review' ? 'marketplace-approval' : 'technical-integration',
    }));
}
