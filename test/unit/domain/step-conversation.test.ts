import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Credential } from '../../../functions/domain/authority/policy.ts';
import { deliverMessage } from '../../../functions/domain/conversation/deliver-message.ts';
import { postMessageAsOps } from '../../../functions/domain/conversation/ops-message.ts';
import { MESSAGE_LIMITS, postMessage } from '../../../functions/domain/conversation/post-message.ts';
import { threadOf } from '../../../functions/domain/conversation/thread.ts';
import type { Onboarding, StepMessage, Wait } from '../../../functions/domain/model.ts';
import { remindOrEscalate } from '../../../functions/domain/remind-or-escalate.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { ACTION_URL, sfn, type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const CHECKLIST_URL = /https:\/\/onboarding\.test\.example\/p\/[A-Za-z0-9_-]{43}#conversation-[0-9a-f]{16}/;
const QUEUE_URL =
  /https:\/\/onboarding\.test\.example\/r\/[A-Za-z0-9_-]{43}\?onboarding=acme-software-abcdefgh&step=cloud-account%23-%23e1/;

let h: UnitHarness;
let onboarding: Onboarding;
let staffStep: Wait;
let submissions = 0;

beforeEach(async () => {
  h = await unitHarness();
  onboarding = await seedOnboarding(h.deps.store, {
    team: [{ name: 'Grace Hopper', email: 'grace@acme.example' }],
  });
  staffStep = await seedWait(h.deps.store, onboarding, 'portal-access');
});
afterEach(() => h.table.stop());

const submission = () => `submission-${String(++submissions).padStart(8, '0')}`;

async function post(
  credential: Credential,
  holder: string,
  message: string,
  options: { wait?: Wait; id?: string; kind?: StepMessage['kind'] } = {},
) {
  const record = await h.deps.store.readOnboarding(onboarding.id);
  if (!record) throw new Error('no onboarding');
  const wait = record.waits.find((candidate) => candidate.waitKey === (options.wait ?? staffStep).waitKey);
  if (!wait) throw new Error('no wait');
  return postMessage(h.deps, {
    credential,
    holder,
    record,
    wait,
    fields: { message, submission: options.id ?? submission() },
    kind: options.kind,
    linkRole: credential === 'step-link' ? wait.role : undefined,
  });
}

const messages = () => h.deps.store.listMessages(onboarding.id);

describe('a question on a staff step, and its answer', () => {
  it('the rep asks from the step: the provider is emailed a link to the conversation, the step does not move', async () => {
    const outcome = await post('step-link', onboarding.repEmail, 'Is the alias your production account?');

    expect(outcome).toMatchObject({ kind: 'posted', message: { kind: 'question', side: 'marketplace' } });
    const emails = h.sentEmails();
    expect(emails).toHaveLength(1);
    expect(emails[0]?.to).toEqual([onboarding.contactEmail]);
    expect(emails[0]?.subject).toBe("A question on “Provider Portal access” — Acme Software's onboarding");
    expect(emails[0]?.text).toContain('Is the alias your production account?');
    expect(emails[0]?.text).toMatch(CHECKLIST_URL);
    expect(emails[0]?.text).not.toContain(staffStep.taskToken);
    const wait = await h.deps.store.getWait(onboarding.id, staffStep.waitKey);
    expect(wait?.status).toBe('pending');
    expect(sfn.calls()).toHaveLength(0);
    expect((await messages()).map((message) => message.emailedAt !== undefined)).toEqual([true]);
  });

  it('the provider answers from the checklist: the step holder gets a fresh link to the step itself', async () => {
    await post('step-link', onboarding.repEmail, 'Is the alias your production account?');
    const answer = await post('checklist', 'grace@acme.example', 'Yes, it is.');

    expect(answer.message).toMatchObject({ kind: 'answer', side: 'provider', via: 'checklist' });
    const toRep = h.sentEmails()[1];
    expect(toRep?.to).toEqual([onboarding.repEmail]);
    expect(toRep?.subject).toMatch(/^An answer on/);
    expect(toRep?.text).toMatch(new RegExp(`${ACTION_URL.source}#conversation`));
    const record = await h.deps.store.readOnboarding(onboarding.id);
    const thread = threadOf(staffStep, record?.waits ?? [], record?.messages ?? []);
    expect(thread.entries.map((entry) => [entry.kind, entry.author, entry.via])).toEqual([
      ['question', onboarding.repEmail, 'step-link'],
      ['answer', 'grace@acme.example', 'checklist'],
    ]);
    expect(thread.waitingOn).toBeUndefined();
  });

  it('says a step waits on the provider while a question is open, and not once it is answered', async () => {
    await post('queue', onboarding.repEmail, 'Which region?');
    let record = await h.deps.store.readOnboarding(onboarding.id);
    expect(threadOf(staffStep, record?.waits ?? [], record?.messages ?? []).waitingOn).toBe('provider');
    await post('checklist', onboarding.contactEmail, 'Frankfurt.');
    record = await h.deps.store.readOnboarding(onboarding.id);
    expect(threadOf(staffStep, record?.waits ?? [], record?.messages ?? []).waitingOn).toBeUndefined();
  });

  it('records the same submission once, however often it is sent, and emails once', async () => {
    const id = submission();
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => post('step-link', onboarding.repEmail, 'Once only?', { id })),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'posted')).toHaveLength(1);
    expect(await messages()).toHaveLength(1);
    expect(h.sentEmails()).toHaveLength(1);
  });
});

