import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../local/demo-answers.ts';
import { actionLinkIn, readInbox } from '../../local/inbox-client.ts';
import { clientsFor, driveTo, until } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';
import { LOCAL_TASK_TOKEN, systemState } from './system-state.ts';

const SCANNERS = [
  'Mozilla/5.0 (compatible; Microsoft Safe Links)',
  'Mimecast-LinkScanner/1.0',
  'Barracuda Sentinel (EE)',
  'Proofpoint URL Defense',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 GoogleImageProxy',
];

describe('double clicks and link scanners, on npm start', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;
  const pages: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-clicks-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
  });
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records 25 concurrent POSTs of the same decision once, completes the task once, and says "already done" 24 times', async () => {
    const { store, sfn } = clientsFor(runtime);
    const target = await driveTo(runtime, store, 'provider-credit', 'Impatient Clicker');
    const body = new URLSearchParams({ amount: '2500.00', currency: 'USD' });

    const responses = await Promise.all(
      Array.from({ length: 25 }, () =>
        fetch(target.link, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        }).then(async (response) => ({ status: response.status, text: await response.text() })),
      ),
    );
    pages.push(...responses.map((response) => response.text));

    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    const repeats = responses.filter((response) => response.status === 409);
    expect(repeats).toHaveLength(24);
    for (const repeat of repeats) expect(repeat.text).toMatch(/already/i);
    const decisions = (await store.listEvents(target.onboardingId)).filter(
      (event) => event.type === 'decision-recorded' && event.stage === 'provider-credit',
    );
    expect(decisions).toHaveLength(1);
    const { events } = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: target.executionArn, maxResults: 1000 }),
    );
    const creditEntries = (events ?? []).filter(
      (event) => event.stateEnteredEventDetails?.name === 'Rep: apply the provider credit',
    );
    const creditExits = (events ?? []).filter(
      (event) => event.stateExitedEventDetails?.name === 'Rep: apply the provider credit',
    );
    expect(creditEntries).toHaveLength(1);
    expect(creditExits).toHaveLength(1);
    // Had a second SendTaskSuccess been sent, the Step Functions service would have refused it
    // (the task was closed) and logged the refusal.
    expect(runtime.log).not.toMatch(/SendTaskSuccess refused/);
  });

  it('changes nothing when scanners GET and HEAD every link ever sent', async () => {
    const clients = clientsFor(runtime);
    const target = await driveTo(runtime, clients.store, 'technical-integration', 'Scanned Company');
    // driveTo returns at the first sign-off step; the other products' and billing's are still being
    // entered (and driveTo may already have signed off a billing step it met first). Wait until every
    // sign-off step exists and was emailed, or the snapshot below races them.
    await until('every sign-off step to be emailed', async () => {
      const signOffs = (await clients.store.listWaits(target.onboardingId)).filter(
        (wait) => wait.stage === 'technical-integration' || wait.stage === 'billing-integration',
      );
      return signOffs.length === DEMO_PRODUCTS.length * 2 && signOffs.every((wait) => wait.notifiedTokenHash)
        ? true
        : undefined;
    });
    const links = [
      ...new Set(
        (await readInbox(runtime.sesUrl)).map(actionLinkIn).filter((link): link is string => !!link),
      ),
    ];
    expect(links.length).toBeGreaterThan(10);
    const before = await systemState(clients, runtime.sesUrl);

    let visits = 0;
    for (const link of links) {
      for (const userAgent of SCANNERS) {
        for (const method of ['GET', 'HEAD']) {
          const response = await fetch(link, { method, headers: { 'user-agent': userAgent } });
          pages.push(await response.text());
          expect(response.status).toBeLessThan(500);
          visits += 1;
        }
      }
    }

    expect(await systemState(clients, runtime.sesUrl)).toEqual(before);
    console.info(`scanners: ${visits} visits to ${links.length} links, no state change`);
  });

  it('never shows a task token on a page, in an email or in a log line', async () => {
    const emails = JSON.stringify(await readInbox(runtime.sesUrl));
    for (const text of [...pages, emails, runtime.log]) expect(text).not.toMatch(LOCAL_TASK_TOKEN);
  });
});
