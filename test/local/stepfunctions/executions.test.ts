import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callbackTask, engineFor, Inbox } from './harness.ts';

interface WaitEvent {
  taskToken: string;
}

const oneWait = {
  StartAt: 'Wait for a person',
  States: { 'Wait for a person': callbackTask({ End: true }) },
};
const passThrough = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };

describe('executions', () => {
  it('are named like AWS names them, and refused with InvalidName otherwise', async () => {
    // Arrange
    const { engine } = engineFor(passThrough, {});

    // Act
    const valid = await engine.startExecution({ name: 'acme-7f3a_onboarding.1' });
    const attempts = ['', 'x'.repeat(81), 'has space', 'a/b', 'a:b', 'tab\there', 'brace{'].map((name) =>
      engine.startExecution({ name }),
    );

    // Assert
    expect(valid.executionArn).toBe(
      'arn:aws:states:us-east-1:123456789012:execution:test-machine:acme-7f3a_onboarding.1',
    );
    for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ name: 'InvalidName' });
  });

  it('return the running execution again for the same name and input, and refuse a different input', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const { engine } = engineFor(oneWait, { WaitFunctionArn: waits.handler });
    const first = await engine.startExecution({ name: 'acme', input: '{"a":1}' });

    // Act
    const again = await engine.startExecution({ name: 'acme', input: '{"a":1}' });
    const different = engine.startExecution({ name: 'acme', input: '{"a":2}' });

    // Assert
    expect(again).toEqual(first);
    await expect(different).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    expect((await engine.listExecutions()).executions).toHaveLength(1);
  });

  it('refuse a name already used by an ended execution, as AWS does', async () => {
    // Arrange
    const { engine } = engineFor(passThrough, {});
    const { executionArn } = await engine.startExecution({ name: 'done-once' });
    await engine.waitForExecution(executionArn);

    // Act
    const reuse = engine.startExecution({ name: 'done-once' });

    // Assert
    await expect(reuse).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('refuse input that is not JSON with InvalidExecutionInput', async () => {
    // Arrange
    const { engine } = engineFor(passThrough, {});

    // Act
    const start = engine.startExecution({ input: '{oops' });

    // Assert
    await expect(start).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
  });

  it('answer ExecutionDoesNotExist for an unknown execution and InvalidArn for a malformed one', async () => {
    // Arrange
    const { engine } = engineFor(passThrough, {});

    // Act
    const unknown = engine.describeExecution(
      'arn:aws:states:us-east-1:123456789012:execution:test-machine:nope',
    );
    const malformed = engine.getExecutionHistory('nope');

    // Assert
    await expect(unknown).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(malformed).rejects.toMatchObject({ name: 'InvalidArn' });
  });

  it('are described with their input, output, status and dates', async () => {
    // Arrange
    const { engine } = engineFor(passThrough, {});

    // Act
    const { executionArn, startDate } = await engine.startExecution({ name: 'described', input: '{"n":1}' });
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(ended).toMatchObject({
      executionArn,
      stateMachineArn: engine.stateMachineArn,
      name: 'described',
      status: 'SUCCEEDED',
      input: '{"n":1}',
      output: '{"n":1}',
      startDate,
    });
    expect(ended.stopDate?.getTime()).toBeGreaterThanOrEqual(startDate.getTime());
  });

  it('are listed newest first, filtered by status and paged with nextToken', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent & { input: { who: string } }>();
    const { engine } = engineFor(oneWait, { WaitFunctionArn: waits.handler });
    const arns = new Map<string, string>();
    for (const who of ['one', 'two', 'three']) {
      arns.set(
        who,
        (await engine.startExecution({ name: who, input: JSON.stringify({ who }) })).executionArn,
      );
    }
    const waiting = [await waits.next(), await waits.next(), await waits.next()];
    const one = waiting.find((event) => event.input.who === 'one');
    await engine.sendTaskSuccess(one?.taskToken ?? '', '{}');
    await engine.waitForExecution(arns.get('one') ?? '');

    // Act
    const firstPage = await engine.listExecutions({ maxResults: 2 });
    const secondPage = await engine.listExecutions({ maxResults: 2, nextToken: firstPage.nextToken });
    const running = await engine.listExecutions({ statusFilter: 'RUNNING' });

    // Assert
    expect(firstPage.executions.map((item) => item.name)).toEqual(['three', 'two']);
    expect(secondPage.executions.map((item) => item.name)).toEqual(['one']);
    expect(secondPage.nextToken).toBeUndefined();
    expect(running.executions.map((item) => item.name)).toEqual(['three', 'two']);
  });

  it('stop with ABORTED, the given error and cause, and close their open tokens', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const { engine, logs } = engineFor(oneWait, { WaitFunctionArn: waits.handler });
    const { executionArn } = await engine.startExecution({ name: 'to-stop' });
    const { taskToken } = await waits.next();

    // Act
    const { stopDate } = await engine.stopExecution(executionArn, {
      error: 'Ops.Cancelled',
      cause: 'duplicate',
    });
    const lateCallback = engine.sendTaskSuccess(taskToken, '{}');
    const described = await engine.describeExecution(executionArn);

    // Assert
    expect(described).toMatchObject({
      status: 'ABORTED',
      error: 'Ops.Cancelled',
      cause: 'duplicate',
      stopDate,
    });
    await expect(lateCallback).rejects.toMatchObject({ name: 'TaskTimedOut' });
    expect(logs).toContain('execution "to-stop" aborted');
  });

  it('are all stopped, their tokens closed, when the engine is disposed', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const { engine } = engineFor(oneWait, { WaitFunctionArn: waits.handler });
    const { executionArn } = await engine.startExecution({ name: 'running-at-shutdown' });
    const { taskToken } = await waits.next();

    // Act
    await engine.dispose();

    // Assert
    expect((await engine.describeExecution(executionArn)).status).toBe('ABORTED');
    await expect(engine.sendTaskSuccess(taskToken, '{}')).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  describe('that fail', () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    beforeEach(() => {
      unhandled.length = 0;
      process.on('unhandledRejection', record);
    });
    afterEach(() => {
      process.off('unhandledRejection', record);
    });

    it('are recorded as FAILED without an unhandled rejection, even when nobody waits for them', async () => {
      // Arrange
      const definition = {
        StartAt: 'Give up',
        States: { 'Give up': { Type: 'Fail', Error: 'Onboarding.Abandoned', Cause: 'provider left' } },
      };
      const { engine } = engineFor(definition, {});

      // Act
      const { executionArn } = await engine.startExecution({ name: 'fails-alone' });
      await new Promise((resolve) => setTimeout(resolve, 100));

      // Assert
      expect(unhandled).toEqual([]);
      expect(await engine.describeExecution(executionArn)).toMatchObject({
        status: 'FAILED',
        error: 'Onboarding.Abandoned',
        cause: 'provider left',
      });
    });
  });
});
