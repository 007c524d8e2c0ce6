import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { openAndSubmit } from '../../local/person.ts';
import { actionEmail, clientsFor, startOnboardingOverHttp, until } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

describe('the long-running guard on npm start (tiny limits)', () => {
  it('hands a looping execution over to a fresh one; the link already emailed still works', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-guard-'));
    // A reminder every second, the guard after 3 reminder loops, checked every half second.
    const runtime = await RuntimeProcess.start({
      dataDir,
      ports: await RuntimeProcess.freePorts(),
      env: {
        LOCAL_PROVIDER_WAIT_SECONDS: '1',
        LOCAL_GUARD_MAX_REMINDER_LOOPS: '3',
        LOCAL_STUCK_CHECK_SECONDS: '0.5',
        LOCAL_MAX_REMINDERS: '20',
      },
    });
    try {
      const { store, sfn } = clientsFor(runtime);
      const started = await startOnboardingOverHttp(runtime, 'Guard Software', 'ada@guard.example');
      const asked = await actionEmail(runtime, store, started.onboardingId, 'cloud-account');

      const handedOver = await until(
        'the guard to hand the onboarding over',
        async () => {
          const onboarding = await store.getOnboarding(started.onboardingId);
          return onboarding?.executionName !== started.executionName ? onboarding : undefined;
        },
        120_000,
      );
      expect(handedOver.executionName).toBe(`${started.onboardingId}-resume-1`);
      const old = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
      expect(old.status).toBe('ABORTED');
      expect(old.cause).toMatch(/Long-running guard: it looped through \d+ reminders/);

      // The person answers with the link from before the hand-over: it works, and the rep is asked next.
      const answer = await openAndSubmit(asked.link, { alias: 'GRD' });
      expect(answer.submitted).toBe(200);
      await actionEmail(runtime, store, started.onboardingId, 'portal-access');
      const aliasWaits = (await store.listWaits(started.onboardingId)).filter(
        (wait) => wait.stage === 'cloud-account',
      );
      expect(aliasWaits).toHaveLength(1);
      expect(aliasWaits[0]).toMatchObject({ status: 'decided', deliveredAt: expect.any(String) });
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
