import { afterEach, describe, expect, it } from 'vitest';
import { startOnboarding } from '../../functions/domain/start-onboarding.ts';
import { InProcessSystem } from '../support/in-process-system.ts';

const PROVIDER = 'ada@acme.example';
const REP = 'rep@marketplace.example';
const PLATFORM = 'platform@marketplace.example';
const BILLING = 'billing@marketplace.example';
const MARKETPLACE = 'marketplace-team@marketplace.example';
const AGREEMENT = {
  signerName: 'Ada Lovelace',
  signerTitle: 'CTO',
  agreementVersion: '2019-01',
  accept: 'yes',
};

let system: InProcessSystem;
afterEach(() => system.stop());

async function start(options: { waitSeconds?: number; maxReminders?: number } = {}) {
  system = await InProcessSystem.start(options);
  return startOnboarding(system.starterDeps, {
    company: 'Acme Software',
    contactName: 'Ada Lovelace',
    contactEmail: PROVIDER,
    repEmail: REP,
  });
}

/** Stages 1 to 6, every person acting on the first email they get. */
async function throughPublicationRequest(products: string[]) {
  expect(
    (await system.act(await system.nextEmail(PROVIDER, /Cloud account/), { alias: 'acme' })).statusCode,
  ).toBe(200);
  expect(
    (await system.act(await system.nextEmail(REP, /Provider Portal/), { decision: 'approve' })).statusCode,
  ).toBe(200);
  expect((await system.act(await system.nextEmail(PROVIDER, /Agreement/), AGREEMENT)).statusCode).toBe(200);
  expect(
    (await system.act(await system.nextEmail(REP, /credit/i), { amount: '2500.00', currency: 'USD' }))
      .statusCode,
  ).toBe(200);
  expect(
    (await system.act(await system.nextEmail(PROVIDER, /Product content/), { products: products.join('\n') }))
      .statusCode,
  ).toBe(200);
  const publication = await system.nextEmail(PROVIDER, /Publication request/);
  expect((await system.act(publication, { products, confirm: 'yes' })).statusCode).toBe(200);
}

async function signOff(
  recipient: string,
  product: string,
  fields: Record<string, string> = { decision: 'approve' },
) {
  const email = await system.nextEmail(recipient, new RegExp(product));
  expect((await system.act(email, fields)).statusCode).toBe(200);
}

async function finished(executionArn: string) {
  return system.engine.waitForExecution(executionArn, { timeoutMs: 10_000 });
}

async function statesEntered(executionArn: string): Promise<string[]> {
  const { events } = await system.engine.getExecutionHistory(executionArn, { maxResults: 1000 });
  return events.flatMap((event) =>
    event.stateEnteredEventDetails?.name ? [event.stateEnteredEventDetails.name] : [],
  );
}

