import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Wait } from '../domain/model.ts';
import type { OnboardingStore, OpenWaitResult } from '../domain/ports.ts';
import {
  bestEffort,
  call,
  conditionally,
  isConditionalCheckFailed,
  putIfAbsent,
  queryPartition,
  type TableContext,
  type UpdateSpec,
  updateExpression,
  withoutUndefined,
} from './dynamodb-call.ts';
import { toWait } from './dynamodb-items.ts';
import { dequeueWait, enqueueWait } from './dynamodb-queue.ts';
import { keys, TABLE_DESIGN } from './table-design.ts';

type WaitPart = Pick<
  OnboardingStore,
  | 'openWait'
  | 'getWait'
  | 'getCurrentWait'
  | 'listWaits'
  | 'decideWait'
  | 'markNotified'
  | 'markDelivered'
  | 'markDeliveryFailed'
  | 'flagDeliveryProblem'
  | 'clearDeliveryProblem'
  | 'recordReminder'
  | 'closeWait'
>;

const PENDING = {
  expression: '#status = :pending',
  names: { '#status': 'status' },
  values: { ':pending': 'pending' },
};

/**
 * Waits carry the exactly-once guarantee: every state change is a conditional write on the wait
 * item (`status = pending`), so a decision lands once however many clicks, retries and reminder
 * re-entries race it. The stage progress item (`keys.stage`) is a pointer to the stage's latest
 * wait plus a summary for people; it is written after the wait and repaired by later calls, so a
 * crash between the two writes never loses the wait itself.
 */
