import { providerSideProblem, staffSideProblem } from '../authority/staff-addresses.ts';
import type { Dependencies } from '../dependencies.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import { parseInput } from '../parse-input.ts';
import { handOverStep } from './hand-over-step.ts';

export interface ContactChange {
  onboardingId: string;
  /** The provider's primary contact, or the onboarding's marketplace rep. */
  who: 'provider' | 'rep';
  /** `email`, optional `name` (the provider contact's), optional `reason`. */
  fields: unknown;
  /** The ops principal or rep who made the change, for the audit trail. */
  by: string;
}

/**
 * A provider contact leaves, a rep changes: the onboarding records the new address, and every step
 * waiting on the old one is handed over to it — the old links then say so, the new person gets a
 * fresh link for each, and later steps, reminders and escalations go to them.
 */
export async function changeContact(
  deps: Dependencies,
  change: ContactChange,
): Promise<{ from: string; to: string; stepsHandedOver: number }> {
  const { email, name, reason } = await parseInput(
    'contactChange',
    change.fields,
    'The contact was not changed',
  );
  const onboarding = await deps.store.getOnboarding(change.onboardingId);
  if (!onboarding) throw new NotFoundError(`There is no onboarding "${change.onboardingId}".`);
  if (onboarding.status === 'completed') {
    throw new ConflictError(`Onboarding ${onboarding.id} is complete: there is nothing waiting to move.`);
  }
  const from = change.who === 'provider' ? onboarding.contactEmail : onboarding.repEmail;
  // Roles do not cross: the provider contact is never staff (the rep included), the rep always staff.
  const crossing =
    change.who === 'provider'
      ? providerSideProblem(deps.config, onboarding, email)
      : staffSideProblem(deps.config, onboarding, email);
  if (crossing) throw new InvalidInputError(`The contact was not changed: ${crossing}`, { email: crossing });
  if (from === email && (change.who === 'rep' || !name || name === onboarding.contactName)) {
    throw new ConflictError(
      `${email} is already the ${change.who === 'provider' ? 'provider contact' : 'rep'}.`,
    );
  }
  await deps.store.updateContacts(
    onboarding.id,
    change.who === 'provider'
      ? { contactEmail: email, ...(name ? { contactName: name } : {}) }
      : { repEmail: email },
  );
  await deps.store.appendEvent({
    onboardingId: onboarding.id,
    type: 'contact-changed',
    at: deps.clock().toISOString(),
    actor: change.by,
    detail: `${change.who === 'provider' ? 'Provider contact' : 'Rep'}: ${from} → ${email}${reason ? ` (${reason})` : ''}`,
  });

  let stepsHandedOver = 0;
  if (from !== email) {
    const waiting = (await deps.store.listWaits(onboarding.id)).filter(
      (wait) => wait.status === 'pending' && wait.role === change.who && wait.recipient === from,
    );
    for (const wait of waiting) {
      const result = await handOverStep(deps, {
        onboardingId: onboarding.id,
        waitKey: wait.waitKey,
        fields: { to: email, ...(reason ? { note: reason } : {}) },
        by: change.by,
        from,
      });
      if (result.kind === 'handed-over') stepsHandedOver += 1;
    }
  }
  deps.logger.info('Contact changed', { onboardingId: onboarding.id, who: change.who, stepsHandedOver });
  return { from, to: email, stepsHandedOver };
}
