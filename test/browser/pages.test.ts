import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb-store.ts';
import { keys } from '../../functions/adapters/table-design.ts';
import { linkHomeOf, sha256Hex } from '../../functions/domain/action-links.ts';
import { LOCAL_AWS } from '../../local/config.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';
import { CheckedPage, launchChromium } from './browser.ts';

/**
 * People using the pages in a real browser (Debian chromium), on `npm start` in its own process: ops
 * starts an onboarding in the console and watches it; the provider works through their checklist;
 * the rep and the teams act from their queues: the rep sends the alias back once, then approves it
 * and records the credit; the marketplace team requests changes before approving.
 * axe-core checks every page; every page is screenshotted.
 */
const PROVIDER = 'ada@acme.example';
const REP = 'rep@marketplace.example';
const TEAMS = {
  platform: 'platform-enablement@marketplace.local',
  billing: 'billing@marketplace.local',
  marketplace: 'marketplace-team@marketplace.local',
};
const VIEW_LINK = /https?:\/\/[^\s"'<>]+\/[pr]\/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;
const ACTION_LINK = /https?:\/\/[^\s"'<>]+\/a\/[A-Za-z0-9_-]{43,}(?![A-Za-z0-9_-])/;

let runtime: RuntimeProcess;
let dataDir: string;
let context: BrowserContext;
const checked: CheckedPage[] = [];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** The overview link (checklist or queue) in the newest email to `to` whose subject matches. */
async function latestLink(to: string, pattern: RegExp, subject: RegExp = /./, skip = 0): Promise<string> {
  return until(`an email to ${to} matching ${subject}`, async () => {
    const emails = (await readInbox(runtime.sesUrl)).filter(
      (email) => email.to.includes(to) && subject.test(email.subject),
    );
    const email = emails.at(-1 - skip);
    return email?.text.match(pattern)?.[0];
  });
}

async function newPage(): Promise<CheckedPage> {
  const page = new CheckedPage(await context.newPage());
  checked.push(page);
  return page;
}

/**
 * Opens a queue and the step waiting there. The step may be entered a moment after its email's
 * predecessor arrived, so the queue is reloaded until its "Open this step" button shows.
 */
async function openFromQueue(page: Page, queueUrl: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.goto(queueUrl);
        return page.getByRole('button', { name: 'Open this step' }).count();
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  await clickAndWait(page, 'Open this step');
}

/** Clicks a button and waits for the page it leads to (a form POST, or a redirect after one). */
async function clickAndWait(page: Page, name: RegExp | string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name }).first().click()]);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'onboarding-browser-'));
  runtime = await RuntimeProcess.start({
    dataDir,
    ports: await RuntimeProcess.freePorts(),
    // No reminder fires during the test: every email is one a person acts on.
    env: { LOCAL_PROVIDER_WAIT_SECONDS: '3600', LOCAL_TEAM_WAIT_SECONDS: '3600' },
  });
  context = await launchChromium(join(dataDir, 'chromium-profile'), {
    viewport: { width: 1100, height: 900 },
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await runtime?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the pages, in chromium, on the local runtime', () => {
  it('ops starts an onboarding; the provider, the rep and the teams complete it through the pages; ops watches the state change', async () => {
    // Ops starts the onboarding from the console.
    const ops = await newPage();
    await ops.page.goto(`${runtime.apiUrl}/ops`);
    await ops.check('ops-dashboard-empty');
    await ops.page.getByLabel('Company', { exact: true }).fill('Acme Software');
    await ops.page.getByLabel('Provider contact name').fill('Ada Lovelace');
    await ops.page.getByLabel('Provider contact email').fill(PROVIDER);
    await ops.page.getByLabel('Marketplace rep email').fill(REP);
    await clickAndWait(ops.page, 'Start the onboarding');
    expect(ops.page.url()).toMatch(/\/ops\/onboardings\/acme-software-[a-z2-9]{8}\?notice=started$/);
    const nowAt = ops.page.locator('#now-at');
    await expect
      .poll(() => nowAt.textContent(), { timeout: 30_000 })
      .toContain('Provider: submit cloud account alias');
    await ops.check('ops-detail-started');
    const activeShape = (state: string) =>
      ops.page.locator(`g[data-state="${state}"] > rect.shape`).first().getAttribute('class');
    expect(await activeShape('Provider: submit cloud account alias')).toContain('state-active');

    // The provider opens the checklist from the email and goes to the step, using only the keyboard.
    const provider = await newPage();
    const checklistUrl = await latestLink(PROVIDER, VIEW_LINK, /Cloud account/);
    expect(checklistUrl).toContain('/p/');
    await provider.page.goto(checklistUrl);
    expect(await provider.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Your onboarding checklist',
    );
    await provider.check('checklist-start');
    await clickAndWait(provider.page, 'Open: Cloud account');
    expect(provider.page.url()).toMatch(/\/a\/[A-Za-z0-9_-]{43,}$/);
    const firstActionUrl = provider.page.url();
    await provider.check('action-cloud-account');
    for (
      let i = 0;
      i < 20 && (await provider.page.evaluate('document.activeElement?.id')) !== 'field-alias';
      i++
    ) {
      await provider.page.keyboard.press('Tab');
    }
    expect(await provider.page.evaluate('document.activeElement?.id')).toBe('field-alias');
    await provider.page.keyboard.type('AC!');
    await Promise.all([provider.page.waitForEvent('load'), provider.page.keyboard.press('Enter')]);
    expect(await provider.page.locator('.error-summary').isVisible()).toBe(true);
    await provider.check('action-cloud-account-error');
    await provider.page.getByLabel('Cloud account alias').fill('ACME');
    await clickAndWait(provider.page, 'Submit the alias');
    expect(await provider.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Thank you — your answer is recorded',
    );
    await provider.check('action-done');

    // Ops sees the highlighted state move on without reloading (the page refreshes itself).
    await expect
      .poll(() => nowAt.textContent(), { timeout: 30_000 })
      .toContain('Rep: confirm Provider Portal account');
    expect(await activeShape('Rep: confirm Provider Portal account')).toContain('state-active');
    expect(await activeShape('Provider: submit cloud account alias')).toContain('state-succeeded');
    await ops.check('ops-detail-portal-access');

    // The same action link again: already done, by whom and when.
    await provider.page.goto(firstActionUrl);
    expect(await provider.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'This step is already done',
    );
    expect(await provider.page.locator('main').textContent()).toContain(`already done by ${PROVIDER}`);
    await provider.check('action-already-done');

    // The rep opens their queue from the email and first sends the alias back, with a reason.
    const rep = await newPage();
    const queueUrl = await latestLink(REP, VIEW_LINK, /Provider Portal access/);
    expect(queueUrl).toContain('/r/');
    await rep.page.goto(queueUrl);
    expect(
      await rep.page
        .getByRole('heading', { level: 2, name: /Acme Software: Provider Portal access/ })
        .isVisible(),
    ).toBe(true);
    await rep.check('rep-queue');
    await clickAndWait(rep.page, 'Open this step');
    await rep.check('action-portal-access');
    await rep.page.getByLabel('No, send the alias back to the provider').check();
    await rep.page
      .getByLabel('Why the alias is sent back')
      .fill('No cloud account has the alias ACME. Please check it.');
    await clickAndWait(rep.page, 'Record my answer');
    expect(await rep.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Thank you — your answer is recorded',
    );

    // The provider sees why on the step and corrects the alias.
    await provider.page.goto(checklistUrl);
    await expect
      .poll(
        async () => {
          await provider.page.reload();
          return provider.page.locator('#next-title').textContent();
        },
        { timeout: 30_000 },
      )
      .toContain('Cloud account');
    await clickAndWait(provider.page, 'Open: Cloud account');
    expect(await provider.page.locator('main').textContent()).toContain(
      'No cloud account has the alias ACME.',
    );
    await provider.page.getByLabel('Cloud account alias').fill('ACMX');
    await clickAndWait(provider.page, 'Submit the alias');

    // The rep approves the corrected alias from the same queue.
    await expect
      .poll(
        async () => {
          await rep.page.goto(queueUrl);
          return rep.page
            .getByRole('heading', { level: 2, name: /Acme Software: Provider Portal access/ })
            .count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    await clickAndWait(rep.page, 'Open this step');
    await rep.page.getByLabel('Yes, the Provider Portal account exists').check();
    await rep.page.getByLabel('Provider Portal account name (optional)').fill('acme-provider');
    await clickAndWait(rep.page, 'Record my answer');
    expect(await rep.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Thank you — your answer is recorded',
    );

    // The provider accepts the agreement from the checklist.
    await provider.page.goto(checklistUrl);
    expect(await provider.page.locator('#next-title').textContent()).toContain(
      'Marketplace Provider Agreement',
    );
    await provider.check('checklist-agreement');
    await clickAndWait(provider.page, /^Open: Marketplace Provider Agreement/);
    await provider.check('action-agreement');
    await provider.page.getByLabel('Your full name').fill('Ada Lovelace');
    await provider.page.getByLabel('Your job title').fill('CTO');
    await provider.page.getByLabel(/I accept the Marketplace Provider Agreement/).check();
    await clickAndWait(provider.page, 'Accept the agreement');
    expect(await provider.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Thank you — your answer is recorded',
    );

    // The rep records the credit (their queue link from the new email).
    await openFromQueue(rep.page, await latestLink(REP, VIEW_LINK, /provider credit/));
    await rep.check('action-credit');
    await rep.page.getByLabel('Credit amount').fill('2500.00');
    await clickAndWait(rep.page, 'Record the credit');

    // Product content and the publication request, from the checklist.
    await provider.page.goto(checklistUrl);
    await clickAndWait(provider.page, /^Open: Product content/);
    await provider.page.getByLabel('Products that are ready').fill('Acme Backup');
    await clickAndWait(provider.page, 'Send the product list');
    await provider.page.goto(checklistUrl);
    await expect
      .poll(() => provider.page.locator('#next-title').textContent(), { timeout: 30_000 })
      .toContain('Publication request');
    await clickAndWait(provider.page, /^Open: Publication request/);
    await provider.check('action-publication-request');
    await provider.page.getByLabel('Acme Backup').check();
    await provider.page.getByLabel(/I request publication/).check();
    await clickAndWait(provider.page, 'Request publication');

    // Platform Enablement and billing sign off from their queues.
    for (const [team, label] of [
      [TEAMS.platform, 'Technical integration'],
      [TEAMS.billing, 'Billing integration'],
    ] as const) {
      const page = await newPage();
      await openFromQueue(page.page, await latestLink(team, VIEW_LINK, new RegExp(label)));
      if (team === TEAMS.platform) await page.check('action-integration');
      await page.page.getByLabel('Yes, it is completed and tested: sign it off').check();
      await clickAndWait(page.page, 'Record my decision');
      expect(await page.page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Thank you — your answer is recorded',
      );
    }
    await expect
      .poll(() => nowAt.textContent(), { timeout: 30_000 })
      .toContain('Marketplace team: approve publication');

    // The marketplace team requests changes, with a reason; the provider revises and resubmits.
    const team = await newPage();
    await openFromQueue(team.page, await latestLink(TEAMS.marketplace, VIEW_LINK, /Marketplace approval/));
    await team.check('action-marketplace-approval');
    await team.page.getByLabel('Request changes').check();
    await team.page.getByLabel('Product content').check();
    await team.page.getByLabel('Reason').fill('Please add pricing & "support" details to the listing.');
    await clickAndWait(team.page, 'Record my decision');
    expect(await team.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Thank you — your answer is recorded',
    );

    await provider.page.goto(checklistUrl);
    await expect
      .poll(() => provider.page.locator('#next-title').textContent(), { timeout: 30_000 })
      .toContain('Product revision');
    expect(await provider.page.locator('main').textContent()).toContain(
      'Please add pricing & "support" details to the listing.',
    );
    await provider.check('checklist-revision');
    await clickAndWait(provider.page, /^Open: Product revision/);
    await provider.check('action-revision');
    await provider.page.getByLabel(/Resubmit it/).check();
    await provider.page.getByLabel('What you changed').fill('Added pricing and support details.');
    await clickAndWait(provider.page, 'Send my answer');

    await openFromQueue(team.page, await latestLink(TEAMS.marketplace, VIEW_LINK, /Marketplace approval/));
    await team.page.getByLabel('Approve: publish it in the Marketplace').check();
    await clickAndWait(team.page, 'Record my decision');

    // Ops sees the execution finish; the provider's checklist shows everything done.
    await expect
      .poll(() => ops.page.locator('#execution-status').textContent(), { timeout: 30_000 })
      .toBe('Succeeded');
    expect(await nowAt.textContent()).toContain('No state is in progress');
    expect(await activeShape('Record onboarding complete')).toContain('state-succeeded');
    await ops.check('ops-detail-completed');
    await provider.page.goto(checklistUrl);
    expect(await provider.page.locator('.progress-summary').textContent()).toContain(
      'Your onboarding is complete: all 9 steps done.',
    );
    await provider.check('checklist-complete');
    await rep.page.goto(queueUrl);
    expect(await rep.page.locator('main').textContent()).toContain('Nothing is waiting on you right now');
    await rep.check('rep-queue-empty');
  }, 240_000);

  it('ops searches, resends a link and stops an onboarding; expired and closed links explain themselves', async () => {
    const ops = await newPage();
    await ops.page.goto(`${runtime.apiUrl}/ops`);
    await ops.page.getByLabel('Company', { exact: true }).fill('Zeta Stopped Ltd');
    await ops.page.getByLabel('Provider contact name').fill('Zed Zeta');
    await ops.page.getByLabel('Provider contact email').fill('zed@zeta.example');
    await ops.page.getByLabel('Marketplace rep email').fill(REP);
    await clickAndWait(ops.page, 'Start the onboarding');
    await expect
      .poll(() => ops.page.locator('#now-at').textContent(), { timeout: 30_000 })
      .toContain('Provider');

    // Search by company.
    await ops.page.goto(`${runtime.apiUrl}/ops?q=zeta`);
    expect(await ops.page.getByRole('heading', { level: 2, name: /contains “zeta” \(1\)/ }).isVisible()).toBe(
      true,
    );
    await ops.check('ops-dashboard-search');

    // Resend the link: a new email goes to the address on file.
    await Promise.all([
      ops.page.waitForEvent('load'),
      ops.page.getByRole('link', { name: /^zeta-stopped-ltd-/ }).click(),
    ]);
    const before = (await readInbox(runtime.sesUrl)).filter((email) =>
      email.to.includes('zed@zeta.example'),
    ).length;
    await clickAndWait(ops.page, /Resend link for Cloud account/);
    expect(await ops.page.getByRole('status').first().textContent()).toContain(
      'A new link for that step was emailed',
    );
    await until('the resent email', async () =>
      (await readInbox(runtime.sesUrl)).filter((email) => email.to.includes('zed@zeta.example')).length >
      before
        ? true
        : undefined,
    );

    // An expired action link offers a new one (the link's expiry is moved into the past).
    const actionUrl = await latestLink('zed@zeta.example', ACTION_LINK, /New link/);
    const documents = createDocumentClient(
      new DynamoDBClient({
        endpoint: runtime.dynamodbUrl,
        region: LOCAL_AWS.region,
        credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
      }),
    );
    const linkId = actionUrl.slice(actionUrl.lastIndexOf('/') + 1);
    const home = linkHomeOf(linkId);
    if (home?.kind !== 'onboarding') throw new Error(`Not a link stored with its onboarding: ${linkId}`);
    await documents.send(
      new UpdateCommand({
        TableName: LOCAL_AWS.tableName,
        Key: keys.stepLink(home.onboardingId, sha256Hex(linkId)),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00.000Z' },
      }),
    );
    const person = await newPage();
    await person.page.goto(actionUrl);
    expect(await person.page.getByRole('heading', { level: 1 }).textContent()).toBe('This link has expired');
    await person.check('action-expired');
    await clickAndWait(person.page, 'Email me a new link');
    expect(await person.page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your email');
    await person.check('action-renew-sent');

    // A phone: the checklist and the action page fit the screen.
    const phone = await launchChromium(join(dataDir, 'chromium-phone-profile'), {
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const mobile = new CheckedPage(await phone.newPage());
      await mobile.page.goto(await latestLink('zed@zeta.example', VIEW_LINK));
      await mobile.check('phone-checklist');
      await mobile.expectNoHorizontalScroll();
      await clickAndWait(mobile.page, 'Open: Cloud account');
      await mobile.check('phone-action');
      await mobile.expectNoHorizontalScroll();
    } finally {
      await phone.close();
    }

    // Stop: the execution ends, the steps close, the link says so.
    await ops.page.getByLabel('Reason (told to the provider)').fill('Zeta chose another marketplace.');
    await clickAndWait(ops.page, 'Stop the onboarding');
    expect(await ops.page.getByRole('status').first().textContent()).toContain('The onboarding was stopped');
    await expect
      .poll(() => ops.page.locator('#execution-status').textContent(), { timeout: 30_000 })
      .toBe('Aborted');
    await ops.check('ops-detail-stopped');
    const anotherLink = await latestLink('zed@zeta.example', ACTION_LINK, /Cloud account/, 1);
    await person.page.goto(anotherLink);
    expect(await person.page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'This step is no longer needed',
    );
    await person.check('action-closed');
  }, 120_000);

  it('sends every page with its security headers', async () => {
    const checklistUrl = await latestLink(PROVIDER, VIEW_LINK);
    for (const url of [checklistUrl, `${runtime.apiUrl}/ops`]) {
      const response = await fetch(url);
      expect(response.headers.get('content-security-policy')).toMatch(
        /default-src 'none'.*frame-ancestors 'none'/,
      );
      expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    // The console's script runs only by nonce, fresh on every response.
    const [a, b] = await Promise.all([fetch(`${runtime.apiUrl}/ops`), fetch(`${runtime.apiUrl}/ops`)]);
    const nonce = (value: string | null) => /script-src 'nonce-([^']+)'/.exec(value ?? '')?.[1];
    expect(nonce(a.headers.get('content-security-policy'))).toBeDefined();
    expect(nonce(a.headers.get('content-security-policy'))).not.toBe(
      nonce(b.headers.get('content-security-policy')),
    );
    // A POST from another site is refused, token or not.
    const refused = await fetch(`${runtime.apiUrl}/ops/onboardings`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: 'company=Evil&contactName=E&contactEmail=e%40evil.example&repEmail=e%40evil.example',
    });
    expect(refused.status).toBe(403);
  });

  it('found no serious or critical accessibility problem on any page', () => {
    const results = checked.flatMap((page) => page.results);
    expect(results.length).toBeGreaterThan(15);
    for (const result of results) expect(result.serious, result.name).toEqual([]);
  });
});
