import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { createSfnExecutionList } from '../adapters/sfn-executions.ts';
import { createSfnStopper, lazySfnClient } from '../adapters/sfn-workflow.ts';
import { ConfigurationError, loadConfig } from '../config.ts';
import { stuckCheckSettings } from '../domain/check-stuck-onboardings.ts';
import { longRunningSettings } from '../domain/long-running-guard.ts';
import { dependenciesFromEnv, starterDependenciesFromEnv } from '../runtime/dependencies-from-env.ts';
import { checkStuckOnboardingsHandler } from '../tasks/check-stuck-onboardings-handler.ts';

// Lambda entry: configuration is read and checked once, at cold start.
const settings = stuckCheckSettings.safeParse(process.env, { jitless: true });
if (!settings.success) {
  throw new ConfigurationError(
    'Invalid configuration — STUCK_AFTER_DAYS must be a whole number from 1 to 365',
  );
}
const limits = longRunningSettings.safeParse(process.env, { jitless: true });
if (!limits.success) {
  throw new ConfigurationError(
    'Invalid configuration — LONG_RUNNING_MAX_DAYS must be a number of days from 0 to 360 and ' +
      'LONG_RUNNING_MAX_REMINDER_LOOPS a whole number from 1 to 1800',
  );
}
const orphanSettings = z
  .object({ ORPHAN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(120) })
  .safeParse(process.env, { jitless: true });
if (!orphanSettings.success) {
  throw new ConfigurationError(
    'Invalid configuration — ORPHAN_GRACE_SECONDS must be a whole number from 0 to 3600',
  );
}
// The guard starts and stops executions: STATE_MACHINE_ARN is required (checked here).
const starter = starterDependenciesFromEnv();
const stateMachineArn = loadConfig(process.env).stateMachineArn ?? '';

const dependencies = dependenciesFromEnv();
export const handler = checkStuckOnboardingsHandler({
  ...dependencies,
  stuckAfterDays: settings.data.STUCK_AFTER_DAYS,
  guard: {
    ...starter,
    stopper: createSfnStopper(lazySfnClient(), stateMachineArn),
    limits: {
      maxDays: limits.data.LONG_RUNNING_MAX_DAYS,
      maxReminderLoops: limits.data.LONG_RUNNING_MAX_REMINDER_LOOPS,
    },
  },
  orphans: {
    ...starter,
    executions: createSfnExecutionList(new SFNClient({}), stateMachineArn),
    metrics: dependencies.metrics,
    graceSeconds: orphanSettings.data.ORPHAN_GRACE_SECONDS,
  },
});
