import { createServer, request as forward, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardLocalServer } from './loopback-guard.mjs';

/** An answer given in the stand-in's place. */
export interface GateAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface GateProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of a local stand-in that may answer a request itself (`intercept` returns
 * an answer) instead of forwarding it: how the fault injection and the SES sandbox make the
 * stand-ins fail the way the real services do, before the stand-in sees (and changes) anything.
 */
export async function startGateProxy(options: {
  target: string;
  host: string;
  /** An answer to give instead of the stand-in's, or undefined to forward the request. */
  intercept: (request: { headers: IncomingHttpHeaders; body: string }) => GateAnswer | undefined;
  onLog: (line: string) => void;
  /** Names the stand-in in log lines. */
  name: string;
}): Promise<GateProxy> {
  const target = new URL(options.target);
  const server = guardLocalServer(
    createServer(async (incoming, outgoing) => {
      const body = await readBody(incoming);
      const answer = options.intercept({ headers: incoming.headers, body: body.toString() });
      if (answer) {
        outgoing.writeHead(answer.status, answer.headers).end(answer.body);
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
        options.onLog(`${options.name} proxy could not reach ${options.target}: ${error.message}`);
        if (!outgoing.headersSent) outgoing.writeHead(502);
        outgoing.end();
      });
      upstream.end(body);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
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
