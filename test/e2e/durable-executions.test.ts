import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { clientsFor, driveTo, STATE_MACHINE_ARN } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

describe('executions after a kill -9, on npm start', () => {
  it('still answers DescribeExecution and GetExecutionHistory for the execution that was running', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-durable-'));
    const ports = await RuntimeProcess.freePorts();
    let runtime = await RuntimeProcess.start({ dataDir, ports });
    try {
      // Arrange: an onboarding waiting on the provider's agreement, two stages in.
      const started = await driveTo(runtime, clientsFor(runtime).store, 'provider-agreement', 'Durable Co');

      // Act
      expect(await runtime.kill('SIGKILL')).toBeNull();
      runtime = await RuntimeProcess.start({ dataDir, ports });
      const { sfn, store } = clientsFor(runtime);
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
      const { events = [] } = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn: started.executionArn, maxResults: 1000 }),
      );
      const { executions = [] } = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN }),
      );

      // Assert
      expect(described).toMatchObject({
        name: started.executionName,
        status: 'ABORTED',
        error: 'Local.RuntimeStopped',
        redriveStatus: 'NOT_REDRIVABLE',
      });
      expect(described.cause).toBe(
        `The local runtime stopped while this execution ran. Resumed as ${started.onboardingId}-resume-1.`,
      );
      const entered = events.flatMap((event) => event.stateEnteredEventDetails?.name ?? []);
      expect(entered).toEqual(
        expect.arrayContaining([
          'Provider: submit cloud account alias',
          'Rep: confirm Provider Portal account',
          'Provider: accept the Marketplace Provider Agreement',
        ]),
      );
      expect(events.at(-1)?.type).toBe('ExecutionAborted');
      // The runtime resumed the onboarding in a new execution, listed before the one it took over from.
      const names = executions.map((execution) => execution.name);
      expect(names).toContain(started.executionName);
      const resumed = executions.find((execution) =>
        execution.name?.startsWith(`${started.executionName}-resume-`),
      );
      expect(resumed?.status).toBe('RUNNING');
      expect(names.indexOf(resumed?.name)).toBeLessThan(names.indexOf(started.executionName));
      // The ops console lists both (the runtime resumes onboardings before it says it is ready).
      const page = await (await fetch(`${runtime.apiUrl}/ops/onboardings/${started.onboardingId}`)).text();
      expect(page).toContain(started.executionName);
      expect(page).toContain('Aborted'); // ABORTED, in words
      expect(page).toContain(resumed?.name);
      expect((await store.getOnboarding(started.onboardingId))?.status).toBe('in-progress');
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
