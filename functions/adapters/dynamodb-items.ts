import type { ActionLink, Attention, AuditEvent, Onboarding, Wait } from '../domain/model.ts';
import type { Item } from './dynamodb-call.ts';
import { NOTED_EVENTS } from './dynamodb-records.ts';

/**
 * Items back to domain objects by picking the domain's own fields, so keys (pk, sk, gsi1*) and
 * bookkeeping attributes (version, decidedAt, expiresAtEpoch) never leak into the domain. The
 * `Record<keyof T, true>` lists fail to type-check when the model gains a field, which is the
 * reminder to map it here.
 */
const ONBOARDING_FIELDS: Record<keyof Onboarding, true> = {
  id: true,
  executionName: true,
  company: true,
  contactName: true,
  contactEmail: true,
  repEmail: true,
  stage: true,
  status: true,
  alias: true,
  products: true,
  createdAt: true,
  updatedAt: true,
  executionStartedAt: true,
  reminderLoops: true,
  attention: true,
  team: true,
  copyTeam: true,
};

const WAIT_FIELDS: Record<keyof Wait, true> = {
  onboardingId: true,
  waitKey: true,
  stage: true,
  product: true,
  role: true,
  recipient: true,
  status: true,
  taskToken: true,
  notifiedTokenHash: true,
  enteredAt: true,
  deadline: true,
  timeoutSeconds: true,
  reminders: true,
  escalations: true,
  decision: true,
  deliveredAt: true,
  decisionAudited: true,
  deliveryFailedAt: true,
  deliveryProblem: true,
  after: true,
  handovers: true,
  claim: true,
};

const LINK_FIELDS: Record<keyof ActionLink, true> = {
  idHash: true,
  onboardingId: true,
  waitKey: true,
  stage: true,
  role: true,
  recipient: true,
  createdAt: true,
  expiresAt: true,
};

// `onceKey` only shapes the item key; it is not stored.
const EVENT_FIELDS: Record<Exclude<keyof AuditEvent, 'onceKey'>, true> = {
  onboardingId: true,
  type: true,
  at: true,
  stage: true,
  product: true,
  actor: true,
  ip: true,
  userAgent: true,
  outcome: true,
  detail: true,
};

function pick<T>(fields: Record<keyof T, true>): (item: Item) => T {
  const names = Object.keys(fields);
  return (item) =>
    Object.fromEntries(
      names.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]),
    ) as T;
}

const pickOnboarding = pick<Onboarding>(ONBOARDING_FIELDS);

/** The profile's attention string sets (see dynamodb-attention.ts), read back as plain sorted lists. */
export const ATTENTION_SETS: Record<keyof Attention, string> = {
  questionsToProvider: 'questionsToProviderSteps',
  questionsToMarketplace: 'questionsToMarketplaceSteps',
  deliveryProblems: 'undeliveredSteps',
};

export function toOnboarding(item: Item): Onboarding {
  const onboarding = pickOnboarding({ ...item, attention: undefined });
  const list = (name: string) => [...((item[name] as Set<string> | undefined) ?? [])].sort();
  const attention: Attention = {
    questionsToProvider: list(ATTENTION_SETS.questionsToProvider),
    questionsToMarketplace: list(ATTENTION_SETS.questionsToMarketplace),
    deliveryProblems: list(ATTENTION_SETS.deliveryProblems),
  };
  if (Object.values(attention).some((steps) => steps.length > 0)) onboarding.attention = attention;
  return onboarding;
}
const pickWait = pick<Wait>(WAIT_FIELDS);

/**
 * A wait item back to a Wait, with its settled note (see `waitsOf`) when the caller read it: its
 * `deliveredAt` counts as the wait's own, which waits delivered before settled notes existed carry.
 */
export function toWait(item: Item, settled?: Item): Wait {
  const wait = pickWait(item);
  const notes = (item[NOTED_EVENTS] as Item[] | undefined) ?? [];
  if (notes.some((event) => event.type === 'decision-recorded')) wait.decisionAudited = true;
  if (!wait.deliveredAt && typeof settled?.deliveredAt === 'string') wait.deliveredAt = settled.deliveredAt;
  return wait;
}

export const WAIT_PREFIX = 'WAIT#';
export const SETTLED_PREFIX = 'SETTLED#';

/** The waits among items of one onboarding's partition, each with its settled note when read with it. */
export function waitsOf(items: readonly Item[]): Wait[] {
  const settled = new Map(
    items.filter((item) => String(item.sk).startsWith(SETTLED_PREFIX)).map((item) => [item.waitKey, item]),
  );
  return items
    .filter((item) => String(item.sk).startsWith(WAIT_PREFIX))
    .map((item) => toWait(item, settled.get(item.waitKey)));
}
export const toLink = pick<ActionLink>(LINK_FIELDS);
export const toEvent = pick<Omit<AuditEvent, 'onceKey'>>(EVENT_FIELDS);
