import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ANSWERS, DEMO_PRODUCTS } from '../../local/demo-answers.ts';
import { type InboxEmail, readInbox } from '../../local/inbox-client.ts';
import { openAndSubmit } from '../../local/person.ts';
import { signedPostJson } from '../../local/signed-fetch.ts';
import {
  actionEmail,
  clientsFor,
  driveTo,
  linkedEmails,
  playEveryone,
  startOnboardingOverHttp,
  until,
} from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

const CHECKLIST_LINK = /https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}/;
const CONFIRM_LINK = /https?:\/\/\S+\/t\/[A-Za-z0-9_-]{43}/;

const postForm = (url: string, body: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
    redirect: 'manual',
  });

describe('people change from the provider’s own pages, on npm start', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-people-provider-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
  });
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const emailsTo = async (address: string) =>
    (await readInbox(runtime.sesUrl)).filter((email) => email.to.includes(address));
  const emailTo = (address: string, subject: string) =>
    until(`an email to ${address}: ${subject}`, async () =>
      (await emailsTo(address)).find((email) => email.subject.startsWith(subject)),
    );
  const linkIn = (email: InboxEmail, pattern: RegExp) => {
    const link = email.text.match(pattern)?.[0];
    if (!link) throw new Error(`no link in "${email.subject}"`);
    return link;
  };

  it('a member invites a colleague: nothing reaches the colleague until the contact confirms; a double confirm adds once; the colleague takes a provider step', async () => {
    const { store } = clientsFor(runtime);
    const contact = 'ada@invite-ltd.example';
    const member = { name: 'Grace Hopper', email: 'grace@invite-ltd.example' };
    const colleague = { name: 'Alan Turing', email: 'alan@invite-ltd.example' };
    const response = await signedPostJson(`${runtime.apiUrl}/onboardings`, {
      company: 'Invite Ltd',
      contactName: 'Ada Lovelace',
      contactEmail: contact,
      repEmail: 'rep@marketplace.example',
      team: [member],
    });
    expect(response.status).toBe(201);
    const { onboardingId } = (await response.json()) as { onboardingId: string };
    await actionEmail(runtime, store, onboardingId, 'cloud-account');
    const memberChecklist = linkIn(await emailTo(member.email, 'For your team:'), CHECKLIST_LINK);

    // The member's checklist has the form; a bad answer is refused in plain words and changes nothing.
    expect(await (await fetch(memberChecklist)).text()).toContain('Invite a colleague');
    const refused = await postForm(`${memberChecklist}/invite`, { name: 'Alan', email: 'not an address' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Email address must be a single email address');
    const asked = await postForm(`${memberChecklist}/invite`, colleague);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain(`We emailed ${contact} a link to confirm`);

    const confirmation = await emailTo(contact, 'Confirm a new team member');
    expect(confirmation.text).toContain(
      `Grace Hopper (${member.email}) asked to add Alan Turing ${colleague.email} to your team for Invite Ltd's onboarding`,
    );
    const confirmLink = linkIn(confirmation, CONFIRM_LINK);
    // Opening the link (as a mail scanner would) changes nothing and emails no one.
    const page = await fetch(confirmLink);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Add Alan Turing to the team');
    expect((await fetch(confirmLink, { method: 'HEAD' })).status).toBe(200);
    expect(await emailsTo(colleague.email)).toEqual([]);
    expect((await store.getOnboarding(onboardingId))?.team).toEqual([member]);

    // A double click: both answer "on your team", the colleague is added once and welcomed once.
    const [first, second] = await Promise.all([
      postForm(confirmLink, { confirm: 'yes' }),
      postForm(confirmLink, { confirm: 'yes' }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await first.text()).toContain('Alan Turing is on your team');
    expect((await store.getOnboarding(onboardingId))?.team).toEqual([member, colleague]);
    const welcome = await emailTo(colleague.email, 'You are on the team');
    expect(await emailsTo(colleague.email)).toHaveLength(1);

    // The colleague opens the waiting provider step from their own checklist and takes it.
    const theirChecklist = linkIn(welcome, CHECKLIST_LINK);
    const checklistPage = await (await fetch(theirChecklist)).text();
    const waitKey = checklistPage.match(/name="wait" value="([^"]+)"/)?.[1] as string;
    expect(waitKey).toBeDefined();
    const opened = await postForm(`${theirChecklist}/open`, {
      onboarding: onboardingId,
      wait: waitKey.replaceAll('&#39;', "'"),
    });
    expect(opened.status).toBe(303);
    const stepLink = new URL(opened.headers.get('location') as string, runtime.apiUrl).toString();
    expect((await openAndSubmit(stepLink, DEMO_ANSWERS['cloud-account'])).submitted).toBe(200);
    expect(await store.getWait(onboardingId, waitKey)).toMatchObject({
      status: 'decided',
      decision: { actor: { id: colleague.email, role: 'provider' } },
    });
    const events = (await store.listEvents(onboardingId)).map((event) => event.type);
    expect(events.filter((type) => type === 'team-member-added')).toHaveLength(1);
    expect(events).toContain('colleague-invited');
  });
});

describe('the provider publishes another product from the checklist, on npm start', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-people-product-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
  });
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after completion: only the new product is integrated, approved and published; the checklist shows both', async () => {
    const { store } = clientsFor(runtime);
    const contact = 'ada@more-products.example';
    const started = await startOnboardingOverHttp(runtime, 'More Products Ltd', contact);
    await playEveryone(runtime, store, started.onboardingId);
    const before = await store.listWaits(started.onboardingId);
    const checklist = await until('a checklist link in the contact’s email', async () => {
      const emails = (await readInbox(runtime.sesUrl)).filter((email) => email.to.includes(contact));
      return emails.map((email) => email.text.match(CHECKLIST_LINK)?.[0]).findLast(Boolean);
    });
    const page = await (await fetch(checklist)).text();
    expect(page).toContain('Publish another product');

    // Plain-word refusals change nothing.
    const unconfirmed = await postForm(`${checklist}/products`, { product: 'Acme Mail', notes: '' });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('Tick the box to confirm the publication request.');
    const taken = await postForm(`${checklist}/products`, {
      product: DEMO_PRODUCTS[0] ?? '',
      confirm: 'yes',
    });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain(`already has a product named`);
    expect((await store.getOnboarding(started.onboardingId))?.status).toBe('completed');

    const asked = await postForm(`${checklist}/products`, {
      product: 'Acme Mail',
      notes: 'Listing text and pricing are in staging.',
      confirm: 'yes',
    });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Publication requested: Acme Mail');
    await actionEmail(runtime, store, started.onboardingId, 'technical-integration');
    await playEveryone(runtime, store, started.onboardingId);

    const done = await store.getOnboarding(started.onboardingId);
    expect(done?.status).toBe('completed');
    expect(done?.products.map((product) => [product.name, product.status])).toEqual([
      ...DEMO_PRODUCTS.map((name) => [name, 'published']),
      ['Acme Mail', 'published'],
    ]);
    // Only the new product was asked for: no provider step and no step of the first products again.
    const known = new Set(before.map((wait) => wait.waitKey));
    const added = (await store.listWaits(started.onboardingId)).filter((wait) => !known.has(wait.waitKey));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((wait) => wait.product === 'Acme Mail' && wait.role !== 'provider')).toBe(true);
    expect(new Set(added.map((wait) => wait.stage))).toEqual(
      new Set(['technical-integration', 'billing-integration', 'marketplace-approval']),
    );
    const finished = await (await fetch(checklist)).text();
    for (const name of [...DEMO_PRODUCTS, 'Acme Mail']) expect(finished).toContain(name);

    const provided = (await store.listEvents(started.onboardingId)).filter(
      (event) =>
        event.product === 'Acme Mail' && event.type === 'decision-recorded' && event.actor === contact,
    );
    expect(provided.map((event) => event.stage).sort()).toEqual(['product-content', 'publication-request']);
    expect(provided[0]?.ip).toBeDefined();
  });
});

