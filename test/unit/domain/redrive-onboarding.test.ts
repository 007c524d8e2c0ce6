import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../../functions/adapters/dynamodb-store.ts';
import { createSfnExecutions } from '../../../functions/adapters/sfn-executions.ts';
import { createSfnStarter } from '../../../functions/adapters/sfn-workflow.ts';
import { redriveCommand } from '../../../functions/cli/redrive.ts';
import type { Onboarding } from '../../../functions/domain/model.ts';
import type { OnboardingStore } from '../../../functions/domain/ports.ts';
import { redriveOnboarding } from '../../../functions/domain/redrive-onboarding.ts';
import { createLogger } from '../../../functions/observability/logger.ts';
import {
  createLocalTable,
  type DynaliteServer,
  type LocalTable,
  startDynaliteServer,
} from '../../support/dynalite.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';

const sfn = mockClient(SFNClient);
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:marketplace-onboarding';
const EXECUTION = (name: string) => `${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:${name}`;
const NOW = new Date('2026-11-24T10:00:00Z');
const DAYS_AGO = (days: number) => new Date(NOW.getTime() - days * 24 * 3600 * 1000);
const ID = 'acme-software-abcdefgh';

let server: DynaliteServer;
let table: LocalTable | undefined;
let store: OnboardingStore;

function deps() {
  const client = new SFNClient({ region: 'us-east-1' });
  return {
    store,
    starter: createSfnStarter(client, STATE_MACHINE),
    executions: createSfnExecutions(client, STATE_MACHINE),
    waits: { providerWaitSeconds: 3600, teamWaitSeconds: 1800 },
    clock: () => NOW,
    logger: createLogger({}, () => {}),
  };
}

/** The latest execution, as DescribeExecution would answer for it. */
function latestExecution(description: Partial<DescribeExecutionCommandOutput>) {
  sfn.on(DescribeExecutionCommand, { executionArn: EXECUTION(ID) }).resolves({
    executionArn: EXECUTION(ID),
    stateMachineArn: STATE_MACHINE,
    name: ID,
    startDate: DAYS_AGO(20),
    ...description,
  });
}

beforeAll(async () => {
  server = await startDynaliteServer();
});
afterAll(() => server.stop());
afterEach(async () => table?.stop());
beforeEach(async () => {
  sfn.reset();
  sfn.on(StartExecutionCommand).callsFake((input: { name: string }) => ({
    executionArn: EXECUTION(input.name),
    startDate: NOW,
  }));
  sfn.on(RedriveExecutionCommand).resolves({ redriveDate: NOW });
  // A table per test: every test has the same onboarding, with only its own audit trail.
  table = await createLocalTable(server.endpoint);
  store = createDynamoDbStore({ client: table.documentClient, tableName: table.tableName });
  await seedOnboarding(store, { id: ID, executionName: ID, stage: 'provider-agreement' });
});

