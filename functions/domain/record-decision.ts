import { TransientError } from '../adapters/transient-error.ts';
import { outcomeOf } from '../checklist/decision-outcome.ts';
import { stageDefinition } from '../checklist/stages.ts';
import { publishFact } from '../lifecycle/lifecycle-events.ts';
import { appendLogContext } from '../observability/log-context.ts';
import { type EventMetric, metricsOf } from '../observability/metrics.ts';
import { sha256Hex } from './action-links.ts';
import { keepAcceptedText } from './agreement-texts.ts';
import { decisionOutput } from './decision-output.ts';
import type { Dependencies } from './dependencies.ts';
import { InvalidInputError } from './errors.ts';
import { stageDurationSample } from './expected-times.ts';
import type { Actor, AuditEvent, Decision, Onboarding, Outcome, Wait } from './model.ts';
import type { DecideResult, RecordBatch, SettledNote } from './ports.ts';
import { factsFrom, gatherFacts } from './stage-facts.ts';

/**
 * The one way a decision enters the system, from an action link or the callback API:
 * validate, write it exactly once (conditional update), then complete the waiting task.
 */
export async function recordDecision(
  deps: Dependencies,
  request: {
    wait: Wait;
    fields: unknown;
    actor: Actor;
    /** The onboarding and its waits, when the caller read them with the wait (no second read). */
    onboarding?: Onboarding;
    waits?: readonly Wait[];
    /** Records the caller wants written with the decision's own (e.g. the done page's way back). */
    alongside?: Pick<RecordBatch, 'viewLinks'>;
  },
): Promise<DecideResult> {
  const { wait, actor } = request;
  appendLogContext({ onboardingId: wait.onboardingId, stage: wait.stage, product: wait.product });
  const known = request.onboarding &&
    request.waits && { onboarding: request.onboarding, waits: request.waits };
  const fields = await validateFields(deps, wait, request.fields, known);
  const decision: Decision = {
    outcome: outcomeOf(stageDefinition(wait.stage).form ?? 'cloud-account-alias', fields),
    fields,
    reason: typeof fields.reason === 'string' ? fields.reason : undefined,
    actor,
    at: deps.clock().toISOString(),
  };

  // Its audit event is written by the same conditional write: atomic with the decision.
  const result = await deps.store.decideWait(
    wait.onboardingId,
    wait.waitKey,
    decision,
    decisionEvent(wait, decision),
  );
  const log = deps.logger.child({
    onboardingId: wait.onboardingId,
    stage: wait.stage,
    product: wait.product,
  });
  if (result.kind === 'already-decided') {
    log.info('Decision refused: already decided', { actor: actor.id, via: actor.via });
    await finishUndelivered(deps, result.wait);
    return result;
  }

  await leaveAttention(deps, request.onboarding, result.wait);
  // The decision is on record: published before it is delivered, so a crash anywhere after this point
  // leaves it undelivered or publishes it again (same id), never delivered and unpublished.
  await publishDecided(deps, result.wait, decision);
  try {
    const delivery = await retryTransient(() => deliverDecision(deps, result.wait, decision));
    // The end of the step's queue entry, the stage's duration and the settled note, in one write.
    const records = decisionRecords(result.wait, decision, settledNote(deps, result.wait, delivery));
    await retryTransient(() => deps.store.writeRecords({ ...records, ...request.alongside }));
  } catch (error) {
    // Let the next touch finish the delivery at once instead of after the grace period.
    await deps.store
      .markDeliveryFailed(wait.onboardingId, wait.waitKey, deps.clock().toISOString())
      .catch(() => {});
    throw error;
  }
  log.info('Decision recorded', { outcome: decision.outcome, actor: actor.id, via: actor.via });
  metricsOf(deps).count(DECISION_METRIC[decision.outcome], { stage: wait.stage });
  return result;
}

/**
 * A decided step no longer waits on an answer or on a working address: it leaves its onboarding's
 * attention. One write, only when the profile (read with the wait) or the wait says it is in it, so
 * a plain decision costs nothing more.
 */
async function leaveAttention(
  deps: Dependencies,
  onboarding: Onboarding | undefined,
  wait: Wait,
): Promise<void> {
  const attention = onboarding?.attention;
  const question =
    attention !== undefined &&
    [...attention.questionsToProvider, ...attention.questionsToMarketplace].includes(wait.waitKey);
  const problem =
    wait.deliveryProblem !== undefined || (attention?.deliveryProblems.includes(wait.waitKey) ?? false);
  if (!question && !problem) return;
  await deps.store.noteAttention(wait.onboardingId, wait.waitKey, {
    openQuestion: false,
    deliveryProblem: false,
  });
}

/** What each outcome counts as on the dashboard. */
const DECISION_METRIC = {
  submitted: 'StageCompleted',
  approved: 'StageCompleted',
  'changes-requested': 'ChangesRequested',
  withdrawn: 'Withdrawals',
} as const satisfies Record<Outcome, EventMetric>;

