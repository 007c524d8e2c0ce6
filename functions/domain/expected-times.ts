import { STAGES, type StageKey } from '../checklist/stages.ts';
import type { Dependencies } from './dependencies.ts';
import type { Decision, Wait } from './model.ts';
import type { StageDurationSample } from './ports.ts';

/** Below this many completed stages of a kind, the marketplace's history says too little: use the default. */
export const MIN_SAMPLES = 10;

export interface ExpectedTime {
  seconds: number;
  /** `history`: the median of this marketplace's recent stages; `default`: the configured figure. */
  basis: 'history' | 'default';
}

export type ExpectedTimes = Record<StageKey, ExpectedTime>;

/** The median of the recent durations of a stage, or its configured default when there are too few. */
export function expectedTime(samples: readonly number[] | undefined, defaultDays: number): ExpectedTime {
  if (!samples || samples.length < MIN_SAMPLES) return { seconds: defaultDays * 86_400, basis: 'default' };
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { seconds: median, basis: 'history' };
}

/** Every stage's expected time, from the recent durations the store keeps. */
export async function expectedTimes(deps: Pick<Dependencies, 'store'>): Promise<ExpectedTimes> {
  const durations = await deps.store.getStageDurations();
  return Object.fromEntries(
    STAGES.map((stage) => [stage.key, expectedTime(durations[stage.key], stage.usualDays)]),
  ) as ExpectedTimes;
}

/**
 * How long a completed stage took, from its entry to the decision, written with the decision.
 * Statistics only: a send-back or a withdrawal is not a completed stage.
 */
export function stageDurationSample(wait: Wait, decision: Decision): StageDurationSample | undefined {
  if (decision.outcome !== 'approved' && decision.outcome !== 'submitted') return undefined;
  const seconds = Math.round((Date.parse(decision.at) - Date.parse(wait.enteredAt)) / 1000);
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return {
    stage: wait.stage,
    seconds,
    at: decision.at,
    onboardingId: wait.onboardingId,
    waitKey: wait.waitKey,
  };
}

/** "about 3 days", "about 5 hours", "less than an hour": how long a stage usually takes, in words. */
export function durationWords(seconds: number): string {
  const hours = seconds / 3600;
  if (hours < 1) return 'less than an hour';
  if (hours < 36) {
    const rounded = Math.max(1, Math.round(hours));
    return `about ${rounded} hour${rounded === 1 ? '' : 's'}`;
  }
  const days = Math.round(hours / 24);
  return `about ${days} day${days === 1 ? '' : 's'}`;
}
