import type { Wait } from './model.ts';

/**
 * Which recorded wait is "the" wait of a stage, computed from the waits themselves: the latest entry
 * (by `enteredAt`) of that stage and product. A send-back's new entry comes after the decision that
 * caused it, so the latest one is the one a reminder, a page or a later stage refers to. Reading
 * the waits of one onboarding is one Query, so no pointer item has to be written to find it.
 */
export function latestWaitOf(waits: readonly Wait[], stage: string, product?: string): Wait | undefined {
  let latest: Wait | undefined;
  for (const wait of waits) {
    if (wait.stage !== stage || wait.product !== product) continue;
    if (!latest || wait.enteredAt > latest.enteredAt) latest = wait;
  }
  return latest;
}
