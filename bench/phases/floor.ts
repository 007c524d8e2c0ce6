import { randomBytes } from 'node:crypto';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { LOCAL_AWS } from '../../local/config.ts';
import { ProgressBar } from '../progress.ts';
import type { BenchRuntime } from '../runtime/process.ts';
import type { RuntimeStats } from '../runtime/protocol.ts';
import { round } from '../stats.ts';

export interface FloorResult {
  /** The calls replayed, by operation ("SendEmail" for SES). */
  calls: Record<string, number>;
  concurrency: number;
  seconds: number;
  callsPerSecond: number;
}

type Call = () => Promise<unknown>;

const POOL_PARTITIONS = 200;
const ITEMS_PER_PARTITION = 4;

/**
 * The floor under the end-to-end run: the same number of DynamoDB calls, by operation and of the same
 * average size, and the same number of SES emails, made directly by the bench with the AWS SDK
 * against the same stand-ins, by as many concurrent workers as there were people. Nothing else:
 * no HTTP API, no handler, no Step Functions. End-to-end time / floor time is the product's overhead.
 */
export async function runFloor(
  runtime: BenchRuntime,
  observed: RuntimeStats,
  concurrency: number,
): Promise<FloorResult> {
  const credentials = { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey };
  const dynamodb = new DynamoDBClient({
    endpoint: runtime.urls.dynamodb,
    region: LOCAL_AWS.region,
    credentials,
  });
  const ses = new SESClient({ endpoint: runtime.urls.inbox, region: LOCAL_AWS.region, credentials });
  const TableName = LOCAL_AWS.tableName;
  const run = randomBytes(4).toString('hex');
  const padding = (bytes: number) => ({ S: 'x'.repeat(Math.max(1, Math.round(bytes))) });
  const averageBytes = (operation: string) => {
    const entry = observed.dynamodb[operation];
    return entry && entry.count > 0 ? entry.bytes / entry.count : 300;
  };
  // Request bodies carry ~200 bytes of names, keys and expressions besides the item's data.
  const dataBytes = (operation: string) => Math.max(16, averageBytes(operation) - 200);
  const poolKey = (i: number): Record<string, AttributeValue> => ({
    pk: { S: `FLOOR#${run}#${i % POOL_PARTITIONS}` },
    sk: { S: `ITEM#${Math.floor(i / POOL_PARTITIONS) % ITEMS_PER_PARTITION}` },
  });

  // Items to read, update and query, written before the clock starts.
  await inParallel(
    Array.from(
      { length: POOL_PARTITIONS * ITEMS_PER_PARTITION },
      (_, i) => () =>
        dynamodb.send(
          new PutItemCommand({ TableName, Item: { ...poolKey(i), data: padding(dataBytes('PutItem')) } }),
        ),
    ),
    concurrency,
  );

  let sequence = 0;
  const builders: Record<string, () => Call> = {
    PutItem: () => {
      const i = sequence++;
      return () =>
        dynamodb.send(
          new PutItemCommand({
            TableName,
            Item: {
              pk: { S: `FLOOR#${run}#new#${i}` },
              sk: { S: 'ITEM' },
              data: padding(dataBytes('PutItem')),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
    },
    // The same number of items per batch, of the same average size, as the runtime's batches.
    BatchWriteItem: () => {
      const i = sequence++;
      const entry = observed.dynamodb.BatchWriteItem;
      const items = entry && entry.count > 0 ? Math.max(1, Math.round(entry.items / entry.count)) : 1;
      const itemBytes = entry && entry.items > 0 ? Math.max(16, entry.bytes / entry.items - 100) : 300;
      return () =>
        dynamodb.send(
          new BatchWriteItemCommand({
            RequestItems: {
              [TableName]: Array.from({ length: items }, (_, n) => ({
                PutRequest: {
                  Item: {
                    pk: { S: `FLOOR#${run}#batch#${i}` },
                    sk: { S: `ITEM#${n}` },
                    data: padding(itemBytes),
                  },
                },
              })),
            },
          }),
        );
    },
    GetItem: () => {
      const i = sequence++;
      return () => dynamodb.send(new GetItemCommand({ TableName, Key: poolKey(i), ConsistentRead: true }));
    },
    UpdateItem: () => {
      const i = sequence++;
      return () =>
        dynamodb.send(
          new UpdateItemCommand({
            TableName,
            Key: poolKey(i),
            UpdateExpression: 'SET #data = :data ADD #version :one',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#data': 'data', '#version': 'version' },
            ExpressionAttributeValues: { ':data': padding(dataBytes('UpdateItem')), ':one': { N: '1' } },
          }),
        );
    },
    DeleteItem: () => {
      const i = sequence++;
      return () =>
        dynamodb.send(
          new DeleteItemCommand({
            TableName,
            Key: { pk: { S: `FLOOR#${run}#gone#${i}` }, sk: { S: 'ITEM' } },
          }),
        );
    },
    Query: () => {
      const i = sequence++;
      return () =>
        dynamodb.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': poolKey(i).pk as AttributeValue },
            ConsistentRead: true,
          }),
        );
    },
  };
  const emailBytes = observed.emails.count > 0 ? observed.emails.bytes / observed.emails.count : 4000;
  const text = 'x'.repeat(Math.round(emailBytes / 3));
  const html = `<p>${'x'.repeat(Math.round((emailBytes * 2) / 3))}</p>`;
  const sendEmail = (): Call => () =>
    ses.send(
      new SendEmailCommand({
        Source: 'floor@bench.example',
        Destination: { ToAddresses: ['floor@bench.example'] },
        Message: { Subject: { Data: 'Floor' }, Body: { Text: { Data: text }, Html: { Data: html } } },
      }),
    );

  const calls: Record<string, number> = {};
  const work: Call[] = [];
  for (const [operation, { count }] of Object.entries(observed.dynamodb)) {
    const build = builders[operation] ?? builders.GetItem;
    calls[operation] = count;
    for (let i = 0; i < count; i++) work.push((build as () => Call)());
  }
  calls.SendEmail = observed.emails.count;
  for (let i = 0; i < observed.emails.count; i++) work.push(sendEmail());
  shuffle(work);

  const progress = new ProgressBar('floor: direct DynamoDB and SES calls', work.length);
  const started = performance.now();
  await inParallel(work, concurrency, () => progress.tick());
  const seconds = (performance.now() - started) / 1000;
  progress.finish();
  dynamodb.destroy();
  ses.destroy();
  await runtime.clearInbox();
  return {
    calls,
    concurrency,
    seconds: round(seconds, 2),
    callsPerSecond: round(work.length / seconds, 0),
  };
}

/** Runs every call, `concurrency` at a time, each worker taking the next one when it is done. */
async function inParallel(work: Call[], concurrency: number, done?: () => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < work.length; i = next++) {
      await (work[i] as Call)();
      done?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, worker));
}

function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
