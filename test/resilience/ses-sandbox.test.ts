import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSfnStarter } from '../../functions/adapters/sfn-workflow.ts';
import { startOnboarding } from '../../functions/domain/start-onboarding.ts';
import { createLogger } from '../../functions/observability/logger.ts';
import { LOCAL_TEAMS } from '../../local/config.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { VERIFIED_FILE } from '../../local/ses-sandbox.ts';
import {
  clientsFor,
  playEveryone,
  STATE_MACHINE_ARN,
  startOnboardingOverHttp,
  until,
} from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

/** `LOCAL_SES_SANDBOX=1 npm start`: the SES stand-in refuses unverified recipients, as SES's sandbox does. */
describe('an SES account in the sandbox, on npm start', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-ses-sandbox-'));
    runtime = await RuntimeProcess.start({
      dataDir,
      ports: await RuntimeProcess.freePorts(),
      // The rep's address and one whole provider domain are verified; nothing else is.
      env: { LOCAL_SES_SANDBOX: '1', LOCAL_SES_VERIFIED: 'rep@marketplace.example,verified.example' },
    });
  });
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const inboxFor = async (address: string) =>
    (await readInbox(runtime.sesUrl)).filter((email) => email.to.includes(address));

  it('flags the step of an unverified provider instead of failing; once verified, a resend delivers and the onboarding completes', async () => {
    const { store, sfn } = clientsFor(runtime);
    const provider = 'ada@unverified.example';
    const started = await startOnboardingOverHttp(runtime, 'Sandboxed Software', provider);

    const flagged = await until('the step to be flagged', async () => {
      const wait = await store.getCurrentWait(started.onboardingId, 'cloud-account');
      return wait?.deliveryProblem ? wait : undefined;
    });
    expect(flagged).toMatchObject({
      status: 'pending',
      deliveryProblem: { kind: 'not-sent', reason: 'recipient-not-verified', address: provider },
    });
    expect(flagged.deliveryProblem?.detail).toContain('Email address is not verified');
    const alerts = await until('the alerts to the rep and ops', async () => {
      const found = (await readInbox(runtime.sesUrl)).filter((email) =>
        email.subject.startsWith('Email could not be sent'),
      );
      return found.length >= 2 ? found : undefined;
    });
    expect(alerts.map((email) => email.to[0]).sort()).toEqual([
      LOCAL_TEAMS.OPS_EMAIL,
      'rep@marketplace.example',
    ]);
    expect(alerts[0]?.text).toContain('verify the address in SES');
    expect(await inboxFor(provider)).toEqual([]);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(execution.status).toBe('RUNNING');

    // Ops verifies the address, then resends the link from the ops console, as a person would.
    appendFileSync(join(dataDir, VERIFIED_FILE), `${provider}\n`);
    const opsPage = await (await fetch(`${runtime.apiUrl}/ops/onboardings/${started.onboardingId}`)).text();
    expect(opsPage).toContain(`email to ${provider} could not be sent: the SES account is in the sandbox`);
    const resend = await resendFromOpsConsole(runtime, started.onboardingId, flagged.waitKey);
    expect(resend.status).toBe(303);
    expect(resend.headers.get('location')).toContain('notice=resent');

    expect((await until('the link to arrive', async () => (await inboxFor(provider))[0]))?.subject).toContain(
      'Sandboxed Software',
    );
    expect((await store.getWait(started.onboardingId, flagged.waitKey))?.deliveryProblem).toBeUndefined();
    // Every later email goes to verified addresses: the onboarding runs to the end.
    await playEveryone(runtime, store, started.onboardingId);
    expect((await store.getOnboarding(started.onboardingId))?.status).toBe('completed');
  });

  it('fails only the email with ill-formed text: the onboarding after it is emailed as usual', async () => {
    const { store } = clientsFor(runtime);
    // Past the HTTP boundary (which refuses such text): the domain start, as the CLI calls it.
    const starter = {
      store,
      starter: createSfnStarter(clientsFor(runtime).sfn, STATE_MACHINE_ARN),
      waits: { providerWaitSeconds: 120, teamWaitSeconds: 120 },
      clock: () => new Date(),
      logger: createLogger({}, () => {}),
    };
    const start = (company: string, contactEmail: string) =>
      startOnboarding(starter, {
        company,
        contactName: 'Ada',
        contactEmail,
        repEmail: 'rep@marketplace.example',
      });

    const bad = await start('Lone \ud800 Surrogate', 'lone@verified.example');
    const good = await start('Good After Bad', 'good@verified.example');

    const welcome = await until(
      'the good one to be emailed',
      async () => (await inboxFor('good@verified.example'))[0],
    );
    expect(welcome.subject).toContain('Good After Bad');
    const flagged = await until('the bad one to be flagged', async () => {
      const wait = await store.getCurrentWait(bad.onboardingId, 'cloud-account');
      return wait?.deliveryProblem ? wait : undefined;
    });
    expect(flagged.deliveryProblem).toMatchObject({ kind: 'not-sent', reason: 'ill-formed-text' });
    expect((await store.getOnboarding(good.onboardingId))?.status).toBe('in-progress');
    expect(runtime.log).not.toMatch(/URIError|XML parse error/);
  });
});

/** GET the onboarding's ops page, then POST its "Resend link" form with the page's token. */
async function resendFromOpsConsole(runtime: RuntimeProcess, onboardingId: string, waitKey: string) {
  const page = await (await fetch(`${runtime.apiUrl}/ops/onboardings/${onboardingId}`)).text();
  const csrf = page.match(/name="csrf" value="([^"]+)"/)?.[1];
  expect(csrf).toBeDefined();
  return fetch(`${runtime.apiUrl}/ops/onboardings/${onboardingId}/resend`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: runtime.apiUrl },
    body: new URLSearchParams({ csrf: csrf ?? '', wait: waitKey }),
  });
}
