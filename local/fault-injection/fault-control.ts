import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataDisk } from '../supervision/disk-space.ts';

export const FAULT_CONTROL_PATH = '/local/faults/';

/** What the fault control can do to the running stand-ins. */
export interface FaultTargets {
  crash: Record<string, () => void>;
  disk: DataDisk;
  /** Tells the DynamoDB worker that its writes fail (or work) again. */
  injectDiskFull(full: boolean): void;
}

/**
 * `LOCAL_FAULT_CONTROL=1 npm start` (the resilience tests): loopback-only POSTs that make real
 * faults happen inside the runtime, so its supervision and pauses can be tested from outside.
 *   POST /local/faults/crash/<dynamodb|ses|stepfunctions>  ends that stand-in as a crash would
 *   POST /local/faults/disk-full                            every write to the data folder fails with ENOSPC
 *   POST /local/faults/disk-freed                           writes work again
 */
export function faultControlRoute(enabled: boolean, targets: FaultTargets) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    if (!enabled || !request.url?.startsWith(FAULT_CONTROL_PATH) || request.method !== 'POST') return false;
    const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
    const action = request.url.slice(FAULT_CONTROL_PATH.length);
    const answer = (status: number, message: string) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify({ message }));
    };
    if (!loopback) {
      answer(403, 'Only this machine may inject faults.');
      return true;
    }
    const crash = action.startsWith('crash/') ? targets.crash[action.slice('crash/'.length)] : undefined;
    if (crash) {
      crash();
      answer(202, `${action} done`);
    } else if (action === 'disk-full' || action === 'disk-freed') {
      const full = action === 'disk-full';
      targets.disk.injected = full;
      targets.injectDiskFull(full);
      answer(202, full ? 'writes to the data folder now fail with ENOSPC' : 'writes work again');
    } else {
      answer(404, `Unknown fault "${action}".`);
    }
    return true;
  };
}
