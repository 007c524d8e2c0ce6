import { STAGE_KEYS } from '../functions/checklist/stages.ts';
import type { StarterDependencies } from '../functions/domain/dependencies.ts';
import type { Onboarding } from '../functions/domain/model.ts';
import { resumeOnboarding } from '../functions/domain/resume-onboarding.ts';

/**
 * After a restart (or a crash) no execution is running: every onboarding still in progress is
 * resumed exactly where its people are (see resume-position.ts). The new executions adopt the pending
 * waits, so links already emailed keep working and nobody is emailed again for a step they were
 * already asked to do; decisions recorded but never delivered complete from the record.
 */
export async function resumeInProgressOnboardings(
  deps: StarterDependencies,
  log: (line: string) => void,
  /** Tells the engine which execution took over an interrupted one (its cause then names it). */
  onResumed: (previousExecutionName: string, resumedAs: string) => Promise<void> = async () => {},
): Promise<number> {
  const inProgress: Onboarding[] = [];
  for (const stage of STAGE_KEYS) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.listOnboardingsByStage(stage, 100, cursor);
      inProgress.push(...page.items.filter((onboarding) => onboarding.status === 'in-progress'));
      cursor = page.cursor;
    } while (cursor);
  }
  let resumed = 0;
  for (const onboarding of inProgress) {
    try {
      const result = await resumeOnboarding(deps, { onboardingId: onboarding.id });
      log(`resumed ${onboarding.id} at ${result.startAt} as ${result.executionName}`);
      resumed += 1;
      await onResumed(onboarding.executionName, result.executionName).catch((error: unknown) =>
        log(`could not note ${result.executionName} on ${onboarding.executionName}: ${String(error)}`),
      );
    } catch (error) {
      log(`could not resume ${onboarding.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return resumed;
}
