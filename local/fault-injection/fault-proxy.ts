import { createServer, request as forward, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FaultyService, faultResponse, operationOf } from './fault-responses.ts';

export interface FaultProxy {
  url: string;
  /** How many requests were failed on purpose. */
  injected(): number;
  close(): Promise<void>;
}

/**
 * Sits between the handlers and a stand-in (dynalite, the SES stand-in) and fails a share of the
 * calls the way the real service fails under trouble — before they reach the stand-in, so a failed
 * call changed nothing. Every injected failure is logged.
 */
export async function startFaultProxy(options: {
  service: FaultyService;
  target: string;
  host: string;
  rate: number;
  random?: () => number;
  onLog: (line: string) => void;
}): Promise<FaultProxy> {
  const target = new URL(options.target);
  const random = options.random ?? Math.random;
  let injected = 0;
  const server = createServer(async (incoming, outgoing) => {
    const body = await readBody(incoming);
    if (random() < options.rate) {
      injected += 1;
      const fault = faultResponse(options.service);
      options.onLog(
        `injected ${options.service} fault #${injected} (${operationOf(options.service, incoming.headers, body.toString())}): HTTP ${fault.status}`,
      );
      outgoing.writeHead(fault.status, fault.headers).end(fault.body);
      return;
    }
    const upstream = forward(
      {
        hostname: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', (error) => {
      options.onLog(`${options.service} proxy could not reach ${options.target}: ${error.message}`);
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    upstream.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    injected: () => injected,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}
