import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { lambdaContext } from './api-gateway/lambda-context.ts';
import { LOCAL_AWS } from './config.ts';

type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

/**
 * The local stand-in for the EventBridge schedule (every 5 minutes on AWS): runs the stuck-onboarding check (and with
 * it the long-running guard) every `everySeconds`, one run at a time, and never after `stop()`.
 */
export function scheduleCheck(options: {
  handler: ScheduledHandler;
  everySeconds: number;
  log: (line: string) => void;
}): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const runOnce = async () => {
    const event = {
      id: `local-${Date.now()}`,
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: new Date().toISOString(),
      detail: {},
    } as ScheduledEvent;
    try {
      const context = lambdaContext({
        routeKey: 'check-stuck-onboardings',
        awsRequestId: randomUUID(),
        region: LOCAL_AWS.region,
        accountId: LOCAL_AWS.accountId,
      });
      await options.handler(event, context);
    } catch (error) {
      options.log(`stuck-onboarding check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const next = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce().then(next);
    }, options.everySeconds * 1000);
    timer.unref();
  };
  next();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
