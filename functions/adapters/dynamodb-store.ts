import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OnboardingStore } from '../domain/ports.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { agreementTextStore } from './dynamodb-agreement-texts.ts';
import { allowanceStore } from './dynamodb-allowances.ts';
import { attentionStore } from './dynamodb-attention.ts';
import { call, type Item, queryPartition, type TableContext } from './dynamodb-call.ts';
import { claimStore } from './dynamodb-claims.ts';
import { handoverStore } from './dynamodb-handovers.ts';
import { toEvent, toLink } from './dynamodb-items.ts';
import { messageStore } from './dynamodb-messages.ts';
import { onboardingStore } from './dynamodb-onboardings.ts';
import { orphanClaims } from './dynamodb-orphan-claims.ts';
import { portfolioStore } from './dynamodb-portfolio.ts';
import { queueStore } from './dynamodb-queue.ts';
import { eventItem, linkItem, NOTED_EVENTS, writeBatch } from './dynamodb-records.ts';
import { stageDurationStore } from './dynamodb-stage-durations.ts';
import { startClaimsStore } from './dynamodb-start-claims.ts';
import { teamStore } from './dynamodb-team.ts';
import { viewLinkStore } from './dynamodb-view-links.ts';
import { waitNoteStore } from './dynamodb-wait-notes.ts';
import { waitReadStore } from './dynamodb-wait-reads.ts';
import { waitStore } from './dynamodb-waits.ts';
import { keys } from './table-design.ts';

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
  /**
   * How long this process may reuse the stage durations it read ("usually takes about N days").
   * 0 (the default) reads them every time; handlers use a few minutes.
   */
  stageDurationsMaxAgeSeconds?: number;
}

/** The document client every caller should use: plain JS values in and out, undefined dropped. */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * A document client built on its first request rather than at cold start: building one resolves
 * the region, endpoint and credential chain (several milliseconds a Lambda would otherwise spend
 * before it can answer its first click). The store only ever calls `send`.
 */
export function lazyDocumentClient(build: () => DynamoDBDocumentClient): DynamoDBDocumentClient {
  let client: DynamoDBDocumentClient | undefined;
  const send = (...args: Parameters<DynamoDBDocumentClient['send']>) => {
    client ??= build();
    return (client.send as (...a: typeof args) => ReturnType<DynamoDBDocumentClient['send']>)(...args);
  };
  return { send } as unknown as DynamoDBDocumentClient;
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
    ...orphanClaims(ctx),
    ...waitStore(ctx),
    ...waitReadStore(ctx),
    ...waitNoteStore(ctx),
    ...viewLinkStore(ctx),
    ...queueStore(ctx),
    ...portfolioStore(ctx),
    ...attentionStore(ctx),
    ...claimStore(ctx),
    ...handoverStore(ctx),
    ...startClaimsStore(ctx),
    ...allowanceStore(ctx),
    ...stageDurationStore(ctx, options.stageDurationsMaxAgeSeconds ?? 0),
    ...teamStore(ctx),
    ...agreementTextStore(ctx),
    ...messageStore(ctx),

    writeRecords: (batch) => writeBatch(ctx, batch),

    async putLink(link) {
      await call('PutItem', () =>
        ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: linkItem(link) })),
      );
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

    async appendEvent(event) {
      await call('PutItem', () =>
        ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: eventItem(event) })),
      );
    },

    /**
     * The audit events, and those kept on the item whose write they record (`NOTED_EVENTS`: an action
     * request's email-sent event on its wait's notified note): one Query over the onboarding's
     * partition, in time order.
     */
    async listEvents(onboardingId) {
      const items = await queryPartition(ctx, keys.onboarding(onboardingId).pk);
      const events = items.filter((item) => String(item.sk).startsWith('EVENT#')).map(toEvent);
      const noted = items
        .filter((item) => !String(item.sk).startsWith('EVENT#') && Array.isArray(item[NOTED_EVENTS]))
        .flatMap((item) => (item[NOTED_EVENTS] as Item[]).map(toEvent));
      if (noted.length === 0) return events;
      // Stable: events of the same instant keep their stored order.
      return [...events, ...noted].sort((a, b) => a.at.localeCompare(b.at));
    },
  };
}
