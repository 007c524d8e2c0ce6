import { createSfnExecutionList } from '../adapters/sfn-executions.ts';
import { createSfnStopper, lazySfnClient } from '../adapters/sfn-workflow.ts';
import { ConfigurationError, loadConfig } from '../config.ts';
import { stuckAfterDaysSetting } from '../domain/check-stuck-onboardings.ts';
import { longRunningLimitsSetting } from '../domain/long-running-guard.ts';
import { numberSetting } from '../number-setting.ts';
import { dependenciesFromEnv, starterDependenciesFromEnv } from '../runtime/dependencies-from-env.ts';
import { checkStuckOnboardingsHandler } from '../tasks/check-stuck-onboardings-handler.ts';

// Lambda entry: configuration is read and checked once, at cold start.
const stuckAfterDays = stuckAfterDaysSetting(process.env);
if (stuckAfterDays === undefined) {
  throw new ConfigurationError(
    'Invalid configuration — STUCK_AFTER_DAYS must be a whole number from 1 to 365',
  );
}
const limits = longRunningLimitsSetting(process.env);
if (!limits) {
  throw new ConfigurationError(
    'Invalid configuration — LONG_RUNNING_MAX_DAYS must be a number of days from 0 to 360 and ' +
      'LONG_RUNNING_MAX_REMINDER_LOOPS a whole number from 1 to 1800',
  );
}
const graceSeconds = numberSetting(process.env.ORPHAN_GRACE_SECONDS, {
  fallback: 120,
  min: 0,
  max: 3600,
  whole: true,
});
if (graceSeconds === undefined) {
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
  stuckAfterDays,
  guard: {
    ...starter,
    stopper: createSfnStopper(lazySfnClient(), stateMachineArn),
    limits,
  },
  orphans: {
    ...starter,
    // Its SDK loads when the sweep first lists executions, after the cold start's configuration check.
    executions: createSfnExecutionList(lazySfnClient(), stateMachineArn),
    metrics: dependencies.metrics,
    graceSeconds,
  },
});
