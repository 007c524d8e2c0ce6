import { describe, expect, it } from 'vitest';
import { callbackTask, engineFor, heldFunction, Inbox, invokeTask } from './harness.ts';

interface WaitEvent {
  taskToken: string;
  input: unknown;
}

class Rejected extends Error {
  override name = 'Rejected';
}

/** Lets pending timers and callbacks run, to show that nothing more happens afterwards. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('Parallel and Map states', () => {
  it('close the token of a waiting branch when a sibling branch fails', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const definition = {
      StartAt: 'Both sign-offs',
      States: {
        'Both sign-offs': {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Technical sign-off',
              States: {
                'Technical sign-off': callbackTask({
                  Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }],
                  End: true,
                }),
              },
            },
            {
              StartAt: 'Billing check',
              States: { 'Billing check': invokeTask('CheckFunctionArn', { End: true }) },
            },
          ],
          Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.failure', Next: 'Ask the provider' }],
          End: true,
        },
        'Ask the provider': callbackTask({ End: true }),
      },
    };
    const billing = heldFunction();
    const { engine } = engineFor(definition, {
      WaitFunctionArn: waits.handler,
      CheckFunctionArn: billing.handler,
    });
    const { executionArn } = await engine.startExecution({ name: 'parallel-sibling-fails' });
    const { taskToken } = await waits.next();
    await billing.invoked;

    // Act
    billing.fail(new Rejected('billing rejected'));
    const askProvider = await waits.next();
    await settle();
    const lateCallback = engine.sendTaskSuccess(taskToken, '{}');

    // Assert
    expect(askProvider.input).toMatchObject({ failure: { Error: 'Rejected' } });
    await expect(lateCallback).rejects.toMatchObject({ name: 'TaskTimedOut' });
    expect((await engine.describeExecution(executionArn)).status).toBe('RUNNING');
    expect(waits.events).toHaveLength(2);
  });

  it('close the tokens of waiting iterations when another Map iteration fails', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const definition = {
      StartAt: 'Each product',
      States: {
        'Each product': {
          Type: 'Map',
          ItemsPath: '$.products',
          ItemProcessor: {
            StartAt: 'Is it the broken one?',
            States: {
              'Is it the broken one?': {
                Type: 'Choice',
                Choices: [{ Variable: '$', NumericEquals: 2, Next: 'Reject it' }],
                Default: 'Wait for approval',
              },
              'Reject it': invokeTask('RejectFunctionArn', { End: true }),
              'Wait for approval': callbackTask({ End: true }),
            },
          },
          Catch: [{ ErrorEquals: ['Rejected'], ResultPath: '$.failure', Next: 'Tell the provider' }],
          End: true,
        },
        'Tell the provider': callbackTask({ Comment: 'Keeps the execution running', End: true }),
      },
    };
    const rejection = heldFunction();
    const { engine } = engineFor(definition, {
      WaitFunctionArn: waits.handler,
      RejectFunctionArn: rejection.handler,
    });
    const { executionArn } = await engine.startExecution({
      name: 'map-iteration-fails',
      input: '{"products":[1,2]}',
    });
    const { taskToken } = await waits.next();
    await rejection.invoked;

    // Act
    rejection.fail(new Rejected('not publishable'));
    const tellProvider = await waits.next();
    const lateCallback = engine.sendTaskSuccess(taskToken, '{}');

    // Assert
    expect(tellProvider.input).toMatchObject({ failure: { Error: 'Rejected' } });
    await expect(lateCallback).rejects.toMatchObject({ name: 'TaskTimedOut' });
    expect((await engine.describeExecution(executionArn)).status).toBe('RUNNING');
  });

  it('start no queued Map iteration after one failed (the interpreter would run them to the end)', async () => {
    // Arrange
    const seen: number[] = [];
    const definition = {
      StartAt: 'One at a time',
      States: {
        'One at a time': {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemsPath: '$.items',
          ItemProcessor: {
            StartAt: 'Process item',
            States: { 'Process item': invokeTask('ProcessFunctionArn', { End: true }) },
          },
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Ask for help' }],
          End: true,
        },
        'Ask for help': callbackTask({ End: true }),
      },
    };
    const waits = new Inbox<WaitEvent>();
    const { engine } = engineFor(definition, {
      WaitFunctionArn: waits.handler,
      ProcessFunctionArn: async (item) => {
        seen.push(item as number);
        if (item === 1) throw new Rejected('first item is broken');
        return item;
      },
    });

    // Act
    await engine.startExecution({ name: 'map-queue', input: '{"items":[1,2,3]}' });
    const askForHelp = await waits.next();
    await settle();

    // Assert
    expect(askForHelp.input).toMatchObject({ failure: { Error: 'Rejected' } });
    expect(seen).toEqual([1]);
  });

  it('combine the results of all Map iterations when none fails', async () => {
    // Arrange
    const definition = {
      StartAt: 'Double each',
      States: {
        'Double each': {
          Type: 'Map',
          ItemSelector: { 'value.$': '$$.Map.Item.Value' },
          ItemProcessor: {
            StartAt: 'Double',
            States: { Double: invokeTask('DoubleFunctionArn', { OutputPath: '$.Payload', End: true }) },
          },
          End: true,
        },
      },
    };
    const { engine } = engineFor(definition, {
      DoubleFunctionArn: async (event) => (event as { value: number }).value * 2,
    });

    // Act
    const { executionArn } = await engine.startExecution({ name: 'map-ok', input: '[1,2,3]' });
    const ended = await engine.waitForExecution(executionArn);

    // Assert
    expect(JSON.parse(ended.output ?? '')).toEqual([2, 4, 6]);
  });
});
