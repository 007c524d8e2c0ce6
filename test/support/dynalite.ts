import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb-store.ts';
import { ensureTable } from '../../functions/adapters/dynamodb-table.ts';
import { closeDynaliteIterators } from '../../local/dynalite-iterators.mjs';

/**
 * DynamoDB for tests: dynalite in this process, in memory, on a free loopback port. One server can
 * hold many tables (`createLocalTable`), so test files either share a server or start their own
 * (`startDynalite`); each table has a unique name, so tests never see each other's items.
 */

interface DynaliteOptions {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
  path?: string;
}

// dynalite is CommonJS without type declarations: load it through require and type the one call used.
// Its Query iterators are closed as in the runtime (see local/dynalite-iterators.mjs).
closeDynaliteIterators();
const dynalite = createRequire(import.meta.url)('dynalite') as (options: DynaliteOptions) => Server;

export interface DynaliteServer {
  endpoint: string;
  stop(): Promise<void>;
}

export interface LocalTable {
  endpoint: string;
  client: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** Deletes the table and closes the clients (and, from `startDynalite`, the server). */
  stop(): Promise<void>;
}

export async function startDynaliteServer(): Promise<DynaliteServer> {
  // Zero delays: tables are ACTIVE as soon as CreateTable answers, so no polling is needed.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // SDK clients keep sockets alive; without this, close() waits for them to time out.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export async function createLocalTable(
  endpoint: string,
  namePrefix = 'onboarding-test',
): Promise<LocalTable> {
  const client = localDynamoDbClient(endpoint);
  const tableName = `${namePrefix}-${randomBytes(6).toString('hex')}`;
  await ensureTable(client, tableName);
  const documentClient = createDocumentClient(client);
  return {
    endpoint,
    client,
    documentClient,
    tableName,
    stop: async () => {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        client.destroy();
      }
    },
  };
}

/** A server of its own with one fresh table; `stop()` removes both. */
export async function startDynalite(): Promise<LocalTable> {
  const server = await startDynaliteServer();
  try {
    const table = await createLocalTable(server.endpoint);
    return {
      ...table,
      stop: async () => {
        try {
          await table.stop();
        } finally {
          await server.stop();
        }
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