describe('a question on a provider step', () => {
  it('goes to the rep, with their queue opened at the conversation', async () => {
    const providerStep = await seedWait(h.deps.store, onboarding, 'cloud-account');
    await post('step-link', onboarding.contactEmail, 'Can we use a sandbox account?', { wait: providerStep });
    const email = h.sentEmails()[0];
    expect(email?.to).toEqual([onboarding.repEmail]);
    expect(email?.text).toMatch(QUEUE_URL);
  });
});

describe('exactly one email per message, also after a crash', () => {
  it('a message recorded but not emailed (the poster died) is emailed once by whoever finds it', async () => {
    const message: StepMessage = {
      onboardingId: onboarding.id,
      waitKey: staffStep.waitKey,
      submissionId: submission(),
      kind: 'question',
      side: 'marketplace',
      author: onboarding.repEmail,
      via: 'step-link',
      text: 'Left behind by a crash',
      at: h.now.value.toISOString(),
    };
    expect(await h.deps.store.putMessage(message)).toBe('created');
    // The poster's claim stays good for a while: no one else sends it meanwhile.
    expect(await deliverMessage(h.deps, { onboarding, wait: staffStep, message })).toBe('already');
    // After a restart, claims older than the start belong to a process that is gone.
    const restartedAt = new Date(h.now.value.getTime() + 1000).toISOString();
    h.now.value = new Date(h.now.value.getTime() + 2000);
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        deliverMessage(h.deps, { onboarding, wait: staffStep, message }, { staleBefore: restartedAt }),
      ),
    );
    expect(results.filter((result) => result === 'emailed')).toHaveLength(1);
    const [stored] = await messages();
    expect(
      await deliverMessage(h.deps, { onboarding, wait: staffStep, message: stored as StepMessage }),
    ).toBe('already');
    expect(h.sentEmails()).toHaveLength(1);
  });

  it('the same form sent again after the email failed finishes the email, without a second message', async () => {
    const id = submission();
    const original = h.deps.mailer.send;
    h.deps.mailer.send = async () => {
      throw Object.assign(new Error('SES is down'), { name: 'TransientError' });
    };
    await expect(post('step-link', onboarding.repEmail, 'Are you there?', { id })).rejects.toThrow(
      'SES is down',
    );
    h.deps.mailer.send = original;
    expect(h.sentEmails()).toEqual([]);
    expect((await post('step-link', onboarding.repEmail, 'Are you there?', { id })).kind).toBe(
      'already-posted',
    );
    expect(await messages()).toHaveLength(1);
    expect(h.sentEmails()).toHaveLength(1);
  });
});

describe('the reminder of a step with an open question', () => {
  it('quotes the question to the side that owes the answer, and tells the asker it is still open', async () => {
    const providerStep = await seedWait(h.deps.store, onboarding, 'cloud-account');
    await post('queue', onboarding.repEmail, 'Which account is it?', { wait: providerStep });
    await remindOrEscalate(h.deps, { onboardingId: onboarding.id, stage: 'cloud-account' });
    const toProvider = h.sentEmails().at(-1);
    expect(toProvider?.subject).toMatch(/^Reminder 1: /);
    expect(toProvider?.text).toContain('A question on this step waits on your answer.');
    expect(toProvider?.text).toContain('Which account is it?');

    await post('checklist', onboarding.contactEmail, 'Can the rep call me?');
    await remindOrEscalate(h.deps, { onboardingId: onboarding.id, stage: 'portal-access' });
    const toRep = h.sentEmails().at(-1);
    expect(toRep?.to).toEqual([onboarding.repEmail]);
    expect(toRep?.text).toContain('A question on this step waits on your answer.');
    expect(toRep?.text).toContain('Can the rep call me?');
  });

  it('says nothing of questions once they are answered', async () => {
    await post('step-link', onboarding.repEmail, 'Which region?');
    h.now.value = new Date(h.now.value.getTime() + 1000);
    await post('checklist', onboarding.contactEmail, 'Frankfurt.');
    await remindOrEscalate(h.deps, { onboardingId: onboarding.id, stage: 'portal-access' });
    expect(h.sentEmails().at(-1)?.text).not.toContain('question');
  });

  it('emails a message its poster left unsent (the step’s reminder finds it)', async () => {
    const message: StepMessage = {
      onboardingId: onboarding.id,
      waitKey: staffStep.waitKey,
      submissionId: submission(),
      kind: 'question',
      side: 'marketplace',
      author: onboarding.repEmail,
      via: 'step-link',
      text: 'Left behind',
      at: h.now.value.toISOString(),
    };
    await h.deps.store.putMessage(message);
    h.now.value = new Date(h.now.value.getTime() + 5 * 60_000);
    await remindOrEscalate(h.deps, { onboardingId: onboarding.id, stage: 'portal-access' });
    expect(
      h
        .sentEmails()
        .filter((email) => email.text.includes('Left behind'))
        .map((email) => email.to),
    ).toEqual([[onboarding.contactEmail], [onboarding.repEmail]]);
    expect((await messages())[0]?.emailedAt).toBeDefined();
  });
});

