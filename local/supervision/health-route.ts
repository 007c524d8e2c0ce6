import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DataDisk, freeMiB } from './disk-space.ts';
import type { PartHealth } from './supervisor.ts';

export const HEALTH_PATH = '/local/health';

export interface HealthReport {
  ok: boolean;
  parts: Record<string, PartHealth>;
  disk: { state: 'ok' | 'full'; since?: string; freeMiB?: number; dataDir: string };
}

export function healthReport(
  parts: Record<string, () => PartHealth>,
  disk: DataDisk,
  dataDir: string,
): HealthReport {
  const states = Object.fromEntries(Object.entries(parts).map(([name, health]) => [name, health()]));
  const ok = Object.values(states).every((part) => part.state === 'up') && !disk.full;
  return {
    ok,
    parts: states,
    disk: {
      state: disk.full ? 'full' : 'ok',
      ...(disk.full && disk.since ? { since: disk.since } : {}),
      freeMiB: freeMiB(dataDir),
      dataDir,
    },
  };
}

/**
 * `GET /local/health`: each stand-in (up, restarting, waiting for space, down; restarts and the
 * last unexpected stop with its cause) and the data folder's disk. 200 when all is well, else 503.
 */
export function healthRoute(report: () => HealthReport) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.url !== HEALTH_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    const body = report();
    response.writeHead(body.ok ? 200 : 503, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : JSON.stringify(body));
    return true;
  };
}
