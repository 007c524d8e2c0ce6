import { createServer, request as forward, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * `LOCAL_CRASH_AT=SendTaskSuccess npm start`: the whole runtime dies (SIGKILL, no clean-up) the first
 * time a handler calls that Step Functions operation — after a decision was written, before it was
 * delivered. It puts a crash in the one window the exact resume must cover, on purpose, so a test can
 * show the decision is delivered after a restart. Other calls pass through untouched.
 */
export async function startCrashPoint(options: {
  operation: string;
  target: string;
  host: string;
  onLog: (line: string) => void;
}): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(options.target);
  const server = createServer(async (incoming, outgoing) => {
    const body = await readBody(incoming);
    if (String(incoming.headers['x-amz-target'] ?? '').endsWith(`.${options.operation}`)) {
      options.onLog(`crashing on purpose at ${options.operation} (LOCAL_CRASH_AT)`);
      process.kill(process.pid, 'SIGKILL');
      return;
    }
    // Headers go on unchanged (Host included), so a signature made for this address still checks.
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
    upstream.on('error', () => {
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
