import { DescribeStateMachineCommand, ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { readAslText, substitutionNames } from '../../../statemachine/definition.ts';
import { Inbox } from '../stepfunctions/harness.ts';
import { startService } from './harness.ts';

type Running = Awaited<ReturnType<typeof startService>>;

describe('the onboarding state machine through the AWS SDK', () => {
  let running: Running;
  afterEach(async () => running?.stop());

  it('is the one machine listed, described with its definition resolved as the engine runs it', async () => {
    // Arrange
    const aslText = readAslText();
    const stub = new Inbox().handler;
    const functions = Object.fromEntries(substitutionNames(aslText).map((name) => [name, stub]));
    running = await startService(aslText, functions, 'marketplace-onboarding');
    const { sfn, engine } = running;

    // Act
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    const described = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: engine.stateMachineArn }),
    );

    // Assert
    expect(listed.stateMachines).toEqual([
      {
        stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:marketplace-onboarding',
        name: 'marketplace-onboarding',
        type: 'STANDARD',
        creationDate: expect.any(Date),
      },
    ]);
    expect(described).toMatchObject({
      name: 'marketplace-onboarding',
      status: 'ACTIVE',
      type: 'STANDARD',
      roleArn: 'arn:aws:iam::123456789012:role/marketplace-onboarding-local',
    });
    const definition = described.definition ?? '';
    expect(definition).not.toContain('${');
    expect(definition).toContain('arn:aws:lambda:us-east-1:123456789012:function:EnterStageFunction');
    expect(Object.keys(JSON.parse(definition).States)).toEqual(Object.keys(JSON.parse(aslText).States));
  });
});
