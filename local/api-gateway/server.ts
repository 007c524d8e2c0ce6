import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardLocalServer } from '../loopback-guard.mjs';
import { requestPipeline } from './request-pipeline.ts';
import type { ApiGateway, ApiGatewayOptions } from './types.ts';

/** The account in ARNs when none is given: the placeholder AWS uses in its own examples. */
const DEFAULT_ACCOUNT_ID = '123456789012';

/**
 * Starts the local API Gateway: an HTTP server on loopback that turns requests into HTTP API
 * (payload 2.0) events for the same handler modules Lambda runs. Port 0 picks a free port.
 */
export async function startApiGateway(options: ApiGatewayOptions): Promise<ApiGateway> {
  const host = options.host ?? '127.0.0.1';
  const handle = requestPipeline({ ...options, accountId: options.accountId ?? DEFAULT_ACCOUNT_ID });
  // Every route, the product's and the local pages alike, answers this machine only.
  const server = guardLocalServer(
    createServer((request, response) => {
      void handle(request, response);
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${options.port} (API Gateway) is already in use. Stop whatever uses it, or choose another port: PORT=<port> npm start`,
            )
          : error,
      );
    });
    server.listen(options.port, host, () => resolve());
  });

  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  // Closing twice (a failed start's cleanup, then a test's) must not fail: both get the same promise.
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would hold close() open until they time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
