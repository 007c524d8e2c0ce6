import { STAGE_KEYS } from '../checklist/stages.ts';
import { type LifecycleEventPublisher, publishFact } from '../lifecycle/lifecycle-events.ts';
import { numberSetting } from '../number-setting.ts';
import type { Logger } from '../observability/logger.ts';
import { type Metrics, metricsOf } from '../observability/metrics.ts';
import { handOver, handOverReason, type LongRunningGuardDependencies } from './long-running-guard.ts';
import type { OnboardingStore } from './ports.ts';
import { type OrphanSweepDependencies, type OrphanSweepResult, sweepOrphans } from './sweep-orphans.ts';

/** How long without progress makes an onboarding "stuck" when `STUCK_AFTER_DAYS` is not set. */
export const DEFAULT_STUCK_AFTER_DAYS = 14;

/**
 * `STUCK_AFTER_DAYS` (CDK context `stuckAfterDays`), or undefined when it is not a whole number
 * from 1 to 365.
 */
export function stuckAfterDaysSetting(env: Record<string, string | undefined>): number | undefined {
  return numberSetting(env.STUCK_AFTER_DAYS, {
    fallback: DEFAULT_STUCK_AFTER_DAYS,
    min: 1,
    max: 365,
    whole: true,
  });
}

export interface StuckCheckDependencies {
  store: Pick<OnboardingStore, 'listOnboardingsByStage'>;
  clock: () => Date;
  logger: Logger;
  metrics?: Metrics;
  /** "Onboarding stuck" events (see `STUCK_ANNOUNCE_WINDOW_MS`); none published when absent. */
  events?: LifecycleEventPublisher;
  stuckAfterDays: number;
  /** Onboardings read per Query page. */
  pageSize?: number;
  /** The long-running guard: hands over executions nearing Step Functions' limits (see long-running-guard.ts). */
  guard?: LongRunningGuardDependencies;
  /** The orphan sweep: resumes in-progress onboardings that have no running execution (see sweep-orphans.ts). */
  orphans?: OrphanSweepDependencies;
}

export interface StuckOnboarding {
  onboardingId: string;
  stage: string;
  /** Last progress recorded (the onboarding's `updatedAt`). */
  since: string;
  days: number;
}

export interface StuckCheckResult {
  /** In-progress onboardings per stage: the funnel. */
  inStage: Record<string, number>;
  stuck: StuckOnboarding[];
  /** Onboardings the long-running guard moved to a fresh execution in this run. */
  handedOver: { onboardingId: string; executionName: string; reason: string }[];
  /** What the orphan sweep found and resumed in this run (when it runs). */
  orphans?: OrphanSweepResult;
}

const DAY_MS = 86_400_000;

/**
 * An onboarding is announced stuck by the checks that run within this time of its becoming stuck
 * (three runs of the 5-minute schedule, so one or two failed runs lose nothing), each under the same
 * id (its last progress makes it): not by every check for as long as it stays stuck.
 */
export const STUCK_ANNOUNCE_WINDOW_MS = 15 * 60 * 1000;

/**
 * The scheduled check behind the "stuck in stage" alarm: for every stage, reads the onboardings at
 * that stage from the by-stage index (a Query per stage, never a Scan), counts the in-progress ones
 * and those whose last progress is older than `stuckAfterDays`, publishes both per stage and the
 * stuck total, and logs each stuck onboarding by id. It looks at the record, not at executions, so
 * it fires while the execution is still waiting (reminders and escalations do not count as progress).
 */
export async function checkStuckOnboardings(deps: StuckCheckDependencies): Promise<StuckCheckResult> {
  const now = deps.clock().getTime();
  const cutoff = now - deps.stuckAfterDays * DAY_MS;
  const metrics = metricsOf(deps);
  const inStage: Record<string, number> = {};
  const stuck: StuckOnboarding[] = [];
  const handedOver: StuckCheckResult['handedOver'] = [];

  for (const stage of STAGE_KEYS) {
    let count = 0;
    let stuckHere = 0;
    let cursor: string | undefined;
    do {
      const page = await deps.store.listOnboardingsByStage(stage, deps.pageSize ?? 1000, cursor);
      for (const onboarding of page.items) {
        if (onboarding.status !== 'in-progress') continue;
        count++;
        const handOverFor = deps.guard && handOverReason(onboarding, deps.clock(), deps.guard.limits);
        if (deps.guard && handOverFor) {
          // One onboarding failing to hand over must not stop the check; the next run tries again.
          try {
            const { executionName } = await handOver(deps.guard, onboarding, handOverFor);
            handedOver.push({ onboardingId: onboarding.id, executionName, reason: handOverFor });
            metrics.count('HandedOver', { stage });
          } catch (error) {
            deps.logger.error('Long-running execution could not be handed over', {
              onboardingId: onboarding.id,
              error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
            });
          }
        }
        const since = Date.parse(onboarding.updatedAt);
        if (!(since <= cutoff)) continue;
        stuckHere++;
        const entry = {
          onboardingId: onboarding.id,
          stage,
          since: onboarding.updatedAt,
          days: Math.floor((now - since) / DAY_MS),
        };
        stuck.push(entry);
        if (since > cutoff - STUCK_ANNOUNCE_WINDOW_MS)
          await publishFact(
            deps,
            'Onboarding Stuck',
            { onboardingId: onboarding.id, at: new Date(now).toISOString(), factKey: onboarding.updatedAt },
            { stage, since: onboarding.updatedAt, days: entry.days },
          );
        deps.logger.warn('Onboarding stuck in stage', { ...entry, company: onboarding.company });
      }
      cursor = page.cursor;
    } while (cursor);
    inStage[stage] = count;
    metrics.gauge('OnboardingsInStage', count, { stage });
    metrics.gauge('StuckOnboardings', stuckHere, { stage });
  }
  metrics.gauge('StuckOnboardings', stuck.length);
  const orphans = deps.orphans && (await sweepOrphansSafely(deps));
  deps.logger.info('Stuck onboarding check done', {
    stuckAfterDays: deps.stuckAfterDays,
    stuck: stuck.length,
    handedOver: handedOver.length,
    inProgress: Object.values(inStage).reduce((sum, n) => sum + n, 0),
    inStage,
  });
  return { inStage, stuck, handedOver, ...(orphans ? { orphans } : {}) };
}

/** A failed sweep (Step Functions unreachable, say) is logged; the stuck counts still go out. */
async function sweepOrphansSafely(deps: StuckCheckDependencies): Promise<OrphanSweepResult | undefined> {
  if (!deps.orphans) return undefined;
  try {
    return await sweepOrphans(deps.orphans);
  } catch (error) {
    deps.logger.error('Orphan sweep failed', {
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return undefined;
  }
}
