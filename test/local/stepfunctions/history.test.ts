import { describe, expect, it } from 'vitest';
import { callbackTask, engineFor, Inbox, invokeTask } from './harness.ts';

interface WaitEvent {
  taskToken: string;
}

describe('execution history', () => {
  it('lists entered and exited events in order, with task events in between', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const definition = {
      StartAt: 'Which way?',
      States: {
        'Which way?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericEquals: 0, Next: 'Wait for a person' }],
          Default: 'Record it',
        },
        'Record it': invokeTask('RecordFunctionArn', { ResultPath: null, Next: 'Wait for a person' }),
        'Wait for a person': callbackTask({ ResultPath: '$.decision', End: true }),
      },
    };
    const { engine } = engineFor(definition, {
      RecordFunctionArn: new Inbox().handler,
      WaitFunctionArn: waits.handler,
    });
    const { executionArn } = await engine.startExecution({ name: 'history', input: '{"n":1}' });
    const { taskToken } = await waits.next();
    // The person answers after the function has returned (TaskSubmitted), as they would.
    await new Promise((resolve) => setTimeout(resolve, 10));
    await engine.sendTaskSuccess(taskToken, '{"outcome":"approved"}');
    await engine.waitForExecution(executionArn);

    // Act
    const { events } = await engine.getExecutionHistory(executionArn);

    // Assert
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events[1]).toMatchObject({
      previousEventId: 1,
      stateEnteredEventDetails: { name: 'Which way?', input: '{"n":1}' },
    });
    expect(events.at(-2)?.stateExitedEventDetails).toEqual({
      name: 'Wait for a person',
      output: '{"n":1,"decision":{"outcome":"approved"}}',
      outputDetails: { truncated: false },
    });
    expect(events[9]?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
    });
  });

  it('never contains a task token, not even one a state passed along in its data', async () => {
    // Arrange
    const waits = new Inbox<WaitEvent>();
    const definition = {
      StartAt: 'Keep the token',
      States: {
        'Keep the token': {
          Type: 'Pass',
          Parameters: { 'leaked.$': '$$.Task.Token' },
          Next: 'Wait for a person',
        },
        'Wait for a person': callbackTask({ End: true }),
      },
    };
    const { engine } = engineFor(definition, { WaitFunctionArn: waits.handler });
    const { executionArn } = await engine.startExecution({ name: 'no-token' });
    const { taskToken } = await waits.next();
    await engine.sendTaskSuccess(taskToken, JSON.stringify({ echoed: taskToken }));
    await engine.waitForExecution(executionArn);

    // Act
    const text = JSON.stringify((await engine.getExecutionHistory(executionArn)).events);

    // Assert
    expect(text).not.toContain(taskToken);
    expect(text).toContain('[task token redacted]');
    expect(text).not.toContain('local-engine:task-token');
  });

  it('pages with nextToken, in reverse when asked, and leaves data out when asked', async () => {
    // Arrange
    const { engine } = engineFor({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }, {});
    const { executionArn } = await engine.startExecution({ name: 'paged', input: '{"secret":"x"}' });
    await engine.waitForExecution(executionArn);

    // Act
    const first = await engine.getExecutionHistory(executionArn, { maxResults: 2, reverseOrder: true });
    const rest = await engine.getExecutionHistory(executionArn, {
      maxResults: 2,
      reverseOrder: true,
      nextToken: first.nextToken,
      includeExecutionData: false,
    });

    // Assert
    expect(first.events.map((event) => event.type)).toEqual(['ExecutionSucceeded', 'PassStateExited']);
    expect(rest.events.map((event) => event.type)).toEqual(['PassStateEntered', 'ExecutionStarted']);
    expect(rest.nextToken).toBeUndefined();
    expect(JSON.stringify(rest.events)).not.toContain('secret');
  });

  it('records Parallel and Map states with their start, success and iterations', async () => {
    // Arrange
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
          Next: 'Both',
        },
        Both: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } }],
          End: true,
        },
      },
    };
    const { engine } = engineFor(definition, {});
    const { executionArn } = await engine.startExecution({ name: 'composite', input: '[1]' });
    await engine.waitForExecution(executionArn);

    // Act
    const { events } = await engine.getExecutionHistory(executionArn);

    // Assert
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapIterationStarted',
      'PassStateEntered',
      'PassStateExited',
      'MapIterationSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'PassStateEntered',
      'PassStateExited',
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[3]?.mapIterationStartedEventDetails).toEqual({ name: 'Each', index: 0 });
  });
});