export function waitStore(ctx: TableContext): WaitPart {
  const { client, tableName } = ctx;

  const updateWait = (wait: Pick<Wait, 'onboardingId' | 'waitKey'>, spec: UpdateSpec) =>
    conditionally('UpdateItem', () =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.wait(wait.onboardingId, wait.waitKey),
          ...updateExpression(spec),
        }),
      ),
    );

  // Notes on an existing wait only, so a stray call cannot create a half item; otherwise a no-op.
  const setOnExisting = (onboardingId: string, waitKey: string, fields: Record<string, unknown>) =>
    updateWait(
      { onboardingId, waitKey },
      { set: fields, condition: { expression: `attribute_exists(${TABLE_DESIGN.partitionKey})` } },
    );

  return {
    async openWait(wait) {
      assertWaitKeyMatches(wait);
      const item = { ...withoutUndefined(wait), ...keys.wait(wait.onboardingId, wait.waitKey) };
      const created = await putIfAbsent(ctx, item);
      if (created) {
        // Not best-effort: reminders find the wait through this pointer. If it fails, the task's
        // retry comes back as `retry` below, which writes it again.
        await pointStageAt(ctx, wait);
        await enqueueWait(ctx, wait);
        return { kind: 'created', wait: toWait(item) };
      }

      const existing = await mustReadWait(ctx, wait);
      if (existing.status === 'pending' && existing.taskToken === wait.taskToken) {
        // The same task entry again (Lambda retry): the wait stays as it is; only a stage pointer
        // that a failed first attempt did not write is repaired.
        await pointStageAt(ctx, existing);
        await enqueueWait(ctx, existing);
        return { kind: 'retry', wait: existing };
      }
      if (existing.status !== 'pending') return settled(ctx, existing);

      // A reminder re-entered the wait with a new token: rotate it, unless a decision lands first.
      try {
        const result = await call('UpdateItem', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.wait(wait.onboardingId, wait.waitKey),
              ...updateExpression({
                set: {
                  taskToken: wait.taskToken,
                  deadline: wait.deadline,
                  timeoutSeconds: wait.timeoutSeconds,
                },
                condition: PENDING,
              }),
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        const reentered = toWait(result.Attributes ?? {});
        // An adopted wait may be one the stage was never pointed at (its first attempt failed there).
        await pointStageAt(ctx, reentered);
        await bestEffort(
          ctx,
          'stage deadline',
          { onboardingId: wait.onboardingId, waitKey: wait.waitKey },
          () => updateStage(ctx, reentered, { deadline: reentered.deadline }, 'waiting'),
        );
        // Waits opened before queues existed get their entry here (a resume or reminder re-enters them).
        await bestEffort(ctx, 'queue entry', { onboardingId: wait.onboardingId, waitKey: wait.waitKey }, () =>
          enqueueWait(ctx, reentered),
        );
        return { kind: 'reentered', wait: reentered };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
        // Decided (or closed) between our read and our write: report what is on record now.
        return settled(ctx, await mustReadWait(ctx, wait));
      }
    },

    getWait: (onboardingId, waitKey) => readWait(ctx, onboardingId, waitKey),

    async getCurrentWait(onboardingId, stage, product) {
      const result = await call('GetItem', () =>
        client.send(
          new GetCommand({
            TableName: tableName,
            Key: keys.stage(onboardingId, stage, product),
            ConsistentRead: true,
          }),
        ),
      );
      const waitKey = result.Item?.currentWaitKey;
      return typeof waitKey === 'string' ? readWait(ctx, onboardingId, waitKey) : undefined;
    },

    async listWaits(onboardingId) {
      const items = await queryPartition(ctx, keys.onboarding(onboardingId).pk, 'WAIT#');
      return items.map(toWait);
    },

    /**
     * `decided` carries the wait as written, with the task token current at that instant (a
     * reminder may have rotated it since the caller read the wait). `already-decided` carries the
     * wait on record: normally decided (its `decision` says by whom and when); if the wait was
     * closed instead, it comes back with `status: 'closed'` and no decision, so the caller can say
     * the step is no longer needed.
     */
    async decideWait(onboardingId, waitKey, decision) {
      try {
        const result = await call('UpdateItem', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.wait(onboardingId, waitKey),
              ...updateExpression({
                set: { status: 'decided', decision, decidedAt: decision.at },
                condition: PENDING,
              }),
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        const wait = toWait(result.Attributes ?? {});
        // The decision is on record; the caller must now complete the task whatever happens to
        // this summary write, so a failure is only reported (the next read of this wait repairs it).
        await markStageDecided(ctx, wait);
        await dequeueWait(ctx, wait);
        return { kind: 'decided', wait };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
      }
      const existing = await mustReadWait(ctx, { onboardingId, waitKey });
      if (existing.status === 'pending') {
        throw new Error(`Wait ${waitKey} of onboarding ${onboardingId} refused a decision while pending`);
      }
      if (existing.status === 'decided') await markStageDecided(ctx, existing);
      await dequeueWait(ctx, existing);
      return { kind: 'already-decided', wait: existing };
    },

    async markNotified(onboardingId, waitKey, tokenHash) {
      await setOnExisting(onboardingId, waitKey, { notifiedTokenHash: tokenHash });
    },

    async flagDeliveryProblem(onboardingId, waitKey, problem) {
      // Only a pending wait, and once per SES message (SNS may deliver an event twice).
      return updateWait(
        { onboardingId, waitKey },
        {
          set: { deliveryProblem: problem },
          condition: {
            expression:
              '#status = :pending AND (attribute_not_exists(deliveryProblem) OR deliveryProblem.messageId <> :messageId)',
            names: { '#status': 'status' },
            values: { ':pending': 'pending', ':messageId': problem.messageId },
          },
        },
      );
    },

    async clearDeliveryProblem(onboardingId, waitKey, messageId) {
      // Only the problem that was read: one flagged meanwhile (a bounce of the new email) stays.
      await updateWait(
        { onboardingId, waitKey },
        {
          remove: ['deliveryProblem'],
          condition: {
            expression: 'deliveryProblem.messageId = :messageId',
            values: { ':messageId': messageId },
          },
        },
      );
    },

    async markDeliveryFailed(onboardingId, waitKey, at) {
      await setOnExisting(onboardingId, waitKey, { deliveryFailedAt: at });
    },

    async markDelivered(onboardingId, waitKey, at) {
      await setOnExisting(onboardingId, waitKey, { deliveredAt: at });
    },

    async recordReminder(onboardingId, waitKey, changes) {
      // A reminder counted after a decision would be noise: no-op unless still pending.
      await updateWait(
        { onboardingId, waitKey },
        { set: { reminders: changes.reminders, escalations: changes.escalations }, condition: PENDING },
      );
    },

    async closeWait(onboardingId, waitKey) {
      try {
        const result = await call('UpdateItem', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.wait(onboardingId, waitKey),
              ...updateExpression({ set: { status: 'closed' }, condition: PENDING }),
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        const wait = toWait(result.Attributes ?? {});
        await bestEffort(ctx, 'stage closed', { onboardingId, waitKey }, () =>
          updateStage(ctx, wait, { status: 'closed' }, 'waiting'),
        );
        await dequeueWait(ctx, wait);
      } catch (err) {
        // Decided or already closed: a no-op, a decision is never undone.
        if (!isConditionalCheckFailed(err)) throw err;
      }
    },
  };
}

async function readWait(ctx: TableContext, onboardingId: string, waitKey: string): Promise<Wait | undefined> {
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
async function mustReadWait(ctx: TableContext, wait: Pick<Wait, 'onboardingId' | 'waitKey'>): Promise<Wait> {
  const found = await readWait(ctx, wait.onboardingId, wait.waitKey);
  if (!found) throw new Error(`Wait ${wait.waitKey} of onboarding ${wait.onboardingId} does not exist`);
  return found;
}

async function settled(ctx: TableContext, wait: Wait): Promise<OpenWaitResult> {
  await dequeueWait(ctx, wait);
  if (wait.status === 'closed') return { kind: 'closed', wait };
  if (wait.status === 'decided') {
    await markStageDecided(ctx, wait);
    return { kind: 'already-decided', wait };
  }
  throw new Error(`Wait ${wait.waitKey} of onboarding ${wait.onboardingId} refused a re-entry while pending`);
}

/**
 * Points the stage progress item at this wait, unless it already points at this wait or a later
 * one (`enteredAt` orders the entries of a stage: a send-back's new entry comes after a decision).
 */
async function pointStageAt(ctx: TableContext, wait: Wait): Promise<void> {
  await conditionally('UpdateItem', () =>
    ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.stage(wait.onboardingId, wait.stage, wait.product),
        ...updateExpression({
          set: {
            onboardingId: wait.onboardingId,
            stage: wait.stage,
            product: wait.product,
            currentWaitKey: wait.waitKey,
            enteredAt: wait.enteredAt,
            deadline: wait.deadline,
            status: 'waiting',
          },
          remove: ['decidedAt', 'outcome'],
          condition: {
            expression: 'attribute_not_exists(#pk) OR #enteredAt < :enteredAt',
            names: { '#pk': TABLE_DESIGN.partitionKey, '#enteredAt': 'enteredAt' },
            values: { ':enteredAt': wait.enteredAt },
          },
        }),
      }),
    ),
  );
}

