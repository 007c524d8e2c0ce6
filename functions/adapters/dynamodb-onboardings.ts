import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError, OnboardingNotFoundError } from '../domain/errors.ts';
import type { ProductState } from '../domain/model.ts';
import type { OnboardingStore } from '../domain/ports.ts';
import { withProduct } from '../domain/products.ts';
import {
  call,
  conditionally,
  type Item,
  putIfAbsent,
  queryPartition,
  type TableContext,
  updateExpression,
  withoutUndefined,
} from './dynamodb-call.ts';
import { decodeCursor, encodeCursor } from './dynamodb-cursor.ts';
import { toOnboarding } from './dynamodb-items.ts';
import { keys, TABLE_DESIGN } from './table-design.ts';
import { TransientError } from './transient-error.ts';

type OnboardingPart = Pick<
  OnboardingStore,
  | 'createOnboarding'
  | 'getOnboarding'
  | 'deleteOnboarding'
  | 'updateOnboarding'
  | 'addProductToOnboarding'
  | 'setProductStatus'
  | 'moveToStage'
  | 'recordExecution'
  | 'countReminderLoop'
  | 'listOnboardingsByStage'
>;

const MAX_PAGE = 1000;
/** setProductStatus conflicts only when writes to one onboarding overlap; a few rounds settle it. */
const MAX_PRODUCT_ATTEMPTS = 8;

/**
 * The onboarding item. `version` counts writes: `setProductStatus` reads the products list and
 * writes it back only if nothing else wrote in between (optimistic concurrency). gsi1pk/gsi1sk
 * follow every write of stage or updatedAt, so the by-stage listing stays current.
 */
export function onboardingStore(ctx: TableContext): OnboardingPart {
  const { client, tableName } = ctx;
  const exists = `attribute_exists(${TABLE_DESIGN.partitionKey})`;

  const part: OnboardingPart = {
    async createOnboarding(onboarding) {
      const item = {
        ...withoutUndefined(onboarding),
        version: 1,
        ...keys.stageIndex(onboarding.stage, onboarding.updatedAt, onboarding.id),
        ...keys.repIndex(onboarding.repEmail, onboarding.createdAt, onboarding.id),
        ...keys.onboarding(onboarding.id),
      };
      const created = await putIfAbsent(ctx, item);
      return created ? 'created' : 'exists';
    },

    async getOnboarding(id) {
      const item = await getProfile(ctx, id);
      return item && toOnboarding(item);
    },

    async deleteOnboarding(id) {
      // Everything under the onboarding's partition (profile, events, waits, action links). An
      // onboarding that never started has no view links; those live in their own partitions and expire.
      const items = await queryPartition(ctx, keys.onboarding(id).pk);
      await Promise.all(
        items.map((item) =>
          call('DeleteItem', () =>
            client.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } })),
          ),
        ),
      );
    },

    async updateOnboarding(id, changes, at) {
      const { stage, status, alias, products } = changes;
      const update = updateExpression({
        set: {
          stage,
          status,
          alias,
          products,
          updatedAt: at,
          gsi1pk: stage === undefined ? undefined : keys.stageIndex(stage, at, id).gsi1pk,
          gsi1sk: indexSortKey(at, id),
        },
        add: { version: 1 },
        condition: { expression: exists },
      });
      const updated = await conditionally('UpdateItem', () =>
        client.send(new UpdateCommand({ TableName: tableName, Key: keys.onboarding(id), ...update })),
      );
      if (!updated) throw new OnboardingNotFoundError(`Onboarding ${id} does not exist`);
    },

    async addProductToOnboarding(id, product, readCount, at) {
      const stage = 'technical-integration';
      const added = await conditionally('UpdateItem', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.onboarding(id),
            UpdateExpression:
              'SET #products = list_append(#products, :added), #status = :status, #stage = :stage, ' +
              'updatedAt = :at, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk ADD version :one',
            ConditionExpression: `${exists} AND size(#products) = :readCount`,
            ExpressionAttributeNames: { '#products': 'products', '#status': 'status', '#stage': 'stage' },
            ExpressionAttributeValues: {
              ':added': [withoutUndefined(product)],
              ':status': 'in-progress',
              ':stage': stage,
              ':at': at,
              ':gsi1pk': keys.stageIndex(stage, at, id).gsi1pk,
              ':gsi1sk': indexSortKey(at, id),
              ':one': 1,
              ':readCount': readCount,
            },
          }),
        ),
      );
      return added ? 'added' : 'changed';
    },

    async recordExecution(id, executionName, startedAt) {
      const updated = await conditionally('UpdateItem', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.onboarding(id),
            ...updateExpression({
              set: { executionName, executionStartedAt: startedAt, reminderLoops: 0 },
              condition: { expression: exists },
            }),
          }),
        ),
      );
      if (!updated) throw new OnboardingNotFoundError(`Onboarding ${id} does not exist`);
    },

    async countReminderLoop(id) {
      await conditionally('UpdateItem', () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.onboarding(id),
            ...updateExpression({ add: { reminderLoops: 1 }, condition: { expression: exists } }),
          }),
        ),
      );
    },

    async setProductStatus(id, product, at, known) {
      if (known && (await setProductInPlace(ctx, id, known.products, product, at))) return;
      for (let attempt = 1; attempt <= MAX_PRODUCT_ATTEMPTS; attempt++) {
        const item = await getProfile(ctx, id);
        if (!item) throw new OnboardingNotFoundError(`Onboarding ${id} does not exist`);
        const current = (item.products ?? []) as ProductState[];
        const next = withProduct(current, product);
        if (next === current) return; // already recorded: a retry of the same call
        const version = typeof item.version === 'number' ? item.version : 0;
        const update = updateExpression({
          set: { products: next, updatedAt: at, gsi1sk: indexSortKey(at, id), version: version + 1 },
          condition: {
            expression: version === 0 ? 'attribute_not_exists(#v)' : '#v = :v',
            names: { '#v': 'version' },
            values: version === 0 ? {} : { ':v': version },
          },
        });
        const written = await conditionally('UpdateItem', () =>
          client.send(new UpdateCommand({ TableName: tableName, Key: keys.onboarding(id), ...update })),
        );
        if (written) return;
        // Another write landed between our read and write: read again after a short, jittered pause.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
      // Still contended: let the state machine's Retry try the whole task again later.
      throw new TransientError(`Products of onboarding ${id} kept changing during setProductStatus`);
    },

    async moveToStage(id, { stage, product }, at, known) {
      if (!product) return part.updateOnboarding(id, { stage }, at);
      const stageIndexKeys = { stage, gsi1pk: keys.stageIndex(stage, at, id).gsi1pk };
      if (known && (await setProductInPlace(ctx, id, known.products, product, at, stageIndexKeys))) return;
      await part.updateOnboarding(id, { stage }, at);
      await part.setProductStatus(id, product, at);
    },

    async listOnboardingsByStage(stage, limit, cursor) {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
        throw new InvalidInputError(`The page size must be a whole number from 1 to ${MAX_PAGE}.`, {
          limit: `From 1 to ${MAX_PAGE}.`,
        });
      }
      const { gsi1pk } = keys.stageIndex(stage, '', '');
      const startKey = cursor === undefined ? undefined : decodeCursor(cursor, gsi1pk);
      // One item more than asked tells whether another page exists, so the last page has no cursor.
      const result = await call('Query', () =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: TABLE_DESIGN.stageIndex.name,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': TABLE_DESIGN.stageIndex.partitionKey },
            ExpressionAttributeValues: { ':pk': gsi1pk },
            ScanIndexForward: false,
            Limit: limit + 1,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      const items = result.Items ?? [];
      const page = items.slice(0, limit);
      const last = page.at(-1);
      const more = items.length > limit || result.LastEvaluatedKey !== undefined;
      return { items: page.map(toOnboarding), cursor: more && last ? encodeCursor(last) : undefined };
    },
  };
  return part;
}

