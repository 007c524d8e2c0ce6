import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RecentStart, StartKeyRecord } from '../domain/model.ts';
import type { ClaimResult, OnboardingStore } from '../domain/ports.ts';
import { call, conditionally, type Item, type TableContext, withoutUndefined } from './dynamodb-call.ts';
import { keys, TABLE_DESIGN } from './table-design.ts';

type StartClaimsPart = Pick<
  OnboardingStore,
  'claimStartKey' | 'completeStartKey' | 'claimRecentStart' | 'releaseStartClaims'
>;

const START_KEY_FIELDS = [
  'keyHash',
  'bodyHash',
  'onboardingId',
  'createdAt',
  'expiresAt',
  'started',
] as const;
const RECENT_FIELDS = ['fingerprint', 'onboardingId', 'createdAt', 'expiresAt'] as const;

/**
 * Idempotent starts on the one table: a key's record and the latest start of one company + contact +
 * rep, each claimed with one conditional put. dynalite has no TTL, so "expired" is part of the
 * condition (`expiresAt`/`createdAt` compared as ISO text); the TTL attribute cleans up on AWS.
 */
export function startClaimsStore(ctx: TableContext): StartClaimsPart {
  const { client, tableName } = ctx;
  const pk = TABLE_DESIGN.partitionKey;

  /** Puts the item unless a live one holds its key; on a lost race returns the live one. */
  async function claim<T extends object>(
    item: Item,
    key: Item,
    condition: { expression: string; values: Record<string, unknown> } | undefined,
    fields: readonly (keyof T)[],
  ): Promise<ClaimResult<T>> {
    // Two rounds: a holder can be released (deleted) between our put and our read.
    for (let round = 0; round < 2; round += 1) {
      const claimed = await conditionally('PutItem', () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: condition && `attribute_not_exists(${pk}) OR ${condition.expression}`,
            ExpressionAttributeValues: condition?.values,
          }),
        ),
      );
      if (claimed) return { kind: 'claimed' };
      const held = await call('GetItem', () =>
        client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })),
      );
      if (held.Item) {
        const record = Object.fromEntries(
          fields
            .filter((name) => held.Item?.[name as string] !== undefined)
            .map((name) => [name, held.Item?.[name as string]]),
        ) as T;
        return { kind: 'exists', record };
      }
    }
    throw new Error('A start claim changed hands twice in a row; try again');
  }

  const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

  return {
    claimStartKey(record: StartKeyRecord, abandonedBefore: string) {
      const key = keys.startKey(record.keyHash);
      return claim<StartKeyRecord>(
        { ...withoutUndefined(record), [TABLE_DESIGN.ttlAttribute]: epoch(record.expiresAt), ...key },
        key,
        {
          expression: 'expiresAt <= :now OR (attribute_not_exists(started) AND createdAt < :abandoned)',
          values: { ':now': record.createdAt, ':abandoned': abandonedBefore },
        },
        START_KEY_FIELDS,
      );
    },

    async completeStartKey(keyHash, started) {
      await call('UpdateItem', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.startKey(keyHash),
            UpdateExpression: 'SET started = :started',
            ConditionExpression: `attribute_exists(${pk})`,
            ExpressionAttributeValues: { ':started': started },
          }),
        ),
      );
    },

    claimRecentStart(record: RecentStart, rule?: { notBefore: string } | { replacing: string }) {
      const key = keys.recentStart(record.fingerprint);
      return claim<RecentStart>(
        { ...record, [TABLE_DESIGN.ttlAttribute]: epoch(record.expiresAt), ...key },
        key,
        // Without a rule (a forced start) the record is simply replaced.
        rule === undefined
          ? undefined
          : 'notBefore' in rule
            ? { expression: 'createdAt < :notBefore', values: { ':notBefore': rule.notBefore } }
            : { expression: 'createdAt = :replacing', values: { ':replacing': rule.replacing } },
        RECENT_FIELDS,
      );
    },

    async releaseStartClaims({ keyHash, fingerprint, onboardingId }) {
      const release = (key: Item) =>
        conditionally('DeleteItem', () =>
          client.send(
            new DeleteCommand({
              TableName: tableName,
              Key: key,
              ConditionExpression: 'onboardingId = :id',
              ExpressionAttributeValues: { ':id': onboardingId },
            }),
          ),
        );
      if (keyHash) await release(keys.startKey(keyHash));
      if (fingerprint) await release(keys.recentStart(fingerprint));
    },
  };
}
