import { stageDefinition } from '../checklist/stages.ts';
import { publishFact } from '../lifecycle/lifecycle-events.ts';
import { metricsOf } from '../observability/metrics.ts';
import { sha256Hex } from './action-links.ts';
import { decisionOutput } from './decision-output.ts';
import type { Dependencies } from './dependencies.ts';
import { emailActionLink, type PreparedLinks, prepareLinks } from './email-action-link.ts';
import type { EnterStageInput } from './enter-stage-input.ts';
import { OnboardingNotFoundError } from './errors.ts';
import { type AuditEvent, type Wait, waitKeyOf } from './model.ts';
import { emailTeamCopies } from './people/team-copies.ts';
import type { OnboardingRecord } from './ports.ts';
import { recipientFor } from './recipients.ts';
import { auditDecision } from './record-decision.ts';

export type EnterStageResult = 'notified' | 'retried' | 'reentered' | 'completed-from-record' | 'closed';

/**
 * A person's turn begins: record it, hold the task token on the wait, and email an action link.
 * Safe under Step Functions retries (same token -> no second email) and under reminder re-entry
 * (new token on the same wait; a decision recorded meanwhile completes the task at once).
 */
export async function enterStage(deps: Dependencies, input: EnterStageInput): Promise<EnterStageResult> {
  // One read: the onboarding and all its waits, which choose the wait and fill the email.
  const record = await deps.store.readOnboarding(input.onboardingId);
  if (!record) throw new OnboardingNotFoundError(`Onboarding ${input.onboardingId} does not exist`);
  const { onboarding, waits } = record;

  const stage = stageDefinition(input.stage);
  if (stage.actor === 'system') throw new Error(`Stage ${stage.key} has no person to wait for`);
  const tokenHash = sha256Hex(input.taskToken);
  const waitKey = chooseWaitKey(input, waits, tokenHash);
  const now = deps.clock();

  const wait: Wait = {
    onboardingId: onboarding.id,
    waitKey,
    stage: input.stage,
    product: input.product,
    role: stage.actor,
    recipient: recipientFor(stage.actor, onboarding, deps.config),
    status: 'pending',
    taskToken: input.taskToken,
    enteredAt: now.toISOString(),
    deadline: new Date(now.getTime() + input.timeoutSeconds * 1000).toISOString(),
    timeoutSeconds: input.timeoutSeconds,
    reminders: 0,
    escalations: 0,
    after: input.after,
  };
  // The links of the entry email and the audit event travel with the new wait's queue entry.
  const prepared = prepareLinks(deps, onboarding, wait);
  const opened = await deps.store.openWait(wait, { ...prepared.records, events: [enteredEvent(wait)] });
  const log = deps.logger.child({ onboardingId: onboarding.id, stage: input.stage, product: input.product });
  const entry = { deps, record, tokenHash };

  switch (opened.kind) {
    case 'created':
      await moveOnboarding(entry, opened.wait);
      await publishEntered(deps, opened.wait);
      await notify(entry, opened.wait, prepared);
      log.info('Stage entered; action link emailed', { recipientRole: stage.actor });
      metricsOf(deps).count('StageEntered', { stage: input.stage });
      return 'notified';
    case 'retry': {
      // A retry of an entry that got all the way through changes nothing; one that failed part-way
      // redoes the (idempotent) records and sends the email that did not go out.
      if (opened.wait.notifiedTokenHash === tokenHash) return 'retried';
      const again = prepareLinks(deps, onboarding, opened.wait);
      await deps.store.writeRecords({
        ...again.records,
        events: [enteredEvent(opened.wait)],
        enqueue: [opened.wait],
      });
      await moveOnboarding(entry, opened.wait);
      await publishEntered(deps, opened.wait);
      await notify(entry, opened.wait, again);
      log.info('Stage entry retried; action link emailed');
      // The first attempt failed before it counted the entry (it counts after the email went out).
      metricsOf(deps).count('StageEntered', { stage: input.stage });
      return 'retried';
    }
    case 'reentered':
      // An adopted wait whose entry crashed before its email went out still gets one (and its event
      // again, with the same id, in case the crash came before the publish).
      if (!opened.wait.notifiedTokenHash) {
        await publishEntered(deps, opened.wait);
        await notify(entry, opened.wait);
      }
      log.info('Waiting again on the same wait', { reminders: opened.wait.reminders });
      return 'reentered';
    case 'already-decided': {
      // The decision landed while the previous token was timing out: finish with the new token.
      // Or a resumed execution adopted a wait whose decision never reached the old execution (or
      // did, but the execution ended before moving on): either way the record completes the task.
      const decision = opened.wait.decision;
      if (!decision) throw new Error(`Wait ${waitKey} is decided without a decision`);
      // The audit may be missing if the process died between the decision and its audit.
      await auditDecision(deps, opened.wait, decision);
      const output = decisionOutput(input.stage, decision);
      if ((await deps.workflow.sendTaskSuccess(input.taskToken, output)) === 'delivered')
        await deps.store.markDelivered(onboarding.id, waitKey, deps.clock().toISOString());
      log.info('Stage completed from the recorded decision', { outcome: decision.outcome });
      return 'completed-from-record';
    }
    case 'closed':
      log.warn('Stage entered on a closed wait; nothing to do');
      return 'closed';
  }
}

