import type { StageKey } from '../checklist/stages.ts';
import type { Onboarding, Wait } from './model.ts';
import type { OnboardingStore } from './ports.ts';
import { latestWaitOf } from './wait-selection.ts';

export interface StageFacts {
  alias?: string;
  creditAmount?: string;
  currency?: string;
  /** Products the provider said are ready (product-content decision). */
  products?: string[];
}

export interface Feedback {
  fromStage: StageKey;
  reason: string;
}

/** Which earlier stage's "send back" explains a wait, when the ASL does not say (`after`). */
export const SENT_BACK_BY: Partial<Record<StageKey, StageKey>> = { 'cloud-account': 'portal-access' };

/**
 * The earlier decision each stage's email and page show: the credit (product content) and the
 * products said to be ready (publication request). Other stages show only the alias, which the
 * onboarding carries, so they read nothing: every page view and every email would otherwise pay
 * for up to four GetItems it throws away.
 */
const SHOWS: Partial<Record<StageKey, 'provider-credit' | 'product-content'>> = {
  'product-content': 'provider-credit',
  'publication-request': 'product-content',
};

/** Facts from earlier decisions that the emails and pages of `stage` show. */
export async function gatherFacts(
  store: OnboardingStore,
  onboarding: Onboarding,
  stage: StageKey,
): Promise<StageFacts> {
  const source = SHOWS[stage];
  const earlier = source ? await store.getCurrentWait(onboarding.id, source) : undefined;
  return factsFrom(onboarding, earlier ? [earlier] : [], stage);
}

/** The same facts, from the onboarding's waits already read (no read of its own). */
export function factsFrom(onboarding: Onboarding, waits: readonly Wait[], stage: StageKey): StageFacts {
  const source = SHOWS[stage];
  const earlier = source ? latestWaitOf(waits, source) : undefined;
  const credit = source === 'provider-credit' ? earlier : undefined;
  const content = source === 'product-content' ? earlier : undefined;
  const creditFields = credit?.status === 'decided' ? credit.decision?.fields : undefined;
  const contentFields = content?.status === 'decided' ? content.decision?.fields : undefined;
  return {
    alias: onboarding.alias,
    creditAmount: typeof creditFields?.amount === 'string' ? creditFields.amount : undefined,
    currency: typeof creditFields?.currency === 'string' ? creditFields.currency : undefined,
    products: Array.isArray(contentFields?.products) ? contentFields.products.map(String) : undefined,
  };
}

/** The reason a wait exists, when someone sent the work back: shown to the person who must redo it. */
export async function findFeedback(store: OnboardingStore, wait: Wait): Promise<Feedback | undefined> {
  const source = feedbackSource(wait);
  if (!source) return undefined;
  const reviewer = await store.getCurrentWait(wait.onboardingId, source, wait.product);
  return feedbackFrom(reviewer ? [reviewer] : [], wait);
}

/** The same feedback, from the onboarding's waits already read. */
export function feedbackFrom(waits: readonly Wait[], wait: Wait): Feedback | undefined {
  const source = feedbackSource(wait);
  if (!source) return undefined;
  const decision = latestWaitOf(waits, source, wait.product)?.decision;
  if (decision?.outcome !== 'changes-requested' || !decision.reason) return undefined;
  return { fromStage: source, reason: decision.reason };
}

function feedbackSource(wait: Wait): StageKey | undefined {
  return wait.after ?? SENT_BACK_BY[wait.stage];
}
