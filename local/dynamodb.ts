import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../functions/adapters/dynamodb-table.ts';
import { LOCAL_AWS } from './config.ts';

// dynalite is CommonJS without types: load it through require and type the one call used.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: Record<string, unknown>) => Server;

/**
 * DynamoDB on disk (dynalite on LevelDB) so onboardings survive a restart; the table comes from the
 * same definition the CDK stack uses. dynalite has no TTL: the code checks expiry itself.
 */
export async function startLocalDynamoDb(options: { host: string; port: number; dataDir: string }) {
  const path = join(options.dataDir, 'dynamodb');
  mkdirSync(path, { recursive: true });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${options.host}:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
  });
  try {
    await ensureTable(client, LOCAL_AWS.tableName);
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
