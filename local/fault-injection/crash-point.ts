import { type GateProxy, startGateProxy } from '../gate-proxy.ts';

/**
 * `LOCAL_CRASH_AT=SendTaskSuccess npm start`: the whole runtime dies (SIGKILL, no clean-up) the first
 * time a handler calls that Step Functions operation — after a decision was written, before it was
 * delivered. It puts a crash in the one window the exact resume must cover, on purpose, so a test can
 * show the decision is delivered after a restart. Other calls pass through untouched (headers too,
 * so a signature made for this address still checks).
 */
export function startCrashPoint(options: {
  operation: string;
  target: string;
  host: string;
  onLog: (line: string) => void;
}): Promise<GateProxy> {
  return startGateProxy({
    target: options.target,
    host: options.host,
    name: 'Step Functions',
    onLog: options.onLog,
    intercept: ({ headers }) => {
      if (String(headers['x-amz-target'] ?? '').endsWith(`.${options.operation}`)) {
        options.onLog(`crashing on purpose at ${options.operation} (LOCAL_CRASH_AT)`);
        process.kill(process.pid, 'SIGKILL');
      }
      return undefined;
    },
  });
}
