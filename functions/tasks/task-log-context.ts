import { requestIdOf, stringField } from '../observability/log-context.ts';
import type { LogKeys } from '../observability/logger.ts';

/**
 * The keys on every log line of one state machine task: what it does (`action`), the execution
 * that called it (every task payload passes `$$.Execution.Name` as `execution`), the onboarding,
 * the stage and product, and the Lambda request id. Read from the raw payload: a line logged while
 * the payload is refused as invalid still says where it came from.
 */
export function taskLogKeys(action: string, stage?: string) {
  return (event: unknown, context: unknown): LogKeys => ({
    action,
    execution: stringField(event, 'execution', 80),
    onboardingId: stringField(event, 'onboardingId', 100),
    stage: stringField(event, 'stage', 40) ?? stage,
    product: stringField(event, 'product', 100),
    requestId: requestIdOf(context),
  });
}
