import { type Role, stageDefinition } from '../checklist/stages.ts';
import { renderDeliveryProblemEmail } from '../emails/delivery-problem-email.ts';
import { publishFact } from '../lifecycle/lifecycle-events.ts';
import { metricsOf } from '../observability/metrics.ts';
import type { Dependencies } from './dependencies.ts';
import type { DeliveryProblem, Onboarding, Wait } from './model.ts';
import { partyOf } from './party.ts';
import { recipientFor, replyToFor } from './recipients.ts';
import { sendOrReport } from './send-email.ts';

const AUDIT_TYPES = {
  bounce: 'email-bounced',
  complaint: 'email-complaint',
  'not-sent': 'email-not-sent',
} as const;
const METRICS = { bounce: 'Bounces', complaint: 'Complaints', 'not-sent': 'EmailsNotSent' } as const;

/**
 * An email about a waiting step did not reach its recipient: it bounced, drew a complaint, or SES
 * refused to send it. Flag the wait (reminders then go to the escalation contact), alert the rep and
 * ops at once, and audit it. The step keeps waiting. `false` when this very problem was flagged already
 * (an event delivered twice, a task retried): nothing is sent or written again.
 */
export async function flagDeliveryProblem(
  deps: Pick<Dependencies, 'store' | 'mailer' | 'config' | 'clock' | 'logger' | 'metrics' | 'events'>,
  onboarding: Onboarding,
  wait: Wait,
  problem: DeliveryProblem,
): Promise<boolean> {
  if (!(await deps.store.flagDeliveryProblem(onboarding.id, wait.waitKey, problem))) return false;

  // The rep hears about it unless the rep's own address is the one failing; ops always does.
  const alertRoles: Role[] = wait.role === 'rep' ? ['ops'] : ['rep', 'ops'];
  for (const role of alertRoles) {
    const email = renderDeliveryProblemEmail({
      // Ill-formed text in the record must not stop the alert about it (the mailer refuses it).
      party: wellFormed(partyOf(onboarding)),
      stage: stageDefinition(wait.stage),
      product: wait.product,
      recipientRole: role,
      problem,
      waitingOn: wait.role,
      resources: deps.config.resources,
    });
    await sendOrReport(deps, onboarding, {
      to: [recipientFor(role, onboarding, deps.config)],
      replyTo: replyToFor(role, onboarding, deps.config),
      ...email,
      tags: { onboardingId: onboarding.id },
    });
  }
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: AUDIT_TYPES[problem.kind],
    at: problem.at,
    stage: wait.stage,
    product: wait.product,
    actor: wait.recipient,
    detail: problem.detail ?? `SES message ${problem.messageId}`,
  });
  // The message id makes the id: the same bounce delivered twice is flagged (and published) once.
  await publishFact(
    deps,
    'Email Not Delivered',
    { onboardingId: onboarding.id, at: problem.at, factKey: `${wait.waitKey}#${problem.messageId}` },
    {
      stage: wait.stage,
      product: wait.product,
      waitKey: wait.waitKey,
      problem: problem.kind,
      recipientRole: wait.role,
    },
  );
  deps.logger.warn('Email problem flagged on a waiting step', {
    onboardingId: onboarding.id,
    stage: wait.stage,
    product: wait.product,
    problem: problem.kind,
    reason: problem.reason,
  });
  metricsOf(deps).count(METRICS[problem.kind], { stage: wait.stage });
  return true;
}

function wellFormed<T extends object>(party: T): T {
  return Object.fromEntries(
    Object.entries(party).map(([key, value]) => [
      key,
      typeof value === 'string' ? value.toWellFormed() : value,
    ]),
  ) as T;
}
