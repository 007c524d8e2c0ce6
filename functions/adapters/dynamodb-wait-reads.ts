import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Wait } from '../domain/model.ts';
import type { OnboardingRecord, OnboardingStore } from '../domain/ports.ts';
import { latestWaitOf } from '../domain/wait-selection.ts';
import { call, type Item, queryAll, queryPartition, type TableContext } from './dynamodb-call.ts';
import { toLink, toOnboarding, toWait } from './dynamodb-items.ts';
import { byTime, MESSAGE_PREFIX, toMessage } from './dynamodb-messages.ts';
import { keys } from './table-design.ts';

type WaitReadPart = Pick<
  OnboardingStore,
  'readOnboarding' | 'readLinkWithOnboarding' | 'getWait' | 'getCurrentWait' | 'listWaits'
>;

/**
 * Reading waits. Everything a task or a page needs about one onboarding (its profile, its action
 * links, its conversations and all its waits) sits in one partition, sorted PROFILE < STEP_LINK#… <
 * THREAD#… < WAIT#…, after the audit events (EVENT#…): one Query from PROFILE on reads them all, and
 * the current wait of a stage is found among them.
 */
export function waitReadStore(ctx: TableContext): WaitReadPart {
  return {
    async readOnboarding(id) {
      return recordOf(id, await readFromProfile(ctx, id));
    },

    async readLinkWithOnboarding(onboardingId, idHash) {
      const items = await readFromProfile(ctx, onboardingId);
      const linkSortKey = keys.stepLink(onboardingId, idHash).sk;
      const link = items.find((item) => item.sk === linkSortKey);
      return { link: link && toLink(link), record: recordOf(onboardingId, items) };
    },

    getWait: (onboardingId, waitKey) => readWait(ctx, onboardingId, waitKey),

    async getCurrentWait(onboardingId, stage, product) {
      // The waits of one stage and product share a sort key prefix (see `waitKeyOf`).
      const items = await queryPartition(
        ctx,
        keys.onboarding(onboardingId).pk,
        `WAIT#${stage}#${product ?? '-'}#`,
      );
      return latestWaitOf(items.map(toWait), stage, product);
    },

    async listWaits(onboardingId) {
      const items = await queryPartition(ctx, keys.onboarding(onboardingId).pk, 'WAIT#');
      return items.map(toWait);
    },
  };
}

export async function readWait(
  ctx: TableContext,
  onboardingId: string,
  waitKey: string,
): Promise<Wait | undefined> {
  const result = await call('GetItem', () =>
    ctx.client.send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: keys.wait(onboardingId, waitKey),
        ConsistentRead: true,
      }),
    ),
  );
  return result.Item && toWait(result.Item);
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

/** The onboarding's partition from its profile on (the audit events sort before it). */
function readFromProfile(ctx: TableContext, id: string): Promise<Item[]> {
  return queryAll(ctx, {
    KeyConditionExpression: '#pk = :pk AND #sk >= :from',
    ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
    ExpressionAttributeValues: { ':pk': keys.onboarding(id).pk, ':from': keys.onboarding(id).sk },
    ConsistentRead: true,
  });
}

function recordOf(id: string, items: Item[]): OnboardingRecord | undefined {
  const profile = items.find((item) => item.sk === keys.onboarding(id).sk);
  if (!profile) return undefined;
  return {
    onboarding: toOnboarding(profile),
    waits: items.filter((item) => String(item.sk).startsWith('WAIT#')).map(toWait),
    messages: items
      .filter((item) => String(item.sk).startsWith(MESSAGE_PREFIX))
      .map(toMessage)
      .sort(byTime),
  };
}
