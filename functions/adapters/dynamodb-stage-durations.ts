import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StageKey } from '../checklist/stages.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import { call, conditionally, type TableContext } from './dynamodb-call.ts';
import { keys } from './table-design.ts';

type DurationsPart = Pick<OnboardingStore, 'addStageDuration' | 'getStageDurations'>;

/** Samples kept per stage: the median is taken over the newest `RECENT`; `CAP` bounds the item. */
export const RECENT = 100;
const CAP = 150;

/**
 * How long each stage took, recently: one small item (`STATS` / `STAGE-DURATIONS`) with a list of
 * seconds per stage, newest last. A decision appends with one UpdateItem; the list may grow to
 * `CAP`, and the append that finds it full (once in fifty decisions of a stage) rewrites it to the
 * newest `RECENT` with a second, conditional write. A page or an email reads it with one GetItem
 * (a few KB: 11 stages of at most 150 numbers). No Scan, no per-onboarding reads.
 */
export function stageDurationStore(ctx: TableContext): DurationsPart {
  const key = keys.stageDurations();
  /** Every stage's whole list as stored (up to `CAP`). */
  const readAll = async (): Promise<Partial<Record<StageKey, number[]>>> => {
    const result = await call('GetItem', () =>
      ctx.client.send(new GetCommand({ TableName: ctx.tableName, Key: key })),
    );
    const item = result.Item ?? {};
    return Object.fromEntries(
      Object.entries(item)
        .filter(([name, value]) => name !== 'pk' && name !== 'sk' && Array.isArray(value))
        .map(([name, value]) => [name, (value as unknown[]).map(Number)]),
    ) as Partial<Record<StageKey, number[]>>;
  };
  return {
    async addStageDuration(stage, seconds) {
      const names = { '#stage': stage };
      const appended = await conditionally('UpdateItem', () =>
        ctx.client.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: key,
            UpdateExpression: 'SET #stage = list_append(if_not_exists(#stage, :empty), :one)',
            ConditionExpression: 'attribute_not_exists(#stage) OR size(#stage) < :cap',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':empty': [], ':one': [seconds], ':cap': CAP },
          }),
        ),
      );
      if (appended) return;
      const current = (await readAll())[stage] ?? [];
      // Conditional on the length read: a concurrent trim wins and this sample is dropped (statistics).
      await conditionally('UpdateItem', () =>
        ctx.client.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: key,
            UpdateExpression: 'SET #stage = :recent',
            ConditionExpression: 'size(#stage) = :length',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: {
              ':recent': [...current.slice(-(RECENT - 1)), seconds],
              ':length': current.length,
            },
          }),
        ),
      );
    },

    async getStageDurations() {
      const all = await readAll();
      return Object.fromEntries(
        Object.entries(all).map(([stage, seconds]) => [stage, seconds.slice(-RECENT)]),
      ) as Partial<Record<StageKey, number[]>>;
    },
  };
}
