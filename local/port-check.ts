import { createServer } from 'node:net';

/**
 * Fails with a message naming the setting to change when a port is taken. Checked up front because
 * aws-ses-v2-local does not report a busy port: it would silently not listen.
 */
export async function assertPortFree(
  host: string,
  port: number,
  variable: string,
  service: string,
): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} (${service}) is already in use. Stop whatever uses it, or choose another port: ${variable}=<port> npm start`
            : `Cannot listen on ${host}:${port} for ${service}: ${error.message}`,
        ),
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** A free port chosen by the operating system (for tests and for "0 = any port"). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
