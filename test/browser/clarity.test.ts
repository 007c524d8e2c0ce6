import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FormKind, STAGE_KEYS } from '../../functions/checklist/stages.ts';
import { type InboxEmail, readInbox } from '../../local/inbox-client.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';
import { CheckedPage, launchChromium } from './browser.ts';
import { answer, expectFitsBothWidths, probeForm, watchConsole } from './page-probes.ts';

/**
 * A two-product onboarding read the way its people read it: what the checklist counts as done at
 * every moment (a send-back and two revisions included) matches the table below; every page fits a
 * phone and a laptop without scrolling sideways and logs no error; every form, submitted with each
 * choice and each required field left out, answers in plain words; the emails say what they are.
 */
const PROVIDER = 'grace@hopper.example';
const REP = 'rep@marketplace.example';
const TEAMS = {
  technical: 'platform-enablement@marketplace.local',
  billing: 'billing@marketplace.local',
  marketplace: 'marketplace-team@marketplace.local',
};
const CLOUD = 'Insight Cloud';
const EDGE = 'Insight Edge';
const ACTION_LINK = /https?:\/\/[^\s"'<>]+\/a\/[A-Za-z0-9_-]{43,}(?![A-Za-z0-9_-])/;
const CHECKLIST_LINK = /https?:\/\/[^\s"'<>]+\/p\/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;

/** What the provider's checklist says is done, after each moment: overall, then per product. */
const PROGRESS: [moment: string, overall: number, cloud?: number, edge?: number][] = [
  ['started', 0],
  ['alias submitted', 1],
  ['alias sent back by the rep', 0],
  ['alias corrected', 1],
  ['portal account confirmed', 2],
  ['agreement accepted', 3],
  ['credit recorded', 4],
  ['products ready', 5],
  ['publication requested', 6, 6, 6],
  ['Insight Cloud integrated', 6, 7, 6],
  ['Insight Edge sent back by technical integration', 6, 7, 6],
  ['Insight Edge revised and integrated', 7, 7, 7],
  ['Insight Cloud published', 7, 9, 7],
  ['Insight Edge changes requested by the marketplace team', 7, 9, 7],
  ['Insight Edge published: onboarding complete', 9, 9, 9],
];

let runtime: RuntimeProcess;
let dataDir: string;
let context: BrowserContext;
let page: Page;
let checked: CheckedPage;
let consoleErrors: string[];
const probedKinds = new Set<FormKind>();
const schemaLikeErrors: string[] = [];

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  // Waits on the system's state (an email arriving, a page changing), polling; the limit only turns a hang into a failure.
  for (let attempt = 0; attempt < 400; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Never saw ${what}`);
}

let seen = 0;
/** The newest email to `to` whose subject matches, among those sent since the mark `seen`. */
async function nextEmail(to: string, subject: RegExp): Promise<InboxEmail> {
  return until(`an email to ${to} matching ${subject}`, async () =>
    (await readInbox(runtime.sesUrl))
      .slice(seen)
      .filter((candidate) => candidate.to.includes(to) && subject.test(candidate.subject))
      .at(-1),
  );
}

/** Marks the inbox as read so far: the next emails looked for are those sent after this. */
async function mark(): Promise<void> {
  seen = (await readInbox(runtime.sesUrl)).length;
}

async function actionLink(to: string, subject: RegExp): Promise<string> {
  const email = await nextEmail(to, subject);
  const lines = email.text.split('\n');
  // The link is the first thing in the email, before any explanation.
  expect(lines.slice(0, 3).join('\n'), email.subject).toMatch(ACTION_LINK);
  return email.text.match(ACTION_LINK)?.[0] ?? '';
}

/** Checks a page as a person meets it: accessible, fits both widths, no console error. */
async function look(name: string, docs = false): Promise<void> {
  await checked.check(name);
  await expectFitsBothWidths(page, docs ? name : undefined);
  expect(consoleErrors, name).toEqual([]);
  if (!/^(ops|inbox|start-page)/.test(name)) await expectNoInternalWords(name);
}

/** Internal stage keys (the one-word "published" is plain English, and not among them). */
const INTERNAL_KEYS = STAGE_KEYS.filter((key) => key.includes('-'));
let personPagesRead = 0;

/** A page a provider, rep or team member reads shows no HTTP status, stage key, IAM ARN or account id. */
async function expectNoInternalWords(name: string): Promise<void> {
  const text = (await page.locator('body').textContent()) ?? '';
  expect(text, name).not.toMatch(/HTTP status|arn:aws|123456789012/i);
  for (const key of INTERNAL_KEYS) expect(text, `${name}: ${key}`).not.toContain(key);
  personPagesRead += 1;
}

/** Opens an action link; the first time a form is met, it is probed with every choice and every field left out. */
async function openStep(url: string, kind: FormKind, name: string): Promise<void> {
  if (!probedKinds.has(kind)) {
    probedKinds.add(kind);
    const errors = await probeForm(page, url, kind);
    schemaLikeErrors.push(...errors);
    await look(`${name}-errors`, true);
  }
  await page.goto(url);
  await look(name, true);
}

/** The value a page's facts list gives for a label. */
function fact(label: string): Promise<string | null> {
  return page
    .locator(`xpath=//dt[normalize-space()="${label}"]/following-sibling::dd[1]`)
    .first()
    .textContent();
}

let checklistUrl = '';
async function expectProgress(moment: string): Promise<void> {
  const row = PROGRESS.find(([candidate]) => candidate === moment);
  if (!row) throw new Error(`No progress row for ${moment}`);
  const [, overall, cloud, edge] = row;
  const expected = [`${overall} of 9`, ...(cloud === undefined ? [] : [`${cloud} of 9`, `${edge} of 9`])];
  const read = async () => {
    await page.goto(checklistUrl);
    const labels = await page.locator('.progress-summary label, .product label').allTextContents();
    return labels.map(
      (label) => label.match(/(\d+) of 9/)?.[0] ?? (label.includes('all 9') ? '9 of 9' : label),
    );
  };
  let last: string[] = [];
  const labels = await until(`progress ${expected.join(', ')} at "${moment}"`, async () => {
    last = await read();
    return JSON.stringify(last) === JSON.stringify(expected) ? last : undefined;
  }).catch(async () => {
    console.log(moment, await page.locator('.steps').allInnerTexts());
    return last;
  });
  expect(labels, moment).toEqual(expected);
  const bar = page.locator('#overall-progress');
  expect([await bar.getAttribute('value'), await bar.getAttribute('max')], moment).toEqual([
    `${overall}`,
    '9',
  ]);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'onboarding-clarity-'));
  runtime = await RuntimeProcess.start({
    dataDir,
    ports: await RuntimeProcess.freePorts(),
    env: { LOCAL_PROVIDER_WAIT_SECONDS: '3600', LOCAL_TEAM_WAIT_SECONDS: '3600' },
  });
  context = await launchChromium(join(dataDir, 'chromium-profile'), {
    viewport: { width: 1280, height: 900 },
  });
  page = await context.newPage();
  consoleErrors = watchConsole(page);
  checked = new CheckedPage(page);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await runtime?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('every page and email, as its people read them', () => {
  it('a two-product onboarding with a send-back and two revisions', async () => {
    await page.goto(`${runtime.apiUrl}/`);
    await look('start-page', true);

    await page.goto(`${runtime.apiUrl}/ops`);
    await page.getByLabel('Company', { exact: true }).fill('Hopper Analytics');
    await page.getByLabel('Provider contact name').fill('Grace Hopper');
    await page.getByLabel('Provider contact email').fill(PROVIDER);
    await page.getByLabel('Marketplace rep email').fill(REP);
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Start the onboarding' }).click(),
    ]);
    const opsUrl = page.url().replace(/\?.*$/, '');

    // 1. Cloud account: the alias, sent back once by the rep.
    let url = await actionLink(PROVIDER, /^Action needed: .*Cloud account/);
    checklistUrl = (await nextEmail(PROVIDER, /Cloud account/)).text.match(CHECKLIST_LINK)?.[0] ?? '';
    await expectProgress('started');
    await look('checklist-start', true);
    await openStep(url, 'cloud-account-alias', 'action-cloud-account');
    await answer(page, 'cloud-account-alias', undefined, { alias: 'HOPR' });
    await look('action-done', true);
    expect(await fact('Cloud account alias')).toBe('HOPR');
    await expectProgress('alias submitted');

    url = await actionLink(REP, /Provider Portal access/);
    await mark();
    await openStep(url, 'portal-access-confirmation', 'action-portal-access');
    await answer(page, 'portal-access-confirmation', 'send-back', {
      reason: 'No account has the alias HOPR.',
    });
    const sentBack = await nextEmail(PROVIDER, /Cloud account/);
    expect(sentBack.subject).toMatch(/^Sent back: /);
    expect(sentBack.text).not.toContain('has reached');
    await expectProgress('alias sent back by the rep');
    expect(await page.locator('.next-step').textContent()).toContain('No account has the alias HOPR.');
    expect(
      await page.locator('li.step', { has: page.locator('#step-portal-access') }).textContent(),
    ).not.toContain('Provider Portal account created');
    await look('checklist-sent-back', true);
    await page.goto(sentBack.text.match(ACTION_LINK)?.[0] ?? '');
    await answer(page, 'cloud-account-alias', undefined, { alias: 'HOPX' });
    await expectProgress('alias corrected');

    // 2-4. Portal account, agreement (its text on the page), credit written as people write it.
    await page.goto(await actionLink(REP, /Provider Portal access/));
    await answer(page, 'portal-access-confirmation', 'approve');
    await expectProgress('portal account confirmed');
    await openStep(
      await actionLink(PROVIDER, /Provider Agreement/),
      'agreement-acceptance',
      'action-agreement',
    );
    expect(await page.locator('.agreement-text').textContent()).toContain('PLACEHOLDER');
    expect(await page.getByLabel('Your full name').inputValue()).toBe('Grace Hopper');
    await answer(page, 'agreement-acceptance', undefined, { signerName: 'Grace Hopper' });
    expect(await page.locator('main').textContent()).toMatch(
      /Fingerprint of the text \(SHA-256\)\s*[0-9a-f]{64}/,
    );
    await expectProgress('agreement accepted');
    await openStep(await actionLink(REP, /provider credit/), 'credit-applied', 'action-credit');
    await answer(page, 'credit-applied', undefined, { amount: '2,500' });
    expect(await fact('Outcome')).toBe('Credit recorded');
    expect(await fact('Credit amount')).toBe('2500');
    await expectProgress('credit recorded');

    // 5-6. Two products.
    await openStep(
      await actionLink(PROVIDER, /Product content/),
      'product-content-ready',
      'action-product-content',
    );
    await answer(page, 'product-content-ready', undefined, { products: `${CLOUD}\n${EDGE}` });
    expect(await page.locator('main').textContent()).toContain('Your next step is yours too');
    await expectProgress('products ready');
    await openStep(
      await actionLink(PROVIDER, /Publication request/),
      'publication-request',
      'action-publication',
    );
    await answer(page, 'publication-request', undefined);
    await expectProgress('publication requested');
    await look('checklist-integration', true);

    // Ops sees both products at the same state, each named.
    await page.goto(opsUrl);
    let nowAt = '';
    await until('both products at technical integration', async () => {
      await page.goto(opsUrl);
      nowAt = (await page.locator('#now-at').textContent()) ?? '';
      return nowAt.includes(`sign off technical integration (${CLOUD}, ${EDGE})`) ? nowAt : undefined;
    }).catch(() => expect(nowAt).toContain(`sign off technical integration (${CLOUD}, ${EDGE})`));
    const now = page.locator(
      'g[data-state="Platform Enablement: sign off technical integration"] > rect.shape',
    );
    const [graphBox, nowBox] = await Promise.all([
      page.locator('.graph-scroll').boundingBox(),
      now.boundingBox(),
    ]);
    expect(
      nowBox &&
        graphBox &&
        nowBox.y >= graphBox.y &&
        nowBox.y + nowBox.height <= graphBox.y + graphBox.height,
    ).toBe(true);
    await look('ops-detail', true);
    await page.goto(`${runtime.apiUrl}/ops`);
    await look('ops-dashboard', true);

    // 7. Integration: Insight Cloud signed off; Insight Edge sent back by technical, revised, signed off.
    const cloudTech = await actionLink(TEAMS.technical, new RegExp(`Technical integration: ${CLOUD}`));
    await openStep(cloudTech, 'integration-sign-off', 'action-integration');
    await answer(page, 'integration-sign-off', 'approve');
    await page.goto(await actionLink(TEAMS.billing, new RegExp(`Billing integration: ${CLOUD}`)));
    await answer(page, 'integration-sign-off', 'approve');
    await expectProgress('Insight Cloud integrated');

    const edgeTech = await actionLink(TEAMS.technical, new RegExp(`Technical integration: ${EDGE}`));
    const edgeBilling = await actionLink(TEAMS.billing, new RegExp(`Billing integration: ${EDGE}`));
    await mark();
    await page.goto(edgeTech);
    await answer(page, 'integration-sign-off', 'send-back', { reason: 'The usage API returns 500.' });
    const techRevision = await nextEmail(PROVIDER, new RegExp(`Product revision: ${EDGE}`));
    expect(techRevision.subject).toMatch(/^Sent back: .*Step 7 of 9/);
    await expectProgress('Insight Edge sent back by technical integration');
    expect(await page.locator('.next-step').textContent()).toContain('The usage API returns 500.');
    await look('checklist-revision', true);
    await page.goto(edgeBilling);
    await answer(page, 'integration-sign-off', 'approve');
    await openStep(techRevision.text.match(ACTION_LINK)?.[0] ?? '', 'product-revision', 'action-revision');
    await answer(page, 'product-revision', 'resubmit');
    await page.goto(await actionLink(TEAMS.technical, new RegExp(`Technical integration: ${EDGE}`)));
    await answer(page, 'integration-sign-off', 'approve');
    await expectProgress('Insight Edge revised and integrated');

    // 8-9. Marketplace approval: Insight Cloud published; Insight Edge sent back to content, then published.
    seen = 0;
    const edgeApproval = await actionLink(TEAMS.marketplace, new RegExp(`Marketplace approval: ${EDGE}`));
    await openStep(
      await actionLink(TEAMS.marketplace, new RegExp(`Marketplace approval: ${CLOUD}`)),
      'marketplace-approval',
      'action-marketplace-approval',
    );
    await answer(page, 'marketplace-approval', 'approve');
    const published = await nextEmail(PROVIDER, new RegExp(`${CLOUD} is published`));
    expect(published.text).toContain('https://www.ctl.io/marketplace/?q=Insight%20Cloud');
    await expectProgress('Insight Cloud published');

    await mark();
    await page.goto(edgeApproval);
    await answer(page, 'marketplace-approval', 'request-changes', { reason: 'Add pricing to the listing.' });
    const reviewRevision = await nextEmail(PROVIDER, new RegExp(`Product revision: ${EDGE}`));
    expect(reviewRevision.subject).toMatch(/^Sent back: .*Step 8 of 9/);
    await expectProgress('Insight Edge changes requested by the marketplace team');
    await page.goto(reviewRevision.text.match(ACTION_LINK)?.[0] ?? '');
    await answer(page, 'product-revision', 'resubmit');
    await page.goto(await actionLink(TEAMS.marketplace, new RegExp(`Marketplace approval: ${EDGE}`)));
    await answer(page, 'marketplace-approval', 'approve');
    await expectProgress('Insight Edge published: onboarding complete');
    // The last product is published a moment before the onboarding is recorded complete: wait for it.
    const finished = await until('the checklist to say the onboarding is complete', async () => {
      await page.goto(checklistUrl);
      const text = (await page.locator('.next-step').textContent()) ?? '';
      return text.includes(`${EDGE}: see its listing`) ? text : undefined;
    });
    expect(finished).toContain(`${EDGE}: see its listing`);
    await look('checklist-complete', true);

    // The staff pages, and the inbox.
    seen = 0;
    // The rep's latest email with their queue link (their copy of the provider's news has none).
    const QUEUE = /https?:\/\/[^\s"'<>]+\/r\/[A-Za-z0-9_-]{43}/;
    const queue =
      (await readInbox(runtime.sesUrl))
        .filter((email) => email.to.includes(REP) && QUEUE.test(email.text))
        .at(-1)
        ?.text.match(QUEUE)?.[0] ?? '';
    await page.goto(queue);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Steps waiting on the Marketplace representative',
    );
    await look('rep-queue', true);
    await page.goto(`${runtime.apiUrl}/inbox?to=${encodeURIComponent(PROVIDER)}`);
    await look('inbox', true);
    // Every page a person met on the way was read for internal words (checklists, steps, forms, queue).
    expect(personPagesRead).toBeGreaterThan(20);

    // Every form was probed, and no message anywhere used a schema library's words.
    expect([...probedKinds].sort()).toEqual(
      [
        'agreement-acceptance',
        'cloud-account-alias',
        'credit-applied',
        'integration-sign-off',
        'marketplace-approval',
        'portal-access-confirmation',
        'product-content-ready',
        'product-revision',
        'publication-request',
      ].sort(),
    );
    expect(schemaLikeErrors.length).toBeGreaterThan(15);
  }, 900_000);
});
