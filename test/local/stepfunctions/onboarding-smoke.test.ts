import { describe, expect, it } from 'vitest';
import { LocalWorkflowEngine } from '../../../local/stepfunctions/index.ts';
import { readAslText, substitutionNames } from '../../../statemachine/definition.ts';
import { Inbox } from './harness.ts';

interface EnterStageEvent {
  taskToken: string;
  onboardingId: string;
  stage: string;
  timeoutSeconds: number;
}

describe('the onboarding workflow on the local engine', () => {
  it('starts and waits for the provider to submit the cloud account alias', async () => {
    // Arrange
    const aslText = readAslText();
    const enterStage = new Inbox<EnterStageEvent>();
    const stub = new Inbox().handler;
    const functions = Object.fromEntries(substitutionNames(aslText).map((name) => [name, stub]));
    const logs: string[] = [];
    const engine = new LocalWorkflowEngine({
      definition: aslText,
      stateMachineName: 'marketplace-onboarding',
      functions: { ...functions, EnterStageFunctionArn: enterStage.handler },
      onLog: (line) => logs.push(line),
    });
    const input = {
      onboardingId: 'ob-1',
      company: 'Acme',
      startAt: 'cloud-account',
      step: {},
      config: { providerWaitSeconds: 86_400, teamWaitSeconds: 86_400, dueSeconds: { cloudAccount: 86_400 } },
    };

    // Act
    const { executionArn } = await engine.startExecution({ name: 'acme-ob-1', input: JSON.stringify(input) });
    const firstWait = await enterStage.next();
    const { events } = await engine.getExecutionHistory(executionArn);
    await engine.stopExecution(executionArn);

    // Assert
    expect(firstWait).toMatchObject({ onboardingId: 'ob-1', stage: 'cloud-account', timeoutSeconds: 86_400 });
    expect(firstWait.taskToken).toEqual(expect.any(String));
    expect(events.map((event) => event.stateEnteredEventDetails?.name).filter(Boolean)).toEqual([
      'Which stage does this onboarding start at?',
      'Provider: submit cloud account alias',
    ]);
    expect(events.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({
      resource: 'invoke.waitForTaskToken',
      timeoutInSeconds: 86_400,
    });
    expect(logs.join('\n')).not.toContain(firstWait.taskToken);
  });
});
