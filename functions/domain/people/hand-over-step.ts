import { providerSideProblem, staffSideProblem } from '../authority/staff-addresses.ts';
import type { Dependencies } from '../dependencies.ts';
import { emailActionLink } from '../email-action-link.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import { type Handover, isProviderPerson, type Onboarding, type Wait } from '../model.ts';
import { parseInput } from '../parse-input.ts';

export interface HandOverRequest {
  onboardingId: string;
  waitKey: string;
  /** The new holder's address and an optional note for them. */
  fields: unknown;
  /** Who hands it over: an ops principal, or the address of the current holder. */
  by: string;
  /** When set, the step must still be addressed to this address (the holder acting from their link). */
  from?: string;
}

export type HandOverResult = { kind: 'handed-over' | 'already-handed-over'; wait: Wait; handover: Handover };

/**
 * Hands one waiting step to another address: a colleague, a new contact, someone covering a holiday.
 * The move is exactly once (a conditional write); links sent to the old holder then say the step was
 * handed over, the new holder gets a fresh link, and reminders and escalations follow the new holder.
 */
export async function handOverStep(deps: Dependencies, request: HandOverRequest): Promise<HandOverResult> {
  const { to, note } = await parseInput('handOver', request.fields, 'The step was not handed over');
  const [wait, onboarding] = await Promise.all([
    deps.store.getWait(request.onboardingId, request.waitKey),
    deps.store.getOnboarding(request.onboardingId),
  ]);
  if (!wait || !onboarding) throw new NotFoundError('There is no such step.');
  const earlier = lastHandoverTo(wait, to);
  if (wait.status === 'pending' && wait.recipient === to && earlier) {
    return { kind: 'already-handed-over', wait, handover: earlier };
  }
  if (wait.status !== 'pending') {
    throw new ConflictError(
      wait.status === 'decided'
        ? 'This step is already done, so there is nothing to hand over.'
        : 'This step is no longer needed, so there is nothing to hand over.',
    );
  }
  if (request.from && wait.recipient !== request.from) {
    throw new ConflictError(`This step is no longer yours to hand over: it is with ${wait.recipient} now.`);
  }
  if (wait.recipient === to) throw new ConflictError(`This step is already with ${to}.`);
  const problem = roleProblem(deps, onboarding, wait, to);
  if (problem) throw new InvalidInputError(`The step was not handed over: ${problem}`, { to: problem });

  const handover: Handover = {
    from: wait.recipient,
    to,
    at: deps.clock().toISOString(),
    by: request.by,
    note,
  };
  const moved = await deps.store.handOverWait(wait.onboardingId, wait.waitKey, handover);
  if (moved.kind === 'unchanged') {
    const now = moved.wait;
    const same = now && now.status === 'pending' && now.recipient === to && lastHandoverTo(now, to);
    if (now && same) return { kind: 'already-handed-over', wait: now, handover: same };
    throw new ConflictError(
      'This step changed while it was being handed over. Open it again to see where it is.',
    );
  }
  // The move cleared the old address's delivery problem: the step leaves the portfolio's attention.
  if (wait.deliveryProblem) {
    await deps.store.noteAttention(wait.onboardingId, wait.waitKey, { deliveryProblem: false });
  }
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'step-handed-over',
    at: handover.at,
    stage: wait.stage,
    product: wait.product,
    actor: request.by,
    detail: `${handover.from} → ${handover.to}${note ? `: ${note}` : ''}`,
  });
  // The new holder's link; a refusal by SES flags the step as for any other email.
  await emailActionLink(deps, { onboarding, wait: moved.wait, kind: 'handed-over', handover });
  deps.logger.info('Step handed over', {
    onboardingId: onboarding.id,
    stage: wait.stage,
    product: wait.product,
    by: request.by,
  });
  return { kind: 'handed-over', wait: moved.wait, handover };
}

/**
 * Roles do not cross: a provider step goes only to the provider's own people (the contact or a team
 * member), a staff step only to a marketplace staff address that does not act for this provider.
 */
function roleProblem(
  deps: Pick<Dependencies, 'config'>,
  onboarding: Onboarding,
  wait: Wait,
  to: string,
): string | undefined {
  if (wait.role !== 'provider') return staffSideProblem(deps.config, onboarding, to);
  if (isProviderPerson(onboarding, to)) return providerSideProblem(deps.config, onboarding, to);
  return `${to} is not on ${onboarding.company}'s team. Provider steps go to the provider's own people: add them to the team, or change the contact.`;
}

function lastHandoverTo(wait: Wait, to: string): Handover | undefined {
  return [...(wait.handovers ?? [])].reverse().find((handover) => handover.to === to);
}
