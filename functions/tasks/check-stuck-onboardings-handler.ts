import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import {
  checkStuckOnboardings,
  type StuckCheckDependencies,
  type StuckCheckResult,
} from '../domain/check-stuck-onboardings.ts';
import { requestIdOf, withLogContext } from '../observability/log-context.ts';

/** The EventBridge schedule's target (every 5 minutes); its result is only for the logs and tests. */
export function checkStuckOnboardingsHandler(deps: StuckCheckDependencies) {
  return withLogContext(
    (_event: ScheduledEvent, context: Context) => ({
      action: 'check-stuck-onboardings',
      requestId: requestIdOf(context),
    }),
    middy<ScheduledEvent, StuckCheckResult>().handler(() => checkStuckOnboardings(deps)),
  );
}