describe('onboarding paths on the real ASL with the real handlers', () => {
  it('takes two products through all nine stages to a completed onboarding', async () => {
    const { onboardingId, executionArn } = await start();
    const products = ['Acme Backup', 'Acme Monitor'];

    await throughPublicationRequest(products);
    for (const product of products) {
      await signOff(PLATFORM, product);
      await signOff(BILLING, product);
    }
    for (const product of products) await signOff(MARKETPLACE, product);

    expect((await finished(executionArn)).status).toBe('SUCCEEDED');
    const onboarding = await system.deps.store.getOnboarding(onboardingId);
    expect(onboarding).toMatchObject({ status: 'completed', stage: 'completed', alias: 'ACME' });
    expect(onboarding?.products.map((product) => [product.name, product.status])).toEqual([
      ['Acme Backup', 'published'],
      ['Acme Monitor', 'published'],
    ]);
    // One action email per human stage (6 + 3 per product), the signer's copy of the agreement, and
    // the news of each publication and of completion to the contact and to the rep, separately.
    expect(system.emails).toHaveLength(6 + 3 * 2 + 1 + 2 * 2 + 2);
    expect(system.emails.filter((email) => /^Your copy: /.test(email.subject))).toHaveLength(1);
    const events = (await system.deps.store.listEvents(onboardingId)).map((event) => event.type);
    expect(events.filter((type) => type === 'decision-recorded')).toHaveLength(12);
    expect(events.filter((type) => type === 'product-published')).toHaveLength(2);
    const entered = await statesEntered(executionArn);
    expect(entered).toContain('Record onboarding complete');
    console.info(`happy path, two products: ${entered.length} states entered`);
  });

  it('loops back when work is sent back: alias, technical integration, marketplace review', async () => {
    const { onboardingId, executionArn } = await start();

    await system.act(await system.nextEmail(PROVIDER, /Cloud account/), { alias: 'ACMX' });
    await system.act(await system.nextEmail(REP, /Provider Portal/), {
      decision: 'send-back',
      reason: 'No account has alias ACMX.',
    });
    const again = await system.nextEmail(PROVIDER, /Cloud account/);
    expect(again.text).toContain('No account has alias ACMX.');
    await system.act(again, { alias: 'ACME' });
    await system.act(await system.nextEmail(REP, /Provider Portal/), { decision: 'approve' });
    await system.act(await system.nextEmail(PROVIDER, /Agreement/), AGREEMENT);
    await system.act(await system.nextEmail(REP, /credit/i), { amount: '500' });
    await system.act(await system.nextEmail(PROVIDER, /Product content/), { products: 'Acme Backup' });
    await system.act(await system.nextEmail(PROVIDER, /Publication request/), {
      products: 'Acme Backup',
      confirm: 'yes',
    });

    await signOff(PLATFORM, 'Acme Backup', {
      decision: 'send-back',
      reason: 'The health check endpoint fails.',
    });
    await signOff(BILLING, 'Acme Backup');
    const revision = await system.nextEmail(PROVIDER, /Acme Backup/);
    expect(revision.text).toContain('The health check endpoint fails.');
    await system.act(revision, { decision: 'resubmit', changes: 'Fixed the health check.' });
    await signOff(PLATFORM, 'Acme Backup');

    await signOff(MARKETPLACE, 'Acme Backup', {
      decision: 'request-changes',
      sendBackTo: 'content',
      reason: 'Add pricing details.',
    });
    const contentRevision = await system.nextEmail(PROVIDER, /Acme Backup/);
    expect(contentRevision.text).toContain('Add pricing details.');
    await system.act(contentRevision, { decision: 'resubmit', changes: 'Added pricing.' });
    await signOff(MARKETPLACE, 'Acme Backup');

    expect((await finished(executionArn)).status).toBe('SUCCEEDED');
    const waits = await system.deps.store.listWaits(onboardingId);
    expect(waits.filter((wait) => wait.stage === 'cloud-account')).toHaveLength(2);
    expect(waits.filter((wait) => wait.stage === 'technical-integration')).toHaveLength(2);
    expect(waits.filter((wait) => wait.stage === 'billing-integration')).toHaveLength(1);
    expect(waits.filter((wait) => wait.stage === 'marketplace-approval')).toHaveLength(2);
    expect((await system.deps.store.getOnboarding(onboardingId))?.products[0]?.status).toBe('published');
  });

  it('reminds, then escalates to the rep, and still accepts the first link afterwards', async () => {
    const { onboardingId, executionArn } = await start({ waitSeconds: 1, maxReminders: 1 });
    const first = await system.nextEmail(PROVIDER, /Cloud account/);

    const reminder = await system.nextEmail(PROVIDER, /Reminder/i, 5_000);
    const escalation = await system.nextEmail(REP, /./, 5_000);

    expect(reminder.text).toMatch(/\/a\/[A-Za-z0-9_-]{43,}/);
    expect(InProcessSystem.linkIdIn(reminder)).not.toBe(InProcessSystem.linkIdIn(first));
    expect(escalation.text).toContain('Acme Software');
    expect((await system.act(first, { alias: 'ACME' })).statusCode).toBe(200);
    await system.nextEmail(REP, /Provider Portal/, 5_000);
    const wait = await system.deps.store.getCurrentWait(onboardingId, 'cloud-account');
    expect(wait).toMatchObject({ status: 'decided', escalations: 1 });
    const events = (await system.deps.store.listEvents(onboardingId)).map((event) => event.type);
    expect(events).toEqual(expect.arrayContaining(['reminder-sent', 'escalated']));
    await system.engine.stopExecution(executionArn);
  });

  it('publishes one product and records the other as withdrawn, closing its open sign-off', async () => {
    const { onboardingId, executionArn } = await start();
    await throughPublicationRequest(['Acme Backup', 'Acme Monitor']);

    await signOff(PLATFORM, 'Acme Backup');
    await signOff(BILLING, 'Acme Backup');
    await signOff(MARKETPLACE, 'Acme Backup');
    await signOff(PLATFORM, 'Acme Monitor', { decision: 'send-back', reason: 'No API yet.' });
    const billingMonitor = await system.nextEmail(BILLING, /Acme Monitor/);
    const revision = await system.nextEmail(PROVIDER, /Acme Monitor/);
    await system.act(revision, { decision: 'withdraw', reason: 'We will come back next year.' });

    expect((await finished(executionArn)).status).toBe('SUCCEEDED');
    const products = (await system.deps.store.getOnboarding(onboardingId))?.products;
    expect(products?.map((product) => [product.name, product.status])).toEqual([
      ['Acme Backup', 'published'],
      ['Acme Monitor', 'withdrawn'],
    ]);
    const late = await system.act(billingMonitor, { decision: 'approve' }).catch((error: Error) => error);
    expect(late instanceof Error ? late.message : late.statusCode).toMatch(/410/);
  });

  it('resumes at a recorded stage with a new execution', async () => {
    const { onboardingId, executionArn } = await start();
    await system.act(await system.nextEmail(PROVIDER, /Cloud account/), { alias: 'ACME' });
    await system.act(await system.nextEmail(REP, /Provider Portal/), { decision: 'approve' });
    const agreementEmail = await system.nextEmail(PROVIDER, /Agreement/);
    await system.engine.stopExecution(executionArn, { error: 'Ops.Redrive', cause: 'test' });
    const { resumeOnboarding } = await import('../../functions/domain/resume-onboarding.ts');

    const resumed = await resumeOnboarding(system.starterDeps, { onboardingId });

    expect(resumed).toMatchObject({
      startAt: 'provider-agreement',
      executionName: `${onboardingId}-resume-1`,
    });
    // The link sent before the stop still works: the new execution adopted the pending wait.
    expect((await system.act(agreementEmail, AGREEMENT)).statusCode).toBe(200);
    await system.act(await system.nextEmail(REP, /credit/i), { amount: '100' });
    await system.act(await system.nextEmail(PROVIDER, /Product content/), { products: 'Acme Backup' });
    await system.act(await system.nextEmail(PROVIDER, /Publication request/), {
      products: 'Acme Backup',
      confirm: 'yes',
    });
    await signOff(PLATFORM, 'Acme Backup');
    await signOff(BILLING, 'Acme Backup');
    await signOff(MARKETPLACE, 'Acme Backup');
    expect((await finished(resumed.executionArn)).status).toBe('SUCCEEDED');
    expect(await statesEntered(resumed.executionArn)).not.toContain('Provider: submit cloud account alias');
  });

  it('never shows a task token in an email, a page, a log line or the execution history', async () => {
    const { executionArn } = await start({ waitSeconds: 1, maxReminders: 1 });
    await system.nextEmail(REP, /./, 5_000);
    await throughPublicationRequest(['Acme Backup']);
    await system.engine.stopExecution(executionArn);

    const captured = await system.everythingCaptured();
    expect(system.tokensIssued.length).toBeGreaterThan(6);
    for (const token of system.tokensIssued) expect(captured).not.toContain(token);
  });
});
