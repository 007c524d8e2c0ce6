import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StepMessage } from '../domain/model.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import { conditionally, type Item, putIfAbsent, queryPartition, type TableContext } from './dynamodb-call.ts';
import { keys } from './table-design.ts';

type MessagePart = Pick<
  OnboardingStore,
  'putMessage' | 'claimMessageEmail' | 'releaseMessageClaim' | 'markMessageEmailed' | 'listMessages'
>;

const MESSAGE_FIELDS: Record<keyof StepMessage, true> = {
  onboardingId: true,
  waitKey: true,
  submissionId: true,
  kind: true,
  side: true,
  author: true,
  via: true,
  text: true,
  at: true,
  emailedAt: true,
  answers: true,
};

/** An item back to a message by picking the message's own fields (never pk/sk). */
export function toMessage(item: Item): StepMessage {
  return Object.fromEntries(
    Object.keys(MESSAGE_FIELDS)
      .filter((name) => item[name] !== undefined)
      .map((name) => [name, item[name]]),
  ) as unknown as StepMessage;
}

/** Messages sort after PROFILE in the onboarding's partition; this prefix picks them out. */
export const MESSAGE_PREFIX = 'THREAD#';

/** Oldest first: the thread reads top to bottom, newest last. */
export function byTime(a: StepMessage, b: StepMessage): number {
  return a.at.localeCompare(b.at) || a.submissionId.localeCompare(b.submissionId);
}

/** Step conversations: one item per message, written once per submission; only its email notes change. */
export function messageStore(ctx: TableContext): MessagePart {
  return {
    async putMessage(message) {
      // Claimed by its poster as it is written: the poster emails it next, with no write in between.
      const item = {
        ...keys.message(message.onboardingId, message.waitKey, message.submissionId),
        ...message,
        emailClaimedAt: message.at,
      };
      return (await putIfAbsent(ctx, item)) ? 'created' : 'exists';
    },

    claimMessageEmail(message, at, staleBefore) {
      return conditionally('UpdateItem', () =>
        ctx.client.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.message(message.onboardingId, message.waitKey, message.submissionId),
            UpdateExpression: 'SET emailClaimedAt = :at',
            ConditionExpression:
              'attribute_exists(pk) AND attribute_not_exists(emailedAt) AND (attribute_not_exists(emailClaimedAt) OR emailClaimedAt < :stale)',
            ExpressionAttributeValues: { ':at': at, ':stale': staleBefore },
          }),
        ),
      );
    },

    async releaseMessageClaim(message) {
      await conditionally('UpdateItem', () =>
        ctx.client.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.message(message.onboardingId, message.waitKey, message.submissionId),
            UpdateExpression: 'REMOVE emailClaimedAt',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(emailedAt)',
          }),
        ),
      );
    },

    markMessageEmailed(message, at) {
      return conditionally('UpdateItem', () =>
        ctx.client.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.message(message.onboardingId, message.waitKey, message.submissionId),
            UpdateExpression: 'SET emailedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(emailedAt)',
            ExpressionAttributeValues: { ':at': at },
          }),
        ),
      );
    },

    async listMessages(onboardingId) {
      const items = await queryPartition(ctx, keys.onboarding(onboardingId).pk, MESSAGE_PREFIX);
      return items.map(toMessage).sort(byTime);
    },
  };
}
