import { publishFact } from '../lifecycle/lifecycle-events.ts';
import type { Dependencies } from './dependencies.ts';
import { ConflictError, NotFoundError } from './errors.ts';

export interface StopOnboardingRequest {
  onboardingId: string;
  /** Who stopped it (ops console user, CLI principal), for the audit trail. */
  by: string;
  reason?: string;
  /** Stops the onboarding's running executions; returns how many it stopped. */
  stopExecutions: (onboardingId: string) => Promise<number>;
}

/**
 * Ops stops an onboarding: it is marked stopped first (so a restart never resumes it), its running
 * execution is stopped, and every pending step is closed, so its links answer "no longer needed".
 */
export async function stopOnboarding(
  deps: Pick<Dependencies, 'store' | 'clock' | 'logger' | 'events'>,
  request: StopOnboardingRequest,
): Promise<{ executionsStopped: number; stepsClosed: number }> {
  const onboarding = await deps.store.getOnboarding(request.onboardingId);
  if (!onboarding) throw new NotFoundError(`There is no onboarding "${request.onboardingId}".`);
  if (onboarding.status === 'completed')
    throw new ConflictError(`Onboarding ${onboarding.id} is already complete.`);
  const at = deps.clock().toISOString();
  if (onboarding.status !== 'stopped')
    await deps.store.updateOnboarding(onboarding.id, { status: 'stopped' }, at);
  const executionsStopped = await request.stopExecutions(onboarding.id);
  const pending = (await deps.store.listWaits(onboarding.id)).filter((wait) => wait.status === 'pending');
  for (const wait of pending) await deps.store.closeWait(onboarding.id, wait.waitKey);
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'onboarding-stopped',
    at,
    actor: request.by,
    detail: `${request.reason ? `${request.reason} — ` : ''}${executionsStopped} execution(s) stopped, ${pending.length} step(s) closed`,
  });
  // Stopping it again (before a resume) is the same fact: the execution it stopped makes the id.
  await publishFact(
    deps,
    'Onboarding Stopped',
    { onboardingId: onboarding.id, at, factKey: onboarding.executionName },
    { executionName: onboarding.executionName },
  );
  deps.logger.info('Onboarding stopped', {
    onboardingId: onboarding.id,
    executionsStopped,
    stepsClosed: pending.length,
  });
  return { executionsStopped, stepsClosed: pending.length };
}
