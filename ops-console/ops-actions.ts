import { assertAllowed } from '../functions/domain/authority/refused-error.ts';
import { postMessageAsOps } from '../functions/domain/conversation/ops-message.ts';
import type { Dependencies } from '../functions/domain/dependencies.ts';
import { InvalidInputError, NotFoundError } from '../functions/domain/errors.ts';
import type { Onboarding, Wait } from '../functions/domain/model.ts';
import { parseInput } from '../functions/domain/parse-input.ts';
import { changeContact } from '../functions/domain/people/change-contact.ts';
import { handOverStep } from '../functions/domain/people/hand-over-step.ts';
import { stopAndTell } from '../functions/domain/stop-and-tell.ts';
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
  message: 'post-message',
} as const;

/** What a refused form did not do, as its problem box says. */
export const NOT_DONE: Record<ConsoleAction, string> = {
  'hand-over': 'The step was not handed over.',
  contact: 'The provider contact was not changed.',
  rep: 'The rep was not changed.',
  stop: 'The onboarding was not stopped.',
  message: 'Nothing was sent.',
};

/** What each form sends, by field (the form names its fields as the domain's inputs do). */
const FORM_FIELDS: Record<ConsoleAction, readonly string[]> = {
  'hand-over': ['wait', 'to', 'note'],
  contact: ['name', 'email', 'reason'],
  rep: ['email', 'reason'],
  stop: ['reason'],
  message: ['wait', 'kind', 'message', 'submission'],
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
  const onStep = action === 'hand-over' || action === 'message';
  const wait = onStep ? await deps.store.getWait(onboardingId, values.wait ?? '') : undefined;
  if (onStep && !wait) {
    const choose =
      action === 'message'
        ? 'That step is not known here. Nothing was sent.'
        : 'Choose the step to hand over.';
    throw new InvalidInputError(choose, { wait: choose });
  }
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
      await stopFromConsole({ deps, engine }, onboarding, values);
      return 'stopped';
    case 'message': {
      // postMessageAsOps asks the decision point again for the step it finds: the same path as `ask`/`answer`.
      const result = await postMessageAsOps(deps, {
        onboardingId,
        fields: messageRequest(wait as Wait, values),
        by: CONSOLE_ACTOR,
      });
      return messageNotice(result.kind, result.message.kind);
    }
  }
}

/** The step's selector and the message, as the CLI's `ask`/`answer` and the people API take them. */
export function messageRequest(
  wait: Pick<Wait, 'stage' | 'product' | 'after'>,
  values: Record<string, string>,
) {
  return {
    stage: wait.stage,
    ...(wait.product ? { product: wait.product } : {}),
    ...(wait.after ? { after: wait.after } : {}),
    kind: values.kind === 'answer' ? 'answer' : 'question',
    message: values.message ?? '',
    submission: values.submission ?? '',
  };
}

/** The page's notice after a message: what was sent, or that this submission was already recorded. */
export function messageNotice(outcome: string | undefined, kind: string | undefined): string {
  if (outcome === 'already-posted') return 'message-already-sent';
  return kind === 'answer' ? 'answer-sent' : 'question-sent';
}

async function stopFromConsole(
  { deps, engine }: ConsoleActDependencies,
  onboarding: Onboarding,
  values: Record<string, string>,
): Promise<void> {
  const { reason } = await parseInput(
    'stop',
    { reason: values.reason?.trim() ? values.reason : undefined },
    'The onboarding was not stopped',
  );
  await stopAndTell(deps, {
    onboarding,
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
}
