import { escalationRole, stageDefinition } from '../checklist/stages.ts';
import { renderEscalationEmail } from '../emails/escalation-email.ts';
import { metricsOf } from '../observability/metrics.ts';
import { deliverUnsentMessages } from './conversation/deliver-message.ts';
import type { Dependencies } from './dependencies.ts';
import { emailActionLink } from './email-action-link.ts';
import { OnboardingNotFoundError } from './errors.ts';
import type { Onboarding, Wait } from './model.ts';
import { partyOf } from './party.ts';
import type { OnboardingRecord } from './ports.ts';
import { recipientFor, replyToFor } from './recipients.ts';
import type { RemindInput } from './remind-or-escalate-input.ts';
import { sendOrReport } from './send-email.ts';
import { latestWaitOf } from './wait-selection.ts';

/** Tells the ASL which wait to re-enter (it becomes `$.step` for the next waitForTaskToken entry). */
export interface RemindResult {
  reentryOf: string;
  action: 'reminded' | 'escalated' | 'nothing-to-do';
}

/**
 * A wait timed out. Remind the person with a fresh link; once `maxReminders` reminders went
 * unanswered, escalate (provider -> rep, teams -> ops) and start counting reminders again.
 */
export async function remindOrEscalate(deps: Dependencies, input: RemindInput): Promise<RemindResult> {
  // One read: the onboarding and all its waits (the timed-out one, and what its email shows).
  const record = await deps.store.readOnboarding(input.onboardingId);
  if (!record) throw new OnboardingNotFoundError(`Onboarding ${input.onboardingId} does not exist`);
  const { onboarding, waits } = record;
  // Each timeout adds to the execution's history; the long-running guard watches the count.
  await deps.store.countReminderLoop(onboarding.id);
  const wait = timedOutWait(waits, input);
  if (!wait) throw new Error(`No wait recorded for ${input.stage} of onboarding ${input.onboardingId}`);
  const log = deps.logger.child({ onboardingId: onboarding.id, stage: input.stage, product: input.product });

  // A message on this step whose email never went out (its poster died before sending) goes now.
  await deliverUnsentMessages(deps, { ...record, messages: unsentOn(wait, record.messages) });

  // Decided (or closed) while the timeout fired: the re-entry will complete the task from the record.
  if (wait.status !== 'pending') return { reentryOf: wait.waitKey, action: 'nothing-to-do' };

  // Reminding an address that bounced or complained is pointless (or worse): escalate every time.
  // An email SES refused to send is tried again: the address may have been verified since.
  const undeliverable = wait.deliveryProblem !== undefined && wait.deliveryProblem.kind !== 'not-sent';
  if (wait.reminders < deps.config.maxReminders && !undeliverable) {
    const reminderNumber = wait.reminders + 1;
    await emailActionLink(deps, {
      onboarding,
      wait,
      kind: 'reminder',
      reminderNumber,
      waits,
      messages: record.messages,
    });
    await deps.store.recordReminder(onboarding.id, wait.waitKey, {
      reminders: reminderNumber,
      escalations: wait.escalations,
    });
    await audit(deps, onboarding, wait, 'reminder-sent', `Reminder ${reminderNumber} to ${wait.role}`);
    log.info('Reminder sent', { reminderNumber });
    metricsOf(deps).count('Reminders', { stage: wait.stage });
    return { reentryOf: wait.waitKey, action: 'reminded' };
  }

  await escalate(deps, onboarding, wait);
  await deps.store.recordReminder(onboarding.id, wait.waitKey, {
    reminders: 0,
    escalations: wait.escalations + 1,
  });
  metricsOf(deps).count('Escalations', { stage: wait.stage });
  log.warn('Escalated after unanswered reminders', {
    reminders: wait.reminders,
    escalations: wait.escalations + 1,
  });
  return { reentryOf: wait.waitKey, action: 'escalated' };
}

async function escalate(deps: Dependencies, onboarding: Onboarding, wait: Wait): Promise<void> {
  const role = escalationRole(wait.role);
  const to = recipientFor(role, onboarding, deps.config);
  const email = renderEscalationEmail({
    party: partyOf(onboarding),
    stage: stageDefinition(wait.stage),
    product: wait.product,
    recipientRole: role,
    waitingOn: wait.role,
    waitingOnAddress: wait.recipient,
    waitingSince: wait.enteredAt,
    reminders: wait.reminders,
    resources: deps.config.resources,
  });
  // If SES refuses it for good, the refusal is audited and ops told; the step keeps waiting.
  const messageId = await sendOrReport(
    deps,
    onboarding,
    { to: [to], replyTo: replyToFor(role, onboarding, deps.config), ...email },
    { stage: wait.stage },
  );
  await audit(deps, onboarding, wait, 'escalated', `Escalated to ${role} (${messageId ?? 'email not sent'})`);
}

async function audit(
  deps: Dependencies,
  onboarding: Onboarding,
  wait: Wait,
  type: 'reminder-sent' | 'escalated',
  detail: string,
): Promise<void> {
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type,
    at: deps.clock().toISOString(),
    stage: wait.stage,
    product: wait.product,
    detail,
  });
}

/**
 * The wait whose timeout fired: the stage's latest, except for product revisions: the technical and
 * billing revisions of one product share a stage, so `after` picks the right one.
 */
function unsentOn(wait: Wait, messages: OnboardingRecord['messages']) {
  return (messages ?? []).filter((message) => message.waitKey === wait.waitKey && !message.emailedAt);
}

function timedOutWait(waits: readonly Wait[], input: RemindInput): Wait | undefined {
  if (!input.after) return latestWaitOf(waits, input.stage, input.product);
  return waits
    .filter(
      (wait) => wait.stage === input.stage && wait.product === input.product && wait.after === input.after,
    )
    .sort((a, b) => b.enteredAt.localeCompare(a.enteredAt))[0];
}
