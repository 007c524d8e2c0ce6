import { STAGES, type StageDefinition, type StageKey } from '../checklist/stages.ts';
import { MIN_SAMPLES } from './expected-times.ts';

/**
 * Each stage's own due time: how long a person is given before the first reminder. A stage that
 * usually takes two weeks is not due in a week.
 *
 * In order: the figure configured for the stage; else the 80th percentile of this marketplace's
 * recent durations of the stage (once it has completed it ten times); else the stage's usual days
 * plus a quarter. Never shorter than the floor for whoever acts (the provider's or the teams'
 * shortest wait), and whole days once it is a day or more, so a due date reads as a date.
 */

export const DUE_PERCENTILE = 0.8;
/** Without history: the usual time plus this margin. */
export const DUE_MARGIN = 1.25;

const DAY = 86_400;

export type DueBasis = 'configured' | 'history' | 'usual';

export interface DueTime {
  seconds: number;
  basis: DueBasis;
}

export interface DueSettings {
  /** The shortest due time of a provider step and of a team step, in seconds. */
  providerWaitSeconds: number;
  teamWaitSeconds: number;
  /** Per-stage due times, in seconds, that replace the computed ones. */
  stageDueSeconds?: Partial<Record<StageKey, number>>;
}

/** The stages a person waits on: every one has a due time (the system stage has none). */
export const WAITED_STAGES: readonly StageDefinition[] = STAGES.filter((stage) => stage.actor !== 'system');

/** The nearest-rank percentile of the samples (seconds). */
export function percentile(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

export function dueTime(
  stage: StageDefinition,
  settings: DueSettings,
  samples: readonly number[] | undefined,
): DueTime {
  const configured = settings.stageDueSeconds?.[stage.key];
  if (configured !== undefined) return { seconds: configured, basis: 'configured' };
  const floor = stage.actor === 'provider' ? settings.providerWaitSeconds : settings.teamWaitSeconds;
  const fromHistory = samples !== undefined && samples.length >= MIN_SAMPLES;
  const raw = fromHistory ? percentile(samples, DUE_PERCENTILE) : stage.usualDays * DAY * DUE_MARGIN;
  const seconds = Math.max(floor, raw >= DAY ? Math.ceil(raw / DAY) * DAY : Math.ceil(raw));
  return { seconds, basis: fromHistory ? 'history' : 'usual' };
}

/**
 * The name under which a stage's due time travels in the execution input (`$.config.dueSeconds.<name>`,
 * read by the ASL's waits): camel case, as JSONPath reads it without brackets.
 */
export function dueSecondsName(stage: StageKey): string {
  return stage.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

/** Every waited stage's due time in seconds, keyed as the ASL reads them. */
export function dueSecondsInput(
  settings: DueSettings,
  durations: Partial<Record<StageKey, number[]>>,
): Record<string, number> {
  return Object.fromEntries(
    WAITED_STAGES.map((stage) => [
      dueSecondsName(stage.key),
      dueTime(stage, settings, durations[stage.key]).seconds,
    ]),
  );
}

/**
 * Every waited stage due after its actor's shortest wait: how a demo or a test runs the checklist at
 * its own pace (seconds, not days) while keeping each stage's due time explicit.
 */
export function dueAtShortestWait(
  settings: Omit<DueSettings, 'stageDueSeconds'>,
): Partial<Record<StageKey, number>> {
  return Object.fromEntries(
    WAITED_STAGES.map((stage) => [
      stage.key,
      stage.actor === 'provider' ? settings.providerWaitSeconds : settings.teamWaitSeconds,
    ]),
  );
}
