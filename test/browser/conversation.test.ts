import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInbox } from '../../local/inbox-client.ts';
import { clientsFor, driveTo, until } from '../support/onboarding-driver.ts';
import type { RuntimeProcess } from '../support/runtime-process.ts';
import { CheckedPage } from './browser.ts';
import { startBrowserRuntime } from './browser-runtime.ts';
import { DOCS_SCREENSHOTS, expectFitsBothWidths } from './page-probes.ts';

/**
 * A step's conversation in chromium: the rep asks from the step's page, the provider answers from
 * the emailed checklist link, and the thread reads the same on the step page, the checklist and the
 * ops console: axe finds nothing serious, and no page scrolls sideways at 390 or 1280 px, even with
 * a long unbroken word in a message. `UPDATE_SCREENSHOTS=1` refreshes docs/screenshots/conversation-1280.png.
 */
let runtime: RuntimeProcess;
let context: BrowserContext;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ runtime, context, stop } = await startBrowserRuntime('browser-conversation'));
}, 60_000);
afterAll(() => stop?.());

const LONG_WORD = `https://console.example/accounts/${'x'.repeat(120)}`;

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Ask a question or answer one').fill(text);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Send message' }).click()]);
}

async function threadLines(page: Page): Promise<string[]> {
  return (await page.locator('.thread-entry').allTextContents()).map((text) =>
    text.replace(/\s+/g, ' ').trim(),
  );
}

describe('questions and answers on a step, in chromium', () => {
  it('the rep asks, the provider answers; the thread is readable and fits at 390 and 1280 px on every page', async () => {
    const { store } = clientsFor(runtime);
    const started = await driveTo(runtime, store, 'portal-access', 'Browser Talk Ltd');
    const contact = 'browser-talk-ltd@provider.example';
    const checked = new CheckedPage(await context.newPage());
    const { page } = checked;

    // An empty message is refused by its field, in plain words, and nothing is sent.
    await page.goto(started.link);
    await send(page, '   ');
    expect(await page.locator('#conversation .error-message').textContent()).toContain(
      'Your message is required.',
    );
    await checked.check('conversation-step-error');

    await send(page, `Is this the account you sell from? ${LONG_WORD}`);
    expect(page.url()).toMatch(/#conversation$/);
    expect(await threadLines(page)).toEqual([
      expect.stringMatching(/^Question · rep@marketplace\.example · .*Is this the account/),
    ]);
    expect(await page.getByText("Waiting on the provider's answer").isVisible()).toBe(true);
    await checked.check('conversation-step');
    await expectFitsBothWidths(page);

    const checklist = await until(
      'the question’s email to the provider',
      async () =>
        (await readInbox(runtime.sesUrl))
          .find((email) => email.to.includes(contact) && email.subject.startsWith('A question on'))
          ?.text.match(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}#conversation-[0-9a-f]{16}/)?.[0],
    );
    await page.goto(checklist);
    expect(await page.getByText('A question waits on your answer.').isVisible()).toBe(true);
    await send(page, 'Yes, it is the one we sell from.');
    expect(await threadLines(page)).toEqual([
      expect.stringMatching(/^Question · rep@marketplace\.example/),
      expect.stringMatching(
        /^Answer · browser-talk-ltd@provider\.example · .* · from the checklist Yes, it is/,
      ),
    ]);
    await checked.check('conversation-checklist');
    await expectFitsBothWidths(page);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
      await page.locator('.conversations').screenshot({ path: `${DOCS_SCREENSHOTS}conversation-1280.png` });
    }

    await page.goto(`${runtime.apiUrl}/ops/onboardings/${started.onboardingId}`);
    expect(await threadLines(page)).toHaveLength(2);
    await checked.check('conversation-ops');
    await expectFitsBothWidths(page);
  });
});