describe('a rep changes the provider contact from their queue, on npm start', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-people-queue-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
  });
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the old contact’s pending link is no longer theirs; the new contact completes; the rep is the actor on record', async () => {
    const { store } = clientsFor(runtime);
    const rep = 'rep@marketplace.example';
    const newContact = { name: 'Grace Hopper', email: 'grace@queue-change.example' };
    const started = await driveTo(runtime, store, 'portal-access', 'Queue Change Ltd');
    const { email } = await actionEmail(runtime, store, started.onboardingId, 'portal-access');
    const queue = email.text.match(/https?:\/\/\S+\/r\/[A-Za-z0-9_-]{43}/)?.[0];
    expect(queue).toBeDefined();
    const queuePage = await (await fetch(queue as string)).text();
    expect(queuePage).toContain('Change provider contact');
    const action = `${queue}/contact`;

    // The rep answers the step first; the agreement then waits on the old contact.
    expect((await openAndSubmit(started.link, DEMO_ANSWERS['portal-access'])).submitted).toBe(200);
    const old = await actionEmail(runtime, store, started.onboardingId, 'provider-agreement');

    const refused = await postForm(action, { onboarding: started.onboardingId, ...newContact, reason: '' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Reason is required.');
    const changed = await postForm(action, {
      onboarding: started.onboardingId,
      ...newContact,
      reason: 'Ada moved to another team',
    });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain(`${newContact.email} is now the provider contact`);

    const oldPage = await fetch(old.link);
    expect(oldPage.status).toBe(410);
    // A former contact is told only that the link is no longer theirs: not who has the step now.
    const oldText = await oldPage.text();
    expect(oldText).toContain('This link is no longer yours to use');
    expect(oldText).not.toContain(newContact.email);
    const theirs = await until('the new contact’s link', async () =>
      (await linkedEmails(runtime, store)).find(
        ({ record }) => record.onboardingId === started.onboardingId && record.recipient === newContact.email,
      ),
    );
    expect(theirs.record.stage).toBe('provider-agreement');
    await playEveryone(runtime, store, started.onboardingId);
    const done = await store.getOnboarding(started.onboardingId);
    expect(done).toMatchObject({
      status: 'completed',
      contactEmail: newContact.email,
      contactName: 'Grace Hopper',
    });
    const agreement = (await store.listWaits(started.onboardingId)).find(
      (wait) => wait.stage === 'provider-agreement',
    );
    expect(agreement?.decision?.actor.id).toBe(newContact.email);
    const events = await store.listEvents(started.onboardingId);
    expect(events.find((event) => event.type === 'contact-changed')).toMatchObject({
      actor: rep,
      detail: expect.stringContaining('Ada moved to another team'),
    });
  });
});
