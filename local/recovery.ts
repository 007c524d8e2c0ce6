import { SFNClient } from '@aws-sdk/client-sfn';
import { createSfnExecutionList } from '../functions/adapters/sfn-executions.ts';
import { createSfnStarter } from '../functions/adapters/sfn-workflow.ts';
import { STAGE_KEYS } from '../functions/checklist/stages.ts';
import type { AppConfig } from '../functions/config.ts';
import { deliverUnsentMessages } from '../functions/domain/conversation/deliver-message.ts';
import type { Dependencies, StarterDependencies } from '../functions/domain/dependencies.ts';
import type { Onboarding } from '../functions/domain/model.ts';
import type { OnboardingStore } from '../functions/domain/ports.ts';
import { resumeOnboarding } from '../functions/domain/resume-onboarding.ts';
import { sweepOrphans } from '../functions/domain/sweep-orphans.ts';
import type { LifecycleEventPublisher } from '../functions/lifecycle/lifecycle-events.ts';
import { createLogger } from '../functions/observability/logger.ts';
import { LOCAL_AWS } from './config.ts';

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

/**
 * The orphan sweep at start-up, once the index's onboardings are resumed: onboardings in progress
 * that the index lost (a write torn by a crash or a full disk) are found through the executions that
 * ended without success, and resumed the same way. Nothing else starts executions yet: no grace.
 */
export async function sweepOrphansAtStart(options: {
  store: OnboardingStore;
  sfnUrl: string;
  waits: AppConfig['waits'];
  log: (line: string) => void;
  events?: LifecycleEventPublisher;
}): Promise<number> {
  const client = new SFNClient({
    endpoint: options.sfnUrl,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
  });
  const stateMachineArn = `arn:aws:states:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:stateMachine:${LOCAL_AWS.stateMachineName}`;
  try {
    const result = await sweepOrphans({
      store: options.store,
      starter: createSfnStarter(client, stateMachineArn),
      executions: createSfnExecutionList(client, stateMachineArn),
      waits: options.waits,
      clock: () => new Date(),
      logger: createLogger({ service: 'local-recovery' }, options.log),
      graceSeconds: 0,
      events: options.events,
    });
    for (const { onboardingId, executionName, orphaned } of result.resumed)
      options.log(`resumed orphan ${onboardingId} (${orphaned} was not running) as ${executionName}`);
    return result.resumed.length;
  } catch (error) {
    options.log(`orphan sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    return 0;
  } finally {
    client.destroy();
  }
}

/**
 * Messages on steps recorded just before a crash but never emailed: each is emailed now, once (the
 * claims made before this start belong to a process that is gone). Read per onboarding in progress,
 * through the by-stage index; no Scan.
 */
export async function deliverUnsentMessagesAtStart(
  deps: Pick<Dependencies, 'store' | 'mailer' | 'config' | 'clock' | 'logger' | 'metrics'>,
  startedAt: string,
  log: (line: string) => void,
): Promise<number> {
  let emailed = 0;
  for (const stage of STAGE_KEYS) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.listOnboardingsByStage(stage, 100, cursor);
      for (const onboarding of page.items.filter((item) => item.status === 'in-progress')) {
        try {
          const record = await deps.store.readOnboarding(onboarding.id);
          if (record) emailed += await deliverUnsentMessages(deps, record, startedAt);
        } catch (error) {
          log(
            `could not email the messages of ${onboarding.id}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      cursor = page.cursor;
    } while (cursor);
  }
  if (emailed > 0) log(`emailed ${emailed} step message(s) recorded before the restart`);
  return emailed;
}
