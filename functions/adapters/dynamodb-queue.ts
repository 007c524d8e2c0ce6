import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Wait } from '../domain/model.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import { batchGetItems, bestEffort, call, queryPartition, type TableContext } from './dynamodb-call.ts';
import { toWait } from './dynamodb-items.ts';
import { queueEntryItem, queueEntryKey } from './dynamodb-records.ts';
import { keys } from './table-design.ts';

/**
 * The queue of one recipient: an entry per pending wait addressed to them, sorted by when the wait
 * began, so "everything waiting on this rep, oldest first" is one Query. An entry only points at its
 * wait; the wait item stays the truth (a stale entry left by a failed delete is skipped on read, and
 * the next write to that wait removes it).
 */
type QueuePart = Pick<OnboardingStore, 'listPendingWaitsFor'>;

const BATCH_GET_LIMIT = 100;

/** Adds (or rewrites) the entry of a pending wait. Idempotent, so retries and re-entries may repeat it. */
export async function enqueueWait(ctx: TableContext, wait: Wait): Promise<void> {
  await call('PutItem', () =>
    ctx.client.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: queueEntryItem(wait),
      }),
    ),
  );
}

/** Removes the entry of a wait that was decided or closed. Best-effort: reads skip stale entries. */
export function dequeueWait(ctx: TableContext, wait: Wait): Promise<void> {
  return bestEffort(ctx, 'queue entry', { onboardingId: wait.onboardingId, waitKey: wait.waitKey }, () =>
    call('DeleteItem', () =>
      ctx.client.send(new DeleteCommand({ TableName: ctx.tableName, Key: queueEntryKey(wait) })),
    ),
  );
}

export function queueStore(ctx: TableContext): QueuePart {
  return {
    async listPendingWaitsFor(recipient) {
      const entries = await queryPartition(ctx, keys.queue(recipient).pk, 'WAIT#');
      const waits: Wait[] = [];
      for (let start = 0; start < entries.length; start += BATCH_GET_LIMIT) {
        const batch = entries.slice(start, start + BATCH_GET_LIMIT);
        // Without their settled notes: only pending waits are listed, and no pending wait has one.
        const items = await batchGetItems(
          ctx,
          batch.map((entry) => keys.wait(String(entry.onboardingId), String(entry.waitKey))),
        );
        waits.push(...items.map((item) => toWait(item)));
      }
      const byKey = new Map(waits.map((wait) => [`${wait.onboardingId}#${wait.waitKey}`, wait]));
      // Entries are in sort key order (oldest first); the waits come back from BatchGet in any order.
      return entries
        .map((entry) => byKey.get(`${String(entry.onboardingId)}#${String(entry.waitKey)}`))
        .filter((wait): wait is Wait => wait?.status === 'pending');
    },
  };
}
