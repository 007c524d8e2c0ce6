import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { STAGES, type StageKey } from '../checklist/stages.ts';
import type { OnboardingStore, StageDurationSample } from '../domain/ports.ts';
import { call, type Item, type TableContext } from './dynamodb-call.ts';
import { keys, TABLE_DESIGN } from './table-design.ts';

/** Samples that count per stage: the median is taken over the newest `RECENT`. */
export const RECENT = 100;
/** A sample older than this is gone on AWS (TTL); by then a hundred newer ones have long replaced it. */
const KEEP_SECONDS = 365 * 86_400;

/**
 * One item per completed stage, under a partition per stage (`DURATIONS#<stage>`), sorted by time.
 * Written as a plain put in the batch that records the decision (no read, no extra round trip); the
 * key comes from the wait, so a repeated write of the same decision stores one sample.
 */
export function stageDurationItem(sample: StageDurationSample): Item {
  const sampleId = createHash('sha256')
    .update(`${sample.onboardingId}\n${sample.waitKey}`)
    .digest('hex')
    .slice(0, 16);
  return {
    ...keys.stageDuration(sample.stage, sample.at, sampleId),
    seconds: sample.seconds,
    [TABLE_DESIGN.ttlAttribute]: Math.floor(Date.parse(sample.at) / 1000) + KEEP_SECONDS,
  };
}

/** The stages a person completes with a decision: the only ones with durations to note. */
const DECIDED_STAGES = STAGES.filter((stage) => stage.form).map((stage) => stage.key);

/**
 * Reads the newest `RECENT` samples of each stage (one Query per stage, in parallel). "Usually
 * takes about N days" changes slowly, so a process keeps what it read for `maxAgeSeconds`: a warm
 * Lambda or the local runtime reads the durations once every few minutes, not once per email.
 */
export function stageDurationStore(
  ctx: TableContext,
  maxAgeSeconds: number,
): Pick<OnboardingStore, 'getStageDurations'> {
  let cached: { readAt: number; durations: Promise<Partial<Record<StageKey, number[]>>> } | undefined;

  const queryStage = async (stage: StageKey): Promise<[StageKey, number[]]> => {
    const result = await call('Query', () =>
      ctx.client.send(
        new QueryCommand({
          TableName: ctx.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.stageDurationPartition(stage) },
          ProjectionExpression: 'seconds',
          ScanIndexForward: false,
          Limit: RECENT,
        }),
      ),
    );
    return [stage, (result.Items ?? []).map((item) => Number(item.seconds))];
  };
  const readAll = async () =>
    Object.fromEntries(
      (await Promise.all(DECIDED_STAGES.map(queryStage))).filter(([, seconds]) => seconds.length > 0),
    ) as Partial<Record<StageKey, number[]>>;

  return {
    getStageDurations() {
      const now = Date.now();
      if (!cached || now - cached.readAt >= maxAgeSeconds * 1000) {
        const durations = readAll();
        cached = { readAt: now, durations };
        // A failed read is not kept: the next caller tries again.
        durations.catch(() => {
          if (cached?.durations === durations) cached = undefined;
        });
      }
      return cached.durations;
    },
  };
}
