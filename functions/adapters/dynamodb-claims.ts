import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StepClaim } from '../domain/model.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import { call, isConditionalCheckFailed, type TableContext } from './dynamodb-call.ts';
import { toWait } from './dynamodb-items.ts';
import { keys } from './table-design.ts';

type ClaimPart = Pick<OnboardingStore, 'claimWait' | 'releaseClaim'>;

/**
 * "I'm on it" on a team's step: one attribute of the wait, set and removed by conditional writes so
 * a double click, two members at once or a decision in between each leave one clear answer. The
 * claim never enters a decision's condition: it cannot stop anyone deciding.
 */
export function claimStore(ctx: TableContext): ClaimPart {
  const { client, tableName } = ctx;
  return {
    async claimWait(onboardingId, waitKey, claim) {
      try {
        const result = await call('UpdateItem', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.wait(onboardingId, waitKey),
              UpdateExpression: 'SET #claim = :claim',
              ConditionExpression:
                '#status = :pending AND #recipient = :via AND (attribute_not_exists(#claim) OR #claim.#name <> :name)',
              ExpressionAttributeNames: {
                '#claim': 'claim',
                '#status': 'status',
                '#recipient': 'recipient',
                '#name': 'name',
              },
              ExpressionAttributeValues: {
                ':claim': claim,
                ':pending': 'pending',
                ':via': claim.via,
                ':name': claim.name,
              },
              ReturnValues: 'ALL_OLD',
            }),
          ),
        );
        const replaced = result.Attributes?.claim as StepClaim | undefined;
        return replaced ? { kind: 'claimed', replaced } : { kind: 'claimed' };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
      const current = await readWait(ctx, onboardingId, waitKey);
      const held = current?.status === 'pending' && current.claim?.name === claim.name;
      return { kind: held ? 'unchanged' : 'not-pending' };
    },

    async releaseClaim(onboardingId, waitKey, claimedAt) {
      try {
        const result = await call('UpdateItem', () =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.wait(onboardingId, waitKey),
              UpdateExpression: 'REMOVE #claim',
              ConditionExpression: '#status = :pending AND #claim.#at = :at',
              ExpressionAttributeNames: { '#claim': 'claim', '#status': 'status', '#at': 'at' },
              ExpressionAttributeValues: { ':pending': 'pending', ':at': claimedAt },
              ReturnValues: 'ALL_OLD',
            }),
          ),
        );
        return { kind: 'released', claim: result.Attributes?.claim as StepClaim };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        return { kind: 'unchanged' };
      }
    },
  };
}

async function readWait(ctx: TableContext, onboardingId: string, waitKey: string) {
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
