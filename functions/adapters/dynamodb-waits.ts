import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Wait } from '../domain/model.ts';
import type { OnboardingStore, OpenWaitResult } from '../domain/ports.ts';
import {
  bestEffort,
  call,
  isConditionalCheckFailed,
  putIfAbsent,
  type TableContext,
  updateExpression,
  withoutUndefined,
} from './dynamodb-call.ts';
import { toWait } from './dynamodb-items.ts';
import { dequeueWait, enqueueWait } from './dynamodb-queue.ts';
import { NOTED_EVENTS, notedEvent, writeBatch } from './dynamodb-records.ts';
import { PENDING } from './dynamodb-wait-notes.ts';
import { mustReadWait } from './dynamodb-wait-reads.ts';
import { keys } from './table-design.ts';

type WaitPart = Pick<OnboardingStore, 'openWait' | 'decideWait' | 'closeWait'>;

/**
 * Waits carry the exactly-once guarantee: every state change is a conditional write on the wait
 * item (`status = pending`), so a decision lands once however many clicks, retries and reminder
 * re-entries race it. What follows an opening (the queue entry, the records the caller passes
 * `alongside`) is one batch written after it; a crash in between is repaired by the retry, which
 * finds the wait as it was left and writes the batch again.
 */
export function waitStore(ctx: TableContext): WaitPart {
  const { client, tableName } = ctx;

  return {
    async openWait(wait, alongside = {}) {
      assertWaitKeyMatches(wait);
      const item = { ...withoutUndefined(wait), ...keys.wait(wait.onboardingId, wait.waitKey) };
      // Not best-effort: the queue entry and the caller's records follow the wait. If the batch
      // fails, the task's retry comes back as `retry` below, and its caller writes them again.
      if (await putIfAbsent(ctx, item)) {
        const created = toWait(item);
        await writeBatch(ctx, { ...alongside, enqueue: [created, ...(alongside.enqueue ?? [])] });
        return { kind: 'created', wait: created };
      }

      const existing = await mustReadWait(ctx, wait);
      if (existing.status === 'pending' && existing.taskToken === wait.taskToken) {
        // The same task entry again (Lambda retry): the wait stays as it is. Whether what followed
        // it got written is the caller's to judge (it knows whether its email went out).
        return { kind: 'retry', wait: existing };
      }
      if (existing.status !== 'pending') return settled(ctx, existing);

      // A reminder re-entered the wait with a new token: rotate it, unless a decision lands first.
      // The due date stays the one set at entry: a reminder never moves it.
      try {
        const result = await call('UpdateItem', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.wait(wait.onboardingId, wait.waitKey),
              ...updateExpression({
                set: {
                  taskToken: wait.taskToken,
                  timeoutSeconds: wait.timeoutSeconds,
                },
                condition: PENDING,
              }),
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        const reentered = toWait(result.Attributes ?? {});
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

    /**
     * `decided` carries the wait as written, with the task token current at that instant (a
     * reminder may have rotated it since the caller read the wait). `already-decided` carries the
     * wait on record: normally decided (its `decision` says by whom and when); if the wait was
     * closed instead, it comes back with `status: 'closed'` and no decision, so the caller can say
     * the step is no longer needed.
     */
    async decideWait(onboardingId, waitKey, decision, audit) {
      try {
        const result = await call('UpdateItem', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.wait(onboardingId, waitKey),
              ...updateExpression({
                set: { status: 'decided', decision, decidedAt: decision.at },
                // The audit is atomic with the decision: kept on the wait, listed by `listEvents`.
                append: audit ? { [NOTED_EVENTS]: [notedEvent(audit)] } : undefined,
                condition: PENDING,
              }),
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        // The caller removes its queue entry with the decision's other records (one batch, after delivery).
        const wait = toWait(result.Attributes ?? {});
        return { kind: 'decided', wait };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
      }
      const existing = await mustReadWait(ctx, { onboardingId, waitKey });
      if (existing.status === 'pending') {
        throw new Error(`Wait ${waitKey} of onboarding ${onboardingId} refused a decision while pending`);
      }
      await dequeueWait(ctx, existing);
      return { kind: 'already-decided', wait: existing };
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
        await dequeueWait(ctx, toWait(result.Attributes ?? {}));
      } catch (err) {
        // Decided or already closed: a no-op, a decision is never undone.
        if (!isConditionalCheckFailed(err)) throw err;
      }
    },
  };
}

async function settled(ctx: TableContext, wait: Wait): Promise<OpenWaitResult> {
  await dequeueWait(ctx, wait);
  if (wait.status === 'closed') return { kind: 'closed', wait };
  if (wait.status === 'decided') return { kind: 'already-decided', wait };
  throw new Error(`Wait ${wait.waitKey} of onboarding ${wait.onboardingId} refused a re-entry while pending`);
}

/** The wait key starts with its stage and product: readers find a stage's waits by that prefix. */
function assertWaitKeyMatches(wait: Wait): void {
  if (!wait.waitKey.startsWith(`${wait.stage}#${wait.product ?? '-'}#`)) {
    throw new Error(
      `Wait key ${wait.waitKey} does not belong to stage ${wait.stage} (product ${wait.product ?? '-'})`,
    );
  }
}