describe('redrive an onboarding', () => {
  it('redrives a failed execution stopped within 14 days that Step Functions calls REDRIVABLE', async () => {
    // Arrange
    latestExecution({
      status: 'FAILED',
      stopDate: DAYS_AGO(3),
      error: 'TransientError',
      redriveStatus: 'REDRIVABLE',
    });

    // Act
    const outcome = await redriveOnboarding(deps(), { onboardingId: ID });

    // Assert
    expect(outcome).toMatchObject({ method: 'redrive', executionName: ID, executionArn: EXECUTION(ID) });
    expect(outcome.why).toBe('its latest execution failed less than 14 days ago');
    expect(sfn.commandCalls(RedriveExecutionCommand)[0]?.args[0].input).toEqual({
      executionArn: EXECUTION(ID),
    });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('redrives an aborted execution stopped within 14 days', async () => {
    // Arrange
    latestExecution({ status: 'ABORTED', stopDate: DAYS_AGO(13), redriveStatus: 'REDRIVABLE' });

    // Act
    const outcome = await redriveOnboarding(deps(), { onboardingId: ID });

    // Assert
    expect(outcome.method).toBe('redrive');
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(1);
  });

  it('resumes instead when the execution failed more than 14 days ago', async () => {
    // Arrange: even if the flag were stale, the 14 days are checked here too.
    latestExecution({ status: 'FAILED', stopDate: DAYS_AGO(15), redriveStatus: 'REDRIVABLE' });

    // Act
    const outcome = await redriveOnboarding(deps(), { onboardingId: ID });

    // Assert
    expect(outcome).toMatchObject({
      method: 'resume',
      why: 'its latest execution failed more than 14 days ago',
      executionName: `${ID}-resume-1`,
      startAt: 'provider-agreement',
    });
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.name).toBe(`${ID}-resume-1`);
  });

  it('resumes instead when the execution timed out at the maximum execution time', async () => {
    // Arrange
    latestExecution({
      status: 'TIMED_OUT',
      stopDate: DAYS_AGO(1),
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution has exceeded the max execution time.',
    });

    // Act
    const outcome = await redriveOnboarding(deps(), { onboardingId: ID });

    // Assert
    expect(outcome).toMatchObject({
      method: 'resume',
      why: 'its latest execution timed out at the maximum execution time',
    });
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
  });

  it('resumes instead when Step Functions says NOT_REDRIVABLE, and gives its reason', async () => {
    // Arrange: what the local runtime answers.
    latestExecution({
      status: 'ABORTED',
      stopDate: DAYS_AGO(0),
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'The local runtime resumes instead of redriving.',
    });

    // Act
    const outcome = await redriveOnboarding(deps(), { onboardingId: ID });

    // Assert
    expect(outcome).toMatchObject({
      method: 'resume',
      why: 'Step Functions cannot redrive its latest execution: The local runtime resumes instead of redriving.',
    });
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
  });

  it('resumes when the execution succeeded but the onboarding is not complete', async () => {
    // Arrange
    latestExecution({ status: 'SUCCEEDED', stopDate: DAYS_AGO(1), redriveStatus: 'NOT_REDRIVABLE' });

    // Act
    const outcome = await redriveOnboarding(deps(), { onboardingId: ID });

    // Assert
    expect(outcome).toMatchObject({ method: 'resume', why: 'its latest execution succeeded' });
  });

  it('refuses while the execution is still running: a resume beside it would run every step twice', async () => {
    // Arrange
    latestExecution({ status: 'RUNNING', redriveStatus: 'NOT_REDRIVABLE' });

    // Act
    const attempt = redriveOnboarding(deps(), { onboardingId: ID });

    // Assert
    await expect(attempt).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('still running'),
    });
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('resumes when Step Functions refuses the redrive after all', async () => {
    // Arrange
    latestExecution({ status: 'FAILED', stopDate: DAYS_AGO(2), redriveStatus: 'REDRIVABLE' });
    sfn.on(RedriveExecutionCommand).rejects(new ExecutionNotRedrivable({ message: 'no', $metadata: {} }));

    // Act
    const outcome = await redriveOnboarding(deps(), { onboardingId: ID });

    // Assert
    expect(outcome).toMatchObject({
      method: 'resume',
      why: 'Step Functions refused to redrive its latest execution',
    });
  });

  it('looks at the latest execution: the last resume, when there was one', async () => {
    // Arrange
    await store.appendEvent({
      onboardingId: ID,
      type: 'onboarding-resumed',
      at: NOW.toISOString(),
      detail: `${ID}-resume-1 at cloud-account`,
    });
    sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'no', $metadata: {} }));
    sfn.on(DescribeExecutionCommand, { executionArn: EXECUTION(`${ID}-resume-1`) }).resolves({
      status: 'FAILED',
      stopDate: DAYS_AGO(1),
      redriveStatus: 'REDRIVABLE',
    });

    // Act
    const outcome = await redriveOnboarding(deps(), { onboardingId: ID });

    // Assert
    expect(outcome).toMatchObject({ method: 'redrive', executionName: `${ID}-resume-1` });
  });

  it('looks at the execution the onboarding records as carrying it, when it records one', async () => {
    // Arrange
    await store.recordExecution(ID, `${ID}-resume-4`, DAYS_AGO(2).toISOString());
    sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'no', $metadata: {} }));
    sfn.on(DescribeExecutionCommand, { executionArn: EXECUTION(`${ID}-resume-4`) }).resolves({
      status: 'FAILED',
      stopDate: DAYS_AGO(1),
      redriveStatus: 'REDRIVABLE',
    });

    // Act
    const outcome = await redriveOnboarding(deps(), { onboardingId: ID });

    // Assert
    expect(outcome).toMatchObject({ method: 'redrive', executionName: `${ID}-resume-4` });
  });

  it('resumes instead of redriving when a decision on record never reached the execution', async () => {
    // Arrange: the provider's acceptance is recorded, but its execution failed before taking it.
    latestExecution({ status: 'FAILED', stopDate: DAYS_AGO(1), redriveStatus: 'REDRIVABLE' });
    const onboarding = await store.getOnboarding(ID);
    const wait = await seedWait(store, onboarding as Onboarding, 'provider-agreement');
    await store.decideWait(ID, wait.waitKey, {
      outcome: 'submitted',
      fields: {},
      actor: { id: 'ada@acme.example', role: 'provider', via: 'link' },
      at: NOW.toISOString(),
    });

    // Act
    const outcome = await redriveOnboarding(deps(), { onboardingId: ID });

    // Assert: a redrive would re-enter the step and ask again; the resume replays the decision.
    expect(outcome.method).toBe('resume');
    expect(outcome.why).toMatch(/decision on record never reached its execution/);
    expect(sfn.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
    const input = JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}');
    expect(input).toMatchObject({ startAt: 'provider-agreement', step: { reentryOf: wait.waitKey } });
  });

  it('resumes when Step Functions does not know the execution', async () => {
    // Arrange
    sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'no', $metadata: {} }));

    // Act
    const outcome = await redriveOnboarding(deps(), { onboardingId: ID });

    // Assert
    expect(outcome).toMatchObject({
      method: 'resume',
      why: 'its latest execution is not known to Step Functions',
    });
  });

  it('prints which it used and why', async () => {
    // Arrange
    latestExecution({ status: 'FAILED', stopDate: DAYS_AGO(3), redriveStatus: 'REDRIVABLE' });
    const printed: string[] = [];

    // Act
    const code = await redriveCommand(deps(), ID, (line) => printed.push(line));

    // Assert
    expect(code).toBe(0);
    expect(printed.join('\n')).toBe(
      [
        'Onboarding redriven (RedriveExecution): its latest execution failed less than 14 days ago.',
        `  execution: ${ID}`,
        `  arn:       ${EXECUTION(ID)}`,
      ].join('\n'),
    );
  });
});
