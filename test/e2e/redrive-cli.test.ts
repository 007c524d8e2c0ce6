import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnboardingCli } from '../support/cli-process.ts';
import { clientsFor, driveTo } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

describe('npm run onboarding -- redrive --local', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-redrive-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
  });
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes a stopped onboarding instead, and says the local runtime does not redrive', async () => {
    // Arrange: an onboarding waiting on the rep, whose execution ops stopped.
    const { store, sfn } = clientsFor(runtime);
    const started = await driveTo(runtime, store, 'portal-access', 'Redrive Ltd');
    await sfn.send(new StopExecutionCommand({ executionArn: started.executionArn, error: 'Ops.Stopped' }));

    // Act: the CLI as ops runs it, in a process of its own.
    const stdout = await runOnboardingCli(runtime, ['redrive', started.onboardingId]);

    // Assert
    expect(stdout).toContain(
      'Onboarding resumed at portal-access instead of redriven: Step Functions cannot redrive its latest execution: The local runtime resumes instead of redriving.',
    );
    const resumed = await sfn.send(
      new DescribeExecutionCommand({ executionArn: `${started.executionArn}-resume-1` }),
    );
    expect(resumed.status).toBe('RUNNING');
    expect(stdout).toContain(`execution: ${started.executionName}-resume-1`);
  });
});
