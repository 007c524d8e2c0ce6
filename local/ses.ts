import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';

type SesServer = (config: { host: string; port: number }) => Promise<Server>;
// A CommonJS module compiled from ESM: under Node's ESM loader its function sits one `default` deeper
// (vitest's loader unwraps it already).
const sesServer: SesServer =
  typeof sesModule === 'function'
    ? (sesModule as unknown as SesServer)
    : (sesModule as unknown as { default: SesServer }).default;

/**
 * SES stand-in (aws-ses-v2-local): keeps emails in memory (the latest LOCAL_INBOX_MAX_EMAILS, see
 * ses-inbox-limit.ts), shows them on its inbox page and at GET /store. Its template calls hang, which is why the product renders emails in code.
 */
export async function startLocalSes(options: { host: string; port: number }) {
  const server = await sesServer({ host: options.host, port: options.port });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
