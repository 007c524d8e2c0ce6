import type { StageKey } from '../checklist/stages.ts';
import { renderDeliveryProblemEmail } from '../emails/delivery-problem-email.ts';
import { metricsOf } from '../observability/metrics.ts';
import type { Dependencies } from './dependencies.ts';
import { describeDeliveryProblem } from './email-not-sent.ts';
import { EmailNotSentError } from './errors.ts';
import type { DeliveryProblem, Onboarding } from './model.ts';
import type { Mailer, OutgoingEmail } from './ports.ts';
import { replyToFor } from './recipients.ts';

export type SendOutcome = { sent: true; messageId: string } | { sent: false; error: EmailNotSentError };

/**
 * Sends one email. SES's permanent refusals come back as `{ sent: false }` for the caller to flag;
 * transient failures still throw, so the task (or the person's click) is retried.
 */
export async function trySend(mailer: Mailer, email: OutgoingEmail): Promise<SendOutcome> {
  try {
    return { sent: true, ...(await mailer.send(email)) };
  } catch (error) {
    if (error instanceof EmailNotSentError) return { sent: false, error };
    throw error;
  }
}

/**
 * Sends an email that no step waits on (an escalation, an alert, news for the provider). If SES
 * refuses it for good the workflow carries on: the refusal is audited and logged, and ops is told
 * unless ops was among the recipients. Returns the message id, or undefined when not sent.
 */
export async function sendOrReport(
  deps: Pick<Dependencies, 'store' | 'mailer' | 'config' | 'clock' | 'logger' | 'metrics'>,
  onboarding: Onboarding,
  email: OutgoingEmail,
  about: { stage?: StageKey } = {},
): Promise<string | undefined> {
  const outcome = await trySend(deps.mailer, email);
  if (outcome.sent) return outcome.messageId;

  const at = deps.clock().toISOString();
  const addresses = [...email.to, ...(email.cc ?? [])];
  const problem: DeliveryProblem = {
    kind: 'not-sent',
    reason: outcome.error.reason,
    address: addresses.join(', '),
    at,
    messageId: `not-sent:${at}`,
    detail: outcome.error.message,
  };
  const said = describeDeliveryProblem(problem);
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'email-not-sent',
    at,
    stage: about.stage,
    detail: `${email.subject.toWellFormed()}: ${said}`,
  });
  deps.logger.error('Email not sent; the workflow carries on', {
    onboardingId: onboarding.id,
    reason: outcome.error.reason,
    error: outcome.error.message,
  });
  metricsOf(deps).count('EmailsNotSent', about.stage ? { stage: about.stage } : undefined);

  const ops = deps.config.teams.ops;
  if (addresses.some((address) => address.toLowerCase() === ops.toLowerCase())) return undefined;
  const alert = await trySend(deps.mailer, {
    to: [ops],
    replyTo: replyToFor('ops', onboarding, deps.config),
    ...renderDeliveryProblemEmail({
      party: { company: onboarding.company.toWellFormed(), contactName: '', onboardingId: onboarding.id },
      subjectOf: email.subject.toWellFormed(),
      recipientRole: 'ops',
      problem,
      resources: deps.config.resources,
    }),
    tags: { onboardingId: onboarding.id },
  });
  if (!alert.sent) deps.logger.error('The alert to ops was not sent either', { reason: alert.error.reason });
  return undefined;
}
