import { startGateProxy } from '../gate-proxy.ts';
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
  const random = options.random ?? Math.random;
  let injected = 0;
  const proxy = await startGateProxy({
    target: options.target,
    host: options.host,
    name: options.service,
    onLog: options.onLog,
    intercept: ({ headers, body }) => {
      if (random() >= options.rate) return undefined;
      injected += 1;
      const fault = faultResponse(options.service);
      options.onLog(
        `injected ${options.service} fault #${injected} (${operationOf(options.service, headers, body)}): HTTP ${fault.status}`,
      );
      return fault;
    },
  });
  return { url: proxy.url, injected: () => injected, close: proxy.close };
}
