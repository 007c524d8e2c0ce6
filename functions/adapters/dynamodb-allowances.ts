import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OnboardingStore } from '../domain/ports.ts';
import { call, conditionally, type TableContext } from './dynamodb-call.ts';
import { keys, TABLE_DESIGN } from './table-design.ts';

type AllowancePart = Pick<OnboardingStore, 'takeAllowance' | 'returnAllowance'>;

/**
 * Sliding-window allowances (how many emails may be sent on request): one item per key holding the
 * times of the sends still inside the window and a `version`. A send is taken by writing the item
 * back only if `version` is unchanged (optimistic concurrency, no transactions: dynalite has none),
 * so concurrent Lambdas can never overdraw it; a loser reads again. Old sends are dropped in code
 * (dynalite has no TTL); the TTL attribute only cleans up idle items on AWS.
 */
export function allowanceStore(ctx: TableContext): AllowancePart {
  const { client, tableName } = ctx;

  return {
    async takeAllowance(allowance, at) {
      const key = keys.allowance(allowance.key);
      const now = at.getTime();
      const windowMs = allowance.windowSeconds * 1000;
      // Each round someone takes a send, so after `limit` lost rounds the window is full.
      for (let round = 0; round <= allowance.limit + 1; round += 1) {
        const { Item: item } = await call('GetItem', () =>
          client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })),
        );
        const sends = ((item?.sends as number[] | undefined) ?? []).filter((sent) => sent > now - windowMs);
        if (sends.length >= allowance.limit) {
          return {
            granted: false,
            firstRefusal: await noteRefusal(key, at),
            retryAt: retryAt(sends, windowMs),
          };
        }
        const version = typeof item?.version === 'number' ? item.version : 0;
        const taken = await conditionally('PutItem', () =>
          client.send(
            new PutCommand({
              TableName: tableName,
              // Replacing the item also clears `refusedAt`: the next refusal starts a new burst.
              Item: {
                ...key,
                sends: [...sends, now],
                version: version + 1,
                [TABLE_DESIGN.ttlAttribute]: Math.ceil((now + windowMs) / 1000),
              },
              ConditionExpression: item
                ? 'version = :version'
                : `attribute_not_exists(${TABLE_DESIGN.partitionKey})`,
              ExpressionAttributeValues: item ? { ':version': version } : undefined,
            }),
          ),
        );
        if (taken) return { granted: true };
      }
      // Still contended after every round: refuse (nothing is sent) rather than risk overdrawing.
      return { granted: false, firstRefusal: false, retryAt: new Date(now + windowMs).toISOString() };
    },

    async returnAllowance(allowance, at) {
      const key = keys.allowance(allowance.key);
      for (let round = 0; round <= allowance.limit + 1; round += 1) {
        const { Item: item } = await call('GetItem', () =>
          client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })),
        );
        const sends = (item?.sends as number[] | undefined) ?? [];
        const index = sends.indexOf(at.getTime());
        if (!item || index === -1) return;
        const returned = await conditionally('PutItem', () =>
          client.send(
            new PutCommand({
              TableName: tableName,
              Item: {
                ...item,
                sends: sends.filter((_, position) => position !== index),
                version: Number(item.version) + 1,
              },
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: { ':version': item.version },
            }),
          ),
        );
        if (returned) return;
      }
    },
  };

  /** True for the one caller that marks the first refusal since the last send. */
  function noteRefusal(key: Record<string, string>, at: Date): Promise<boolean> {
    return conditionally('UpdateItem', () =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'SET refusedAt = :at',
          ConditionExpression: 'attribute_not_exists(refusedAt)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      ),
    );
  }
}

function retryAt(sends: number[], windowMs: number): string {
  return new Date(Math.min(...sends) + windowMs).toISOString();
}
