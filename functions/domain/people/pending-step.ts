import { STAGE_KEYS } from '../../checklist/stages.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import type { OnboardingStore } from '../ports.ts';

/** Which step: its stage, its product (product stages), and for revisions the stage that asked. */
export interface StepSelector {
  stage?: string;
  product?: string;
  after?: string;
}

/**
 * The wait key of the one pending step an ops request names. Refuses in plain words: an unknown
 * onboarding (404), nothing waiting there (409), or two revisions waiting and no `after` (400).
 */
export async function pendingStep(
  store: Pick<OnboardingStore, 'getOnboarding' | 'listWaits'>,
  onboardingId: string,
  step: StepSelector,
): Promise<string> {
  if (!step.stage || !(STAGE_KEYS as readonly string[]).includes(step.stage)) {
    throw new InvalidInputError(`Name the step's stage, one of: ${STAGE_KEYS.join(', ')}.`, {
      stage: `One of: ${STAGE_KEYS.join(', ')}.`,
    });
  }
  const [onboarding, waits] = await Promise.all([
    store.getOnboarding(onboardingId),
    store.listWaits(onboardingId),
  ]);
  if (!onboarding) throw new NotFoundError(`There is no onboarding "${onboardingId}".`);
  const waiting = waits.filter(
    (wait) =>
      wait.status === 'pending' &&
      wait.stage === step.stage &&
      wait.product === step.product &&
      (!step.after || wait.after === step.after),
  );
  if (waiting.length === 0) {
    throw new ConflictError(
      `Nothing is waiting at ${step.stage}${step.product ? ` for ${step.product}` : ''} in ${onboardingId}.`,
    );
  }
  if (waiting.length > 1) {
    throw new InvalidInputError(
      `Two revisions are waiting; name the one with after: ${waiting.map((wait) => wait.after).join(' or ')}.`,
      { after: `One of: ${waiting.map((wait) => wait.after).join(', ')}.` },
    );
  }
  return (waiting[0] as { waitKey: string }).waitKey;
}
