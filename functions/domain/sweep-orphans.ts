import { STAGE_KEYS } from '../checklist/stages.ts';
import { type Metrics, metricsOf } from '../observability/metrics.ts';
import type { StarterDependencies } from './dependencies.ts';
import type { Onboarding } from './model.ts';
import type { WorkflowExecutionList } from './ports.ts';
import { resumeOnboarding } from './resume-onboarding.ts';

export interface OrphanSweepDependencies extends StarterDependencies {
  executions: WorkflowExecutionList;
  metrics?: Metrics;
  /**
   * An onboarding whose execution started less than this long ago is left alone: its start may be
   * on its way (default 120 s; 0 at the local start-up, when nothing else starts executions).
   */
  graceSeconds?: number;
}

export interface OrphanSweepResult {
  /** In-progress onboardings found with no running execution. */
  found: number;
  resumed: { onboardingId: string; executionName: string; orphaned: string }[];
}

/** A claim older than this is taken over: its sweeper died before it could resume the onboarding. */
const CLAIM_STALE_MS = 5 * 60_000;
const ENDED = ['ABORTED', 'FAILED', 'TIMED_OUT'] as const;

/** `acme-software-hpipx2vt-resume-2` → `acme-software-hpipx2vt`. */
export function onboardingIdOf(executionName: string): string {
  return executionName.replace(/-resume-\d+$/, '');
}

/**
 * Finds every onboarding in progress whose execution is not running, and resumes it exactly where
 * its people are (`resumeOnboarding`), once: a conditional write on the onboarding guards against two
 * sweeps racing. Candidates come from two independent sources, so that a lost index entry hides
 * nothing: the by-stage index (in progress, execution not among the running ones) and the
 * executions that ended without success (their onboarding read by id, from the table itself).
 */
export async function sweepOrphans(deps: OrphanSweepDependencies): Promise<OrphanSweepResult> {
  const running = new Set(await deps.executions.listNames('RUNNING'));
  const candidates = new Set<string>();
  for (const stage of STAGE_KEYS) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.listOnboardingsByStage(stage, 1000, cursor);
      for (const onboarding of page.items) {
        if (onboarding.status === 'in-progress' && !running.has(onboarding.executionName))
          candidates.add(onboarding.id);
      }
      cursor = page.cursor;
    } while (cursor);
  }
  for (const status of ENDED) {
    for (const name of await deps.executions.listNames(status)) candidates.add(onboardingIdOf(name));
  }

  const result: OrphanSweepResult = { found: 0, resumed: [] };
  for (const id of candidates) {
    try {
      const onboarding = await deps.store.getOnboarding(id);
      if (!onboarding || !(await isOrphan(deps, onboarding, running))) continue;
      result.found += 1;
      const resumed = await resumeOrphan(deps, onboarding);
      if (resumed) result.resumed.push(resumed);
    } catch (error) {
      // One onboarding failing must not stop the sweep; the next one tries again.
      deps.logger.error('Orphaned onboarding could not be resumed', {
        onboardingId: id,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
  metricsOf(deps).gauge('OrphansFound', result.found);
  deps.logger.info('Orphan sweep done', { found: result.found, resumed: result.resumed.length });
  return result;
}

async function isOrphan(
  deps: OrphanSweepDependencies,
  onboarding: Onboarding,
  running: Set<string>,
): Promise<boolean> {
  if (onboarding.status !== 'in-progress' || running.has(onboarding.executionName)) return false;
  const startedAt = Date.parse(onboarding.executionStartedAt ?? onboarding.createdAt);
  if (deps.clock().getTime() - startedAt < (deps.graceSeconds ?? 120) * 1000) return false;
  // Listed a moment ago: ask once more, by name, so an execution started since is not doubled.
  return (await deps.executions.statusOf(onboarding.executionName)) !== 'RUNNING';
}

/**
 * Resumes one orphan if this caller wins its claim (audited: which execution was found ended, then
 * the resume itself). Also what a decision sent to a step whose execution is gone uses.
 */
export async function resumeOrphan(
  deps: OrphanSweepDependencies,
  onboarding: Onboarding,
): Promise<OrphanSweepResult['resumed'][number] | undefined> {
  const now = deps.clock();
  const staleBefore = new Date(now.getTime() - CLAIM_STALE_MS).toISOString();
  const orphaned = onboarding.executionName;
  if (!(await deps.store.claimOrphan(onboarding.id, orphaned, now.toISOString(), staleBefore)))
    return undefined;
  const status = (await deps.executions.statusOf(orphaned)) ?? 'not found';
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'orphan-found',
    at: now.toISOString(),
    detail: `in progress with no running execution (${orphaned}: ${status})`,
  });
  deps.logger.warn('Orphaned onboarding found: resuming it', {
    onboardingId: onboarding.id,
    orphaned,
    status,
  });
  const { executionName } = await resumeOnboarding(deps, { onboardingId: onboarding.id });
  return { onboardingId: onboarding.id, executionName, orphaned };
}

/**
 * A person answers a step that is already decided (their retry after a "try again", say) while the
 * onboarding's execution is gone: instead of only saying "already done" and leaving the onboarding
 * where nobody will move it, resume it now (the same claim as the sweep, so a sweep racing this
 * resumes it once). Returns the execution it continues in, or undefined when nothing was needed.
 */
export async function resumeIfOrphaned(
  deps: OrphanSweepDependencies,
  onboardingId: string,
): Promise<string | undefined> {
  const onboarding = await deps.store.getOnboarding(onboardingId);
  if (!onboarding || !(await isOrphan(deps, onboarding, new Set()))) return undefined;
  return (await resumeOrphan(deps, onboarding))?.executionName;
}
