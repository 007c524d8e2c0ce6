import { createHash, randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OnboardingStore } from '../domain/ports.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { allowanceStore } from './dynamodb-allowances.ts';
import { call, queryPartition, type TableContext, withoutUndefined } from './dynamodb-call.ts';
import { handoverStore } from './dynamodb-handovers.ts';
import { toEvent, toLink } from './dynamodb-items.ts';
import { onboardingStore } from './dynamodb-onboardings.ts';
import { queueStore } from './dynamodb-queue.ts';
import { stageDurationStore } from './dynamodb-stage-durations.ts';
import { startClaimsStore } from './dynamodb-start-claims.ts';
import { teamStore } from './dynamodb-team.ts';
import { viewLinkStore } from './dynamodb-view-links.ts';
import { waitStore } from './dynamodb-waits.ts';
import { keys, TABLE_DESIGN } from './table-design.ts';

/**
 * The OnboardingStore on the one DynamoDB table (keys in `table-design.ts`). Conditional writes
 * make every step idempotent; no Scan and no TransactWriteItems (dynalite, the local stand-in, has
 * none), so multi-item changes are ordered writes whose later parts are repaired by retries.
 */
export interface DynamoDbStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Where best-effort write failures are reported (never with a task token). */
  logger?: Pick<Logger, 'warn'>;
}

/** The document client every caller should use: plain JS values in and out, undefined dropped. */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function createDynamoDbStore(options: DynamoDbStoreOptions): OnboardingStore {
  const logger = options.logger ?? createLogger({ component: 'dynamodb-store' });
  const ctx: TableContext = {
    client: options.client,
    tableName: options.tableName,
    warn: (message, keys) => logger.warn(message, keys),
  };
  return {
    ...onboardingStore(ctx),
    ...waitStore(ctx),
    ...viewLinkStore(ctx),
    ...queueStore(ctx),
    ...handoverStore(ctx),
    ...startClaimsStore(ctx),
    ...allowanceStore(ctx),
    ...stageDurationStore(ctx),
    ...teamStore(ctx),

    async putLink(link) {
      // A plain put: the id hash comes from 256 random bits, and writing the same link again (a
      // retried task) is harmless. `expiresAtEpoch` lets DynamoDB TTL clean up on AWS only.
      const item = {
        ...withoutUndefined(link),
        [TABLE_DESIGN.ttlAttribute]: Math.floor(Date.parse(link.expiresAt) / 1000),
        ...keys.link(link.idHash),
      };
      await call('PutItem', () => ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: item })));
    },

    /** Returns expired links too: the caller tells "expired" apart from "unknown" by `expiresAt`. */
    async getLink(idHash) {
      const result = await call('GetItem', () =>
        ctx.client.send(
          new GetCommand({ TableName: ctx.tableName, Key: keys.link(idHash), ConsistentRead: true }),
        ),
      );
      return result.Item && toLink(result.Item);
    },

    async appendEvent({ onceKey, ...event }) {
      // The random suffix keeps two events of the same millisecond apart; sort keys keep time order.
      // An event that may be appended again (`onceKey`) gets a suffix derived from it: a repeat
      // writes the same item instead of a second one.
      const suffix = onceKey
        ? createHash('sha256').update(onceKey).digest('hex').slice(0, 8)
        : randomBytes(4).toString('hex');
      const item = {
        ...withoutUndefined(event),
        ...keys.event(event.onboardingId, event.at, suffix),
      };
      await call('PutItem', () => ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: item })));
    },

    async listEvents(onboardingId) {
      const items = await queryPartition(ctx, keys.onboarding(onboardingId).pk, 'EVENT#');
      return items.map(toEvent);
    },
  };
}
