import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../local/config.ts';
import { DEMO_ANSWERS } from '../../local/demo-answers.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { openAndSubmit } from '../../local/person.ts';
import type { HealthReport } from '../../local/supervision/health-route.ts';
import { clientsFor, driveTo, playEveryone, until } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

const ONBOARDINGS = 4;
/** How long the disk stays full: the scenario's fault, not a wait for anything. */
const FULL_FOR_MS = 15_000;

async function health(runtime: RuntimeProcess): Promise<HealthReport> {
  return (await (await fetch(`${runtime.apiUrl}/local/health`)).json()) as HealthReport;
}

/** One SendEmail straight to the SES stand-in, as the handlers send it (no retries: each answer counts). */
function sendEmail(runtime: RuntimeProcess, subject: string) {
  return new SESClient({
    endpoint: runtime.sesUrl,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
    maxAttempts: 1,
  }).send(
    new SendEmailCommand({
      Source: 'onboarding@marketplace.example',
      Destination: { ToAddresses: ['ops@marketplace.local'] },
      Message: { Subject: { Data: subject }, Body: { Text: { Data: subject } } },
    }),
  );
}

async function fault(runtime: RuntimeProcess, action: 'disk-full' | 'disk-freed') {
  expect((await fetch(`${runtime.apiUrl}/local/faults/${action}`, { method: 'POST' })).status).toBe(202);
}

describe('a full disk mid-run, on npm start', () => {
  it('pauses writes with honest words and resumes by itself once space is back: every onboarding completes without a restart, nothing decided twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onboarding-disk-full-'));
    const runtime = await RuntimeProcess.start({
      dataDir,
      ports: await RuntimeProcess.freePorts(),
      env: { LOCAL_FAULT_CONTROL: '1' },
    });
    try {
      const { store } = clientsFor(runtime);
      const started = await Promise.all(
        Array.from({ length: ONBOARDINGS }, (_, index) =>
          driveTo(runtime, store, 'provider-agreement', `Full Disk ${index}`),
        ),
      );
      const [first] = started;
      if (!first) throw new Error('no onboarding started');

      await fault(runtime, 'disk-full');
      const refused = await openAndSubmit(first.link, DEMO_ANSWERS['provider-agreement'], { attempts: 1 });
      expect(refused.opened).toBe(200);
      expect(refused.submitted).toBe(503);
      expect(refused.page).toContain(
        'Open your link again in a few minutes to see whether your answer was saved',
      );
      expect(refused.page).not.toContain('nothing was half-saved');
      const full = await until('the disk to be reported full', async () => {
        const report = await health(runtime);
        return report.disk.state === 'full' ? report : undefined;
      });
      expect(full.ok).toBe(false);
      expect(runtime.log).toMatch(/!!! no space left in the data folder/);
      // Pages that only read still answer while the disk is full.
      expect((await fetch(first.link)).status).toBe(200);
      // The inbox keeps no email it cannot write to disk: the send is refused as SES refuses one it
      // cannot take (retryable), and the inbox is unchanged.
      const inboxWhileFull = await readInbox(runtime.sesUrl);
      await expect(sendEmail(runtime, 'Sent while the disk is full')).rejects.toMatchObject({
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      });
      expect(await readInbox(runtime.sesUrl)).toEqual(inboxWhileFull);

      await new Promise((resolve) => setTimeout(resolve, FULL_FOR_MS));
      await fault(runtime, 'disk-freed');
      const freedAt = Date.now();
      await until('the runtime to be healthy again', async () =>
        (await health(runtime)).ok ? true : undefined,
      );
      expect((await fetch(first.link)).status).toBe(200);
      const backAfterMs = Date.now() - freedAt;
      expect(backAfterMs).toBeLessThan(60_000);
      expect(runtime.log).toMatch(/space is back in the data folder/);
      await sendEmail(runtime, 'Sent once space is back');
      expect((await readInbox(runtime.sesUrl)).map((email) => email.subject)).toContain(
        'Sent once space is back',
      );

      await Promise.all(started.map(({ onboardingId }) => playEveryone(runtime, store, onboardingId)));
      for (const { onboardingId } of started) {
        expect((await store.getOnboarding(onboardingId))?.status, onboardingId).toBe('completed');
        const waits = await store.listWaits(onboardingId);
        const decisions = (await store.listEvents(onboardingId)).filter(
          (event) => event.type === 'decision-recorded',
        );
        expect(decisions.length, onboardingId).toBe(waits.length);
      }
      console.info(`disk full: writes answered again ${backAfterMs} ms after space was freed`);
    } finally {
      await runtime.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
