import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../local/config.ts';
import { DEMO_PRODUCTS } from '../../local/demo-answers.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { openAndSubmit } from '../../local/person.ts';
import {
  actionEmail,
  clientsFor,
  playEveryone,
  STATE_MACHINE_ARN,
  startOnboardingOverHttp,
} from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

describe('npm start: the embedded local runtime, driven over HTTP only', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-e2e-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
  });
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a complete onboarding: records, one email per stage, and an execution history', async () => {
    const { store, sfn } = clientsFor(runtime);
    const started = await startOnboardingOverHttp(runtime, 'Acme Software', 'ada@acme.example');

    const actedOn = await playEveryone(runtime, store, started.onboardingId);

    const onboarding = await store.getOnboarding(started.onboardingId);
    expect(onboarding).toMatchObject({ status: 'completed', alias: 'ACME' });
    expect(onboarding?.products.map((product) => product.status)).toEqual(
      DEMO_PRODUCTS.map(() => 'published'),
    );
    // 6 onboarding-level stages, then 3 per product: each asked for exactly once.
    expect(actedOn).toHaveLength(6 + 3 * DEMO_PRODUCTS.length);
    const subjects = actedOn.map((email) => email.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    const waits = await store.listWaits(started.onboardingId);
    expect(waits.every((wait) => wait.status === 'decided')).toBe(true);

    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN }));
    const execution = executions?.find((candidate) => candidate.name === started.executionName);
    expect(execution?.status).toBe('SUCCEEDED');
    const { events } = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: started.executionArn, maxResults: 1000 }),
    );
    const entered = (events ?? []).flatMap((event) => event.stateEnteredEventDetails?.name ?? []);
    expect(entered).toEqual(
      expect.arrayContaining(['Provider: submit cloud account alias', 'Record onboarding complete']),
    );
  });

  it('answers a double POST once, and "already done" the second time', async () => {
    const { store } = clientsFor(runtime);
    const started = await startOnboardingOverHttp(runtime, 'Double Click Ltd', 'dc@double.example');
    const { link } = await actionEmail(runtime, store, started.onboardingId, 'cloud-account');

    const [first, second] = await Promise.all([
      openAndSubmit(link, { alias: 'DBL' }),
      openAndSubmit(link, { alias: 'DBL' }),
    ]);

    expect([first.submitted, second.submitted].sort()).toEqual([200, 409]);
    const decisions = (await store.listEvents(started.onboardingId)).filter(
      (event) => event.type === 'decision-recorded',
    );
    expect(decisions).toHaveLength(1);
  });

  it('changes nothing when a link is only visited (GET and HEAD, as email scanners do)', async () => {
    const { store, documents } = clientsFor(runtime);
    const started = await startOnboardingOverHttp(runtime, 'Scanner Target Inc', 'st@scan.example');
    const { link } = await actionEmail(runtime, store, started.onboardingId, 'cloud-account');
    const snapshot = async () =>
      ((await documents.send(new ScanCommand({ TableName: LOCAL_AWS.tableName }))).Items ?? [])
        .filter((item) => String(item.pk).includes(started.onboardingId))
        .map((item) => JSON.stringify(item))
        .sort();
    const before = await snapshot();
    const emailsBefore = (await readInbox(runtime.sesUrl)).length;

    for (const method of ['GET', 'HEAD', 'GET']) {
      const response = await fetch(link, {
        method,
        headers: { 'user-agent': 'Mozilla/5.0 (compatible; SafeLinks scanner)' },
      });
      expect(response.status).toBe(200);
    }

    expect(await snapshot()).toEqual(before);
    expect((await readInbox(runtime.sesUrl)).length).toBe(emailsBefore);
  });
});

describe('npm start: restarts and expired links', () => {
  it('keeps waiting onboardings across a SIGKILL, and their links still work afterwards', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-restart-'));
    const ports = await RuntimeProcess.freePorts();
    let runtime = await RuntimeProcess.start({ dataDir, ports });
    try {
      let { store } = clientsFor(runtime);
      const waiting = await startOnboardingOverHttp(runtime, 'Crash Test Co', 'ct@crash.example');
      const first = await actionEmail(runtime, store, waiting.onboardingId, 'cloud-account');
      expect((await openAndSubmit(first.link, { alias: 'CRSH' })).submitted).toBe(200);
      const portal = await actionEmail(runtime, store, waiting.onboardingId, 'portal-access');
      const idle = await startOnboardingOverHttp(runtime, 'Idle Corp', 'idle@idle.example');
      await actionEmail(runtime, store, idle.onboardingId, 'cloud-account');
      const portalEmailIds = async () =>
        (await readInbox(runtime.sesUrl))
          .filter((email) => email.subject.includes('Provider Portal access'))
          .map((email) => email.messageId);
      const portalBefore = await portalEmailIds();
      expect(portalBefore).toHaveLength(1);

      expect(await runtime.kill('SIGKILL')).toBeNull();
      runtime = await RuntimeProcess.start({ dataDir, ports });
      ({ store } = clientsFor(runtime));

      expect(runtime.log).toContain('Resumed after restart 2 onboarding(s)');
      expect((await openAndSubmit(portal.link, { decision: 'approve' })).submitted).toBe(200);
      await actionEmail(runtime, store, waiting.onboardingId, 'provider-agreement');
      // The resumed wait was adopted, not asked again: the one portal-access email (kept across the
      // restart by the inbox) and no second.
      expect(await portalEmailIds()).toEqual(portalBefore);
      await playEveryone(runtime, store, waiting.onboardingId);
      expect((await store.getOnboarding(waiting.onboardingId))?.status).toBe('completed');
      expect((await store.getOnboarding(idle.onboardingId))?.status).toBe('in-progress');
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('explains an expired link and sends a fresh one to the address on file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-expiry-'));
    const runtime = await RuntimeProcess.start({
      dataDir,
      ports: await RuntimeProcess.freePorts(),
      env: { LOCAL_LINK_TTL_SECONDS: '1' },
    });
    try {
      const { store } = clientsFor(runtime);
      const started = await startOnboardingOverHttp(runtime, 'Late Reader Ltd', 'late@reader.example');
      const { link } = await actionEmail(runtime, store, started.onboardingId, 'cloud-account');
      await new Promise((resolve) => setTimeout(resolve, 1_500));

      const expired = await fetch(link);
      expect(expired.status).toBe(410);
      expect(await expired.text()).toContain('/renew');
      const renewed = await fetch(`${link}/renew`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=attacker%40evil.example',
      });
      expect(renewed.status).toBe(200);

      const fresh = await actionEmail(runtime, store, started.onboardingId, 'cloud-account', new Set([link]));
      expect(fresh.email.to).toEqual(['late@reader.example']);
      expect((await openAndSubmit(fresh.link, { alias: 'LATE' })).submitted).toBe(200);
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
