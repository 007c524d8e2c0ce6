import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ANSWERS } from '../../local/demo-answers.ts';
import { type InboxEmail, readInbox } from '../../local/inbox-client.ts';
import { openAndSubmit } from '../../local/person.ts';
import { signedPostJson } from '../../local/signed-fetch.ts';
import { actionEmail, clientsFor, until } from '../support/onboarding-driver.ts';
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
