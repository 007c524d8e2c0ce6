import type { LocalConfig } from '../config.ts';
import { startFaultProxy } from './fault-proxy.ts';

/**
 * `LOCAL_FAULT_RATE=0.1 npm start`: the handlers reach DynamoDB and SES through proxies that fail
 * that share of calls. The SDK is limited to 2 attempts so some failures get past its own retry to
 * the handlers' TransientError, the state machine's Retry and the HTTP 503 "try again" — the paths
 * that must hold under real trouble. Without a rate, the handlers talk to the stand-ins directly.
 */
export async function startFaultInjection(
  config: Pick<LocalConfig, 'faultRate' | 'host'>,
  endpoints: { dynamodb: string; ses: string },
  log: (line: string) => void,
) {
  if (config.faultRate <= 0) {
    return { endpoints, environment: {}, close: async () => {}, injected: () => 0 };
  }
  const onLog = (line: string) => log(`[faults] ${line}`);
  const dynamodb = await startFaultProxy({
    service: 'DynamoDB',
    target: endpoints.dynamodb,
    host: config.host,
    rate: config.faultRate,
    onLog,
  });
  const ses = await startFaultProxy({
    service: 'SES',
    target: endpoints.ses,
    host: config.host,
    rate: config.faultRate,
    onLog,
  });
  onLog(`failing ${Math.round(config.faultRate * 100)}% of DynamoDB and SES calls on purpose`);
  return {
    endpoints: { dynamodb: dynamodb.url, ses: ses.url },
    environment: { AWS_MAX_ATTEMPTS: '2' },
    injected: () => dynamodb.injected() + ses.injected(),
    close: async () => {
      await dynamodb.close();
      await ses.close();
    },
  };
}
