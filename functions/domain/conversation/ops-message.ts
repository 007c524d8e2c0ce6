import * as z from 'zod';
import type { Dependencies } from '../dependencies.ts';
import { NotFoundError } from '../errors.ts';
import { pendingStep } from '../people/pending-step.ts';
import { parsePeopleInput } from '../people/people-input.ts';
import { type PostMessageOutcome, postMessage } from './post-message.ts';

/**
 * Which step, what kind, and the message itself (with the submission id the CLI makes up once).
 * Built the first time it parses (`z.lazy`), not when a function loads.
 */
const opsMessageFields = z.lazy(() =>
  z
    .object({
      stage: z.string({ error: "Name the step's stage." }).max(60),
      product: z.string().max(200).optional(),
      after: z.string().max(60).optional(),
      kind: z.enum(['question', 'answer'], { error: 'Say whether it is a question or an answer.' }),
    })
    .loose(),
);

/**
 * Ops asks or answers on a pending step (the CLI's `ask` / `answer`, the signed people API). It
 * speaks for the marketplace; an answer needs a question from the provider still open.
 */
export async function postMessageAsOps(
  deps: Dependencies,
  request: { onboardingId: string; fields: unknown; by: string },
): Promise<PostMessageOutcome> {
  const { stage, product, after, kind, ...message } = parsePeopleInput(
    opsMessageFields,
    request.fields,
    'Nothing was sent',
  );
  const waitKey = await pendingStep(deps.store, request.onboardingId, { stage, product, after });
  const record = await deps.store.readOnboarding(request.onboardingId);
  const wait = record?.waits.find((candidate) => candidate.waitKey === waitKey);
  if (!record || !wait) throw new NotFoundError(`There is no onboarding "${request.onboardingId}".`);
  return postMessage(deps, { credential: 'ops', holder: request.by, record, wait, fields: message, kind });
}
