import { numberSetting } from '../number-setting.ts';
import type { StarterDependencies } from './dependencies.ts';
import type { Onboarding } from './model.ts';
import type { WorkflowStopper } from './ports.ts';
import { resumeOnboarding } from './resume-onboarding.ts';

/**
 * A Standard execution fails at 25,000 history events and ends after one year; an onboarding may
 * wait on people longer than that. Well before either, the hourly check hands the onboarding over to
 * a fresh execution (continue-as-new) through the exact resume: the people notice nothing.
 */
export interface LongRunningLimits {
  maxDays: number;
  maxReminderLoops: number;
}

/** The limits from `LONG_RUNNING_MAX_DAYS` and `LONG_RUNNING_MAX_REMINDER_LOOPS`; undefined if either is out of bounds. */
export function longRunningLimitsSetting(
  env: Record<string, string | undefined>,
): LongRunningLimits | undefined {
  // Hand over once the execution is this old (Step Functions ends it at 365 days)...
  const maxDays = numberSetting(env.LONG_RUNNING_MAX_DAYS, { fallback: 300, min: 0, max: 360 });
  // ...or once it looped through this many reminders (~12 history events each, of 25,000).
  const maxReminderLoops = numberSetting(env.LONG_RUNNING_MAX_REMINDER_LOOPS, {
    fallback: 1000,
    min: 1,
    max: 1800,
    whole: true,
  });
  return maxDays === undefined || maxReminderLoops === undefined ? undefined : { maxDays, maxReminderLoops };
}

export interface LongRunningGuardDependencies extends StarterDependencies {
  stopper: WorkflowStopper;
  limits: LongRunningLimits;
}

const DAY_MS = 86_400_000;

/** Why this onboarding's execution should be handed over now, or undefined if it need not be. */
export function handOverReason(
  onboarding: Onboarding,
  now: Date,
  limits: LongRunningLimits,
): string | undefined {
  if (onboarding.status !== 'in-progress') return undefined;
  const loops = onboarding.reminderLoops ?? 0;
  if (loops >= limits.maxReminderLoops) {
    return `it looped through ${loops} reminders (limit ${limits.maxReminderLoops}), near Step Functions' 25,000-event history limit`;
  }
  const started = Date.parse(onboarding.executionStartedAt ?? onboarding.createdAt);
  const days = (now.getTime() - started) / DAY_MS;
  if (days >= limits.maxDays) {
    return `it has run ${Math.floor(days)} days (limit ${limits.maxDays}), near Step Functions' one-year limit`;
  }
  return undefined;
}

/**
 * Stops the current execution first (a decision arriving meanwhile is recorded and stays on record),
 * then starts the fresh one at the exact position: it adopts every pending wait, so the links already
 * emailed keep working, and completes any decision recorded in between from the record.
 */
export async function handOver(
  deps: LongRunningGuardDependencies,
  onboarding: Onboarding,
  reason: string,
): Promise<{ stopped: string; executionName: string }> {
  await deps.stopper.stopExecution(onboarding.executionName, {
    error: 'Onboarding.HandedOver',
    cause: `Long-running guard: ${reason}. The onboarding continues in a fresh execution (the newest execution named ${onboarding.id}-resume-N).`,
  });
  const resumed = await resumeOnboarding(deps, { onboardingId: onboarding.id });
  deps.logger.info('Long-running execution handed over', {
    onboardingId: onboarding.id,
    stopped: onboarding.executionName,
    executionName: resumed.executionName,
    reason,
  });
  return { stopped: onboarding.executionName, executionName: resumed.executionName };
}
