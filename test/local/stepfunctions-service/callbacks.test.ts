import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { startApprovalService } from './harness.ts';

type Running = Awaited<ReturnType<typeof startApprovalService>>;

describe('task token callbacks through the AWS SDK', () => {
  let running: Running;
  afterEach(async () => running?.stop());

  it('completes the execution with the output sent with SendTaskSuccess', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn, engine, waits } = running;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: engine.stateMachineArn,
        name: 'ok',
        input: '{"who":"ann"}',
      }),
    );
    const { taskToken } = await waits.next();

    // Act
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{"outcome":"approved"}' }));
    await engine.waitForExecution(executionArn as string);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    // Assert
    expect(described.status).toBe('SUCCEEDED');
    expect(described.stopDate).toBeInstanceOf(Date);
    expect(JSON.parse(described.output ?? '')).toEqual({
      who: 'ann',
      preparation: { prepared: true },
      decision: { outcome: 'approved' },
    });
  });

  it('records a history with the states by name and no task token in it', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn, engine, waits } = running;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: engine.stateMachineArn, name: 'history' }),
    );
    const { taskToken } = await waits.next();
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));
    await engine.waitForExecution(executionArn as string);

    // Act
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));

    // Assert
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types).toContain('TaskSubmitted');
    expect(types).toContain('TaskSucceeded');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(events.map((event) => event.stateEnteredEventDetails?.name).filter(Boolean)).toEqual([
      'Prepare',
      'Wait for approval',
    ]);
    expect(events.every((event) => event.timestamp instanceof Date)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(taskToken);
  });

  it('refuses a second SendTaskSuccess on the same token with TaskTimedOut, logging no token', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn, engine, waits, logs } = running;
    await sfn.send(new StartExecutionCommand({ stateMachineArn: engine.stateMachineArn, name: 'twice' }));
    const { taskToken } = await waits.next();
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));

    // Act
    const second = sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }));

    // Assert
    const error = await second.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TaskTimedOut);
    expect(error).toMatchObject({ name: 'TaskTimedOut', $metadata: { httpStatusCode: 400 } });
    expect(logs.join('\n')).toContain('TaskTimedOut');
    expect(logs.join('\n')).not.toContain(taskToken);
  });

  it('refuses a token it never issued with InvalidToken', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn } = running;

    // Act
    const garbage = sfn.send(new SendTaskFailureCommand({ taskToken: 'not-a-token', error: 'Nope' }));

    // Assert
    await expect(garbage).rejects.toMatchObject({ name: 'InvalidToken' });
  });

  it('refuses output that is not JSON with InvalidOutput', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn, engine, waits } = running;
    await sfn.send(
      new StartExecutionCommand({ stateMachineArn: engine.stateMachineArn, name: 'bad-output' }),
    );
    const { taskToken } = await waits.next();

    // Act
    const bad = sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{not json' }));

    // Assert
    await expect(bad).rejects.toMatchObject({ name: 'InvalidOutput' });
  });

  it('fails the task under the error name sent with SendTaskFailure', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn, engine, waits } = running;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: engine.stateMachineArn, name: 'rejected' }),
    );
    const { taskToken } = await waits.next();

    // Act
    await sfn.send(new SendTaskFailureCommand({ taskToken, error: 'Rejected', cause: 'Logo too small' }));
    await engine.waitForExecution(executionArn as string);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    // Assert
    expect(described).toMatchObject({ status: 'FAILED', error: 'Rejected', cause: 'Logo too small' });
  });
});
