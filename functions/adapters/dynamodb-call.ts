import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_DESIGN } from './table-design.ts';
import { mapTransient } from './transient-error.ts';

/** What every part of the DynamoDB adapter needs: the client, the table, and a place for warnings. */
export interface TableContext {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Best-effort writes that fail are reported here, never thrown (see `bestEffort`). */
  warn: (message: string, keys: Record<string, unknown>) => void;
}

export type Item = Record<string, unknown>;

/** One DynamoDB call: throttling, 5xx and socket errors become `TransientError`, the rest propagate. */
export function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  return mapTransient(`DynamoDB ${operation}`, run);
}

export function isConditionalCheckFailed(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

/** Runs a conditional write; `false` when its condition did not hold, any other failure is thrown. */
export async function conditionally(operation: string, run: () => Promise<unknown>): Promise<boolean> {
  try {
    await call(operation, run);
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

/**
 * A secondary write whose failure must not undo the primary one's answer (the primary already
 * happened, and the next call repairs the secondary). Failures are reported, not thrown.
 */
export async function bestEffort(
  ctx: TableContext,
  what: string,
  keys: Record<string, unknown>,
  run: () => Promise<unknown>,
): Promise<void> {
  try {
    await run();
  } catch (err) {
    ctx.warn(`DynamoDB best-effort write failed: ${what}`, {
      ...keys,
      error: err instanceof Error ? { name: err.name, message: err.message } : String(err),
    });
  }
}

/** Every item a key condition selects, following `LastEvaluatedKey` to the end. */
export async function queryAll(
  ctx: TableContext,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await call('Query', () =>
      ctx.client.send(new QueryCommand({ ...input, TableName: ctx.tableName, ExclusiveStartKey: startKey })),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export type Key = { pk: string; sk: string };

/**
 * The items at these keys (at most 100), read consistently in one BatchGetItem, in any order; keys
 * DynamoDB leaves unprocessed under load are asked again.
 */
export async function batchGetItems(ctx: TableContext, keysToGet: readonly Key[]): Promise<Item[]> {
  const found: Item[] = [];
  let pending = [...keysToGet];
  for (let round = 0; pending.length > 0; round++) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * round));
    const result = await call('BatchGetItem', () =>
      ctx.client.send(
        new BatchGetCommand({
          RequestItems: { [ctx.tableName]: { Keys: pending, ConsistentRead: true } },
        }),
      ),
    );
    found.push(...(result.Responses?.[ctx.tableName] ?? []));
    pending = (result.UnprocessedKeys?.[ctx.tableName]?.Keys ?? []) as Key[];
    if (round > 8 && pending.length > 0)
      throw new Error('DynamoDB BatchGetItem kept leaving keys unprocessed');
  }
  return found;
}

/**
 * Items under one partition in sort key order; with `prefix`, only sort keys starting with it
 * (DynamoDB refuses an empty begins_with on a key, so "everything" is a plain key condition).
 */
export function queryPartition(ctx: TableContext, pk: string, prefix?: string): Promise<Item[]> {
  return queryAll(ctx, {
    KeyConditionExpression: prefix === undefined ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: prefix === undefined ? { '#pk': 'pk' } : { '#pk': 'pk', '#sk': 'sk' },
    ExpressionAttributeValues: prefix === undefined ? { ':pk': pk } : { ':pk': pk, ':prefix': prefix },
    ConsistentRead: true,
  });
}

export interface UpdateSpec {
  /** Attributes to set; `undefined` values are skipped (left as they are). */
  set?: Record<string, unknown>;
  remove?: string[];
  /** Elements to append to a list attribute (created if missing). */
  append?: Record<string, unknown[]>;
  /** Numbers to add atomically (created at the value if missing). */
  add?: Record<string, number>;
  /** A condition using its own `#name`/`:value` placeholders, passed in `names`/`values`. */
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
}

/**
 * The expression parts of an UpdateItem. Every attribute name goes through a placeholder, so
 * reserved words (`status`, `name`, ...) never matter; generated placeholders are `#u<n>`/`:u<n>`.
 */
export function updateExpression(spec: UpdateSpec) {
  const names: Record<string, string> = { ...spec.condition?.names };
  const values: Record<string, unknown> = { ...spec.condition?.values };
  const name = (attribute: string) => {
    const placeholder = `#u${Object.keys(names).length}`;
    names[placeholder] = attribute;
    return placeholder;
  };
  const value = (v: unknown) => {
    const placeholder = `:u${Object.keys(values).length}`;
    values[placeholder] = withoutUndefined(v);
    return placeholder;
  };
  const sets = Object.entries(spec.set ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([attribute, v]) => `${name(attribute)} = ${value(v)}`);
  for (const [attribute, elements] of Object.entries(spec.append ?? {})) {
    const placeholder = name(attribute);
    sets.push(
      `${placeholder} = list_append(if_not_exists(${placeholder}, ${value([])}), ${value(elements)})`,
    );
  }
  const removes = (spec.remove ?? []).map(name);
  const adds = Object.entries(spec.add ?? {}).map(([attribute, v]) => `${name(attribute)} ${value(v)}`);
  const clauses = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
    adds.length > 0 ? `ADD ${adds.join(', ')}` : '',
  ].filter(Boolean);
  return {
    UpdateExpression: clauses.join(' '),
    ConditionExpression: spec.condition?.expression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
  };
}

/**
 * Drops `undefined` at any depth. Domain objects use optional fields freely; DynamoDB rejects
 * undefined, and this keeps the adapter independent of the caller's marshalling options.
 */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    ) as T;
  }
  return value;
}

/** Puts an item only if none has its key yet; `false` when one already did. */
export function putIfAbsent(ctx: Pick<TableContext, 'client' | 'tableName'>, item: Item): Promise<boolean> {
  return conditionally('PutItem', () =>
    ctx.client.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: item,
        ConditionExpression: `attribute_not_exists(${TABLE_DESIGN.partitionKey})`,
      }),
    ),
  );
}
