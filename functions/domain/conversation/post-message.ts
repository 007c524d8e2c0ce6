import { metricsOf } from '../../observability/metrics.ts';
import type { Credential } from '../authority/policy.ts';
import { assertAllowed } from '../authority/refused-error.ts';
import type { Dependencies } from '../dependencies.ts';
import { UserFacingError } from '../errors.ts';
import { type Allowance, isProviderPerson, type Onboarding, type StepMessage, type Wait } from '../model.ts';
import { parseInput } from '../parse-input.ts';
import type { OnboardingRecord } from '../ports.ts';
import { deliverMessage, otherSideAddress } from './deliver-message.ts';
import { waitingOn } from './thread.ts';

/**
 * How many messages may be emailed because someone wrote them: ten per step per hour (a lively
 * conversation fits; a script looping on a form does not), and twenty per recipient per hour across
 * every step, so no one can use the conversation to flood an inbox.
 */
export const MESSAGE_LIMITS = {
  perStep: { limit: 10, windowSeconds: 60 * 60 },
  perRecipient: { limit: 20, windowSeconds: 60 * 60 },
} as const;

/** The credential kinds the policy lets write, as a message records them. */
const VIA: Partial<Record<Credential, StepMessage['via']>> = {
  'step-link': 'step-link',
  checklist: 'checklist',
  queue: 'queue',
  ops: 'ops',
};

export interface PostMessageRequest {
  /** The link (or signature) it came with: the policy decides which may write. */
  credential: Credential;
  /** The address the link was minted for, or the ops principal. */
  holder: string;
  record: OnboardingRecord;
  wait: Wait;
  /** `message` and `submission` (a random id the form carries, so a second submit is the same message). */
  fields: unknown;
  /** A step link's role as minted (step links only): it must be the step's. */
  linkRole?: Wait['role'];
  /** The CLI says which it is; a form leaves it to the conversation (answering what the other side asked). */
  kind?: StepMessage['kind'];
}

export type PostMessageOutcome = { kind: 'posted' | 'already-posted'; message: StepMessage };

/**
 * A question or an answer on a step, from anyone the policy lets talk on it. The step does not
 * change. Recorded once per submission (a conditional put on its submission id), then the other side
 * is emailed exactly once (see deliverMessage); a repeat of the same submission only finishes that email.
 */
export async function postMessage(
  deps: Dependencies,
  request: PostMessageRequest,
): Promise<PostMessageOutcome> {
  const { record, wait, holder, credential } = request;
  const { onboarding } = record;
  const linkRole = request.linkRole;
  assertAllowed(deps.config, { credential, holder, action: 'post-message', onboarding, wait, linkRole });
  const via = VIA[credential];
  if (!via) throw new Error(`The policy let ${credential} write a message: it has no name for it`);
  if (wait.status !== 'pending') {
    throw new UserFacingError(
      'This step is already done, so its conversation is closed. Nothing was sent. Write on the step that is waiting now, or to the address below.',
      409,
    );
  }
  const fields = await parseInput('message', request.fields, 'Nothing was sent');
  const existing = (record.messages ?? []).filter((message) => message.waitKey === wait.waitKey);
  const repeat = existing.find((message) => message.submissionId === fields.submission);
  if (repeat) {
    // A first attempt cut short (its email not out yet) may not have noted the question either.
    if (!repeat.emailedAt && existing.at(-1) === repeat) await noteOpenQuestion(deps, onboarding, repeat);
    return finish(deps, onboarding, wait, repeat, 'already-posted');
  }

  const side = credential !== 'ops' && isProviderPerson(onboarding, holder) ? 'provider' : 'marketplace';
  const kind = request.kind ?? (waitingOn(existing) === side ? 'answer' : 'question');
  if (kind === 'answer' && waitingOn(existing) !== side) {
    throw new UserFacingError('There is no open question on this step to answer. Nothing was sent.', 409);
  }
  const at = deps.clock();
  await takeAllowances(deps, onboarding, wait, side, holder, at);
  const message: StepMessage = {
    onboardingId: onboarding.id,
    waitKey: wait.waitKey,
    submissionId: fields.submission,
    kind,
    side,
    author: holder,
    via,
    text: fields.message,
    at: at.toISOString(),
    answers:
      kind === 'answer'
        ? existing.filter((other) => other.kind === 'question' && other.side !== side).at(-1)?.submissionId
        : undefined,
  };
  if ((await deps.store.putMessage(message)) === 'exists') {
    // The same submission won a race with this one: finish what it recorded.
    const recorded = (await deps.store.listMessages(onboarding.id)).find(
      (other) => other.waitKey === wait.waitKey && other.submissionId === fields.submission,
    );
    return finish(deps, onboarding, wait, recorded ?? message, 'already-posted');
  }
  await noteOpenQuestion(deps, onboarding, message);
  deps.logger.info('Step message recorded', { onboardingId: onboarding.id, stage: wait.stage, kind, side });
  return finish(deps, onboarding, wait, message, 'posted', true);
}

/**
 * The latest message decides whether a question is open (see waitingOn): a question puts its step in
 * the onboarding's attention (on the side that owes the answer), an answer takes it out, so the rep's portfolio shows it with no read per
 * row. Recorded before the email, so a crash in between is repaired by the repeat that sends it.
 */
async function noteOpenQuestion(
  deps: Dependencies,
  onboarding: Onboarding,
  message: StepMessage,
): Promise<void> {
  const open = waitingOn([message]) ?? false;
  await deps.store.noteAttention(onboarding.id, message.waitKey, { openQuestion: open });
}

async function finish(
  deps: Dependencies,
  onboarding: Onboarding,
  wait: Wait,
  message: StepMessage,
  kind: PostMessageOutcome['kind'],
  alreadyClaimed = false,
): Promise<PostMessageOutcome> {
  if (!message.emailedAt) await deliverMessage(deps, { onboarding, wait, message }, { alreadyClaimed });
  return { kind, message };
}

/** Refuses in plain words (429) when the step's or the other side's allowance is used up; nothing is recorded then. */
async function takeAllowances(
  deps: Dependencies,
  onboarding: Onboarding,
  wait: Wait,
  side: StepMessage['side'],
  holder: string,
  at: Date,
): Promise<void> {
  const allowances: Allowance[] = [
    { key: `messages#${onboarding.id}#${wait.waitKey}`, ...MESSAGE_LIMITS.perStep },
    {
      key: `messages-to#${otherSideAddress(onboarding, wait, side).toLowerCase()}`,
      ...MESSAGE_LIMITS.perRecipient,
    },
  ];
  const taken: Allowance[] = [];
  for (const allowance of allowances) {
    const result = await deps.store.takeAllowance(allowance, at);
    if (result.granted) {
      taken.push(allowance);
      continue;
    }
    metricsOf(deps).count('EmailsSuppressed', { stage: wait.stage });
    if (result.firstRefusal) {
      await deps.store.appendEvent({
        onboardingId: onboarding.id,
        type: 'email-suppressed',
        at: at.toISOString(),
        stage: wait.stage,
        product: wait.product,
        actor: holder,
        detail: `Messages on a step beyond ${allowance.limit} per ${allowance.windowSeconds / 60} minutes: none sent until ${result.retryAt}; later ones in this burst are not recorded`,
      });
    }
    for (const given of taken) await deps.store.returnAllowance(given, at);
    throw new UserFacingError(
      `Too many messages on this step in a short time. Nothing was sent; please try again after ${result.retryAt.slice(11, 16)} UTC.`,
      429,
    );
  }
}
