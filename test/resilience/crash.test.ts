import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGES } from '../../functions/checklist/stages.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { clientsFor, driveTo, linkedEmails, playEveryone } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';
import { LOCAL_TASK_TOKEN } from './system-state.ts';

const ONBOARDINGS = 100;
// Every stage a person can be asked at; onboardings are spread over them before the crash.
const WAITING_AT = STAGES.filter((stage) => stage.form).map((stage) => stage.key) as Parameters<
  typeof driveTo
>[2][];

describe('a crash, on npm start', () => {
  it('loses no onboarding: 100 spread over every stage survive SIGKILL and all complete, nothing decided or asked twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-crash-'));
    const ports = await RuntimeProcess.freePorts();
    let runtime = await RuntimeProcess.start({ dataDir, ports });
    try {
      let { store } = clientsFor(runtime);
      const ids: string[] = [];
      for (let batch = 0; batch < ONBOARDINGS; batch += 10) {
        const started = await Promise.all(
          Array.from({ length: 10 }, (_, offset) => {
            const index = batch + offset;
            const stage = WAITING_AT[index % WAITING_AT.length] as Parameters<typeof driveTo>[2];
            return driveTo(runtime, store, stage, `Crash ${index} ${stage}`);
          }),
        );
        ids.push(...started.map((onboarding) => onboarding.onboardingId));
      }
      const stagesBefore = new Set<string>();
      for (const id of ids) stagesBefore.add(((await store.getOnboarding(id))?.stage as string) ?? '');
      expect(stagesBefore.size).toBeGreaterThanOrEqual(8);

      // What people have in their mailboxes when the machine dies (the links they can still follow).
      const received = await linkedEmails(runtime, store);
      expect(await runtime.kill('SIGKILL')).toBeNull();
      runtime = await RuntimeProcess.start({ dataDir, ports });
      ({ store } = clientsFor(runtime));
      expect(runtime.log).toContain(`Resumed after restart ${ONBOARDINGS} onboarding(s)`);

      for (let batch = 0; batch < ids.length; batch += 10) {
        await Promise.all(
          ids.slice(batch, batch + 10).map((id) => playEveryone(runtime, store, id, received)),
        );
      }

      for (const id of ids) {
        const onboarding = await store.getOnboarding(id);
        expect(onboarding?.status, id).toBe('completed');
        const waits = await store.listWaits(id);
        const events = await store.listEvents(id);
        // Every wait decided exactly once (the product revision path aside, no wait is left open).
        expect(
          waits.every((wait) => wait.status === 'decided' || wait.status === 'closed'),
          id,
        ).toBe(true);
        const decisions = events.filter((event) => event.type === 'decision-recorded');
        expect(decisions.length, id).toBe(waits.filter((wait) => wait.status === 'decided').length);
        // Each wait was asked for once: one action request email per wait, reminders aside.
        const asks = events.filter(
          (event) => event.type === 'email-sent' && event.detail?.startsWith('action-request'),
        );
        expect(asks.length, id).toBe(waits.length);
      }
      expect(JSON.stringify(await readInbox(runtime.sesUrl))).not.toMatch(LOCAL_TASK_TOKEN);
      expect(runtime.log).not.toMatch(LOCAL_TASK_TOKEN);
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
