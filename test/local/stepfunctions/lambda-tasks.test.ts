import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { LambdaLikeContext } from '../../../local/stepfunctions/index.ts';
import { engineFor, Inbox, invokeTask } from './harness.ts';

class TransientError extends Error {
  override name = 'TransientError';
}

describe('lambda:invoke tasks', () => {
  it('give the integration result, so ResultSelector on $.Payload works', async () => {
    // Arrange
    const definition = {
      StartAt: 'Add',
      States: {
        Add: invokeTask('AddFunctionArn', {
          ResultSelector: { 'sum.$': '$.Payload.sum', 'status.$': '$.StatusCode' },
          ResultPath: '$.result',
          End: true,
        }),
      },
    };
    const { engine } = engineFor(definition, {
      AddFunctionArn: async (event) => {
        const { a, b } = event as { a: number; b: number };
        return { sum: a + b };
      },
    });

    // Act
    const { executionArn } = await engine.startExecution({ name: 'add', input: '{"a":2,"b":3}' });
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(JSON.parse(ended.output ?? '')).toEqual({ a: 2, b: 3, result: { sum: 5, status: 200 } });
  });

  it('retry a handler error by its name, as Retry ErrorEquals names it', async () => {
    // Arrange
    let calls = 0;
    const definition = {
      StartAt: 'Flaky',
      States: {
        Flaky: invokeTask('FlakyFunctionArn', {
          Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
          End: true,
        }),
      },
    };
    const { engine } = engineFor(definition, {
      FlakyFunctionArn: async () => {
        calls += 1;
        if (calls < 3) throw new TransientError('throttled');
        return 'done';
      },
    });

    // Act
    const { executionArn } = await engine.startExecution({ name: 'flaky' });
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(calls).toBe(3);
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output ?? '').Payload).toBe('done');
  });

  it('fail with the handler error name and a Lambda-style cause once retries run out', async () => {
    // Arrange
    const definition = {
      StartAt: 'Always failing',
      States: {
        'Always failing': invokeTask('FailingFunctionArn', {
          Retry: [{ ErrorEquals: ['TransientError'], MaxAttempts: 1 }],
          End: true,
        }),
      },
    };
    const { engine } = engineFor(definition, {
      FailingFunctionArn: async () => {
        throw new TransientError('still throttled');
      },
    });

    // Act
    const { executionArn } = await engine.startExecution({ name: 'failing' });
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(ended.status).toBe('FAILED');
    expect(ended.error).toBe('TransientError');
    expect(JSON.parse(ended.cause ?? '')).toMatchObject({
      errorType: 'TransientError',
      errorMessage: 'still throttled',
    });
  });

  it('hand the function a Lambda context naming the function', async () => {
    // Arrange
    const contexts: LambdaLikeContext[] = [];
    const definition = { StartAt: 'Call', States: { Call: invokeTask('EchoFunctionArn', { End: true }) } };
    const { engine } = engineFor(
      definition,
      {
        EchoFunctionArn: async (_event, context) => {
          contexts.push(context);
          return null;
        },
      },
      { region: 'eu-west-1', accountId: '111122223333' },
    );

    // Act
    const { executionArn } = await engine.startExecution({ name: 'context' });
    await engine.waitForExecution(executionArn);

    // Assert
    expect(contexts[0]).toMatchObject({
      functionName: 'EchoFunction',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:EchoFunction',
      awsRequestId: expect.any(String),
    });
    expect(contexts[0]?.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });

  it('run a middy handler typed with its own event, unchanged', async () => {
    // Arrange
    interface GreetEvent {
      name: string;
    }
    const seen: string[] = [];
    const greet = middy(async (event: GreetEvent, context: Context) => ({
      text: `hello ${event.name}`,
      by: context.functionName,
    })).before((request) => {
      seen.push(request.context.awsRequestId);
    });
    const definition = {
      StartAt: 'Greet',
      States: { Greet: invokeTask('GreetFunctionArn', { OutputPath: '$.Payload', End: true }) },
    };
    const { engine } = engineFor(definition, { GreetFunctionArn: greet });

    // Act
    const { executionArn } = await engine.startExecution({ name: 'middy', input: '{"name":"ann"}' });
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(JSON.parse(ended.output ?? '')).toEqual({ text: 'hello ann', by: 'GreetFunction' });
    expect(seen).toHaveLength(1);
  });

  it('fail with Lambda.ResourceNotFoundException when FunctionName names no local function', async () => {
    // Arrange
    const definition = {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { 'FunctionName.$': '$.target', Payload: {} },
          End: true,
        },
      },
    };
    const { engine } = engineFor(definition, { KnownFunctionArn: new Inbox().handler });

    // Act
    const { executionArn } = await engine.startExecution({
      name: 'unknown-function',
      input: '{"target":"Nope"}',
    });
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(ended.error).toBe('Lambda.ResourceNotFoundException');
  });

  it('expose the execution and state machine in the context object', async () => {
    // Arrange
    const definition = {
      StartAt: 'Describe',
      States: {
        Describe: {
          Type: 'Pass',
          Parameters: {
            'id.$': '$$.Execution.Id',
            'name.$': '$$.Execution.Name',
            'input.$': '$$.Execution.Input',
            'machine.$': '$$.StateMachine.Name',
          },
          End: true,
        },
      },
    };
    const { engine } = engineFor(definition, {});

    // Act
    const { executionArn } = await engine.startExecution({ name: 'context-object', input: '{"x":1}' });
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(JSON.parse(ended.output ?? '')).toEqual({
      id: executionArn,
      name: 'context-object',
      input: { x: 1 },
      machine: 'test-machine',
    });
  });
});
