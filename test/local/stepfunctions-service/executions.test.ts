import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { startApprovalService } from './harness.ts';

type Running = Awaited<ReturnType<typeof startApprovalService>>;

describe('executions through the AWS SDK', () => {
  let running: Running;
  afterEach(async () => running?.stop());

  it('starts an execution, whose start date arrives as a Date', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn, engine } = running;

    // Act
    const started = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: engine.stateMachineArn,
        name: 'ann',
        input: '{"who":"ann"}',
      }),
    );

    // Assert
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:approval:ann');
    expect(started.startDate).toBeInstanceOf(Date);
    expect(Math.abs((started.startDate?.getTime() ?? 0) - Date.now())).toBeLessThan(5_000);
  });

  it('lists and describes a running execution', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn, engine, waits } = running;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: engine.stateMachineArn,
        name: 'bob',
        input: '{"who":"bob"}',
      }),
    );
    await waits.next();

    // Act
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: engine.stateMachineArn }));
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    // Assert
    expect(listed.executions).toEqual([
      expect.objectContaining({ executionArn, name: 'bob', status: 'RUNNING', startDate: expect.any(Date) }),
    ]);
    expect(described).toMatchObject({
      executionArn,
      stateMachineArn: engine.stateMachineArn,
      status: 'RUNNING',
      input: '{"who":"bob"}',
    });
    expect(described.stopDate).toBeUndefined();
  });

  it('filters the list by status', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn, engine, waits } = running;
    await sfn.send(new StartExecutionCommand({ stateMachineArn: engine.stateMachineArn, name: 'first' }));
    await waits.next();
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: engine.stateMachineArn, name: 'second' }),
    );
    await sfn.send(new StopExecutionCommand({ executionArn }));

    // Act
    const aborted = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: engine.stateMachineArn, statusFilter: 'ABORTED' }),
    );

    // Assert
    expect(aborted.executions?.map((execution) => execution.name)).toEqual(['second']);
  });

  it('stops an execution, which then reads ABORTED with the error it was stopped with', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn, engine, waits } = running;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: engine.stateMachineArn, name: 'withdrawn' }),
    );
    await waits.next();

    // Act
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'The provider withdrew' }),
    );
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    // Assert
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({
      status: 'ABORTED',
      error: 'Withdrawn',
      cause: 'The provider withdrew',
    });
    expect(described.stopDate).toBeInstanceOf(Date);
  });

  it('pages the history with the SDK', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn, engine, waits } = running;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: engine.stateMachineArn, name: 'paged' }),
    );
    await waits.next();

    // Act
    const first = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 2 }));
    const second = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 2, nextToken: first.nextToken }),
    );

    // Assert
    expect(first.events?.map((event) => event.id)).toEqual([1, 2]);
    expect(second.events?.map((event) => event.id)).toEqual([3, 4]);
    expect(first.events?.[0]?.timestamp).toBeInstanceOf(Date);
  });
});
