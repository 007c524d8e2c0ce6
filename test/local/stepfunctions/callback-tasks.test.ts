import { describe, expect, it } from 'vitest';
import { callbackTask, engineFor, Inbox } from './harness.ts';

interface WaitEvent {
  taskToken: string;
  input: unknown;
}

const oneWait = {
  StartAt: 'Wait for a person',
  States: { 'Wait for a person': callbackTask({ ResultPath: '$.decision', End: true }) },
};

describe('waitForTaskToken tasks', () => {
  it('complete with the output sent with SendTaskSuccess', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const { engine } = engineFor(oneWait, { WaitFunctionArn: waits.handler });
    const { executionArn } = await engine.startExecution({ name: 'callback-ok', input: '{"who":"ann"}' });
    const { taskToken, input } = await waits.next();

    // Act
    await engine.sendTaskSuccess(taskToken, JSON.stringify({ outcome: 'approved' }));
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(input).toEqual({ who: 'ann' });
    expect(taskToken.length).toBeGreaterThan(100);
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output ?? '')).toEqual({ who: 'ann', decision: { outcome: 'approved' } });
  });

  it('refuse a second SendTaskSuccess on the same token with TaskTimedOut', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const { engine } = engineFor(oneWait, { WaitFunctionArn: waits.handler });
    await engine.startExecution({ name: 'callback-twice' });
    const { taskToken } = await waits.next();
    await engine.sendTaskSuccess(taskToken, '{}');

    // Act
    const second = engine.sendTaskSuccess(taskToken, '{}');

    // Assert
    await expect(second).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('refuse a token the engine never issued with InvalidToken', async () => {
    // Arrange
    const { engine } = engineFor(oneWait, { WaitFunctionArn: new Inbox().handler });

    // Act
    const garbage = engine.sendTaskSuccess('not-a-token', '{}');
    const heartbeat = engine.sendTaskHeartbeat(`lsfn1.${'A'.repeat(128)}`);

    // Assert
    await expect(garbage).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(heartbeat).rejects.toMatchObject({ name: 'InvalidToken' });
  });

  it('refuse output that is not JSON with InvalidOutput and keep the task open', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const { engine } = engineFor(oneWait, { WaitFunctionArn: waits.handler });
    const { executionArn } = await engine.startExecution({ name: 'callback-bad-output' });
    const { taskToken } = await waits.next();

    // Act
    const bad = engine.sendTaskSuccess(taskToken, '{not json');

    // Assert
    await expect(bad).rejects.toMatchObject({ name: 'InvalidOutput' });
    await engine.sendTaskSuccess(taskToken, '"fine"');
    expect((await engine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
  });

  it('fail under the error name sent with SendTaskFailure, which a Catch can match', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const definition = {
      StartAt: 'Wait for a person',
      States: {
        'Wait for a person': callbackTask({
          Catch: [{ ErrorEquals: ['SentBack'], ResultPath: '$.failure', Next: 'Sent back' }],
          End: true,
        }),
        'Sent back': { Type: 'Pass', End: true },
      },
    };
    const { engine } = engineFor(definition, { WaitFunctionArn: waits.handler });
    const { executionArn } = await engine.startExecution({ name: 'callback-failure' });
    const { taskToken } = await waits.next();

    // Act
    await engine.sendTaskFailure(taskToken, 'SentBack', 'needs a better logo');
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output ?? '').failure).toEqual({
      Error: 'SentBack',
      Cause: 'needs a better logo',
    });
  });

  it('fail the task when the function itself throws, under the thrown error name', async () => {
    // Arrange
    class NotAllowed extends Error {
      override name = 'NotAllowed';
    }
    const { engine } = engineFor(oneWait, {
      WaitFunctionArn: async () => {
        throw new NotAllowed('rep link used by the provider');
      },
    });

    // Act
    const { executionArn } = await engine.startExecution({ name: 'callback-function-throws' });
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(ended.status).toBe('FAILED');
    expect(ended.error).toBe('NotAllowed');
    expect(JSON.parse(ended.cause ?? '')).toMatchObject({
      errorType: 'NotAllowed',
      errorMessage: 'rep link used by the provider',
    });
  });

  it('give a retried entry a new token and refuse the token of the failed entry', async () => {
    // Arrange
    class TransientError extends Error {
      override name = 'TransientError';
    }
    const tokens: string[] = [];
    const definition = {
      StartAt: 'Wait for a person',
      States: {
        'Wait for a person': callbackTask({
          Retry: [{ ErrorEquals: ['TransientError'], MaxAttempts: 2 }],
          End: true,
        }),
      },
    };
    const waits = new Inbox<WaitEvent>();
    const { engine } = engineFor(definition, {
      WaitFunctionArn: async (event, context) => {
        tokens.push((event as WaitEvent).taskToken);
        if (tokens.length === 1) throw new TransientError('mail server busy');
        return waits.handler(event, context);
      },
    });
    const { executionArn } = await engine.startExecution({ name: 'callback-retried' });
    const { taskToken } = await waits.next();

    // Act
    const failedEntry = engine.sendTaskSuccess(tokens[0] ?? '', '{}');
    await engine.sendTaskSuccess(taskToken, '{}');

    // Assert
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toBe(taskToken);
    expect(tokens[0]).not.toBe(taskToken);
    await expect(failedEntry).rejects.toMatchObject({ name: 'TaskTimedOut' });
    expect((await engine.waitForExecution(executionArn)).status).toBe('SUCCEEDED');
  });

  it('log that a token was issued without ever logging the token', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const { engine, logs } = engineFor(oneWait, { WaitFunctionArn: waits.handler });
    await engine.startExecution({ name: 'callback-logs' });

    // Act
    const { taskToken } = await waits.next();
    await engine.sendTaskSuccess(taskToken, '{}');

    // Assert
    expect(logs.some((line) => line.includes('token issued'))).toBe(true);
    expect(logs.join('\n')).not.toContain(taskToken);
  });
});
