import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../local/config.ts';
import { signedPostJson } from '../../local/signed-fetch.ts';
import { type StandIn, startCloudFormationStandIn } from '../support/cloudformation-stand-in.ts';
import { actionEmail, clientsFor } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';
import { StackConsoleProcess } from '../support/stack-console-process.ts';
import { CheckedPage, launchChromium } from './browser.ts';
import { expectFitsBothWidths, watchConsole } from './page-probes.ts';

/**
 * `npm run console -- --stack NAME` in chromium, against a "remote" stack: a `npm start` of the test's
 * own reached only through AWS endpoints and a stand-in DescribeStacks. The pages say which stack they
 * show, keep only the console's own link, and pass axe at both widths; with UPDATE_SCREENSHOTS=1 the
 * list and the detail page are written to docs/screenshots/ops-console-stack-*.png.
 */
const STACK = 'OnboardingProd';
let runtime: RuntimeProcess;
let dataDir: string;
let cloudformation: StandIn;
let opsConsole: StackConsoleProcess;
let context: BrowserContext;
let checked: CheckedPage;
let page: Page;
let consoleErrors: string[];
let onboardingId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'onboarding-browser-stack-console-'));
  runtime = await RuntimeProcess.start({
    dataDir,
    ports: await RuntimeProcess.freePorts(),
    env: { LOCAL_PROVIDER_WAIT_SECONDS: '3600', LOCAL_TEAM_WAIT_SECONDS: '3600' },
  });
  cloudformation = await startCloudFormationStandIn(
    [
      {
        name: STACK,
        outputs: {
          TableName: LOCAL_AWS.tableName,
          StateMachineArn: `arn:aws:states:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:stateMachine:${LOCAL_AWS.stateMachineName}`,
          ApiUrl: `${runtime.apiUrl}/`,
        },
      },
    ],
    { region: LOCAL_AWS.region, accountId: LOCAL_AWS.accountId },
  );
  opsConsole = await StackConsoleProcess.start(
    { endpoints: { cloudformation: cloudformation.url, dynamodb: runtime.dynamodbUrl, sfn: runtime.sfnUrl } },
    ['--stack', STACK],
  );
  const started = await signedPostJson(`${runtime.apiUrl}/onboardings`, {
    company: 'Northwind Analytics',
    contactName: 'Ada Lovelace',
    contactEmail: 'ada@northwind.example',
    repEmail: 'rep@marketplace.example',
  });
  onboardingId = ((await started.json()) as { onboardingId: string }).onboardingId;
  await actionEmail(runtime, clientsFor(runtime).store, onboardingId, 'cloud-account');
  context = await launchChromium(join(dataDir, 'chromium-profile'), {
    viewport: { width: 1280, height: 900 },
  });
  checked = new CheckedPage(await context.newPage());
  page = checked.page;
  consoleErrors = watchConsole(page);
}, 90_000);

afterAll(async () => {
  await context?.close();
  await opsConsole?.stop();
  await cloudformation?.close();
  await runtime?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the ops console against a deployed stack, in chromium', () => {
  it('lists the stack’s onboardings under the stack’s name, with only the console’s own link', async () => {
    await page.goto(opsConsole.url);
    await expect(page.locator('header.site-header').textContent()).resolves.toContain(
      `ops console (stack ${STACK} in ${LOCAL_AWS.region})`,
    );
    await expect(page.locator('table.triage tbody').textContent()).resolves.toContain('Northwind Analytics');
    expect(await page.locator('nav.ops-nav a').allTextContents()).toEqual(['All onboardings']);
    await checked.check('stack-console-list');
    await expectFitsBothWidths(page, 'ops-console-stack-list');
    expect(consoleErrors).toEqual([]);
  });

  it('shows one onboarding with the deployed state machine and the step in progress', async () => {
    await page.goto(`${opsConsole.url}/onboardings/${onboardingId}`);
    await expect(page.locator('#execution-status').textContent()).resolves.toBe('Running');
    expect(await page.locator('svg.graph .state-active').count()).toBeGreaterThan(0);
    // Every form of the local console: the stack's signed API does each of them.
    expect(await page.getByRole('button', { name: 'Hand over' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Stop the onboarding' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Resend link/ }).count()).toBe(1);
    await checked.check('stack-console-detail');
    await expectFitsBothWidths(page, 'ops-console-stack-detail');
    expect(consoleErrors).toEqual([]);
  });
});
