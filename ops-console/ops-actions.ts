import * as z from 'zod';
import { multiLineText } from '../functions/checklist/text-fields.ts';
import { assertAllowed } from '../functions/domain/authority/refused-error.ts';
import type { Dependencies } from '../functions/domain/dependencies.ts';
import { InvalidInputError, NotFoundError } from '../functions/domain/errors.ts';
import type { Onboarding } from '../functions/domain/model.ts';
import { partyOf } from '../functions/domain/party.ts';
import { changeContact } from '../functions/domain/people/change-contact.ts';
import { handOverStep } from '../functions/domain/people/hand-over-step.ts';
import { parsePeopleInput } from '../functions/domain/people/people-input.ts';
import { sendOrReport } from '../functions/domain/send-email.ts';
import { stopOnboarding } from '../functions/domain/stop-onboarding.ts';
import { renderOnboardingStoppedEmail } from '../functions/emails/onboarding-stopped-email.ts';
import type { ConsoleAction } from './console-action-names.ts';
import { type ExecutionLister, executionsOf } from './ops-data.ts';

/** Who the audit trail names for what ops do in the console. */
export const CONSOLE_ACTOR = 'ops console (local)';

export { CONSOLE_ACTIONS, type ConsoleAction } from './console-action-names.ts';

const POLICY_ACTION = {
  'hand-over': 'hand-over-step',
  contact: 'change-contact',
  rep: 'change-rep',
  stop: 'stop-onboarding',
} as const;

/** What a refused form did not do, as its problem box says. */
export const NOT_DONE: Record<ConsoleAction, string> = {
  'hand-over': 'The step was not handed over.',
  contact: 'The provider contact was not changed.',
  rep: 'The rep was not changed.',
  stop: 'The onboarding was not stopped.',
};

const stopFields = z.strictObject({ reason: multiLineText('Reason', 1000) });

/** What each form sends, by field (the form names its fields as the domain's inputs do). */
const FORM_FIELDS: Record<ConsoleAction, readonly string[]> = {
  'hand-over': ['wait', 'to', 'note'],
  contact: ['name', 'email', 'reason'],
  rep: ['email', 'reason'],
  stop: ['reason'],
};

export function formValues(action: ConsoleAction, form: URLSearchParams): Record<string, string> {
  return Object.fromEntries(FORM_FIELDS[action].map((name) => [name, form.get(name) ?? '']));
}

/** Optional fields left empty are not sent, as the CLI leaves them out. */
function filled(values: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (values[name]?.trim() ? [[name, values[name]]] : [])));
}

export interface ConsoleActDependencies {
  deps: Dependencies;
  engine: ExecutionLister & {
    stopExecution(executionArn: string, options: { error: string; cause: string }): Promise<unknown>;
  };
}

/** Runs one console action; returns the notice the detail page shows. Throws plain-word errors. */
export async function actInConsole(
  { deps, engine }: ConsoleActDependencies,
  onboardingId: string,
  action: ConsoleAction,
  form: URLSearchParams,
): Promise<string> {
  const onboarding = await deps.store.getOnboarding(onboardingId);
  if (!onboarding) throw new NotFoundError(`There is no onboarding "${onboardingId}".`);
  const values = formValues(action, form);
  const wait = action === 'hand-over' ? await deps.store.getWait(onboardingId, values.wait ?? '') : undefined;
  if (action === 'hand-over' && !wait)
    throw new InvalidInputError('Choose the step to hand over.', { wait: 'Choose the step to hand over.' });
  assertAllowed(deps.config, {
    credential: 'ops',
    holder: CONSOLE_ACTOR,
    action: POLICY_ACTION[action],
    onboarding,
    ...(wait ? { wait } : {}),
  });
  switch (action) {
    case 'hand-over': {
      const result = await handOverStep(deps, {
        onboardingId,
        waitKey: values.wait ?? '',
        fields: filled(values, ['to', 'note']),
        by: CONSOLE_ACTOR,
      });
      return result.kind === 'handed-over' ? 'handed-over' : 'already-handed-over';
    }
    case 'contact':
    case 'rep':
      await changeContact(deps, {
        onboardingId,
        who: action === 'rep' ? 'rep' : 'provider',
        fields: filled(values, FORM_FIELDS[action]),
        by: CONSOLE_ACTOR,
      });
      return action === 'rep' ? 'rep-changed' : 'contact-changed';
    case 'stop':
      await stopAndTell({ deps, engine }, onboarding, values);
      return 'stopped';
  }
}

async function stopAndTell(
  { deps, engine }: ConsoleActDependencies,
  onboarding: Onboarding,
  values: Record<string, string>,
): Promise<void> {
  const { reason } = parsePeopleInput(
    stopFields,
    { reason: values.reason?.trim() ? values.reason : undefined },
    'The onboarding was not stopped',
  );
  await stopOnboarding(deps, {
    onboardingId: onboarding.id,
    by: CONSOLE_ACTOR,
    reason,
    stopExecutions: async (onboardingId) => {
      const running = (await executionsOf(engine, onboardingId)).filter((e) => e.status === 'RUNNING');
      for (const execution of running) {
        await engine.stopExecution(execution.executionArn, {
          error: 'Ops.Stopped',
          cause: 'Stopped from the ops console',
        });
      }
      return running.length;
    },
  });
  // One email each (links are personal, and these carry none): the contact, each colleague, the rep.
  const people = [
    { to: onboarding.contactEmail, name: onboarding.contactName, audience: 'provider' as const },
    ...(onboarding.team ?? []).map((member) => ({
      to: member.email,
      name: member.name,
      audience: 'provider' as const,
    })),
    { to: onboarding.repEmail, name: undefined, audience: 'staff' as const },
  ];
  for (const person of people) {
    const email = renderOnboardingStoppedEmail({
      party: partyOf(onboarding),
      recipientName: person.name,
      audience: person.audience,
      reason,
      resources: deps.config.resources,
    });
    const messageId = await sendOrReport(deps, onboarding, { to: [person.to], ...email });
    if (!messageId) continue;
    await deps.store.appendEvent({
      onboardingId: onboarding.id,
      type: 'email-sent',
      at: deps.clock().toISOString(),
      actor: person.to,
      detail: `onboarding stopped: ${email.subject} (${messageId})`,
    });
  }
}
