import type { Dependencies } from './dependencies.ts';
import type { Onboarding, Wait } from './model.ts';

export interface QueueItem {
  wait: Wait;
  onboarding: Onboarding;
}

/** Everything waiting on one address (a rep or a team mailbox), oldest first, with its onboarding. */
export async function staffQueue(deps: Pick<Dependencies, 'store'>, recipient: string): Promise<QueueItem[]> {
  const waits = await deps.store.listPendingWaitsFor(recipient);
  const ids = [...new Set(waits.map((wait) => wait.onboardingId))];
  const onboardings = new Map(
    (await Promise.all(ids.map((id) => deps.store.getOnboarding(id))))
      .filter((onboarding): onboarding is Onboarding => onboarding !== undefined)
      .map((onboarding) => [onboarding.id, onboarding]),
  );
  return waits.flatMap((wait) => {
    const onboarding = onboardings.get(wait.onboardingId);
    // A stopped onboarding's waits are closed; one still pending here is shown only while it runs.
    return onboarding && onboarding.status === 'in-progress' ? [{ wait, onboarding }] : [];
  });
}
