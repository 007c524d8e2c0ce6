import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/adapters/table-design.ts';
import { LOCAL_AWS } from '../../local/config.ts';
import type { HealthReport } from '../../local/supervision/health-route.ts';
import {
  clientsFor,
  driveTo,
  linkedEmails,
  playEveryone,
  STATE_MACHINE_ARN,
  until,
} from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

const ONBOARDINGS = 4;

async function health(runtime: RuntimeProcess): Promise<HealthReport> {
  return (await (await fetch(`${runtime.apiUrl}/local/health`)).json()) as HealthReport;
}

async function crash(runtime: RuntimeProcess, part: 'dynamodb' | 'ses') {
  const response = await fetch(`${runtime.apiUrl}/local/faults/crash/${part}`, { method: 'POST' });
  expect(response.status).toBe(202);
}

describe('a stand-in that dies, on npm start', () => {
  it('is logged with its cause and restarted on the same data, and every onboarding completes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-stand-ins-'));
    const runtime = await RuntimeProcess.start({
      dataDir,
      ports: await RuntimeProcess.freePorts(),
      env: { LOCAL_FAULT_CONTROL: '1' },
    });
    try {
      const { store } = clientsFor(runtime);
      const started = await Promise.all(
        Array.from({ length: ONBOARDINGS }, (_, index) =>
          driveTo(runtime, store, 'provider-agreement', `Stand-in ${index}`),
        ),
      );
      const ids = started.map((onboarding) => onboarding.onboardingId);

      await crash(runtime, 'dynamodb');
      const afterDynamoDb = await until('DynamoDB to be running again', async () => {
        const report = await health(runtime);
        return report.parts.dynamodb?.restarts === 1 && report.ok ? report : undefined;
      });
      expect(afterDynamoDb.parts.dynamodb?.lastExit?.cause).toContain('DynamoDB worker stopped on purpose');
      await crash(runtime, 'ses');
      await until('the SES stand-in to be running again', async () => {
        const report = await health(runtime);
        return report.parts.ses?.restarts === 1 && report.ok ? report : undefined;
      });
      expect(runtime.log).toMatch(
        /!!! DynamoDB stopped unexpectedly: Error: DynamoDB worker stopped on purpose/,
      );
      expect(runtime.log).toMatch(/!!! the SES stand-in stopped unexpectedly/);

      // Emails sent before the SES stand-in died are still in its store: people act on them.
      await Promise.all(ids.map((id) => playEveryone(runtime, store, id)));
      for (const id of ids) {
        expect((await store.getOnboarding(id))?.status, id).toBe('completed');
        const waits = await store.listWaits(id);
        const decisions = (await store.listEvents(id)).filter((event) => event.type === 'decision-recorded');
        expect(decisions.length, id).toBe(waits.length);
      }
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('finds a torn index at the next start: an onboarding in progress with no index entry and its execution aborted is resumed, once, and completes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-torn-index-'));
    const ports = await RuntimeProcess.freePorts();
    let runtime = await RuntimeProcess.start({ dataDir, ports });
    try {
      let { store, documents, sfn } = clientsFor(runtime);
      const torn = await driveTo(runtime, store, 'portal-access', 'Torn Index');
      await documents.send(
        new UpdateCommand({
          TableName: LOCAL_AWS.tableName,
          Key: keys.onboarding(torn.onboardingId),
          UpdateExpression: 'REMOVE gsi1pk, gsi1sk',
        }),
      );
      await sfn.send(
        new StopExecutionCommand({
          executionArn: `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${torn.executionName}`,
          error: 'Console.Abort',
          cause: 'aborted by hand',
        }),
      );
      const received = await linkedEmails(runtime, store);
      expect(await runtime.kill('SIGKILL')).toBeNull();

      runtime = await RuntimeProcess.start({ dataDir, ports });
      ({ store, documents, sfn } = clientsFor(runtime));
      expect(runtime.log).toContain(
        `resumed orphan ${torn.onboardingId} (${torn.executionName} was not running)`,
      );
      const events = await store.listEvents(torn.onboardingId);
      expect(events.filter((event) => event.type === 'orphan-found')).toHaveLength(1);
      expect(events.filter((event) => event.type === 'onboarding-resumed')).toHaveLength(1);

      await playEveryone(runtime, store, torn.onboardingId, received);
      expect((await store.getOnboarding(torn.onboardingId))?.status).toBe('completed');
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