/** How long the request that recorded a decision has to deliver it before another may take over. */
const DELIVERY_GRACE_MS = 10_000;

/**
 * A decision whose delivery failed part-way (its author got a 503) is finished by whoever touches
 * the step next: a repeat click, a second person, the callback API. Not within the grace period,
 * so that concurrent double clicks never race the request that is delivering right now. (Failing
 * everything else, the stage's next timeout re-enters the wait and completes it from the record.)
 */
export async function finishUndelivered(deps: Dependencies, wait: Wait): Promise<void> {
  if (wait.status !== 'decided' || !wait.decision || wait.deliveredAt) return;
  const delivering = deps.clock().getTime() - Date.parse(wait.decision.at) < DELIVERY_GRACE_MS;
  if (delivering && !wait.deliveryFailedAt) return;
  const delivery = await deliverDecision(deps, wait, wait.decision);
  // Written again whatever the delivery: a first attempt may have delivered but lost these.
  const settled = settledNote(deps, wait, delivery);
  if (!wait.decisionAudited) {
    // Recorded before decisions carried their audit event: as then, its EVENT# item (with the other
    // records) goes ahead of the fact, and the note after both, so no crash between a batch's rounds
    // can settle the decision without its audit.
    await deps.store.writeRecords(decisionRecords(wait, wait.decision));
    await publishDecided(deps, wait, wait.decision);
    if (settled) await deps.store.writeRecords({ settled: [settled] });
    return;
  }
  // Published before the settled note ends the work on the decision (its author may have died first).
  await publishDecided(deps, wait, wait.decision);
  await deps.store.writeRecords(decisionRecords(wait, wait.decision, settled));
}

/**
 * The settled note (`deliveredAt`) is what tells every later reader that nothing about this decision
 * is left to do: until it is written, whoever touches the step next writes the companion records
 * again (they are idempotent and derived from the decided wait alone). It travels in their batch, so
 * it costs no write of its own. The batch is not atomic: DynamoDB may leave items unprocessed, which
 * are sent again, and a crash between those rounds can leave the note without the others. The audit
 * is not among them (it is written with the decision; see `finishUndelivered` for older ones). The queue entry left behind is skipped by
 * every reader, since its wait is decided, and removed when the step is next touched; the stage duration
 * sample is lost: "usually takes about N days" counts one sample fewer among its stage's newest
 * hundred. None for a stale delivery: no task took the decision yet.
 */
function settledNote(
  deps: Pick<Dependencies, 'clock'>,
  wait: Wait,
  delivery: 'delivered' | 'stale',
): SettledNote | undefined {
  if (delivery === 'stale') return undefined;
  return { onboardingId: wait.onboardingId, waitKey: wait.waitKey, deliveredAt: deps.clock().toISOString() };
}

/**
 * Everything that follows a recorded decision, each step safe to repeat: the records later stages
 * read, then the task's completion (the caller notes the delivery with the companion records).
 */
async function deliverDecision(
  deps: Dependencies,
  wait: Wait,
  decision: Decision,
): Promise<'delivered' | 'stale'> {
  const fields = decision.fields;
  if (wait.stage === 'publication-request' && Array.isArray(fields.products)) {
    // Before the task completes, so the products' own stage updates cannot be overwritten.
    const products = fields.products.map((name) => ({
      name: String(name),
      status: 'requested' as const,
      updatedAt: decision.at,
    }));
    await deps.store.updateOnboarding(wait.onboardingId, { products }, decision.at);
  }
  if (wait.stage === 'cloud-account' && typeof fields.alias === 'string') {
    await deps.store.updateOnboarding(wait.onboardingId, { alias: fields.alias }, decision.at);
  }
  // A stale token means no task took the decision yet: it stays undelivered on record, and the next
  // entry of this wait (a reminder's re-entry, or a resumed execution adopting it) completes from it.
  return completeTask(deps, wait, decision);
}

/** Once per decision however often it is repeated: by a retry, or by a resumed execution. */
export async function auditDecision(
  deps: Pick<Dependencies, 'store' | 'events'>,
  wait: Wait,
  decision: Decision,
) {
  await deps.store.writeRecords(decisionRecords(wait, decision));
  await publishDecided(deps, wait, decision);
}

/**
 * Published once the decision is written, and again by whoever finishes an interrupted decision
 * (before its settled note ends the work on it): always under the same id, one decision per wait.
 */
function publishDecided(deps: Pick<Dependencies, 'events'>, wait: Wait, decision: Decision): Promise<void> {
  return publishFact(
    deps,
    'Step Decided',
    { onboardingId: wait.onboardingId, at: decision.at, factKey: wait.waitKey },
    {
      stage: wait.stage,
      product: wait.product,
      waitKey: wait.waitKey,
      outcome: decision.outcome,
      decidedBy: decision.actor.role,
    },
  );
}

