import type { StageKey } from '../checklist/stages.ts';
import { publishFact } from '../lifecycle/lifecycle-events.ts';
import type { StarterDependencies } from './dependencies.ts';
import type { Onboarding } from './model.ts';
import { executionNameFor, newOnboardingId } from './onboarding-ids.ts';
import { dueSecondsInput } from './stage-due-times.ts';
import type { StartOnboardingFields } from './start-onboarding-request.ts';

export interface StartedOnboarding {
  onboardingId: string;
  executionName: string;
  executionArn: string;
}

/**
 * Records the onboarding, then starts its execution with a readable, deterministic name. If the
 * start fails the record is removed again, so nothing half-made is left behind.
 */
export async function startOnboarding(
  deps: StarterDependencies,
  request: StartOnboardingFields,
  id = newOnboardingId(request.company),
): Promise<StartedOnboarding> {
  const now = deps.clock().toISOString();
  const onboarding: Onboarding = {
    id,
    executionName: executionNameFor(id),
    company: request.company,
    contactName: request.contactName,
    contactEmail: request.contactEmail,
    repEmail: request.repEmail,
    stage: 'cloud-account',
    status: 'in-progress',
    products: [],
    createdAt: now,
    updatedAt: now,
    executionStartedAt: now,
    reminderLoops: 0,
    ...(request.team?.length ? { team: request.team } : {}),
    ...(request.copyTeam === false ? { copyTeam: false } : {}),
  };
  if ((await deps.store.createOnboarding(onboarding)) === 'exists') {
    throw new Error(`Onboarding id ${id} collided with an existing one; try again`);
  }
  try {
    const { executionArn } = await deps.starter.startExecution({
      name: onboarding.executionName,
      input: executionInput(deps, onboarding, 'cloud-account', await deps.store.getStageDurations()),
    });
    await deps.store.appendEvent({
      onboardingId: id,
      type: 'onboarding-started',
      at: now,
      detail: onboarding.executionName,
    });
    // After the audit: a retry of the start finds the onboarding started and publishes nothing more.
    await publishFact(
      deps,
      'Onboarding Started',
      { onboardingId: id, at: now, factKey: onboarding.executionName },
      { executionName: onboarding.executionName },
    );
    deps.logger.info('Onboarding started', { onboardingId: id, executionName: onboarding.executionName });
    return { onboardingId: id, executionName: onboarding.executionName, executionArn };
  } catch (error) {
    await deps.store.deleteOnboarding(id);
    throw error;
  }
}

/**
 * The execution input reads as a summary in the console (its first line says whose onboarding it is
 * and where it starts); contact details stay in DynamoDB. `config.dueSeconds` holds each stage's due
 * time, the timeout of its wait (from the stages' recent `durations`, see stage-due-times.ts).
 */
export function executionInput(
  deps: Pick<StarterDependencies, 'waits'>,
  onboarding: Onboarding,
  startAt: string,
  durations: Partial<Record<StageKey, number[]>>,
) {
  const { providerWaitSeconds, teamWaitSeconds } = deps.waits;
  return {
    summary: `${onboarding.company}: marketplace onboarding ${onboarding.id}, starting at ${startAt}`,
    onboardingId: onboarding.id,
    company: onboarding.company,
    startAt,
    step: {},
    config: { providerWaitSeconds, teamWaitSeconds, dueSeconds: dueSecondsInput(deps.waits, durations) },
  };
}
