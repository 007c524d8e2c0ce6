import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInbox } from '../../local/inbox-client.ts';
import { clientsFor, driveTo, until } from '../support/onboarding-driver.ts';
import type { RuntimeProcess } from '../support/runtime-process.ts';
import { CheckedPage } from './browser.ts';
import { startBrowserRuntime } from './browser-runtime.ts';
import { expectFitsBothWidths, watchConsole } from './page-probes.ts';

/**
 * Ops triage and act in the console, in chromium: the list's columns, search and filters; a hand-over
 * and a rep change from the detail page; a question to the provider on a waiting step; a stop with a reason that the provider, their team and the rep
 * are emailed. Every page at 390 and 1280 px, axe clean, nothing scrolling sideways.
 */
let runtime: RuntimeProcess;
let context: BrowserContext;
let stop: () => Promise<void>;
let checked: CheckedPage;
let page: Page;
let consoleErrors: string[];

const OTHER_REP = 'other-rep@marketplace.example';
const STOPPING = {
  company: 'Stop Soon Ltd',
  contact: 'zed@stop-soon.example',
  member: 'grace@stop-soon.example',
};

beforeAll(async () => {
  ({ runtime, context, stop } = await startBrowserRuntime('browser-ops-console'));
  checked = new CheckedPage(await context.newPage());
  page = checked.page;
  consoleErrors = watchConsole(page);
}, 120_000);
afterAll(() => stop?.());

async function look(name: string, docs?: string): Promise<void> {
  await checked.check(name);
  await expectFitsBothWidths(page, docs);
  expect(consoleErrors, name).toEqual([]);
}

