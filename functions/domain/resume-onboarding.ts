import { STAGES, type StageKey } from '../checklist/stages.ts';
import { publishFact } from '../lifecycle/lifecycle-events.ts';
import type { StarterDependencies } from './dependencies.ts';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.ts';
import { executionNameFor } from './onboarding-ids.ts';
import { type ResumePosition, resumePosition } from './resume-position.ts';
import { executionInput } from './start-onboarding.ts';

/** Stages before the products fan out: the only ones ops can name to force a resume. */
const ONBOARDING_LEVEL: StageKey[] = STAGES.filter((stage) => !stage.perProduct).map((stage) => stage.key);

/**
 * Starts a new execution for an onboarding exactly where its people are (see `resumePosition`): after
 * ops stopped a broken one, after the local runtime crashed, or by the long-running guard. Pending
 * waits are adopted, so the links already sent keep working; decisions on record are delivered from
 * the record, so nobody is asked twice. `stage` forces an onboarding-level stage (ops, by hand).
 */
export async function resumeOnboarding(
  deps: StarterDependencies,
  request: { onboardingId: string; stage?: string },
): Promise<{ onboardingId: string; executionName: string; executionArn: string; startAt: string }> {
  const onboarding = await deps.store.getOnboarding(request.onboardingId);
  if (!onboarding) throw new NotFoundError(`There is no onboarding "${request.onboardingId}".`);
  if (onboarding.status === 'completed')
    throw new ConflictError(`Onboarding ${onboarding.id} is already complete.`);
  const position = request.stage
    ? forcedPosition(request.stage)
    : resumePosition(onboarding, await deps.store.listWaits(onboarding.id));

  const resumes = (await deps.store.listEvents(onboarding.id)).filter(
    (e) => e.type === 'onboarding-resumed',
  ).length;
  const startAt = position.level === 'products' ? 'products' : position.startAt;
  const step = position.level === 'products' ? { products: position.products } : position.step;
  const durations = await deps.store.getStageDurations();
  const input = { ...executionInput(deps, onboarding, startAt, durations), step };

  const { executionName, executionArn } = await startUnderNextName(deps, onboarding.id, resumes + 1, input);
  await deps.store.recordExecution(onboarding.id, executionName, deps.clock().toISOString());
  // A stopped onboarding that ops resumes is in progress again (its closed steps start afresh).
  if (onboarding.status === 'stopped')
    await deps.store.updateOnboarding(onboarding.id, { status: 'in-progress' }, deps.clock().toISOString());
  const resumedAt = deps.clock().toISOString();
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'onboarding-resumed',
    at: resumedAt,
    stage: position.level === 'onboarding' ? position.startAt : undefined,
    detail: `${executionName} at ${describePosition(position)}`,
  });
  // Each execution is resumed once (its name is never reused): the name makes the event's id.
  await publishFact(
    deps,
    'Onboarding Resumed',
    { onboardingId: onboarding.id, at: resumedAt, factKey: executionName },
    { executionName, startAt },
  );
  deps.logger.info('Onboarding resumed', { onboardingId: onboarding.id, executionName, startAt });
  return { onboardingId: onboarding.id, executionName, executionArn, startAt };
}

/**
 * Execution names are never reused. A resume whose execution started but whose audit event was lost
 * (the process died in between) left its name taken: the next number is the one to use.
 */
async function startUnderNextName(
  deps: StarterDependencies,
  onboardingId: string,
  resumeNumber: number,
  input: unknown,
): Promise<{ executionName: string; executionArn: string }> {
  for (let number = resumeNumber; ; number++) {
    const executionName = executionNameFor(onboardingId, number);
    try {
      const { executionArn } = await deps.starter.startExecution({ name: executionName, input });
      return { executionName, executionArn };
    } catch (error) {
      const taken = error instanceof Error && error.name === 'ExecutionAlreadyExists';
      if (!taken || number >= resumeNumber + MAX_TAKEN_NAMES) throw error;
    }
  }
}

/** How many taken resume names are skipped before giving up (each is a crash in the same window). */
const MAX_TAKEN_NAMES = 5;

/** Ops named a stage: start there with a fresh entry (only onboarding-level stages can be named). */
function forcedPosition(stage: string): ResumePosition {
  if (!(ONBOARDING_LEVEL as readonly string[]).includes(stage)) {
    throw new InvalidInputError(
      `Unknown stage "${stage}". A resume can be forced to one of: ${ONBOARDING_LEVEL.join(', ')}; ` +
        'leave the stage out to resume every product exactly where it stands.',
    );
  }
  return { level: 'onboarding', startAt: stage as StageKey, step: {} };
}

/** For the audit trail: "publication-request" or "products: Acme Backup (marketplace-approval), …". */
function describePosition(position: ResumePosition): string {
  if (position.level === 'onboarding') return position.startAt;
  const products = position.products.map((product) => {
    const branches = Object.entries(product.step.resume ?? {})
      .map(([branch, start]) => `${branch} ${start}`)
      .join(', ');
    return `${product.name} (${product.startAt}${branches ? `: ${branches}` : ''})`;
  });
  return `products: ${products.join('; ') || 'none left, completing'}`;
}