/**
 * What a delivered decision leaves behind, written together and safe to write again: the end of the
 * step's queue entry, how long the stage took, and the settled note when it reached a task. Its audit
 * event too (once, by `onceKey`) when the decision was recorded without it, before decisions carried
 * their own.
 */
function decisionRecords(wait: Wait, decision: Decision, settled?: SettledNote): RecordBatch {
  const sample = stageDurationSample(wait, decision);
  return {
    events: wait.decisionAudited ? [] : [decisionEvent(wait, decision)],
    dequeue: [wait],
    stageDurations: sample ? [sample] : [],
    settled: settled ? [settled] : [],
  };
}

function decisionEvent(wait: Wait, decision: Decision): AuditEvent {
  return {
    onceKey: `decision#${wait.waitKey}`,
    onboardingId: wait.onboardingId,
    type: 'decision-recorded',
    at: decision.at,
    stage: wait.stage,
    product: wait.product,
    actor: decision.actor.id,
    ip: decision.actor.ip,
    userAgent: decision.actor.userAgent,
    outcome: decision.outcome,
    detail: decision.reason,
  };
}

/**
 * Sends the decision to the task waiting now. If a reminder rotated the token in between, the
 * stale send is answered "closed": read the wait again and use the new token. If the task is
 * between tokens, the next entry finds the decision on record and completes itself.
 */
async function completeTask(
  deps: Dependencies,
  wait: Wait,
  decision: Decision,
): Promise<'delivered' | 'stale'> {
  const output = decisionOutput(wait.stage, decision);
  if ((await deps.workflow.sendTaskSuccess(wait.taskToken, output)) === 'delivered') return 'delivered';
  const latest = await deps.store.getWait(wait.onboardingId, wait.waitKey);
  if (latest && latest.taskToken !== wait.taskToken) {
    if ((await deps.workflow.sendTaskSuccess(latest.taskToken, output)) === 'delivered') return 'delivered';
  }
  deps.logger.info('Task token was closed; the next stage entry completes from the recorded decision', {
    onboardingId: wait.onboardingId,
    stage: wait.stage,
  });
  return 'stale';
}

async function validateFields(
  deps: Dependencies,
  wait: Wait,
  raw: unknown,
  known: { onboarding: Onboarding; waits: readonly Wait[] } | undefined,
): Promise<Record<string, unknown>> {
  const form = stageDefinition(wait.stage).form;
  if (!form) throw new InvalidInputError(`Stage "${wait.stage}" takes no decision.`);
  // The forms' schemas (and zod) load with the first decision, not at every cold start of the
  // functions that can record one (enter-stage adopts decisions, rep-callback takes them).
  const { parseDecisionFields } = await import('../checklist/parse-decision.ts');
  const parsed = parseDecisionFields(form, raw ?? {});
  if (!parsed.ok) throw new InvalidInputError('Some answers need your attention.', parsed.fieldErrors);
  const fields = parsed.fields;

  if (form === 'agreement-acceptance') {
    const accepted = acceptedAgreement(deps, fields);
    await keepAcceptedText(deps);
    return accepted;
  }
  if (form === 'publication-request') {
    const ready = await readyProducts(deps, wait, known);
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

/**
 * An acceptance is of the exact text the page showed: the version and, when the page sent it, the
 * text's SHA-256 must be today's. The hash is recorded with the acceptance, whatever sent it.
 */
function acceptedAgreement(deps: Dependencies, fields: Record<string, unknown>): Record<string, unknown> {
  const { agreementVersion, agreementText } = deps.config.resources;
  const textHash = sha256Hex(agreementText);
  const sentHash = fields.agreementSha256;
  if (fields.agreementVersion !== agreementVersion || (sentHash !== undefined && sentHash !== textHash)) {
    throw new InvalidInputError(
      'The agreement changed since this page was opened. Reload the page and read it again.',
      { agreementVersion: `The current version is ${agreementVersion}: reload the page to read it.` },
    );
  }
  return { ...fields, agreementSha256: textHash };
}

/** The products the provider said are ready (the product-content decision): a publication may name only these. */
async function readyProducts(
  deps: Dependencies,
  wait: Wait,
  known: { onboarding: Onboarding; waits: readonly Wait[] } | undefined,
): Promise<string[]> {
  if (known) return factsFrom(known.onboarding, known.waits, 'publication-request').products ?? [];
  const onboarding = await deps.store.getOnboarding(wait.onboardingId);
  return onboarding
    ? ((await gatherFacts(deps.store, onboarding, 'publication-request')).products ?? [])
    : [];
}

/** A few quick tries for a step that met a transient failure, before the person is told to retry. */
async function retryTransient<T>(step: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof TransientError) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 3 ** attempt));
    }
  }
}
