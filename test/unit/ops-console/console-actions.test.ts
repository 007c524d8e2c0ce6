import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RefusedError } from '../../../functions/domain/authority/refused-error.ts';
import { InvalidInputError } from '../../../functions/domain/errors.ts';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { actInConsole, type ConsoleActDependencies } from '../../../ops-console/ops-actions.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

/** The console's people and stop forms, through the same domain functions and decision point as the people API. */
describe('acting from the ops console', () => {
  let h: UnitHarness;
  let onboarding: Onboarding;
  const stopped: string[] = [];
  let act: (action: Parameters<typeof actInConsole>[2], fields: Record<string, string>) => Promise<string>;
  beforeEach(async () => {
    h = await unitHarness();
    stopped.length = 0;
    onboarding = await seedOnboarding(h.deps.store, {
      stage: 'portal-access',
      team: [{ name: 'Grace Hopper', email: 'grace@acme.example' }],
    });
    await seedWait(h.deps.store, onboarding, 'portal-access');
    const engine: ConsoleActDependencies['engine'] = {
      listExecutions: async () => ({
        executions: [
          {
            executionArn: `arn:local:execution:${onboarding.id}`,
            stateMachineArn: 'arn:local:stateMachine:onboarding',
            name: onboarding.id,
            status: 'RUNNING',
            startDate: new Date(),
          },
        ],
      }),
      stopExecution: async (arn: string) => {
        stopped.push(arn);
        return { stopDate: new Date() };
      },
    };
    act = (action, fields) =>
      actInConsole({ deps: h.deps, engine }, onboarding.id, action, new URLSearchParams(fields));
  });
  afterEach(() => h.table.stop());

  it('stop refuses without a reason, changing nothing', async () => {
    const refused = await act('stop', { reason: '  ' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).fieldErrors.reason).toMatch(/^Reason/);
    expect((await h.deps.store.getOnboarding(onboarding.id))?.status).toBe('in-progress');
    expect(stopped).toEqual([]);
    expect(h.sentEmails()).toEqual([]);
  });

  it('stop with a reason ends the execution, closes the steps, and tells the contact, the team and the rep, one email each', async () => {
    expect(await act('stop', { reason: 'The provider withdrew its application.' })).toBe('stopped');
    expect((await h.deps.store.getOnboarding(onboarding.id))?.status).toBe('stopped');
    expect(stopped).toHaveLength(1);
    expect((await h.deps.store.listWaits(onboarding.id)).map((wait) => wait.status)).toEqual(['closed']);
    const emails = h.sentEmails();
    expect(emails.map((email) => email.to)).toEqual([
      ['ada@acme.example'],
      ['grace@acme.example'],
      ['rep@marketplace.example'],
    ]);
    for (const email of emails) {
      expect(email.cc).toEqual([]);
      expect(email.subject).toBe("Stopped: Acme Software's onboarding to the Lumen Marketplace");
      expect(email.text).toContain('The provider withdrew its application.');
      expect(email.text).not.toMatch(/\/a\/|\/p\/|\/r\//);
    }
    expect(emails[0]?.text).toContain('Hello Ada Lovelace,');
    expect(emails[0]?.text).toContain('Nothing more is needed from you');
    expect(emails[2]?.text).toContain('nothing is waiting on you');
    const events = await h.deps.store.listEvents(onboarding.id);
    expect(events.find((event) => event.type === 'onboarding-stopped')?.detail).toContain(
      'The provider withdrew its application.',
    );
    expect(events.filter((event) => event.type === 'email-sent')).toHaveLength(3);

    // Stopping again is refused by the policy, in plain words.
    const again = await act('stop', { reason: 'Twice' }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(RefusedError);
    expect((again as RefusedError).message).toMatch(/^[A-Z].*\.$/);
    expect(h.sentEmails()).toHaveLength(3);
  });

  it('hands a waiting step over and changes the contact and the rep through the domain functions', async () => {
    const [wait] = await h.deps.store.listWaits(onboarding.id);
    expect(
      await act('hand-over', { wait: wait?.waitKey ?? '', to: 'cover@marketplace.example', note: '' }),
    ).toBe('handed-over');
    expect((await h.deps.store.listWaits(onboarding.id))[0]?.recipient).toBe('cover@marketplace.example');

    expect(await act('rep', { email: 'newrep@marketplace.example', reason: 'Moved team' })).toBe(
      'rep-changed',
    );
    expect(await act('contact', { name: 'Nora Example', email: 'nora@acme.example', reason: '' })).toBe(
      'contact-changed',
    );
    const now = await h.deps.store.getOnboarding(onboarding.id);
    expect(now).toMatchObject({ repEmail: 'newrep@marketplace.example', contactEmail: 'nora@acme.example' });
    const audit = (await h.deps.store.listEvents(onboarding.id)).filter(
      (event) => event.type === 'contact-changed',
    );
    expect(audit.map((event) => event.actor)).toEqual(['ops console (local)', 'ops console (local)']);
  });

  it('refuses in plain words: a staff address as provider contact, no step chosen', async () => {
    const crossing = await act('contact', {
      name: 'Rep',
      email: 'someone@marketplace.example',
      reason: '',
    }).catch((error: unknown) => error);
    expect(crossing).toBeInstanceOf(InvalidInputError);
    expect((crossing as Error).message).toMatch(/^The contact was not changed: /);
    expect((crossing as Error).message).not.toMatch(/zod|invalid_type|expected/i);

    const noStep = await act('hand-over', { wait: '', to: 'cover@marketplace.example' }).catch(
      (error: unknown) => error,
    );
    expect((noStep as Error).message).toBe('Choose the step to hand over.');
  });
  it('asks the provider on a waiting step once per submission, emails them, and leaves the step as it was', async () => {
    const [wait] = await h.deps.store.listWaits(onboarding.id);
    const form = {
      wait: wait?.waitKey ?? '',
      kind: 'question',
      message: 'Which region will the sandbox run in?',
      submission: 'console-submission-0001',
    };
    expect(await act('message', form)).toBe('question-sent');
    // The same form submitted again records nothing new and emails no one again.
    expect(await act('message', form)).toBe('message-already-sent');
    const messages = await h.deps.store.listMessages(onboarding.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      waitKey: wait?.waitKey,
      kind: 'question',
      side: 'marketplace',
      author: 'ops console (local)',
      via: 'ops',
      text: 'Which region will the sandbox run in?',
    });
    const emails = h.sentEmails();
    expect(emails).toHaveLength(1);
    expect(emails[0]?.text).toContain('Which region will the sandbox run in?');
    const after = await h.deps.store.listWaits(onboarding.id);
    expect(after.map((step) => step.status)).toEqual(['pending']);
  });

  it('refuses a message in plain words and records nothing: empty, too long, an answer with no question', async () => {
    const [wait] = await h.deps.store.listWaits(onboarding.id);
    const send = (fields: Record<string, string>) =>
      act('message', {
        wait: wait?.waitKey ?? '',
        kind: 'question',
        submission: 'console-submission-0002',
        ...fields,
      }).catch((error: unknown) => error);
    const empty = await send({ message: '   ' });
    expect(empty).toBeInstanceOf(InvalidInputError);
    expect(Object.keys((empty as InvalidInputError).fieldErrors)).toEqual(['message']);
    const long = await send({ message: 'x'.repeat(2001) });
    expect((long as InvalidInputError).fieldErrors.message).toMatch(/2,?000/);
    const answer = await send({ kind: 'answer', message: 'Yes.' });
    expect((answer as Error).message).toBe(
      'There is no open question on this step to answer. Nothing was sent.',
    );
    const unknown = await act('message', {
      wait: 'nope',
      message: 'Hello?',
      submission: 'console-submission-0003',
    }).catch((error: unknown) => error);
    expect((unknown as Error).message).toBe('That step is not known here. Nothing was sent.');
    for (const refused of [empty, long, answer, unknown])
      expect((refused as Error).message).not.toMatch(/zod|invalid_type|expected/i);
    expect(await h.deps.store.listMessages(onboarding.id)).toEqual([]);
    expect(h.sentEmails()).toEqual([]);
  });
});