/**
 * Sets one product's entry where the list read earlier has it, in one write that needs no read and no
 * version: the condition checks that entry still names that product (entries are only ever added
 * or replaced, so concurrent updates of other products do not conflict). `false` when the product
 * was not in the list read, or the list changed shape since: the caller reads and retries.
 */
async function setProductInPlace(
  ctx: TableContext,
  id: string,
  products: ProductState[],
  product: ProductState,
  at: string,
  alsoSet: Record<string, string> = {},
): Promise<boolean> {
  const index = products.findIndex((p) => p.name === product.name);
  if (index === -1) return false;
  const extra = Object.keys(alsoSet);
  return conditionally('UpdateItem', () =>
    ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: keys.onboarding(id),
        UpdateExpression: `SET ${[
          `#products[${index}] = :entry`,
          '#updatedAt = :at',
          '#gsi1sk = :gsi1sk',
          ...extra.map((_, i) => `#x${i} = :x${i}`),
        ].join(', ')} ADD #version :one`,
        ConditionExpression: `#products[${index}].#name = :name`,
        ExpressionAttributeNames: {
          '#products': 'products',
          '#name': 'name',
          '#updatedAt': 'updatedAt',
          '#gsi1sk': 'gsi1sk',
          '#version': 'version',
          ...Object.fromEntries(extra.map((name, i) => [`#x${i}`, name])),
        },
        ExpressionAttributeValues: {
          ':entry': withoutUndefined(product),
          ':at': at,
          ':gsi1sk': indexSortKey(at, id),
          ':one': 1,
          ':name': product.name,
          ...Object.fromEntries(extra.map((name, i) => [`:x${i}`, alsoSet[name]])),
        },
      }),
    ),
  );
}

/** The index sort key alone (it does not depend on the stage): newest first within a stage. */
function indexSortKey(at: string, id: string): string {
  return keys.stageIndex('', at, id).gsi1sk;
}

async function getProfile(ctx: TableContext, id: string): Promise<Item | undefined> {
  const result = await call('GetItem', () =>
    ctx.client.send(
      new GetCommand({ TableName: ctx.tableName, Key: keys.onboarding(id), ConsistentRead: true }),
    ),
  );
  return result.Item;
}
