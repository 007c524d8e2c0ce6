import { STAGE_KEYS, type StageKey } from './checklist/stages.ts';

/**
 * `STAGE_DUE_SECONDS`: per-stage due times that replace the computed ones, as
 * `product-content=1814400,portal-access=172800` (stage key, `=`, seconds; comma-separated).
 * The due times, or the first part that is not one in plain words. A plain function, so the
 * configuration check at cold start does not build a schema for it.
 */
export function readStageDueSetting(
  value: string,
): { dues: Partial<Record<StageKey, number>> } | { problem: string } {
  const dues: Partial<Record<StageKey, number>> = {};
  for (const pair of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [stage, seconds] = pair.split('=').map((part) => part.trim());
    const amount = Number(seconds);
    if (
      !STAGE_KEYS.includes(stage as StageKey) ||
      !Number.isInteger(amount) ||
      amount < 1 ||
      amount > 31_536_000
    ) {
      return {
        problem: `"${pair}" is not a stage and a whole number of seconds, like product-content=1814400`,
      };
    }
    dues[stage as StageKey] = amount;
  }
  return { dues };
}

/** The setting's text for these due times (what the local runtime hands to its handlers and the CLI). */
export function stageDueSettingText(dues: Partial<Record<StageKey, number>>): string {
  return Object.entries(dues)
    .map(([stage, seconds]) => `${stage}=${seconds}`)
    .join(',');
}