/** Best-effort and idempotent: the summary follows the decision, it never decides anything. */
function markStageDecided(ctx: TableContext, wait: Wait): Promise<void> {
  return bestEffort(ctx, 'stage decided', { onboardingId: wait.onboardingId, waitKey: wait.waitKey }, () =>
    updateStage(
      ctx,
      wait,
      { status: 'decided', decidedAt: wait.decision?.at, outcome: wait.decision?.outcome },
      undefined,
    ),
  );
}

/** Updates the stage progress item only while it points at `wait` (and, if given, has `status`). */
function updateStage(
  ctx: TableContext,
  wait: Wait,
  set: Record<string, unknown>,
  whileStatus: 'waiting' | undefined,
): Promise<boolean> {
  const expression = ['#current = :current', ...(whileStatus ? ['#stageStatus = :whileStatus'] : [])].join(
    ' AND ',
  );
  return conditionally('UpdateItem', () =>
    ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.stage(wait.onboardingId, wait.stage, wait.product),
        ...updateExpression({
          set,
          condition: {
            expression,
            names: { '#current': 'currentWaitKey', ...(whileStatus ? { '#stageStatus': 'status' } : {}) },
            values: { ':current': wait.waitKey, ...(whileStatus ? { ':whileStatus': whileStatus } : {}) },
          },
        }),
      }),
    ),
  );
}

/** The stage pointer is keyed by stage and product: a wait key of another stage would corrupt it. */
function assertWaitKeyMatches(wait: Wait): void {
  if (!wait.waitKey.startsWith(`${wait.stage}#${wait.product ?? '-'}#`)) {
    throw new Error(
      `Wait key ${wait.waitKey} does not belong to stage ${wait.stage} (product ${wait.product ?? '-'})`,
    );
  }
}
