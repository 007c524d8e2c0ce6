import type { StageKey } from '../checklist/stages.ts';
import type { Onboarding, Wait } from './model.ts';
import type { OnboardingStore } from './ports.ts';

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
const SENT_BACK_BY: Partial<Record<StageKey, StageKey>> = { 'cloud-account': 'portal-access' };

/** Facts from earlier decisions that the emails and pages of a stage show. */
export async function gatherFacts(store: OnboardingStore, onboarding: Onboarding): Promise<StageFacts> {
  const [credit, content] = await Promise.all([
    store.getCurrentWait(onboarding.id, 'provider-credit'),
    store.getCurrentWait(onboarding.id, 'product-content'),
  ]);
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
  const source = wait.after ?? SENT_BACK_BY[wait.stage];
  if (!source) return undefined;
  const reviewer = await store.getCurrentWait(wait.onboardingId, source, wait.product);
  const decision = reviewer?.decision;
  if (decision?.outcome !== 'changes-requested' || !decision.reason) return undefined;
  return { fromStage: source, reason: decision.reason };
}
