import type { IncomingMessage, ServerResponse } from 'node:http';
import { underlyingCause } from '../functions/adapters/transient-error.ts';
import type { AppConfig } from '../functions/config.ts';
import { localConfig } from './config.ts';

export const RUNTIME_SETTINGS_PATH = '/local/settings';
type Waits = AppConfig['waits'];

/**
 * `GET /local/settings`: the reminder intervals the running `npm start` was given, so the CLI's
 * `--local` starts write the runtime's own settings into each execution rather than defaults of
 * its own (the two processes can have different environments). Loopback callers only.
 */
export function runtimeSettingsRoute(waits: Waits) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.url !== RUNTIME_SETTINGS_PATH || request.method !== 'GET') return false;
    const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
    response.writeHead(loopback ? 200 : 403, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    response.end(
      JSON.stringify(loopback ? { waits } : { message: 'Only this machine may read the settings.' }),
    );
    return true;
  };
}

/** Asks the running runtime (same PORT/HOST variables as `npm start`) for its reminder intervals. */
export async function fetchRuntimeWaits(
  env: Record<string, string | undefined> = process.env,
): Promise<Waits> {
  const config = localConfig(env);
  const url = `http://${config.host}:${config.ports.api}${RUNTIME_SETTINGS_PATH}`;
  let body: unknown;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    throw new Error(
      `Could not read the local runtime's settings at ${url}. Is \`npm start\` running, with the same PORT? (${underlyingCause(error) ?? (error instanceof Error ? error.message : String(error))})`,
    );
  }
  const waits = (body as { waits?: Partial<Waits> }).waits;
  if (!Number.isInteger(waits?.providerWaitSeconds) || !Number.isInteger(waits?.teamWaitSeconds)) {
    throw new Error(`The local runtime at ${url} answered without reminder settings.`);
  }
  return waits as Waits;
}
