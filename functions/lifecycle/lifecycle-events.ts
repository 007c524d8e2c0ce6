import { createHash } from 'node:crypto';
import type { Role, StageKey } from '../checklist/stages.ts';
import type { DeliveryProblem, Outcome } from '../domain/model.ts';

/**
 * The facts other systems (CRM, billing, catalogue, a chat channel) may subscribe to, published to an
 * EventBridge bus as each is recorded. This list is closed: a new fact is a new entry here, a new
 * schema in `schemas/`, and a line in docs/operating.md.
 */
export const LIFECYCLE_DETAIL_TYPES = [
  'Onboarding Started',
  'Stage Entered',
  'Step Decided',
  /** A question on a step (the step does not change); `questionId` is its submission id. */
  'Question Asked',
  /** An answer to the other side's latest question on the step; `questionId` names that question. */
  'Question Answered',
  'Product Published',
  'Product Withdrawn',
  'Onboarding Completed',
  'Onboarding Stopped',
  'Onboarding Resumed',
  'Email Not Delivered',
  'Onboarding Stuck',
] as const;
export type LifecycleDetailType = (typeof LIFECYCLE_DETAIL_TYPES)[number];

/** The version of every `detail` below; a breaking change is a `v2` schema beside the `v1`. */
export const LIFECYCLE_SCHEMA_VERSION = 1;

/**
 * What each fact carries: ids, stages, outcomes and product names — never a person's name, address,
 * IP or user agent (a subscriber reads those through the product if it must; see docs/operating.md).
 */
export interface LifecycleDetails {
  'Onboarding Started': { executionName: string };
  'Stage Entered': { stage: StageKey; product?: string; waitKey: string; waitingOn: Role };
  'Step Decided': { stage: StageKey; product?: string; waitKey: string; outcome: Outcome; decidedBy: Role };
  'Question Asked': { stage: StageKey; product?: string; waitKey: string; questionId: string };
  'Question Answered': { stage: StageKey; product?: string; waitKey: string; questionId: string };
  'Product Published': { product: string };
  'Product Withdrawn': { product: string };
  'Onboarding Completed': { products: { name: string; status: 'published' | 'withdrawn' }[] };
  'Onboarding Stopped': { executionName: string };
  'Onboarding Resumed': { executionName: string; startAt: string };
  'Email Not Delivered': {
    stage: StageKey;
    product?: string;
    waitKey: string;
    problem: DeliveryProblem['kind'];
    recipientRole: Role;
  };
  'Onboarding Stuck': { stage: StageKey; since: string; days: number };
}

/** The `detail` of an event: the common envelope and the fact's own fields. */
export type LifecycleDetail<T extends LifecycleDetailType = LifecycleDetailType> = {
  schemaVersion: typeof LIFECYCLE_SCHEMA_VERSION;
  /** Deterministic from the fact: the same fact published again (a retry, a resume) has the same id. */
  id: string;
  onboardingId: string;
  /** When the fact was recorded. */
  at: string;
} & LifecycleDetails[T];

export interface LifecycleEvent<T extends LifecycleDetailType = LifecycleDetailType> {
  detailType: T;
  detail: LifecycleDetail<T>;
}

/**
 * Publishes facts after they are recorded. Never throws and never waits long: a failed publish is
 * retried, then logged and counted (an alarm watches the count), and the workflow step goes on.
 */
export interface LifecycleEventPublisher {
  publish(event: LifecycleEvent): Promise<void>;
}

/** Publishes nothing: wherever no bus is configured (unit tests, a CLI without a stack). */
export const noLifecycleEvents: LifecycleEventPublisher = { publish: async () => {} };

export function lifecycleEventsOf(deps: { events?: LifecycleEventPublisher }): LifecycleEventPublisher {
  return deps.events ?? noLifecycleEvents;
}

/**
 * Builds one event. `factKey` names the fact within its onboarding (a wait key, a product, an
 * execution name): with the onboarding id and the detail type it makes the id, so the same fact
 * always gets the same id and two facts never share one.
 */
export function lifecycleEvent<T extends LifecycleDetailType>(
  detailType: T,
  fact: { onboardingId: string; at: string; factKey: string },
  fields: LifecycleDetails[T],
): LifecycleEvent<T> {
  const id = createHash('sha256')
    .update(JSON.stringify([fact.onboardingId, detailType, fact.factKey]))
    .digest('hex')
    .slice(0, 32);
  const detail = {
    schemaVersion: LIFECYCLE_SCHEMA_VERSION,
    id,
    onboardingId: fact.onboardingId,
    at: fact.at,
    ...withoutUndefined(fields),
  } as LifecycleDetail<T>;
  return { detailType, detail };
}

/** Publishes a fact through `deps.events` (if any): the one call the domain functions make. */
export function publishFact<T extends LifecycleDetailType>(
  deps: { events?: LifecycleEventPublisher },
  detailType: T,
  fact: { onboardingId: string; at: string; factKey: string },
  fields: LifecycleDetails[T],
): Promise<void> {
  return lifecycleEventsOf(deps).publish(lifecycleEvent(detailType, fact, fields));
}

function withoutUndefined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
