import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Wait } from '../domain/model.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import { attentionStore } from './dynamodb-attention.ts';
import {
  call,
  conditionally,
  type TableContext,
  type UpdateSpec,
  updateExpression,
} from './dynamodb-call.ts';
import { NOTED_EVENTS, notedEvent, settledItem } from './dynamodb-records.ts';
import { keys, TABLE_DESIGN } from './table-design.ts';

type WaitNotePart = Pick<
  OnboardingStore,
  | 'markNotified'
  | 'markDelivered'
  | 'markDeliveryFailed'
  | 'flagDeliveryProblem'
  | 'clearDeliveryProblem'
  | 'recordReminder'
>;

/**
 * Notes on a wait that never decide anything: which token was emailed, whether the decision reached
 * Step Functions, delivery problems, reminder counts. Each is one conditional write on the wait item
 * that does nothing (answers false) when its condition no longer holds, except the delivery: a
 * settled note, written whole beside the wait.
 */
export function waitNoteStore(ctx: TableContext): WaitNotePart {
  const { noteAttention } = attentionStore(ctx);
  // Notes on an existing wait only, so a stray call cannot create a half item; otherwise a no-op.
  const setOnExisting = (onboardingId: string, waitKey: string, fields: Record<string, unknown>) =>
    updateWait(
      ctx,
      { onboardingId, waitKey },
      { set: fields, condition: { expression: `attribute_exists(${TABLE_DESIGN.partitionKey})` } },
    );

  return {
    async markNotified(onboardingId, waitKey, tokenHash, email) {
      // The email's audit event rides on the note (one write instead of two); `listEvents` lists it.
      await updateWait(
        ctx,
        { onboardingId, waitKey },
        {
          set: { notifiedTokenHash: tokenHash },
          append: email ? { [NOTED_EVENTS]: [notedEvent(email)] } : undefined,
          condition: { expression: `attribute_exists(${TABLE_DESIGN.partitionKey})` },
        },
      );
    },

    async flagDeliveryProblem(onboardingId, waitKey, problem) {
      // Only a pending wait, and once per SES message (SNS may deliver an event twice).
      const flagged = await updateWait(
        ctx,
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
      // The rep's portfolio shows it without reading the wait: the step joins the profile's attention.
      if (flagged) await noteAttention(onboardingId, waitKey, { deliveryProblem: true });
      return flagged;
    },

    async clearDeliveryProblem(onboardingId, waitKey, messageId) {
      // Only the problem that was read: one flagged meanwhile (a bounce of the new email) stays.
      const cleared = await updateWait(
        ctx,
        { onboardingId, waitKey },
        {
          remove: ['deliveryProblem'],
          condition: {
            expression: 'deliveryProblem.messageId = :messageId',
            values: { ':messageId': messageId },
          },
        },
      );
      if (cleared) await noteAttention(onboardingId, waitKey, { deliveryProblem: false });
    },

    async markDeliveryFailed(onboardingId, waitKey, at) {
      await setOnExisting(onboardingId, waitKey, { deliveryFailedAt: at });
    },

    async markDelivered(onboardingId, waitKey, at) {
      // The settled note, an item of its own (see table-design.ts): what a decision's batch writes.
      const Item = settledItem({ onboardingId, waitKey, deliveredAt: at });
      await call('PutItem', () => ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item })));
    },

    async recordReminder(onboardingId, waitKey, changes) {
      // A reminder counted after a decision would be noise: no-op unless still pending.
      await updateWait(
        ctx,
        { onboardingId, waitKey },
        {
          set: { reminders: changes.reminders, escalations: changes.escalations },
          condition: PENDING,
        },
      );
    },
  };
}

export const PENDING = {
  expression: '#status = :pending',
  names: { '#status': 'status' },
  values: { ':pending': 'pending' },
};

function updateWait(ctx: TableContext, wait: Pick<Wait, 'onboardingId' | 'waitKey'>, spec: UpdateSpec) {
  return conditionally('UpdateItem', () =>
    ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.wait(wait.onboardingId, wait.waitKey),
        ...updateExpression(spec),
      }),
    ),
  );
}
