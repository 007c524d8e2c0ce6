import type { Dependencies } from '../dependencies.ts';
import { parseInput } from '../parse-input.ts';
import { handOverStep } from './hand-over-step.ts';

/**
 * "Out of office": every step waiting on one address (a rep, a team mailbox) goes to another, each
 * exactly once, each with the note. A step decided or moved meanwhile is skipped, not an error.
 */
export async function handOverQueue(
  deps: Dependencies,
  request: { from: string; fields: unknown; by: string },
): Promise<{ handedOver: number; skipped: number }> {
  await parseInput('handOver', request.fields, 'Nothing was handed over');
  let handedOver = 0;
  let skipped = 0;
  for (const wait of await deps.store.listPendingWaitsFor(request.from)) {
    try {
      const result = await handOverStep(deps, {
        onboardingId: wait.onboardingId,
        waitKey: wait.waitKey,
        fields: request.fields,
        by: request.by,
        from: request.from,
      });
      if (result.kind === 'handed-over') handedOver += 1;
      else skipped += 1;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConflictError')) throw error;
      skipped += 1;
    }
  }
  return { handedOver, skipped };
}
