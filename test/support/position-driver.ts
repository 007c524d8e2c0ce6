import { expect } from 'vitest';
import type { StageKey } from '../../functions/checklist/stages.ts';
import type { Wait } from '../../functions/domain/model.ts';
import type { OnboardingStore } from '../../functions/domain/ports.ts';
import { DEMO_ANSWERS } from '../../local/demo-answers.ts';
import { openAndSubmit } from '../../local/person.ts';
import { linkedEmails, startOnboardingOverHttp, until } from './onboarding-driver.ts';
import type { RuntimeProcess } from './runtime-process.ts';
import { type Answer, slot, type WaitPosition } from './wait-positions.ts';

export interface ReachedPosition {
  onboardingId: string;
  position: WaitPosition;
  /** Every wait on record once the position was reached. */
  waits: Wait[];
  /** The waits people are asked to act on, each with the link emailed to them. */
  pending: { wait: Wait; link: string }[];
}

export function slotOf(wait: Wait): string {
  return slot(wait.stage, wait.product, wait.after);
}

/**
 * Starts an onboarding and plays the position's plan through the emailed links until exactly the
 * position's slots are waiting, each with its email delivered: what people hold when the runtime dies.
 */
export async function driveToPosition(
  runtime: RuntimeProcess,
  store: OnboardingStore,
  position: WaitPosition,
  company: string,
): Promise<ReachedPosition> {
  const started = await startOnboardingOverHttp(
    runtime,
    company,
    `${company.toLowerCase().replace(/\W+/g, '-')}@provider.example`,
  );
  const id = started.onboardingId;
  const used = new Map<string, number>();
  const answered = new Set<string>();
  const answerFor = (wait: Wait): Answer | undefined => {
    const plan = position.plan[slotOf(wait)];
    if (!plan) return DEMO_ANSWERS[wait.stage as Exclude<StageKey, 'published'>];
    return plan[used.get(slotOf(wait)) ?? 0];
  };
  const expected = [...position.pending].sort();

  return until(
    `${company} to reach "${position.label}"`,
    async () => {
      const links = new Map(
        (await linkedEmails(runtime, store))
          .filter(({ record }) => record.onboardingId === id)
          .map(({ link, record }) => [record.waitKey, link]),
      );
      for (const wait of await store.listWaits(id)) {
        if (wait.status !== 'pending' || answered.has(wait.waitKey)) continue;
        const answer = answerFor(wait);
        const link = links.get(wait.waitKey);
        if (!answer || !link) continue; // left waiting, or its email is still on its way
        answered.add(wait.waitKey);
        used.set(slotOf(wait), (used.get(slotOf(wait)) ?? 0) + 1);
        const result = await openAndSubmit(link, answer);
        expect(result.submitted, `${slotOf(wait)} in "${position.label}"`).toBe(200);
      }
      const waits = await store.listWaits(id);
      const pending = waits.filter((wait) => wait.status === 'pending');
      const settled =
        JSON.stringify(pending.map(slotOf).sort()) === JSON.stringify(expected) &&
        pending.every((wait) => answerFor(wait) === undefined && links.has(wait.waitKey));
      if (!settled) return undefined;
      return {
        onboardingId: id,
        position,
        waits,
        pending: pending.map((wait) => ({ wait, link: links.get(wait.waitKey) as string })),
      };
    },
    180_000,
  );
}
