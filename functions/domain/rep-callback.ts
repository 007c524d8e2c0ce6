import { STAGES, stageDefinition } from '../checklist/stages.ts';
import { POLICY } from './authority/policy.ts';
import { assertAllowed } from './authority/refused-error.ts';
import type { Dependencies } from './dependencies.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.ts';
import type { Outcome } from './model.ts';
import { finishUndelivered, recordDecision } from './record-decision.ts';

const STAFF_STAGES = STAGES.filter((stage) => stage.actor !== 'provider' && stage.actor !== 'system').map(
  (stage) => stage.key,
);

export interface CallbackCaller {
  /** The IAM principal API Gateway authenticated (user or role ARN). */
  principal: string;
  ip?: string;
  userAgent?: string;
}

/**
 * Programmatic decisions by marketplace staff (IAM-authenticated). Same rules as an action link's
 * POST; provider steps can never be decided here.
 */
export async function submitCallback(
  deps: Dependencies,
  request: { onboardingId: string; body: unknown; caller: CallbackCaller },
): Promise<{ outcome: Outcome; recordedAt: string }> {
  // The schema (and zod) load on the first callback, not at cold start.
  const { callbackEnvelope } = await import('./callback-envelope.ts');
  const envelope = callbackEnvelope.safeParse(request.body);
  if (!envelope.success) {
    const productProblem = envelope.error.issues.find((issue) => issue.path[0] === 'product');
    if (productProblem)
      throw new InvalidInputError(productProblem.message, { product: productProblem.message });
    throw new InvalidInputError('The body must be a JSON object with a "stage" field.');
  }
  const { stage, product, ...fields } = envelope.data;
  const definition = STAGES.find((candidate) => candidate.key === stage);
  if (!definition) {
    throw new InvalidInputError(`Unknown stage "${stage}". Staff stages are: ${STAFF_STAGES.join(', ')}.`);
  }
  if (definition.actor === 'provider' || definition.actor === 'system') {
    // The policy's own words (see authority/policy.ts): callbacks decide staff steps only.
    throw new ForbiddenError(POLICY.ops['decide-step']?.otherwise ?? 'Provider steps are not decided here.');
  }
  if (definition.perProduct && !product) throw new InvalidInputError(`Stage "${stage}" needs a "product".`);

  const wait = await deps.store.getCurrentWait(request.onboardingId, definition.key, product);
  if (!wait) throw new NotFoundError(`Onboarding ${request.onboardingId} is not waiting on "${stage}".`);
  const onboarding = await deps.store.getOnboarding(request.onboardingId);
  if (!onboarding) throw new NotFoundError(`There is no onboarding "${request.onboardingId}".`);
  assertAllowed(deps.config, {
    credential: 'ops',
    holder: request.caller.principal,
    action: 'decide-step',
    onboarding,
    wait,
  });
  if (wait.status === 'closed') throw new ConflictError(`The "${stage}" step is no longer needed.`);
  if (wait.status === 'decided') {
    await finishUndelivered(deps, wait);
    throw alreadyDone(wait.decision?.actor.id, wait.decision?.at);
  }

  const result = await recordDecision(deps, {
    wait,
    onboarding,
    fields,
    actor: {
      id: request.caller.principal,
      role: stageDefinition(definition.key).actor as Exclude<typeof definition.actor, 'system'>,
      via: 'callback',
      ip: request.caller.ip,
      userAgent: request.caller.userAgent,
    },
  });
  if (result.kind === 'already-decided')
    throw alreadyDone(result.wait.decision?.actor.id, result.wait.decision?.at);
  const decision = result.wait.decision;
  if (!decision) throw new Error('Decision missing after it was recorded');
  return { outcome: decision.outcome, recordedAt: decision.at };
}

function alreadyDone(by: string | undefined, at: string | undefined): ConflictError {
  return new ConflictError(`This step was already done by ${by ?? 'someone'} at ${at ?? 'an earlier time'}.`);
}
