import type { Dependencies } from '../dependencies.ts';
import { NotFoundError } from '../errors.ts';
import { parseInput } from '../parse-input.ts';
import { pendingStep } from '../people/pending-step.ts';
import { type PostMessageOutcome, postMessage } from './post-message.ts';

/**
 * Ops asks or answers on a pending step (the CLI's `ask` / `answer`, the signed people API). It
 * speaks for the marketplace; an answer needs a question from the provider still open.
 */
export async function postMessageAsOps(
  deps: Dependencies,
  request: { onboardingId: string; fields: unknown; by: string },
): Promise<PostMessageOutcome> {
  const { stage, product, after, kind, ...message } = await parseInput(
    'opsMessage',
    request.fields,
    'Nothing was sent',
  );
  const waitKey = await pendingStep(deps.store, request.onboardingId, { stage, product, after });
  const record = await deps.store.readOnboarding(request.onboardingId);
  const wait = record?.waits.find((candidate) => candidate.waitKey === waitKey);
  if (!record || !wait) throw new NotFoundError(`There is no onboarding "${request.onboardingId}".`);
  return postMessage(deps, { credential: 'ops', holder: request.by, record, wait, fields: message, kind });
}
