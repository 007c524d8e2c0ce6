import { STAGE_KEYS } from '../functions/checklist/stages.ts';
import type { StarterDependencies } from '../functions/domain/dependencies.ts';
import type { Onboarding } from '../functions/domain/model.ts';
import { resumeOnboarding } from '../functions/domain/resume-onboarding.ts';

/**
 * After a restart (or a crash) no execution is running: every onboarding still in progress is
 * resumed at its recorded stage. The new executions adopt the pending waits, so links already
 * emailed keep working and nobody is emailed again for a step they were already asked to do.
 */
export async function resumeInProgressOnboardings(
  deps: StarterDependencies,
  log: (line: string) => void,
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
    } catch (error) {
      log(`could not resume ${onboarding.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return resumed;
}
