import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { OnboardingNotFoundError } from '../domain/errors.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import {
  call,
  conditionally,
  isConditionalCheckFailed,
  type TableContext,
  updateExpression,
} from './dynamodb-call.ts';
import { toWait } from './dynamodb-items.ts';
import { dequeueWait, enqueueWait } from './dynamodb-queue.ts';
import { readWait } from './dynamodb-wait-reads.ts';
import { keys, TABLE_DESIGN } from './table-design.ts';

type HandoverPart = Pick<OnboardingStore, 'handOverWait' | 'updateContacts'>;

/**
 * People change: a step moves to another address, a contact or rep is replaced. The move is one
 * conditional write on the wait (still pending, still addressed to the old address), so a double
 * click or two people handing over at once move it once; the queue entries follow it.
 */
export function handoverStore(ctx: TableContext): HandoverPart {
  const { client, tableName } = ctx;
  return {
    async handOverWait(onboardingId, waitKey, handover) {
      try {
        const result = await call('UpdateItem', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.wait(onboardingId, waitKey),
              UpdateExpression:
                'SET #recipient = :to, #handovers = list_append(if_not_exists(#handovers, :none), :handover) REMOVE #problem',
              ConditionExpression: '#status = :pending AND #recipient = :from',
              ExpressionAttributeNames: {
                '#recipient': 'recipient',
                '#handovers': 'handovers',
                '#problem': 'deliveryProblem',
                '#status': 'status',
              },
              ExpressionAttributeValues: {
                ':to': handover.to,
                ':from': handover.from,
                ':none': [],
                ':handover': [handover],
                ':pending': 'pending',
              },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        const wait = toWait(result.Attributes ?? {});
        // The old holder's queue loses the entry, the new one's gains it (reads skip stale entries).
        await dequeueWait(ctx, { ...wait, recipient: handover.from });
        await enqueueWait(ctx, wait);
        return { kind: 'handed-over', wait };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        return { kind: 'unchanged', wait: await readWait(ctx, onboardingId, waitKey) };
      }
    },

    async updateContacts(id, changes) {
      const updated = await conditionally('UpdateItem', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.onboarding(id),
            ...updateExpression({
              // The by-rep index follows the rep in the same write: the onboarding leaves the old
              // rep's portfolio and joins the new one's at once.
              set: {
                ...changes,
                gsi2pk:
                  changes.repEmail === undefined ? undefined : keys.repIndex(changes.repEmail, '', '').gsi2pk,
              },
              condition: { expression: `attribute_exists(${TABLE_DESIGN.partitionKey})` },
            }),
          }),
        ),
      );
      if (!updated) throw new OnboardingNotFoundError(`Onboarding ${id} does not exist`);
    },
  };
}
