import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../functions/adapters/dynamodb-table.ts';
import { LOCAL_AWS } from './config.ts';
import type { ExitCause, StandIn } from './supervision/supervisor.ts';

type WorkerMessage =
  | { type: 'listening'; port: number }
  | { type: 'error'; message: string; code?: string }
  | { type: 'no-space'; message: string }
  | { type: 'closed' };

/** What the worker is told about the disk: known full (refuse writes), and injected full (tests). */
export interface DiskState {
  full?: boolean;
  injected?: boolean;
}

/**
 * dynalite keeps nothing in its JS heap between requests (its data is in LevelDB, on disk), yet an
 * isolate left to V8's defaults grows its heap to hundreds of MB under load before collecting. Young
 * generation and old space bounded, it collects sooner and stays small; a whole run's live heap is a
 * few tens of MB, so the limit leaves room to spare.
 */
const WORKER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 160 };

export interface LocalDynamoDb extends StandIn {
  endpoint: string;
  port: number;
  /** The worker's V8 heap (not in the main thread's `process.memoryUsage()`), for the bench. */
  heapStatistics(): Promise<{ used_heap_size: number; total_heap_size: number }>;
  setDisk(state: DiskState): void;
  /** Ends the worker with an uncaught error, as a real fault would (the fault control only). */
  crash(): void;
}

/**
 * DynamoDB on disk (dynalite on LevelDB) so onboardings survive a restart; the table comes from the
 * same definition the CDK stack uses. dynalite has no TTL: the code checks expiry itself.
 * dynalite runs in a worker thread (dynamodb-worker.mjs): with the handlers' own work on the main
 * thread, the two use two cores, and onboardings go through about a quarter faster under load.
 * `ended` settles when the worker stops without `close()`, with the error that stopped it.
 */
export async function startLocalDynamoDb(options: {
  host: string;
  port: number;
  dataDir: string;
  disk?: DiskState;
  onNoSpace?: (message: string) => void;
}): Promise<LocalDynamoDb> {
  const path = join(options.dataDir, 'dynamodb');
  mkdirSync(path, { recursive: true });
  const worker = new Worker(new URL('./dynamodb-worker.mjs', import.meta.url), {
    workerData: { path, host: options.host, port: options.port, disk: options.disk ?? {} },
    resourceLimits: WORKER_HEAP_LIMITS,
  });
  let closing = false;
  let lastError: ExitCause | undefined;
  worker.on('error', (error: NodeJS.ErrnoException) => {
    lastError = { cause: `${error.name}: ${error.message}`, code: error.code };
  });
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'no-space') options.onNoSpace?.(message.message);
  });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const ended = exited.then((code) => lastError ?? { cause: `the DynamoDB worker exited with code ${code}` });
  const port = await new Promise<number>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'listening') resolve(message.port);
      if (message.type === 'error') reject(Object.assign(new Error(message.message), { code: message.code }));
    });
    worker.once('error', reject);
    void exited.then((code) => reject(new Error(`DynamoDB (dynalite) stopped with exit code ${code}`)));
  }).catch(async (error: unknown) => {
    closing = true;
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
    closing = true;
    await worker.terminate();
    throw error;
  } finally {
    client.destroy();
  }
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  return {
    endpoint,
    port,
    // Never settles for a worker that was closed on purpose.
    ended: ended.then((exit) => (closing ? new Promise<ExitCause>(() => {}) : exit)),
    heapStatistics: () => worker.getHeapStatistics(),
    setDisk: (state) => worker.postMessage({ type: 'disk', ...state }),
    crash: () => worker.postMessage({ type: 'crash' }),
    close: async () => {
      closing = true;
      // A worker that already died has nothing to close (waiting for its exit would wait forever).
      if (hasExited) return;
      const closed = new Promise<void>((resolve) => {
        worker.on('message', (message: WorkerMessage) => message.type === 'closed' && resolve());
        void exited.then(() => resolve());
      });
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}
