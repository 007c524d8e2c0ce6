import { describe, expect, it } from 'vitest';
import { LocalWorkflowEngine } from '../../../local/stepfunctions/index.ts';
import { callbackTask, invokeTask } from './harness.ts';

function load(
  definition: object,
  functions: Record<string, () => Promise<unknown>> = {},
): () => LocalWorkflowEngine {
  return () =>
    new LocalWorkflowEngine({ definition: JSON.stringify(definition), stateMachineName: 'm', functions });
}

describe('loading a definition', () => {
  it('fails with a clear error naming every substitution that has no function', () => {
    // Arrange
    const definition = {
      StartAt: 'First',
      States: {
        First: invokeTask('EnterStageFunctionArn', { Next: 'Second' }),
        Second: invokeTask('RemindOrEscalateFunctionArn', { End: true }),
      },
    };

    // Act
    const loading = load(definition, { EnterStageFunctionArn: async () => null });

    // Assert
    expect(loading).toThrow(expect.objectContaining({ name: 'InvalidDefinition' }));
    expect(loading).toThrow(/\$\{RemindOrEscalateFunctionArn\}/);
  });

  it('refuses a Task resource the engine cannot run', () => {
    // Arrange
    const definition = {
      StartAt: 'Queue it',
      States: {
        'Queue it': {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Parameters: { QueueUrl: 'https://example.com/q', MessageBody: 'hi' },
          End: true,
        },
      },
    };

    // Act
    const loading = load(definition);

    // Assert
    expect(loading).toThrow(/sqs:sendMessage/);
  });

  it('refuses invalid ASL with the validator message', () => {
    // Arrange
    const definition = { StartAt: 'Missing', States: { Present: callbackTask({ End: true }) } };

    // Act
    const loading = load(definition, { WaitFunctionArn: async () => null });

    // Assert
    expect(loading).toThrow(expect.objectContaining({ name: 'InvalidDefinition' }));
  });

  it('refuses text that is not JSON', () => {
    // Act
    const loading = () =>
      new LocalWorkflowEngine({ definition: '{"StartAt":', stateMachineName: 'm', functions: {} });

    // Assert
    expect(loading).toThrow(/not valid JSON/);
  });
});
