import { describe, it } from 'vitest';
import { callbackTask, engineFor, Inbox, invokeTask } from './harness.ts';

interface WaitEvent {
  taskToken: string;
  input: { round?: number };
}

/** Waits for a person; on States.Timeout, "reminds" and waits again, as the onboarding workflow does. */
const waitWithReminder = {
  StartAt: 'Wait for a person',
  States: {
    'Wait for a person': callbackTask({
      TimeoutSecondsPath: '$.waitSeconds',
      ResultPath: '$.decision',
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Remind' }],
      End: true,
    }),
    Remind: invokeTask('RemindFunctionArn', { ResultPath: null, Next: 'Wait for a person' }),
  },
};

// Each test waits on real timers of a second or two; running them side by side keeps the file fast.
describe.concurrent('task timeouts', () => {
  it('catch an expired TimeoutSecondsPath as States.Timeout, refuse the stale token and issue a new one', async ({
    expect,
  }) => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const reminders = new Inbox();
    const { engine, logs } = engineFor(waitWithReminder, {
      WaitFunctionArn: waits.handler,
      RemindFunctionArn: reminders.handler,
    });
    const { executionArn } = await engine.startExecution({
      name: 'timeout-once',
      input: '{"waitSeconds":1}',
    });
    const first = await waits.next();

    // Act
    const reminder = await reminders.next(3_000);
    const second = await waits.next();
    const stale = engine.sendTaskSuccess(first.taskToken, '{}');
    await engine.sendTaskSuccess(second.taskToken, '{"outcome":"approved"}');
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(reminder).toMatchObject({ timeout: { Error: 'States.Timeout' } });
    await expect(stale).rejects.toMatchObject({ name: 'TaskTimedOut' });
    expect(second.taskToken).not.toBe(first.taskToken);
    expect(ended.status).toBe('SUCCEEDED');
    expect(logs.some((line) => line.includes('timed out after 1 s'))).toBe(true);
  });

  it('time a callback out when no heartbeat arrives within HeartbeatSeconds, and accept heartbeats before', async ({
    expect,
  }) => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const definition = {
      StartAt: 'Wait with heartbeats',
      States: {
        'Wait with heartbeats': callbackTask({
          HeartbeatSeconds: 2,
          TimeoutSeconds: 30,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Gave up' }],
          End: true,
        }),
        'Gave up': { Type: 'Pass', End: true },
      },
    };
    const { engine } = engineFor(definition, { WaitFunctionArn: waits.handler });
    const { executionArn } = await engine.startExecution({ name: 'heartbeat' });
    const { taskToken } = await waits.next();

    // Act
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await engine.sendTaskHeartbeat(taskToken);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const stillRunning = (await engine.describeExecution(executionArn)).status;
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(stillRunning).toBe('RUNNING');
    expect(JSON.parse(ended.output ?? '').timeout.Error).toBe('States.HeartbeatTimeout');
    await expect(engine.sendTaskHeartbeat(taskToken)).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('do not let States.TaskFailed catch a timeout, as on AWS', async ({ expect }) => {
    // Arrange
    const definition = {
      StartAt: 'Wait briefly',
      States: {
        'Wait briefly': callbackTask({
          TimeoutSeconds: 1,
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }],
          End: true,
        }),
        Caught: { Type: 'Pass', End: true },
      },
    };
    const { engine } = engineFor(definition, { WaitFunctionArn: new Inbox().handler });

    // Act
    const { executionArn } = await engine.startExecution({ name: 'taskfailed-vs-timeout' });
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(ended.status).toBe('FAILED');
    expect(ended.error).toBe('States.Timeout');
  });

  it('fail the execution with States.Runtime when TimeoutSecondsPath does not point to a positive integer', async ({
    expect,
  }) => {
    // Arrange
    const { engine } = engineFor(waitWithReminder, {
      WaitFunctionArn: new Inbox().handler,
      RemindFunctionArn: new Inbox().handler,
    });

    // Act
    const { executionArn } = await engine.startExecution({
      name: 'bad-timeout',
      input: '{"waitSeconds":"soon"}',
    });
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(ended.status).toBe('FAILED');
    expect(ended.error).toBe('States.Runtime');
  });
});
