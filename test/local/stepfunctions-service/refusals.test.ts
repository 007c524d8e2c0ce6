import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { startApprovalService } from './harness.ts';

type Running = Awaited<ReturnType<typeof startApprovalService>>;

describe('AWS error names through the AWS SDK', () => {
  let running: Running;
  afterEach(async () => running?.stop());

  it('refuses the same execution name with another input with ExecutionAlreadyExists', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn, engine } = running;
    const start = (input: string) =>
      sfn.send(new StartExecutionCommand({ stateMachineArn: engine.stateMachineArn, name: 'once', input }));
    const first = await start('{"n":1}');

    // Act
    const retry = await start('{"n":1}');
    const other = start('{"n":2}');

    // Assert
    expect(retry.executionArn).toBe(first.executionArn);
    await expect(other).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('refuses an execution it does not know with ExecutionDoesNotExist', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn } = running;

    // Act
    const unknown = sfn.send(
      new DescribeExecutionCommand({
        executionArn: 'arn:aws:states:us-east-1:123456789012:execution:approval:nobody',
      }),
    );

    // Assert
    await expect(unknown).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });

  it('refuses a malformed ARN with InvalidArn and another machine with StateMachineDoesNotExist', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn } = running;

    // Act
    const malformed = sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' }));
    const otherMachine = sfn.send(
      new DescribeStateMachineCommand({
        stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:other',
      }),
    );

    // Assert
    await expect(malformed).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(otherMachine).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('refuses a bad execution name with InvalidName and bad input with InvalidExecutionInput', async () => {
    // Arrange
    running = await startApprovalService();
    const { sfn, engine } = running;
    const stateMachineArn = engine.stateMachineArn;

    // Act
    const badName = sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'has space' }));
    const badInput = sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{oops' }));

    // Assert
    await expect(badName).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(badInput).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
  });
});
