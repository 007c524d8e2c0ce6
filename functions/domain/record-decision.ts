import type { z } from 'zod';
import { formSchemas, outcomeOf } from '../checklist/decision-forms.ts';
import { stageDefinition } from '../checklist/stages.ts';
import { decisionOutput } from './decision-output.ts';
import type { Dependencies } from './dependencies.ts';
import { InvalidInputError } from './errors.ts';
import type { Actor, Decision, Wait } from './model.ts';
import type { DecideResult } from './ports.ts';
import { gatherFacts } from './stage-facts.ts';

/**
 * The one way a decision enters the system, from an action link or the callback API:
 * validate, write it exactly once (conditional update), then complete the waiting task.
 */
export async function recordDecision(
  deps: Dependencies,
  request: { wait: Wait; fields: unknown; actor: Actor },
): Promise<DecideResult> {
  const { wait, actor } = request;
  const fields = await validateFields(deps, wait, request.fields);
  const decision: Decision = {
    outcome: outcomeOf(stageDefinition(wait.stage).form ?? 'cloud-account-alias', fields),
    fields,
    reason: typeof fields.reason === 'string' ? fields.reason : undefined,
    actor,
    at: deps.clock().toISOString(),
  };

  const result = await deps.store.decideWait(wait.onboardingId, wait.waitKey, decision);
  const log = deps.logger.child({
    onboardingId: wait.onboardingId,
    stage: wait.stage,
    product: wait.product,
  });
  if (result.kind === 'already-decided') {
    log.info('Decision refused: already decided', { actor: actor.id, via: actor.via });
    return result;
  }

  if (wait.stage === 'publication-request') {
    // Before the task completes, so the products' own stage updates cannot be overwritten.
    const products = (fields.products as string[]).map((name) => ({
      name,
      status: 'requested' as const,
      updatedAt: decision.at,
    }));
    await deps.store.updateOnboarding(wait.onboardingId, { products }, decision.at);
  }
  await completeTask(deps, result.wait, decision);
  if (wait.stage === 'cloud-account' && typeof fields.alias === 'string') {
    await deps.store.updateOnboarding(wait.onboardingId, { alias: fields.alias }, decision.at);
  }
  await deps.store.appendEvent({
    onboardingId: wait.onboardingId,
    type: 'decision-recorded',
    at: decision.at,
    stage: wait.stage,
    product: wait.product,
    actor: actor.id,
    ip: actor.ip,
    userAgent: actor.userAgent,
    outcome: decision.outcome,
    detail: decision.reason,
  });
  log.info('Decision recorded', { outcome: decision.outcome, actor: actor.id, via: actor.via });
  return result;
}

/**
 * Sends the decision to the task waiting now. If a reminder rotated the token in between, the
 * stale send is answered "closed": read the wait again and use the new token. If the task is
 * between tokens, the next entry finds the decision on record and completes itself.
 */
async function completeTask(deps: Dependencies, wait: Wait, decision: Decision): Promise<void> {
  const output = decisionOutput(wait.stage, decision);
  if ((await deps.workflow.sendTaskSuccess(wait.taskToken, output)) === 'delivered') return;
  const latest = await deps.store.getWait(wait.onboardingId, wait.waitKey);
  if (latest && latest.taskToken !== wait.taskToken) {
    if ((await deps.workflow.sendTaskSuccess(latest.taskToken, output)) === 'delivered') return;
  }
  deps.logger.info('Task token was closed; the next stage entry completes from the recorded decision', {
    onboardingId: wait.onboardingId,
    stage: wait.stage,
  });
}

async function validateFields(
  deps: Dependencies,
  wait: Wait,
  raw: unknown,
): Promise<Record<string, unknown>> {
  const form = stageDefinition(wait.stage).form;
  if (!form) throw new InvalidInputError(`Stage "${wait.stage}" takes no decision.`);
  const schema: z.ZodType = formSchemas[form];
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(
        issue.path[0] ?? (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'form'),
      );
      fieldErrors[field] ??= issue.message;
    }
    throw new InvalidInputError('Some answers need your attention.', fieldErrors);
  }
  const fields = parsed.data as Record<string, unknown>;

  if (form === 'agreement-acceptance' && fields.agreementVersion !== deps.config.resources.agreementVersion) {
    throw new InvalidInputError(
      'The agreement changed since this page was opened. Reload the page and read it again.',
      {
        agreementVersion: `The current version is ${deps.config.resources.agreementVersion}.`,
      },
    );
  }
  if (form === 'publication-request') {
    const onboarding = await deps.store.getOnboarding(wait.onboardingId);
    const ready = onboarding ? ((await gatherFacts(deps.store, onboarding)).products ?? []) : [];
    const readyKeys = new Set(ready.map((name) => name.toLowerCase()));
    const unknown = (fields.products as string[]).filter((name) => !readyKeys.has(name.toLowerCase()));
    if (unknown.length > 0) {
      throw new InvalidInputError('Only products you said are ready can be published.', {
        products: `Not among the ready products: ${unknown.join(', ')}.`,
      });
    }
  }
  return fields;
}
