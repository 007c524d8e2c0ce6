import type { StageKey } from '../checklist/stages.ts';
import type { ExpectedTimes } from './expected-times.ts';
import type { ProviderChecklist } from './provider-checklist.ts';

export interface OnboardingEstimate {
  /** How long the whole onboarding usually takes here, step 1 to step 9. */
  wholeSeconds: number;
  /** How long what is not done yet usually takes. */
  leftSeconds: number;
}

/** The per-product steps as the provider counts them; step 7's two integrations run side by side. */
const PER_PRODUCT: { number: number; stages: StageKey[] }[] = [
  { number: 7, stages: ['technical-integration', 'billing-integration'] },
  { number: 8, stages: ['marketplace-approval'] },
  { number: 9, stages: ['published'] },
];

/**
 * The whole onboarding's usual time, from each stage's usual time (this marketplace's median, or the
 * checklist's default): steps 1 to 6 one after the other, then 7 (the slower integration), 8 and 9.
 * What is left counts the steps not done yet: a per-product step is left while a product still
 * requested lacks it (products run side by side, so it counts once).
 */
export function onboardingEstimate(
  expected: ExpectedTimes,
  checklist: ProviderChecklist,
): OnboardingEstimate {
  const seconds = (stages: StageKey[]) => Math.max(...stages.map((stage) => expected[stage].seconds));
  const active = checklist.products.filter((product) => product.status !== 'withdrawn');
  let wholeSeconds = 0;
  let leftSeconds = 0;
  for (const step of checklist.steps) {
    const time = seconds([step.stage]);
    wholeSeconds += time;
    if (step.status !== 'done') leftSeconds += time;
  }
  for (const { number, stages } of PER_PRODUCT) {
    const time = seconds(stages);
    wholeSeconds += time;
    const done = active.length > 0 && active.every((product) => product.doneNumbers.includes(number));
    if (!done) leftSeconds += time;
  }
  if (checklist.onboarding.status === 'completed') leftSeconds = 0;
  return { wholeSeconds, leftSeconds };
}
