import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPack } from '../../functions/domain/audit-pack.ts';
import { DEMO_ANSWERS, DEMO_PRODUCTS } from '../../local/demo-answers.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { openAndSubmit } from '../../local/person.ts';
import { signedPostJson } from '../../local/signed-fetch.ts';
import { runOnboardingCli, runOnboardingCliOnApi } from '../support/cli-process.ts';
import {
  actionEmail,
  clientsFor,
  driveTo,
  linkedEmails,
  playEveryone,
  until,
} from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';

describe('people change, on npm start: hand-overs, a new contact, another product, the audit pack', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;
  /** The ops CLI as ops runs it, in a process of its own, against the running runtime. */
  let cli: (...args: string[]) => Promise<string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-people-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
    cli = (...args) => runOnboardingCli(runtime, args);
  });
  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a provider team member gets a copy with their own checklist and takes the step under their own name', async () => {
    const { store } = clientsFor(runtime);
    const member = { name: 'Grace Hopper', email: 'grace@team-ltd.example' };
    const response = await signedPostJson(`${runtime.apiUrl}/onboardings`, {
      company: 'Team Ltd',
      contactName: 'Ada Lovelace',
      contactEmail: 'ada@team-ltd.example',
      repEmail: 'rep@marketplace.example',
      team: [member],
    });
    expect(response.status).toBe(201);
    const { onboardingId } = (await response.json()) as { onboardingId: string };
    const contactEmail = await actionEmail(runtime, store, onboardingId, 'cloud-account');

    const copy = await until('the team member’s copy', async () =>
      (await readInbox(runtime.sesUrl)).find(
        (email) => email.to.includes(member.email) && email.subject.startsWith('For your team:'),
      ),
    );
    // Their own checklist link, not the contact's personal action link.
    expect(copy.text).not.toContain(contactEmail.link);
    const checklist = copy.text.match(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}/)?.[0] as string;
    expect(checklist).toBeDefined();
    const page = await (await fetch(checklist)).text();
    const waitKey = page.match(/name="wait" value="([^"]+)"/)?.[1] as string;
    const opened = await fetch(`${checklist}/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ onboarding: onboardingId, wait: waitKey.replaceAll('&#39;', "'") }),
      redirect: 'manual',
    });
    expect(opened.status).toBe(303);
    const stepLink = new URL(opened.headers.get('location') as string, runtime.apiUrl).toString();
    expect((await openAndSubmit(stepLink, DEMO_ANSWERS['cloud-account'])).submitted).toBe(200);

    const wait = await store.getWait(onboardingId, waitKey);
    expect(wait).toMatchObject({
      status: 'decided',
      decision: { actor: { id: member.email, role: 'provider' } },
    });
    // The contact's own link now says it is done; the rep is asked next.
    expect(await (await fetch(contactEmail.link)).text()).toContain(member.email);
    await actionEmail(runtime, store, onboardingId, 'portal-access');
  });

  it('a rep hands the portal-access step to a colleague: the old link says so, the colleague approves', async () => {
    const { store } = clientsFor(runtime);
    const started = await driveTo(runtime, store, 'portal-access', 'Handover Ltd');
    const colleague = 'colleague@marketplace.example';

    const said = await cli(
      'hand-over',
      started.onboardingId,
      '--stage',
      'portal-access',
      '--to',
      colleague,
      '--note',
      'On holiday until Monday',
    );
    expect(said).toContain(`now with ${colleague}`);
    // Twice is once: the same hand-over again changes nothing.
    expect(
      await cli('hand-over', started.onboardingId, '--stage', 'portal-access', '--to', colleague),
    ).toContain('Already with');

    const old = await fetch(started.link);
    const oldPage = await old.text();
    expect(old.status).toBe(410);
    expect(oldPage).toContain(`handed this step over to ${colleague}`);
    expect(oldPage).toContain('On holiday until Monday');
    const refused = await openAndSubmit(started.link, DEMO_ANSWERS['portal-access']);
    expect(refused.submitted).toBe(410);

    const theirs = await until('the colleague’s email', async () =>
      (await linkedEmails(runtime, store)).find(
        ({ record, email }) =>
          record.onboardingId === started.onboardingId &&
          record.recipient === colleague &&
          email.subject.startsWith('Handed to you'),
      ),
    );
    expect(theirs.email.text).toContain('On holiday until Monday');
    expect((await openAndSubmit(theirs.link, DEMO_ANSWERS['portal-access'])).submitted).toBe(200);
    await actionEmail(runtime, store, started.onboardingId, 'provider-agreement');
    const wait = await store.getWait(started.onboardingId, started.wait.waitKey);
    expect(wait).toMatchObject({
      status: 'decided',
      recipient: colleague,
      decision: { actor: { id: colleague } },
    });
    expect(wait?.handovers).toHaveLength(1);
  });

  it('ops on "AWS": the signed people API refuses unsigned requests, and the CLI without --local hands a step over through it', async () => {
    const { store } = clientsFor(runtime);
    const started = await driveTo(runtime, store, 'portal-access', 'Signed Handover Ltd');
    const colleague = 'signed-cover@marketplace.example';

    // Unsigned: API Gateway's own answer, before any function runs; nothing moves.
    for (const [method, path, body] of [
      ['POST', `/onboardings/${started.onboardingId}/hand-over`, { stage: 'portal-access', to: colleague }],
      ['POST', '/out-of-office', { from: started.wait.recipient, to: colleague }],
      ['POST', `/onboardings/${started.onboardingId}/contact`, { email: colleague }],
      ['POST', `/onboardings/${started.onboardingId}/rep`, { email: colleague }],
      ['POST', `/onboardings/${started.onboardingId}/products`, { product: 'Unsigned Mail' }],
      ['GET', `/onboardings/${started.onboardingId}/audit`, undefined],
    ] as const) {
      const unsigned = await fetch(`${runtime.apiUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body && JSON.stringify(body),
      });
      expect(unsigned.status, `${method} ${path}`).toBe(403);
      expect(await unsigned.json()).toEqual({ message: 'Missing Authentication Token' });
    }
    expect((await store.getWait(started.onboardingId, started.wait.waitKey))?.recipient).toBe(
      started.wait.recipient,
    );

    // Signed by the CLI with only the API URL and credentials: no table, no state machine, no --local.
    const said = await runOnboardingCliOnApi(runtime, [
      'hand-over',
      started.onboardingId,
      '--stage',
      'portal-access',
      '--to',
      colleague,
      '--note',
      'Signed cover',
    ]);
    expect(said).toContain(`portal-access is now with ${colleague}, who was emailed a link.`);

    const old = await fetch(started.link);
    expect(old.status).toBe(410);
    expect(await old.text()).toContain(`handed this step over to ${colleague}`);
    const theirs = await until('the new holder’s email', async () =>
      (await linkedEmails(runtime, store)).find(
        ({ record, email }) =>
          record.onboardingId === started.onboardingId &&
          record.recipient === colleague &&
          email.subject.startsWith('Handed to you'),
      ),
    );
    expect(theirs.email.text).toContain('Signed cover');

    // The audit pack through the API names the signed caller (the IAM principal) as who handed over.
    const pack = JSON.parse(
      await runOnboardingCliOnApi(runtime, ['audit', started.onboardingId]),
    ) as AuditPack;
    expect(pack.handovers).toEqual([
      expect.objectContaining({
        stage: 'portal-access',
        to: colleague,
        by: 'arn:aws:iam::123456789012:user/local',
      }),
    ]);
    // A refusal comes back in the API's plain words, and the CLI fails.
    await expect(
      runOnboardingCliOnApi(runtime, ['change-rep', started.onboardingId, '--email', started.wait.recipient]),
    ).rejects.toThrow(`${started.wait.recipient} is already the rep.`);
  });

  it('the holder of a staff step hands it over from its own page; a provider step cannot be', async () => {
    const { store } = clientsFor(runtime);
    const started = await driveTo(runtime, store, 'provider-credit', 'Page Handover Ltd');
    const page = await (await fetch(started.link)).text();
    const handOverUrl = `${started.link}/hand-over`;
    expect(page).toContain(`href="${new URL(handOverUrl).pathname}"`);
    const form = await fetch(handOverUrl);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Their email address');

    const post = (body: Record<string, string>) =>
      fetch(handOverUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
    const refused = await post({ to: 'not an address' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/New address/);
    const moved = await post({ to: 'billing-cover@marketplace.example', note: 'I am away' });
    expect(moved.status).toBe(200);
    expect(await moved.text()).toContain('billing-cover@marketplace.example now has this step');
    expect((await fetch(started.link)).status).toBe(410);
    // A provider step cannot be handed over from its page.
    const provider = await driveTo(runtime, store, 'provider-agreement', 'Provider Step Ltd');
    expect((await fetch(`${provider.link}/hand-over`)).status).toBe(403);
    expect((await store.getWait(started.onboardingId, started.wait.waitKey))?.recipient).toBe(
      'billing-cover@marketplace.example',
    );
  });

  it('ops changes the provider contact mid-revision; the new contact finishes; a product is added after completion; the audit pack has it all', async () => {
    const { store } = clientsFor(runtime);
    const started = await driveTo(runtime, store, 'product-revision', 'Contact Change Ltd');
    const newContact = 'grace@contact-change.example';

    expect(
      await cli(
        'change-contact',
        started.onboardingId,
        '--email',
        newContact,
        '--name',
        'Grace Hopper',
        '--reason',
        'Ada left',
      ),
    ).toContain('2 waiting step(s) handed over'); // both products' revisions
    const oldRevision = await fetch(started.link);
    expect(oldRevision.status).toBe(410);
    const oldText = await oldRevision.text();
    expect(oldText).toContain('This link is no longer yours to use');
    expect(oldText).not.toContain(newContact);
    expect(await store.getOnboarding(started.onboardingId)).toMatchObject({
      contactEmail: newContact,
      contactName: 'Grace Hopper',
    });

    // The new contact finishes the revision from their own link; everyone else plays along.
    await playEveryone(runtime, store, started.onboardingId);
    const provider = (await store.listWaits(started.onboardingId)).filter((wait) => wait.role === 'provider');
    const afterChange = provider.filter((wait) => wait.enteredAt > (started.wait.enteredAt ?? ''));
    expect(afterChange.every((wait) => wait.recipient === newContact)).toBe(true);

    // Another product, after completion: integrated, approved and published; complete again.
    expect((await store.getOnboarding(started.onboardingId))?.status).toBe('completed');
    expect(await cli('add-product', started.onboardingId, '--product', 'Acme Mail')).toContain(
      `continues as ${started.onboardingId}-resume-1`,
    );
    await actionEmail(runtime, store, started.onboardingId, 'technical-integration');
    await playEveryone(runtime, store, started.onboardingId);
    const done = await store.getOnboarding(started.onboardingId);
    expect(done?.products.map((product) => [product.name, product.status])).toEqual([
      ...DEMO_PRODUCTS.map((name) => [name, 'published']),
      ['Acme Mail', 'published'],
    ]);
    // Only the new product was asked for again: the published ones were not touched.
    const approvals = (await store.listWaits(started.onboardingId)).filter(
      (wait) => wait.stage === 'marketplace-approval',
    );
    expect(approvals.map((wait) => wait.product).sort()).toEqual([...DEMO_PRODUCTS, 'Acme Mail'].sort());

    const pack = JSON.parse(await cli('audit', started.onboardingId)) as AuditPack;
    expect(pack.onboarding.contactEmail).toBe(newContact);
    expect(pack.executions).toEqual([started.onboardingId, `${started.onboardingId}-resume-1`]);
    expect(pack.agreement).toMatchObject({ signerName: 'Ada Lovelace', version: expect.any(String) });
    expect(pack.handovers).toEqual(
      DEMO_PRODUCTS.map(() =>
        expect.objectContaining({ stage: 'product-revision', to: newContact, note: 'Ada left' }),
      ),
    );
    expect(pack.contactChanges[0]?.detail).toContain(`→ ${newContact}`);
    const decided = (await store.listWaits(started.onboardingId)).filter((wait) => wait.status === 'decided');
    expect(pack.decisions).toHaveLength(decided.length);
    expect(pack.decisions.every((decision) => decision.ip && decision.userAgent)).toBe(true);
    expect(pack.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['contact-changed', 'step-handed-over', 'product-added', 'onboarding-resumed']),
    );
    expect(pack.emails.length).toBeGreaterThan(decided.length);

    const page = await cli('audit', started.onboardingId, '--format', 'html');
    expect(page).toContain('<h1>Audit pack: Contact Change Ltd</h1>');
    expect(page).toContain('@page { size: A4');
  });
});
