import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../functions/adapters/dynamodb-table.ts';
import { LOCAL_AWS } from './config.ts';

type WorkerMessage =
  | { type: 'listening'; port: number }
  | { type: 'error'; message: string; code?: string }
  | { type: 'closed' };

/**
 * dynalite keeps nothing in its JS heap between requests (its data is in LevelDB, on disk), yet an
 * isolate left to V8's defaults grows its heap to hundreds of MB under load before collecting. Young
 * generation and old space bounded, it collects sooner and stays small; a whole run's live heap is a
 * few tens of MB, so the limit leaves room to spare.
 */
const WORKER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 160 };

/**
 * DynamoDB on disk (dynalite on LevelDB) so onboardings survive a restart; the table comes from the
 * same definition the CDK stack uses. dynalite has no TTL: the code checks expiry itself.
 * dynalite runs in a worker thread (dynamodb-worker.mjs): with the handlers' own work on the main
 * thread, the two use two cores, and onboardings go through about a quarter faster under load.
 */
export async function startLocalDynamoDb(options: { host: string; port: number; dataDir: string }) {
  const path = join(options.dataDir, 'dynamodb');
  mkdirSync(path, { recursive: true });
  const worker = new Worker(new URL('./dynamodb-worker.mjs', import.meta.url), {
    workerData: { path, host: options.host, port: options.port },
    resourceLimits: WORKER_HEAP_LIMITS,
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'listening') resolve(message.port);
      if (message.type === 'error') reject(Object.assign(new Error(message.message), { code: message.code }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`DynamoDB (dynalite) stopped with exit code ${code}`)));
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  const endpoint = `http://${options.host}:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
  });
  try {
    await ensureTable(client, LOCAL_AWS.tableName);
  } catch (error) {
    await worker.terminate();
    throw error;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    port,
    /** The worker's V8 heap (not in the main thread's `process.memoryUsage()`), for the bench. */
    heapStatistics: () => worker.getHeapStatistics(),
    close: async () => {
      const closed = new Promise<void>((resolve) => {
        worker.on('message', (message: WorkerMessage) => message.type === 'closed' && resolve());
        worker.once('exit', () => resolve());
      });
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}
