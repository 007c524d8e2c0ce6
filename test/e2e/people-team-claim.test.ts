import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPack } from '../../functions/domain/audit-pack.ts';
import { DEMO_ANSWERS } from '../../local/demo-answers.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { openAndSubmit } from '../../local/person.ts';
import { runOnboardingCli } from '../support/cli-process.ts';
import { clientsFor, driveTo, linkedEmails, until } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

const ON_IT = 'Ana from the Platform Enablement team is on it';

describe('a team\'s queue on npm start: "I\'m on it", shown to the team and the provider, released, taken over by whoever decides', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-claims-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
  });
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a member claims from the emailed queue link; the checklist says so; a release clears it; a colleague decides', async () => {
    const { store } = clientsFor(runtime);
    const started = await driveTo(runtime, store, 'technical-integration', 'Claim Ltd');
    const stepEmail = (await linkedEmails(runtime, store)).find(({ link }) => link === started.link);
    const queue = stepEmail?.email.text.match(/https?:\/\/\S+\/r\/[A-Za-z0-9_-]{43}/)?.[0] as string;
    expect(queue).toBeDefined();
    const checklist = await until('a checklist link emailed to the provider contact', async () =>
      (await readInbox(runtime.sesUrl))
        .filter((email) => email.to.includes('claim-ltd@provider.example'))
        .map((email) => email.text.match(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}/)?.[0])
        .find((link) => link !== undefined),
    );
    const page = async (url: string) => (await fetch(url)).text();
    const post = (route: string, fields: Record<string, string>) =>
      fetch(`${queue}/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          onboarding: started.onboardingId,
          wait: started.wait.waitKey,
          ...fields,
        }),
        redirect: 'manual',
      });

    // Twice is once: a double click writes one claim and one audit event.
    for (let click = 0; click < 2; click++) expect((await post('claim', { name: 'Ana' })).status).toBe(303);
    expect(await page(queue)).toContain(`<strong>${ON_IT}</strong>`);
    expect(await page(checklist)).toContain(ON_IT);
    expect(await runOnboardingCli(runtime, ['show', started.onboardingId])).toContain(ON_IT);

    const claimedAt = (await page(queue)).match(/name="claimedAt" value="([^"]+)"/)?.[1] as string;
    expect((await post('release', { claimedAt })).status).toBe(303);
    expect(await page(checklist)).not.toContain(ON_IT);

    // Claimed again; a colleague decides from the step's own link: the claim does not stand in the way.
    expect((await post('claim', { name: 'Ana' })).status).toBe(303);
    expect((await openAndSubmit(started.link, DEMO_ANSWERS['technical-integration'])).submitted).toBe(200);
    const wait = await store.getWait(started.onboardingId, started.wait.waitKey);
    expect(wait?.status).toBe('decided');
    expect(await page(checklist)).not.toContain(ON_IT);
    // Once decided there is nothing to be on: a late claim changes nothing.
    expect((await post('claim', { name: 'Bo' })).status).toBe(303);
    expect((await store.getWait(started.onboardingId, started.wait.waitKey))?.claim?.name).toBe('Ana');

    const pack = JSON.parse(await runOnboardingCli(runtime, ['audit', started.onboardingId])) as AuditPack;
    expect(
      pack.events
        .filter((event) => event.type === 'step-claimed' || event.type === 'claim-released')
        .map((event) => `${event.type}: ${event.detail}`),
    ).toEqual([`step-claimed: ${ON_IT}`, 'claim-released: Ana is no longer on it', `step-claimed: ${ON_IT}`]);
    expect(await runOnboardingCli(runtime, ['audit', started.onboardingId, '--format', 'html'])).toContain(
      ON_IT,
    );
  }, 240_000);
});
