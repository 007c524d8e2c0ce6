import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OnboardingStore } from '../domain/ports.ts';
import { conditionally, type TableContext } from './dynamodb-call.ts';
import { keys } from './table-design.ts';

/**
 * The orphan sweep's claim, on the onboarding item itself (no index involved): `orphanClaim` names
 * the orphaned execution and `orphanClaimAt` when it was claimed. Two sweepers racing for the same
 * orphan write the same condition; DynamoDB lets one through.
 */
export function orphanClaims(ctx: TableContext): Pick<OnboardingStore, 'claimOrphan'> {
  return {
    async claimOrphan(id, executionName, at, staleBefore) {
      return conditionally('UpdateItem', () =>
        ctx.client.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.onboarding(id),
            UpdateExpression: 'SET orphanClaim = :execution, orphanClaimAt = :at',
            ConditionExpression:
              '#status = :inProgress AND executionName = :execution AND ' +
              '(attribute_not_exists(orphanClaim) OR orphanClaim <> :execution OR orphanClaimAt < :staleBefore)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':execution': executionName,
              ':at': at,
              ':staleBefore': staleBefore,
              ':inProgress': 'in-progress',
            },
          }),
        ),
      );
    },
  };
}
