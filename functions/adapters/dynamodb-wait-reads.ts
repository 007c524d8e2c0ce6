import type { Wait } from '../domain/model.ts';
import type { OnboardingRecord, OnboardingStore } from '../domain/ports.ts';
import { latestWaitOf } from '../domain/wait-selection.ts';
import { batchGetItems, type Item, queryAll, type TableContext } from './dynamodb-call.ts';
import { SETTLED_PREFIX, toLink, toOnboarding, waitsOf } from './dynamodb-items.ts';
import { byTime, MESSAGE_PREFIX, toMessage } from './dynamodb-messages.ts';
import { keys } from './table-design.ts';

type WaitReadPart = Pick<
  OnboardingStore,
  'readOnboarding' | 'readLinkWithOnboarding' | 'getWait' | 'getCurrentWait' | 'listWaits'
>;

/**
 * Reading waits. Everything a task or a page needs about one onboarding (its profile, its settled
 * notes, its action links, its conversations and all its waits) sits in one partition, sorted
 * PROFILE < SETTLED#… < STEP_LINK#… < THREAD#… < WAIT#…, after the audit events (EVENT#…): one Query
 * from PROFILE on reads them all, and the current wait of a stage is found among them. A wait is
 * returned with its settled note (the `deliveredAt` of its decision) merged in.
 */
export function waitReadStore(ctx: TableContext): WaitReadPart {
  return {
    async readOnboarding(id) {
      return recordOf(id, await partitionFrom(ctx, id, keys.onboarding(id).sk));
    },

    async readLinkWithOnboarding(onboardingId, idHash) {
      const items = await partitionFrom(ctx, onboardingId, keys.onboarding(onboardingId).sk);
      const linkSortKey = keys.stepLink(onboardingId, idHash).sk;
      const link = items.find((item) => item.sk === linkSortKey);
      return { link: link && toLink(link), record: recordOf(onboardingId, items) };
    },

    getWait: (onboardingId, waitKey) => readWait(ctx, onboardingId, waitKey),

    async getCurrentWait(onboardingId, stage, product) {
      return latestWaitOf(waitsOf(await partitionFrom(ctx, onboardingId, SETTLED_PREFIX)), stage, product);
    },

    async listWaits(onboardingId) {
      // The messages and any other items sorting between settled notes and waits come along: waitsOf leaves them out.
      return waitsOf(await partitionFrom(ctx, onboardingId, SETTLED_PREFIX));
    },
  };
}

/** The items of one onboarding's partition from sort key `from` on: one Query (paged only when large). */
function partitionFrom(ctx: TableContext, onboardingId: string, from: string): Promise<Item[]> {
  return queryAll(ctx, {
    KeyConditionExpression: '#pk = :pk AND #sk >= :from',
    ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
    ExpressionAttributeValues: { ':pk': keys.onboarding(onboardingId).pk, ':from': from },
    ConsistentRead: true,
  });
}

/** One wait with its settled note: both keys in one BatchGetItem. */
export async function readWait(
  ctx: TableContext,
  onboardingId: string,
  waitKey: string,
): Promise<Wait | undefined> {
  const items = await batchGetItems(ctx, [
    keys.wait(onboardingId, waitKey),
    keys.settled(onboardingId, waitKey),
  ]);
  return waitsOf(items)[0];
}

/** Waits are never deleted while their onboarding lives, so a missing one here is a broken invariant. */
export async function mustReadWait(
  ctx: TableContext,
  wait: Pick<Wait, 'onboardingId' | 'waitKey'>,
): Promise<Wait> {
  const found = await readWait(ctx, wait.onboardingId, wait.waitKey);
  if (!found) throw new Error(`Wait ${wait.waitKey} of onboarding ${wait.onboardingId} does not exist`);
  return found;
}

function recordOf(id: string, items: Item[]): OnboardingRecord | undefined {
  const profile = items.find((item) => item.sk === keys.onboarding(id).sk);
  if (!profile) return undefined;
  return {
    onboarding: toOnboarding(profile),
    waits: waitsOf(items),
    messages: items
      .filter((item) => String(item.sk).startsWith(MESSAGE_PREFIX))
      .map(toMessage)
      .sort(byTime),
  };
}