/** Axe at a phone's width too (the forms stack there), then as every page. */
async function lookNarrowToo(name: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 900 });
  await checked.check(`${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await look(name);
}

async function submit(button: string): Promise<void> {
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
}

/** The text of the list's row for a company. */
function rowOf(company: string): Promise<string> {
  return page
    .locator('table.triage tbody tr', { hasText: company })
    .textContent()
    .then((text) => text ?? '');
}

describe('the ops console, triage and actions', () => {
  it('lists who each onboarding waits on, and finds them by search and filters at the top', async () => {
    const { store } = clientsFor(runtime);
    await driveTo(runtime, store, 'portal-access', 'Triage Ltd');
    await page.goto(`${runtime.apiUrl}/ops`);
    await page.getByLabel('Company', { exact: true }).fill(STOPPING.company);
    await page.getByLabel('Provider contact name').fill('Zed Zeta');
    await page.getByLabel('Provider contact email').fill(STOPPING.contact);
    await page.getByLabel('Marketplace rep email').fill(OTHER_REP);
    await page.getByLabel(/Provider team/).fill(`Grace Hopper <${STOPPING.member}>`);
    await submit('Start the onboarding');
    await expect.poll(() => page.locator('#now-at').textContent(), { timeout: 30_000 }).toContain('Provider');

    await page.goto(`${runtime.apiUrl}/ops`);
    const headers = await page.locator('table.triage thead th').allTextContents();
    expect(headers).toEqual([
      'Company',
      'Stage',
      'Waiting on',
      'Days waiting',
      'Reminders',
      'Rep',
      'Last change',
    ]);
    expect(await rowOf('Triage Ltd')).toMatch(
      /Provider Portal access\s+Marketplace representative \(rep@marketplace\.example\)\s+0\s+None\s+rep@marketplace\.example/,
    );
    // Search sits above the list.
    const [search, table] = await Promise.all([
      page.getByRole('search').boundingBox(),
      page.locator('table.triage').boundingBox(),
    ]);
    expect(search && table && search.y + search.height <= table.y).toBe(true);
    await look('ops-dashboard-triage', 'ops-dashboard-triage');

    // By rep, then by stage (named as people name it), then search.
    await page.getByLabel('Rep', { exact: true }).selectOption(OTHER_REP);
    await submit('Show');
    expect(await page.locator('table.triage tbody tr').count()).toBe(1);
    expect(await rowOf(STOPPING.company)).toContain(`Provider (${STOPPING.contact})`);
    await page.goto(`${runtime.apiUrl}/ops`);
    await page.getByLabel('Stage', { exact: true }).selectOption({ label: 'Provider Portal access' });
    await submit('Show');
    expect(await page.locator('table.triage tbody tr').allTextContents()).toEqual([
      expect.stringContaining('Triage Ltd'),
    ]);
    await page.getByLabel('Needs attention').selectOption({ label: 'Overdue' });
    await submit('Show');
    await expect.poll(() => page.getByText('No onboarding matches.').isVisible()).toBe(true);
    await page.goto(`${runtime.apiUrl}/ops?q=stop-soon`);
    expect(
      await page.getByRole('heading', { level: 2, name: /contains “stop-soon” \(1\)/ }).isVisible(),
    ).toBe(true);
    await look('ops-dashboard-filtered');
  }, 120_000);

  it('hands a step over and changes the rep from the detail page, with plain errors and one clock', async () => {
    await page.goto(`${runtime.apiUrl}/ops?q=Triage`);
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: /^triage-ltd-/ }).click()]);
    const detailUrl = page.url();

    const step = page.getByLabel('Step', { exact: true });
    expect(await step.locator('option').allTextContents()).toEqual([
      'Provider Portal access — Marketplace representative (rep@marketplace.example)',
    ]);
    // A mistyped address: the form says what is wrong, in words, and keeps what was typed.
    await page.getByLabel('Their email address').fill('cover at marketplace');
    await submit('Hand over');
    const problem = page.locator('#hand-over-problem');
    await expect.poll(() => problem.isVisible()).toBe(true);
    expect(await problem.textContent()).toMatch(/^The step was not handed over/);
    expect(await page.locator('#hand-over-to-error').textContent()).toMatch(/address/i);
    expect(await page.getByLabel('Their email address').inputValue()).toBe('cover at marketplace');
    expect(await page.locator('main').textContent()).not.toMatch(/portal-access|invalid_|zod/);
    await look('ops-detail-hand-over-errors', 'ops-detail-hand-over-errors');

    await page.getByLabel('Their email address').fill('cover@marketplace.example');
    await page.getByLabel('Note for them (optional)').fill('Covering this week');
    await submit('Hand over');
    expect(await page.getByRole('status').first().textContent()).toContain('The step was handed over');
    const handed = await until('the hand-over email', async () =>
      (await readInbox(runtime.sesUrl)).find(
        (email) => email.to.includes('cover@marketplace.example') && /^Handed to you: /.test(email.subject),
      ),
    );
    expect(handed.text).toContain('Covering this week');

    await page.getByLabel('New rep email').fill('newrep@marketplace.example');
    await page.getByLabel('Reason (optional)').last().fill('Territories changed');
    await submit('Change the rep');
    expect(await page.getByRole('status').first().textContent()).toContain('The rep was changed');
    expect(await page.locator('.summary-facts').textContent()).toContain('newrep@marketplace.example');

    // One clock: every time on the page, and the live "updated at", as 24-hour time with the zone.
    await page.goto(detailUrl.replace(/\?.*$/, ''));
    const times = await page.locator('main time').allTextContents();
    expect(times.length).toBeGreaterThan(3);
    for (const time of times) expect(time).toMatch(/\b\d{2}:\d{2}:\d{2} [A-Z][A-Za-z+\-0-9]*$/);
    await expect
      .poll(() => page.locator('#live-status').textContent(), { timeout: 30_000 })
      .toMatch(/^Updated at \d{2}:\d{2}:\d{2} [A-Z][A-Za-z+\-0-9]*; /);
    expect(await page.locator('main').textContent()).not.toMatch(/\b(AM|PM)\b/);

    // The graph window shows every label whole: each text is wholly inside the box or wholly outside.
    const cut = (await page.evaluate(`(() => {
      const svg = document.querySelector('.graph-scroll svg').getBoundingClientRect();
      return [...document.querySelectorAll('.graph-scroll svg text')].filter((text) => {
        const box = text.getBoundingClientRect();
        const overlaps = box.right > svg.left && box.left < svg.right && box.bottom > svg.top && box.top < svg.bottom;
        const inside = box.left >= svg.left - 0.5 && box.right <= svg.right + 0.5 && box.top >= svg.top - 0.5 && box.bottom <= svg.bottom + 0.5;
        return overlaps && !inside;
      }).map((text) => text.textContent);
    })()`)) as string[];
    expect(cut).toEqual([]);
    await look('ops-detail-actions', 'ops-detail-actions');
  }, 120_000);

  it('asks the provider on a waiting step from the detail page: the thread shows it and the provider is emailed', async () => {
    await page.goto(`${runtime.apiUrl}/ops?q=stop-soon`);
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('link', { name: /^stop-soon-ltd-/ }).click(),
    ]);
    const section = page.locator('#conversations');
    await section.locator('summary').click();
    const box = section.getByLabel('Ask a question or answer one');
    await expect.poll(() => box.count()).toBe(1);
    // Nothing typed: the step's own form says so in words, and nothing is sent.
    await submit('Send message');
    expect(await page.locator('.message-form .error-message').textContent()).toMatch(/message/i);
    expect(await page.locator('main').textContent()).not.toMatch(/invalid_|zod|Required/);
    await lookNarrowToo('ops-detail-message-errors');

    const question = 'Which AWS region should the sandbox listing use?';
    await section.getByLabel('Ask a question or answer one').fill(question);
    await submit('Send message');
    expect(await page.getByRole('status').first().textContent()).toContain(
      'Your question was added to the step and emailed to the provider',
    );
    const lines = await page.locator('#conversations .thread-entry').allTextContents();
    expect(lines).toEqual([
      expect.stringMatching(/Question\s*·\s*ops console \(local\)[\s\S]*Which AWS region/),
    ]);
    const asked = await until('the question in the provider contact’s inbox', async () =>
      (await readInbox(runtime.sesUrl)).find(
        (email) => email.to.includes(STOPPING.contact) && /^A question on/.test(email.subject),
      ),
    );
    expect(asked.text).toContain(question);
    // The step did not change: the provider is still the one it waits on.
    expect(await page.locator('#now-at').textContent()).toContain('Provider');
    await lookNarrowToo('ops-detail-message-asked');
  }, 120_000);

  it('stops an onboarding only with a reason, and tells the contact, their team and the rep', async () => {
    await page.goto(`${runtime.apiUrl}/ops?q=stop-soon`);
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('link', { name: /^stop-soon-ltd-/ }).click(),
    ]);
    await submit('Stop the onboarding');
    await expect.poll(() => page.locator('#stop-problem').isVisible()).toBe(true);
    expect(await page.locator('#stop-problem').textContent()).toMatch(/^The onboarding was not stopped/);
    expect(await page.locator('#stop-reason-error').textContent()).toMatch(/Reason/);
    expect(await page.locator('#execution-status').textContent()).toBe('Running');
    await look('ops-detail-stop-errors');

    await page.getByLabel('Reason (told to the provider)').fill('Stop Soon chose another marketplace.');
    await submit('Stop the onboarding');
    expect(await page.getByRole('status').first().textContent()).toContain('The onboarding was stopped');
    await expect
      .poll(() => page.locator('#execution-status').textContent(), { timeout: 30_000 })
      .toBe('Aborted');
    const told = await until('three emails saying it stopped', async () => {
      const found = (await readInbox(runtime.sesUrl)).filter((email) =>
        /^Stopped: Stop Soon Ltd/.test(email.subject),
      );
      return found.length >= 3 ? found : undefined;
    });
    expect(told.map((email) => email.to).sort()).toEqual(
      [[OTHER_REP], [STOPPING.member], [STOPPING.contact]].sort(),
    );
    for (const email of told) {
      expect(email.cc).toEqual([]);
      expect(email.text).toContain('Stop Soon chose another marketplace.');
    }
    // Nothing left to hand over or stop; people can still change for a resume.
    expect(await page.getByRole('button', { name: 'Stop the onboarding' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Hand over' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Change the contact' }).isVisible()).toBe(true);
    await look('ops-detail-stopped-with-reason', 'ops-detail-stopped');
  }, 120_000);

  it('lists the lifecycle events other systems receive, filtered by detail type and onboarding', async () => {
    await page.goto(`${runtime.apiUrl}/ops`);
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('link', { name: 'Lifecycle events' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Lifecycle events');
    await page.getByLabel('Detail type').selectOption('Onboarding Stopped');
    await submit('Show');
    const rows = page.locator('#live table tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const stopped = (await rows.first().textContent()) ?? '';
    expect(stopped).toContain('Onboarding Stopped');
    expect(stopped).toMatch(/stop-soon-ltd-/);
    // Ids only: the stop's reason and the people stay out of the event.
    expect(stopped).not.toContain('Stop Soon chose another marketplace.');
    expect(stopped).not.toContain(STOPPING.contact);
    await look('ops-lifecycle-events');

    const onboardingId = /stop-soon-ltd-[a-z0-9]+/.exec(stopped)?.[0] ?? '';
    await page.getByLabel('Detail type').selectOption('');
    await page.getByLabel('Onboarding id').fill(onboardingId);
    await submit('Show');
    const types = await page.locator('#live table tbody tr td:nth-child(2)').allTextContents();
    // Started from the console, waiting at its first step, asked about from the console, stopped:
    // nothing decided.
    expect(new Set(types)).toEqual(
      new Set(['Onboarding Started', 'Stage Entered', 'Question Asked', 'Onboarding Stopped']),
    );
    const onboardings = await page.locator('#live table tbody tr td:nth-child(3)').allTextContents();
    expect(new Set(onboardings)).toEqual(new Set([onboardingId]));
  }, 120_000);
});
