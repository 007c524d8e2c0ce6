import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAndSubmit } from '../../local/person.ts';
import {
  actionEmail,
  clientsFor,
  playEveryone,
  startOnboardingOverHttp,
} from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

describe('a decision caught between its write and its delivery', () => {
  it('is delivered after the restart, the person is not asked again, and no page ever said "recorded"', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-window-'));
    const ports = await RuntimeProcess.freePorts();
    // The runtime dies the moment a handler tries to deliver a decision to Step Functions.
    let runtime = await RuntimeProcess.start({ dataDir, ports, env: { LOCAL_CRASH_AT: 'SendTaskSuccess' } });
    try {
      let { store } = clientsFor(runtime);
      const { onboardingId } = await startOnboardingOverHttp(
        runtime,
        'Window Software',
        'ada@window.example',
      );
      const asked = await actionEmail(runtime, store, onboardingId, 'cloud-account');

      const answer = await openAndSubmit(asked.link, { alias: 'WNDW' }).catch((error: Error) => error);
      // The connection died with the runtime: the person never saw a "recorded" page.
      expect(answer).toBeInstanceOf(Error);
      expect(await runtime.exited).toBeNull();
      expect(runtime.log).toContain('crashing on purpose at SendTaskSuccess');

      runtime = await RuntimeProcess.start({ dataDir, ports });
      ({ store } = clientsFor(runtime));
      // The rep is asked next: the recorded alias reached the resumed execution.
      await actionEmail(runtime, store, onboardingId, 'portal-access');
      const waits = await store.listWaits(onboardingId);
      const aliasWaits = waits.filter((wait) => wait.stage === 'cloud-account');
      expect(aliasWaits).toHaveLength(1);
      expect(aliasWaits[0]).toMatchObject({
        status: 'decided',
        decision: { fields: { alias: 'WNDW' } },
        deliveredAt: expect.any(String),
      });
      expect((await store.getOnboarding(onboardingId))?.alias).toBe('WNDW');

      await playEveryone(runtime, store, onboardingId);
      const events = await store.listEvents(onboardingId);
      const aliasDecisions = events.filter(
        (event) => event.type === 'decision-recorded' && event.stage === 'cloud-account',
      );
      expect(aliasDecisions).toHaveLength(1);
      const aliasAsks = events.filter(
        (event) =>
          event.type === 'email-sent' &&
          event.stage === 'cloud-account' &&
          event.detail?.startsWith('action-request'),
      );
      expect(aliasAsks).toHaveLength(1);
      expect((await store.getOnboarding(onboardingId))?.status).toBe('completed');
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
