import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../local/demo-answers.ts';
import { readInbox } from '../../local/inbox-client.ts';
import {
  actionEmail,
  clientsFor,
  driveTo,
  linkedEmails,
  playEveryone,
  startOnboardingOverHttp,
  until,
} from '../support/onboarding-driver.ts';
import type { RuntimeProcess } from '../support/runtime-process.ts';
import { CheckedPage } from './browser.ts';
import { startBrowserRuntime } from './browser-runtime.ts';

/** People who change, in chromium: a hand-over done with the keyboard only, and the audit pack page. */
let runtime: RuntimeProcess;
let context: BrowserContext;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ runtime, context, stop } = await startBrowserRuntime('browser-people'));
}, 120_000);
afterAll(() => stop?.());

describe('people change, in chromium', () => {
  it('a rep hands the Provider Portal step to a colleague with the keyboard only; the audit pack page shows it', async () => {
    const { store } = clientsFor(runtime);
    const started = await driveTo(runtime, store, 'portal-access', 'Keyboard Handover Ltd');
    const colleague = 'colleague@marketplace.example';
    const checked = new CheckedPage(await context.newPage());
    const { page } = checked;

    await page.goto(started.link);
    // Tab to the hand-over link and follow it with Enter: no mouse.
    await tabTo(page, 'link:Hand this step to someone else');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await checked.check('hand-over-form');

    // Tab into the address box, type, tab to the note, type, tab to the button, press Enter.
    await tabTo(page, 'field:to');
    await page.keyboard.type(colleague);
    await tabTo(page, 'field:note');
    await page.keyboard.type('Covering while I am on holiday');
    await tabTo(page, 'button:Hand it over');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await expect(page.getByRole('heading', { name: 'Handed over' })).toBeTruthy();
    expect(await page.textContent('main')).toContain(`${colleague} now has this step`);
    await checked.check('hand-over-done');

    const theirs = await until('the colleague’s link', async () =>
      (await linkedEmails(runtime, store)).find(
        ({ record }) => record.onboardingId === started.onboardingId && record.recipient === colleague,
      ),
    );
    expect(theirs.email.subject).toMatch(/^Handed to you: /);

    // The ops console's audit pack: the hand-over is there, and the page passes axe (it prints on A4).
    await page.goto(`${runtime.apiUrl}/ops/onboardings/${started.onboardingId}/audit`);
    const text = (await page.textContent('main')) ?? '';
    expect(text).toContain('Audit pack: Keyboard Handover Ltd');
    expect(text).toContain(colleague);
    expect(text).toContain('Covering while I am on holiday');
    await checked.check('audit-pack');
  });
});

describe('"Publish another product" from the checklist, in chromium', () => {
  it('the provider of a completed onboarding requests another product; errors are shown by their fields; the checklist then shows both', async () => {
    const { store } = clientsFor(runtime);
    const contact = 'ada@browser-products.example';
    const started = await startOnboardingOverHttp(runtime, 'Browser Products Ltd', contact);
    await playEveryone(runtime, store, started.onboardingId);
    const checklist = await until('the contact’s checklist link', async () =>
      (await readInbox(runtime.sesUrl))
        .filter((email) => email.to.includes(contact))
        .map((email) => email.text.match(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}/)?.[0])
        .findLast(Boolean),
    );
    const checked = new CheckedPage(await context.newPage());
    const { page } = checked;

    await page.goto(checklist);
    expect(await page.textContent('main')).toContain('Publish another product');
    await checked.check('checklist-another-product');

    // Sent without the confirmation: the error is listed and next to its field, the answer kept.
    await page.getByLabel('Product name').fill('Acme Mail');
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Request publication' }).click(),
    ]);
    expect(await page.textContent('main')).toContain('Tick the box to confirm the publication request.');
    expect(await page.getByLabel('Product name').inputValue()).toBe('Acme Mail');
    await checked.check('another-product-errors');

    await page.getByLabel('Notes on its content (optional)').fill('Listing text and pricing are in staging.');
    await page
      .getByLabel('Its content is ready in the staging portal, and I request its publication.')
      .check();
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Request publication' }).click(),
    ]);
    expect(await page.textContent('h1')).toBe('Publication requested: Acme Mail');
    await checked.check('another-product-requested');

    await actionEmail(runtime, store, started.onboardingId, 'technical-integration');
    await playEveryone(runtime, store, started.onboardingId);
    await page.goto(checklist);
    const text = (await page.textContent('main')) ?? '';
    for (const name of [...DEMO_PRODUCTS, 'Acme Mail']) expect(text).toContain(name);
    await checked.check('checklist-two-products');
  });
});

/** Presses Tab until the focus is on `target` ("link:text", "button:text" or "field:name"); at most 40 times. */
async function tabTo(page: Page, target: string): Promise<void> {
  const [kind, wanted] = target.split(':') as [string, string];
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press('Tab');
    const focused = (await page.evaluate(
      '({ tag: document.activeElement?.tagName, name: document.activeElement?.getAttribute("name"), text: document.activeElement?.textContent?.trim() })',
    )) as { tag?: string; name?: string | null; text?: string };
    if (kind === 'field' && focused.name === wanted) return;
    if (kind === 'link' && focused.tag === 'A' && focused.text === wanted) return;
    if (kind === 'button' && focused.tag === 'BUTTON' && focused.text === wanted) return;
  }
  throw new Error(`Tab never reached ${target}`);
}
