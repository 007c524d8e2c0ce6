import { createHash, randomBytes } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ActionLink, AuditEvent, ViewLink, Wait } from '../domain/model.ts';
import type { RecordBatch, SettledNote } from '../domain/ports.ts';
import { call, type Item, type TableContext, withoutUndefined } from './dynamodb-call.ts';
import { stageDurationItem } from './dynamodb-stage-durations.ts';
import { keys, TABLE_DESIGN } from './table-design.ts';
import { TransientError } from './transient-error.ts';

/**
 * The items that are only ever written whole and never conditionally: action and view links, audit
 * events, queue entries, stage durations, settled notes. Writes of these that travel together go out as one BatchWriteItem (up to
 * 25 items a request; DynamoDB may leave some unprocessed under load, which are sent again).
 */

// A plain put: the id hash comes from 256 random bits, and writing the same link again (a retried
// task) is harmless. It lives with its onboarding, so the Query that reads the onboarding reads it.
// `expiresAtEpoch` lets DynamoDB TTL clean up on AWS only.
export function linkItem(link: ActionLink): Item {
  return {
    ...withoutUndefined(link),
    [TABLE_DESIGN.ttlAttribute]: Math.floor(Date.parse(link.expiresAt) / 1000),
    ...keys.stepLink(link.onboardingId, link.idHash),
  };
}

export function viewLinkItem(link: ViewLink): Item {
  return {
    ...withoutUndefined(link),
    [TABLE_DESIGN.ttlAttribute]: Math.floor(Date.parse(link.expiresAt) / 1000),
    ...keys.viewLink(link.idHash),
  };
}

/**
 * The random suffix keeps two events of the same millisecond apart; sort keys keep time order. An
 * event that may be appended again (`onceKey`) gets a suffix derived from it: a repeat writes the
 * same item instead of a second one.
 */
export function eventItem({ onceKey, ...event }: AuditEvent): Item {
  const suffix = onceKey
    ? createHash('sha256').update(onceKey).digest('hex').slice(0, 8)
    : randomBytes(4).toString('hex');
  return { ...withoutUndefined(event), ...keys.event(event.onboardingId, event.at, suffix) };
}

/**
 * Audit events kept on the item whose write they record (an action request's email-sent event on its
 * wait's notified note, a decision's decision-recorded event on the write that records it), appended
 * by that same write instead of a PutItem of their own; `listEvents` lists them with the EVENT#
 * items. A fact is published after its audit event is written (docs/operating.md): an event kept
 * this way is written by the write the fact follows, so it stays ahead of the fact.
 */
export const NOTED_EVENTS = 'notedEvents';

export function notedEvent({ onceKey: _onceKey, ...event }: AuditEvent): Item {
  return withoutUndefined(event);
}

/** Written whole and again by whoever finishes the same decision: the latest delivery wins, harmlessly. */
export function settledItem(note: SettledNote): Item {
  return { ...keys.settled(note.onboardingId, note.waitKey), ...note };
}

export function queueEntryKey(wait: Wait) {
  return keys.queueEntry(wait.recipient, wait.enteredAt, wait.onboardingId, wait.waitKey);
}

export function queueEntryItem(wait: Wait): Item {
  return { ...queueEntryKey(wait), onboardingId: wait.onboardingId, waitKey: wait.waitKey };
}

const BATCH_WRITE_LIMIT = 25;

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

/** Writes a batch of records (puts and queue removals) in as few BatchWriteItem calls as fit. */
export async function writeBatch(ctx: TableContext, batch: RecordBatch): Promise<void> {
  const requests: WriteRequest[] = [
    ...(batch.actionLinks ?? []).map((link) => ({ PutRequest: { Item: linkItem(link) } })),
    ...(batch.viewLinks ?? []).map((link) => ({ PutRequest: { Item: viewLinkItem(link) } })),
    ...(batch.events ?? []).map((event) => ({ PutRequest: { Item: eventItem(event) } })),
    ...(batch.enqueue ?? []).map((wait) => ({ PutRequest: { Item: queueEntryItem(wait) } })),
    ...(batch.dequeue ?? []).map((wait) => ({ DeleteRequest: { Key: queueEntryKey(wait) } })),
    ...(batch.stageDurations ?? []).map((sample) => ({ PutRequest: { Item: stageDurationItem(sample) } })),
    ...(batch.settled ?? []).map((note) => ({ PutRequest: { Item: settledItem(note) } })),
  ];
  for (let start = 0; start < requests.length; start += BATCH_WRITE_LIMIT) {
    await writeAll(ctx, requests.slice(start, start + BATCH_WRITE_LIMIT));
  }
}

async function writeAll(ctx: TableContext, requests: WriteRequest[]): Promise<void> {
  let pending = requests;
  for (let round = 0; pending.length > 0; round++) {
    // Unprocessed items mean throttling: transient, so the task or the person's click is retried.
    if (round > 8) throw new TransientError('DynamoDB BatchWriteItem kept leaving items unprocessed');
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * round));
    const result = await call('BatchWriteItem', () =>
      ctx.client.send(new BatchWriteCommand({ RequestItems: { [ctx.tableName]: pending } })),
    );
    pending = (result.UnprocessedItems?.[ctx.tableName] ?? []) as WriteRequest[];
  }
}
