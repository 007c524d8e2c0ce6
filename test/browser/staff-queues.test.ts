import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInbox } from '../../local/inbox-client.ts';
import {
  clientsFor,
  driveTo,
  linkedEmails,
  startOnboardingOverHttp,
  until,
} from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';
import { CheckedPage, launchChromium } from './browser.ts';
import { expectFitsBothWidths } from './page-probes.ts';

/**
 * The staff's own views in a real browser on `npm start`: a team member says "I'm on it" on their
 * team's queue and sees it there; the rep's queue lists the rep's portfolio below the steps. axe on
 * each, no sideways scrolling at 390 or 1280 px; each is screenshotted for docs/pages.md.
 */
const QUEUE_LINK = /https?:\/\/[^\s"'<>]+\/r\/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;

describe("staff queues in a browser: a team's \"I'm on it\", a rep's portfolio", () => {
  let runtime: RuntimeProcess;
  let dataDir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-staff-queues-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
    context = await launchChromium(join(dataDir, 'profile'), { viewport: { width: 1280, height: 900 } });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a team member claims a step by name on the team queue; the page says who is on it', async () => {
    const { store } = clientsFor(runtime);
    const started = await driveTo(runtime, store, 'technical-integration', 'Queue Claim Ltd');
    const stepEmail = (await linkedEmails(runtime, store)).find(({ link }) => link === started.link);
    const queue = stepEmail?.email.text.match(QUEUE_LINK)?.[0] as string;
    const page = new CheckedPage(await context.newPage());

    await page.page.goto(queue);
    await page.check('team-queue-before-claim');
    await page.page.getByLabel('Your name').first().fill('Ana');
    await Promise.all([
      page.page.waitForEvent('load'),
      page.page.getByRole('button', { name: 'I’m on it', exact: true }).first().click(),
    ]);

    await expect
      .poll(() => page.page.locator('.claimed strong').first().textContent())
      .toBe('Ana from the Platform Enablement team is on it');
    await expect.poll(() => page.page.getByRole('button', { name: /^Release/ }).count()).toBeGreaterThan(0);
    await page.check('team-queue-claimed');
    await expectFitsBothWidths(page.page, 'team-queue');
  }, 300_000);

  it("the rep's queue lists every onboarding of the rep below the steps waiting now", async () => {
    const { store } = clientsFor(runtime);
    for (const company of ['Portfolio One Ltd', 'Portfolio Two Ltd']) {
      await startOnboardingOverHttp(
        runtime,
        company,
        `${company.toLowerCase().replace(/\W+/g, '-')}@provider.example`,
      );
    }
    const started = await driveTo(runtime, store, 'portal-access', 'Portfolio Three Ltd');
    const queue = await until('a queue link in an email to the rep', async () =>
      (await readInbox(runtime.sesUrl))
        .filter((email) => email.to.includes('rep@marketplace.example'))
        .map((email) => email.text.match(QUEUE_LINK)?.[0])
        .find((link) => link !== undefined),
    );
    const page = new CheckedPage(await context.newPage());

    await page.page.goto(queue);
    await expect.poll(() => page.page.getByRole('heading', { name: 'Your onboardings' }).count()).toBe(1);
    const rows = await page.page.locator('.portfolio h3').allTextContents();
    expect(rows).toEqual(
      expect.arrayContaining(['Portfolio One Ltd', 'Portfolio Two Ltd', 'Portfolio Three Ltd']),
    );
    // The step waiting on the rep now stays on top, above the portfolio.
    const stepHeading = page.page.getByRole('heading', {
      level: 2,
      name: /Portfolio Three Ltd: Provider Portal access/,
    });
    expect(await stepHeading.count()).toBe(1);
    expect(started.wait.stage).toBe('portal-access');
    await page.check('rep-portfolio');
    await expectFitsBothWidths(page.page, 'rep-portfolio');
  }, 300_000);
});