describe('refusals, in plain words, with nothing recorded or sent', () => {
  const refused = async (attempt: Promise<unknown>, words: RegExp) => {
    await expect(attempt).rejects.toThrow(words);
    expect(await messages()).toEqual([]);
    expect(h.sentEmails()).toEqual([]);
  };

  it('an empty, overlong or marked-up message', async () => {
    await refused(post('step-link', onboarding.repEmail, '   '), /Your message is required/);
    await refused(post('step-link', onboarding.repEmail, 'x'.repeat(2001)), /at most 2000 characters/);
    await refused(post('step-link', onboarding.repEmail, '<script>'), /cannot contain < or >/);
    await refused(post('step-link', onboarding.repEmail, 'a\u202eb'), /reverse the direction of text/);
  });

  it('a form without its submission id', async () => {
    const record = await h.deps.store.readOnboarding(onboarding.id);
    await refused(
      postMessage(h.deps, {
        credential: 'step-link',
        holder: onboarding.repEmail,
        record: record as never,
        wait: staffStep,
        linkRole: 'rep',
        fields: { message: 'Hello' },
      }),
      /form is out of date/,
    );
  });

  it('a checklist link from an email with others in copy, a former member, a team mailbox on another step', async () => {
    await refused(
      post('checklist-copy', onboarding.contactEmail, 'Hi'),
      /shows the checklist but changes nothing/,
    );
    await refused(
      post('checklist', 'former@acme.example', 'Hi'),
      /has changed since this link was emailed to you/,
    );
    await refused(post('queue', 'billing@marketplace.example', 'Hi'), /representative or the step's holder/);
  });

  it('a step that is done, or a stopped onboarding', async () => {
    await h.deps.store.decideWait(onboarding.id, staffStep.waitKey, {
      outcome: 'approved',
      fields: {},
      actor: { id: onboarding.repEmail, role: 'rep', via: 'link' },
      at: h.now.value.toISOString(),
    });
    await refused(post('checklist', onboarding.contactEmail, 'Hi'), /already done/);
    await h.deps.store.updateOnboarding(onboarding.id, { status: 'stopped' }, h.now.value.toISOString());
    await refused(post('checklist', onboarding.contactEmail, 'Hi'), /was stopped/);
  });

  it('an answer when nothing was asked', async () => {
    await refused(post('ops', 'arn:aws:iam::1:user/ops', 'Yes', { kind: 'answer' }), /no open question/);
  });

  it(`more than ${MESSAGE_LIMITS.perStep.limit} messages on a step in an hour`, async () => {
    for (let i = 0; i < MESSAGE_LIMITS.perStep.limit; i++)
      await post('step-link', onboarding.repEmail, `Q${i}`);
    await expect(post('step-link', onboarding.repEmail, 'One more')).rejects.toThrow(
      /Too many messages on this step in a short time. Nothing was sent/,
    );
    expect(await messages()).toHaveLength(MESSAGE_LIMITS.perStep.limit);
    expect(h.sentEmails()).toHaveLength(MESSAGE_LIMITS.perStep.limit);
  });
});

describe('ops asks and answers (CLI, people API)', () => {
  it('names the step by stage; an ops answer closes the provider’s question', async () => {
    const providerStep = await seedWait(h.deps.store, onboarding, 'cloud-account');
    await post('checklist', onboarding.contactEmail, 'Do you need the account id?', { wait: providerStep });
    const answer = await postMessageAsOps(h.deps, {
      onboardingId: onboarding.id,
      by: 'arn:aws:iam::123456789012:user/ops',
      fields: {
        stage: 'cloud-account',
        kind: 'answer',
        message: 'No, the alias is enough.',
        submission: submission(),
      },
    });
    expect(answer.message).toMatchObject({ kind: 'answer', side: 'marketplace', via: 'ops' });
    const toProvider = h.sentEmails()[1];
    expect(toProvider?.to).toEqual([onboarding.contactEmail]);
    expect(toProvider?.text).toContain('the Marketplace team (Marketplace)');
    expect(toProvider?.text).not.toContain('arn:aws');
  });
});
