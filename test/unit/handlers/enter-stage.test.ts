import { SendEmailCommand } from '@aws-sdk/client-ses';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { enterStageHandler } from '../../../functions/tasks/enter-stage-handler.ts';
import { lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding } from '../../support/seed.ts';
import { tableItems } from '../../support/table-items.ts';
import { ACTION_URL, ses, sfn, type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

let h: UnitHarness;
let onboarding: Onboarding;
let handler: ReturnType<typeof enterStageHandler>;

beforeEach(async () => {
  h = await unitHarness();
  onboarding = await seedOnboarding(h.deps.store);
  handler = enterStageHandler(h.deps);
});
afterEach(() => h.table.stop());

const TOKEN = 'AQB8AAAAKgAAAAMAAAAAAAAAAfirst-task-token-for-the-stage';

function enter(overrides: Record<string, unknown> = {}) {
  return handler(
    {
      taskToken: TOKEN,
      onboardingId: onboarding.id,
      stage: 'cloud-account',
      timeoutSeconds: 3600,
      step: {},
      ...overrides,
    } as never,
    lambdaContext,
  );
}

describe('the enter-stage task', () => {
  it('opens the wait, records the stage and emails the provider a link without the token', async () => {
    const result = await enter();

    expect(result).toEqual({ result: 'notified' });
    const [email] = h.sentEmails();
    expect(email?.to).toEqual(['ada@acme.example']);
    expect(email?.text).toMatch(ACTION_URL);
    expect(email?.html).toMatch(ACTION_URL);
    expect(JSON.stringify(email)).not.toContain(TOKEN);
    const wait = await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account');
    expect(wait).toMatchObject({ status: 'pending', role: 'provider', deadline: '2026-11-24T11:00:00.000Z' });
    expect((await h.deps.store.getOnboarding(onboarding.id))?.stage).toBe('cloud-account');
    const events = (await h.deps.store.listEvents(onboarding.id)).map((event) => event.type);
    expect(events).toEqual(expect.arrayContaining(['stage-entered', 'email-sent']));
  });

  it('sends a team step to the team mailbox from configuration', async () => {
    await enter({ stage: 'technical-integration', product: 'Acme Backup', timeoutSeconds: 60 });
    expect(h.sentEmails()[0]?.to).toEqual(['platform@marketplace.example']);
    expect(h.sentEmails()[0]?.text).toContain('Acme Backup');
  });

  it('does not email twice when Step Functions retries the same entry', async () => {
    await enter();
    const again = await enter();

    expect(again).toEqual({ result: 'retried' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('holds the new token on the same wait when a reminder re-enters it, without another email', async () => {
    await enter();
    const first = await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account');

    const result = await enter({ taskToken: 'second-token', step: { reentryOf: first?.waitKey } });

    expect(result).toEqual({ result: 'reentered' });
    const wait = await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account');
    expect(wait?.waitKey).toBe(first?.waitKey);
    expect(wait?.taskToken).toBe('second-token');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('completes a re-entered task at once when the decision landed while the token rotated', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    await enter();
    const wait = await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account');
    await h.deps.store.decideWait(onboarding.id, wait?.waitKey as string, {
      outcome: 'submitted',
      fields: { alias: 'ACME' },
      actor: { id: 'ada@acme.example', role: 'provider', via: 'link' },
      at: '2026-11-24T10:30:00.000Z',
    });

    const result = await enter({ taskToken: 'token-after-timeout', step: { reentryOf: wait?.waitKey } });

    expect(result).toEqual({ result: 'completed-from-record' });
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input)).toEqual([
      { taskToken: 'token-after-timeout', output: JSON.stringify({ outcome: 'submitted' }) },
    ]);
  });

  it('opens a new wait (a new round) when the stage is entered again after its decision', async () => {
    await enter();
    const first = await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account');
    await h.deps.store.decideWait(onboarding.id, first?.waitKey as string, {
      outcome: 'submitted',
      fields: { alias: 'NOPE' },
      actor: { id: 'ada@acme.example', role: 'provider', via: 'link' },
      at: '2026-11-24T10:10:00.000Z',
    });

    await enter({
      taskToken: 'token-of-round-two',
      step: { outcome: 'changes-requested', reason: 'Alias unknown' },
    });

    const waits = (await h.deps.store.listWaits(onboarding.id)).filter(
      (wait) => wait.stage === 'cloud-account',
    );
    expect(waits.map((wait) => wait.status).sort()).toEqual(['decided', 'pending']);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });

  it('adopts the pending wait of a stopped or crashed execution, so links already sent keep working', async () => {
    await enter();
    const before = await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account');

    const result = await enter({ taskToken: 'token-of-the-resumed-execution', step: {} });

    expect(result).toEqual({ result: 'reentered' });
    const after = await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account');
    expect(after?.waitKey).toBe(before?.waitKey);
    expect(after?.taskToken).toBe('token-of-the-resumed-execution');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('adopts the pending wait of a failed first attempt that Step Functions retried with a new token', async () => {
    await enter();
    const orphan = await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account');

    await enter({ taskToken: 'token-of-the-retry', step: {} });

    const waits = (await h.deps.store.listWaits(onboarding.id)).filter(
      (wait) => wait.stage === 'cloud-account',
    );
    expect(waits.map((wait) => wait.waitKey)).toEqual([orphan?.waitKey]);
    expect((await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account'))?.taskToken).toBe(
      'token-of-the-retry',
    );
  });

  it('never writes a task token to the log', async () => {
    await enter();
    await enter({ taskToken: 'second-token', step: {} });
    expect(h.logLines.join('\n')).not.toContain(TOKEN);
    expect(h.logLines.join('\n')).not.toContain('second-token');
  });

  it.each([
    ['no task token', { taskToken: undefined }],
    ['an unknown stage', { stage: 'launch' }],
    ['a zero timeout', { timeoutSeconds: 0 }],
  ])('refuses a payload with %s as InvalidTaskInput and writes nothing', async (_name, overrides) => {
    const before = await tableItems(h.table);
    await expect(enter(overrides)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
    expect(await tableItems(h.table)).toEqual(before);
  });

  it('fails with OnboardingNotFound for an unknown onboarding, writing nothing', async () => {
    const before = await tableItems(h.table);
    await expect(enter({ onboardingId: 'ghost-abcdefgh' })).rejects.toMatchObject({
      name: 'OnboardingNotFound',
    });
    expect(await tableItems(h.table)).toEqual(before);
  });

  it('raises TransientError when SES throttles, so the state machine retries the entry', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(
        Object.assign(new Error('slow down'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }),
      );
    await expect(enter()).rejects.toMatchObject({ name: 'TransientError' });

    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    expect(await enter()).toEqual({ result: 'retried' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });
});
