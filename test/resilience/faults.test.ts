import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientsFor, playEveryone, startOnboardingOverHttp } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';
import { LOCAL_TASK_TOKEN } from './system-state.ts';

const ONBOARDINGS = 12;

describe('transient faults, on npm start with LOCAL_FAULT_RATE=0.1', () => {
  it('completes every onboarding through the retries, decides nothing twice, and logs every fault', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-faults-'));
    const runtime = await RuntimeProcess.start({
      dataDir,
      ports: await RuntimeProcess.freePorts(),
      env: { LOCAL_FAULT_RATE: '0.1', LOCAL_RETRY_DELAY_SCALE: '0.05' },
    });
    try {
      const { store } = clientsFor(runtime);
      // Starting can meet a fault too: like any API client, retry a 503.
      const ids: string[] = [];
      for (let index = 0; index < ONBOARDINGS; index++) {
        ids.push((await startWithRetries(runtime, `Faulty ${index}`)).onboardingId);
      }
      await Promise.all(ids.map((id) => playEveryone(runtime, store, id)));

      for (const id of ids) {
        expect((await store.getOnboarding(id))?.status, id).toBe('completed');
        const waits = await store.listWaits(id);
        expect(
          waits.every((wait) => wait.status === 'decided'),
          id,
        ).toBe(true);
        const decisions = (await store.listEvents(id)).filter((event) => event.type === 'decision-recorded');
        expect(decisions.length, id).toBe(waits.length);
      }
      const injected = runtime.log.match(/\[faults\] injected/g)?.length ?? 0;
      const retried = runtime.log.match(/failed with TransientError/g)?.length ?? 0;
      expect(injected).toBeGreaterThan(20);
      expect(retried).toBeGreaterThan(0);
      expect(runtime.log).not.toMatch(LOCAL_TASK_TOKEN);
      console.info(
        `faults: ${injected} injected, ${retried} task failures retried by the state machine, ${ONBOARDINGS} completed`,
      );
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('transient faults while npm start starts', () => {
  it('starts even when nine in ten DynamoDB and SES calls fail: recovery at start-up reads past the faults', async () => {
    // Start-up reads every in-progress onboarding (resume, orphans, unsent messages). Injected faults
    // are for the handlers' calls; a start-up that died of one would leave nothing running at all.
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-faults-start-'));
    const runtime = await RuntimeProcess.start({
      dataDir,
      ports: await RuntimeProcess.freePorts(),
      env: { LOCAL_FAULT_RATE: '0.9', LOCAL_RETRY_DELAY_SCALE: '0.05' },
    });
    try {
      expect(runtime.log).toContain('is running locally');
      expect(runtime.log).not.toMatch(/Could not start/);
      // The faults are on: a page read through them answers a plain 503 "try again", and it is logged.
      expect([200, 503]).toContain((await fetch(`${runtime.apiUrl}/inbox`)).status);
      await expect.poll(() => runtime.log, { timeout: 10_000 }).toMatch(/\[faults\] injected/);
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function startWithRetries(runtime: RuntimeProcess, company: string) {
  // One key for every attempt, as an SDK retry would: a start that went through answers again.
  const clientToken = crypto.randomUUID();
  // A start whose claims a fault left behind answers 409 "still being started" until the claim counts
  // as abandoned (60 s, see start-once.ts): keep trying past that, as a client told to retry would.
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      return await startOnboardingOverHttp(
        runtime,
        company,
        `${company.toLowerCase().replace(/\W+/g, '-')}@provider.example`,
        clientToken,
      );
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