/**
 * Which wait this task entry holds: the one a reminder names; the one a resume names (pending or
 * decided); else a pending wait of the same stage left by a stopped or crashed execution, or by an
 * earlier attempt of this entry that Step Functions retried with a new token (adopted, so the links
 * already sent keep working; the latest if there are several); else a new wait keyed by this
 * entry's first token. Product revisions are told apart by `after`: both integration branches may
 * wait on the provider at once.
 */
function chooseWaitKey(input: EnterStageInput, waits: readonly Wait[], tokenHash: string): string {
  const slot = `${input.stage}#${input.product ?? '-'}#`;
  const reentryOf = input.step.reentryOf;
  if (reentryOf?.startsWith(slot)) return reentryOf;
  const resumed = input.step.resumeWaits?.find(
    (wait) => wait.waitKey.startsWith(slot) && wait.after === input.after,
  );
  if (resumed) return resumed.waitKey;
  const pending = waits
    .filter(
      (wait) =>
        wait.status === 'pending' &&
        wait.stage === input.stage &&
        wait.product === input.product &&
        wait.after === input.after,
    )
    .sort((a, b) => b.enteredAt.localeCompare(a.enteredAt))[0];
  if (pending) return pending.waitKey;
  return waitKeyOf(input.stage, input.product, tokenHash.slice(0, 16));
}

interface Entry {
  deps: Dependencies;
  record: OnboardingRecord;
  tokenHash: string;
}

function enteredEvent(wait: Wait): AuditEvent {
  return {
    onboardingId: wait.onboardingId,
    type: 'stage-entered',
    at: wait.enteredAt,
    stage: wait.stage,
    product: wait.product,
    detail: `Waiting on ${wait.role} until ${wait.deadline}`,
  };
}

/**
 * Published once the wait is on record and before the email marks the entry done (`markNotified`):
 * whatever interrupts the entry in between, its retry or resume publishes again under the same id.
 */
function publishEntered(deps: Dependencies, wait: Wait): Promise<void> {
  return publishFact(
    deps,
    'Stage Entered',
    { onboardingId: wait.onboardingId, at: wait.enteredAt, factKey: wait.waitKey },
    { stage: wait.stage, product: wait.product, waitKey: wait.waitKey, waitingOn: wait.role },
  );
}

/** The onboarding's stage (and the product's status): what the ops listing and checklist show. */
async function moveOnboarding({ deps, record }: Entry, wait: Wait): Promise<void> {
  const at = deps.clock().toISOString();
  const status = wait.stage === 'marketplace-approval' ? 'in-review' : 'in-integration';
  await deps.store.moveToStage(
    record.onboarding.id,
    { stage: wait.stage, product: wait.product ? { name: wait.product, status, updatedAt: at } : undefined },
    at,
    record.onboarding,
  );
}

async function notify(
  { deps, record, tokenHash }: Entry,
  wait: Wait,
  prepared?: PreparedLinks,
): Promise<void> {
  const { onboarding, waits } = record;
  const sent = await emailActionLink(deps, {
    onboarding,
    wait,
    kind: 'action-request',
    waits,
    prepared,
    recordsSent: 'with-note',
  });
  await emailTeamCopies(deps, onboarding, wait);
  // The email's audit event travels with the note that ends the entry: written together or not at all
  // (a crash before the note sends the email again on retry, as before, and records it then).
  await deps.store.markNotified(onboarding.id, wait.waitKey, tokenHash, sent.sent ? sent.event : undefined);
}
