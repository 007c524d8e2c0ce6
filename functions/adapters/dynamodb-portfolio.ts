import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { IndexMissingError, InvalidInputError } from '../domain/errors.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import { call, type TableContext } from './dynamodb-call.ts';
import { decodeCursor, encodeCursor } from './dynamodb-cursor.ts';
import { toOnboarding } from './dynamodb-items.ts';
import { keys, TABLE_DESIGN } from './table-design.ts';

type PortfolioPart = Pick<OnboardingStore, 'listOnboardingsOfRep'>;

export const MAX_PORTFOLIO_PAGE = 100;

/**
 * A rep's portfolio from the by-rep index: one Query per page, newest started first, the whole
 * profile projected. Completed onboardings older than `completedSince` are left out by the Query's
 * filter (they stay in the index, as the audit trail does), so a page may hold fewer rows than its
 * limit; the cursor is then DynamoDB's own last evaluated key, checked like every cursor.
 */
export function portfolioStore(ctx: TableContext): PortfolioPart {
  const { repIndex } = TABLE_DESIGN;
  return {
    async listOnboardingsOfRep(repEmail, { limit, cursor, completedSince }) {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PORTFOLIO_PAGE) {
        const message = `The page size must be a whole number from 1 to ${MAX_PORTFOLIO_PAGE}.`;
        throw new InvalidInputError(message, { limit: `From 1 to ${MAX_PORTFOLIO_PAGE}.` });
      }
      const { gsi2pk } = keys.repIndex(repEmail, '', '');
      const startKey = cursor === undefined ? undefined : decodeCursor(cursor, gsi2pk, repIndex);
      const result = await call('Query', () =>
        sendOrIndexMissing(() =>
          ctx.client.send(
            new QueryCommand({
              TableName: ctx.tableName,
              IndexName: repIndex.name,
              KeyConditionExpression: '#pk = :pk',
              FilterExpression: '#status <> :completed OR #updatedAt >= :since',
              ExpressionAttributeNames: {
                '#pk': repIndex.partitionKey,
                '#status': 'status',
                '#updatedAt': 'updatedAt',
              },
              ExpressionAttributeValues: {
                ':pk': gsi2pk,
                ':completed': 'completed',
                ':since': completedSince,
              },
              ScanIndexForward: false,
              Limit: limit,
              ExclusiveStartKey: startKey,
            }),
          ),
        ),
      );
      const last = result.LastEvaluatedKey;
      return {
        items: (result.Items ?? []).map(toOnboarding),
        cursor: last ? encodeCursor(last, repIndex) : undefined,
      };
    },
  };
}

/** DynamoDB's "no such index" (a table made before the by-rep index) as the domain's own error. */
async function sendOrIndexMissing<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const missing =
      error instanceof Error &&
      error.name === 'ValidationException' &&
      /specified index/i.test(error.message);
    if (!missing) throw error;
    throw new IndexMissingError(`The table has no ${TABLE_DESIGN.repIndex.name} index: ${error.message}`);
  }
}
