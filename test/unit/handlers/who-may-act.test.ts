import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mintLinkId, sha256Hex } from '../../../functions/domain/action-links.ts';
import type { Onboarding, Wait } from '../../../functions/domain/model.ts';
import { changeContact } from '../../../functions/domain/people/change-contact.ts';
import { handOverStep } from '../../../functions/domain/people/hand-over-step.ts';
import { removeMember } from '../../../functions/domain/people/remove-member.ts';
import { mintViewLink } from '../../../functions/domain/view-links.ts';
import { actionApiHandler } from '../../../functions/http/action-api-handler.ts';
import { viewPagesHandler } from '../../../functions/http/view-pages-handler.ts';
import { apiEvent, formBody, lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

/**
 * The eight ways a person acted where they did not belong (issue "Who may act"), each through the real
 * page handlers on dynalite: refused in plain words, nothing changed, nobody emailed.
 */
let h: UnitHarness;
let onboarding: Onboarding;
const GRACE = { name: 'Grace Hopper', email: 'grace@acme.example' };
const OPS = 'arn:aws:iam::123456789012:user/alice';

beforeEach(async () => {
  h = await unitHarness();
  onboarding = await seedOnboarding(h.deps.store, { team: [GRACE] });
});
afterEach(() => h.table.stop());

type Result = APIGatewayProxyStructuredResultV2;
const idOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

async function actionLink(wait: Wait, recipient = wait.recipient): Promise<string> {
  const linkId = mintLinkId(wait.onboardingId);
  await h.deps.store.putLink({
    idHash: sha256Hex(linkId),
    onboardingId: wait.onboardingId,
    waitKey: wait.waitKey,
    stage: wait.stage,
    role: wait.role,
    recipient,
    createdAt: '2026-11-24T09:30:00.000Z',
    expiresAt: '2026-12-24T09:30:00.000Z',
  });
  return linkId;
}

async function checklist(recipient: string, opensSteps = true): Promise<string> {
  return idOf(
    await mintViewLink(h.deps, { view: 'checklist', onboardingId: onboarding.id, recipient, opensSteps }),
  );
}

async function queue(recipient: string): Promise<string> {
  return idOf(await mintViewLink(h.deps, { view: 'queue', recipient, opensSteps: true }));
}

async function page(
  method: string,
  path: string,
  id: string,
  body?: Record<string, string | string[]>,
  headers?: Record<string, string>,
): Promise<Result> {
  const handler = path.startsWith('/a/') ? actionApiHandler(h.deps) : viewPagesHandler(h.deps, controlStub);
  return (await handler(
    apiEvent({
      method,
      path,
      pathParameters: { id },
      headers,
      ...(body ? { body: formBody(body), contentType: 'application/x-www-form-urlencoded' } : {}),
    }),
    lambdaContext,
  )) as Result;
}

/** "Publish another product" needs starting and stopping executions; a refusal must call neither. */
const controlStub = {
  starter: {
    startExecution: () => Promise.reject(new Error('a refused request started an execution')),
  },
  stopper: { stopExecution: () => Promise.reject(new Error('a refused request stopped an execution')) },
};

/** What a refusal must leave as it was: the records and the outbox. */
async function snapshot() {
  return {
    onboarding: await h.deps.store.getOnboarding(onboarding.id),
    waits: await h.deps.store.listWaits(onboarding.id),
    events: await h.deps.store.listEvents(onboarding.id),
    emails: h.sentEmails().length,
  };
}

const AGREEMENT = {
  signerName: 'Ada Lovelace',
  signerTitle: 'CTO',
  agreementVersion: 'v1',
  accept: 'yes',
};

describe('who may act: each behaviour that used to succeed is refused and changes nothing', () => {
  it('1. after a contact change, the old contact’s checklist link shows only that it is no longer theirs', async () => {
    const old = await checklist(onboarding.contactEmail);
    await changeContact(h.deps, {
      onboardingId: onboarding.id,
      who: 'provider',
      fields: { email: 'new@acme.example', name: 'Nora New', reason: 'Ada left' },
      by: OPS,
    });
    const before = await snapshot();

    const shown = await page('GET', `/p/${old}`, old);
    expect(shown.statusCode).toBe(410);
    expect(shown.body).toContain('This link is no longer yours to use');
    for (const secret of ['Nora New', 'new@acme.example', GRACE.name, 'Acme Software', onboarding.id]) {
      expect(shown.body).not.toContain(secret);
    }
    const invite = await page('POST', `/p/${old}/invite`, old, { name: 'Eve', email: 'eve@acme.example' });
    expect(invite.statusCode).toBe(410);
    expect(await snapshot()).toEqual(before);
  });

  it('2. the page an old holder sees after an ops change names no IAM principal or account', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'portal-access');
    const link = await actionLink(wait);
    await changeContact(h.deps, {
      onboardingId: onboarding.id,
      who: 'rep',
      fields: { email: 'newrep@marketplace.example' },
      by: OPS,
    });
    const shown = await page('GET', `/a/${link}`, link);
    expect(shown.statusCode).toBe(410);
    expect(shown.body).toContain('The Marketplace team handed this step over');
    expect(shown.body).not.toMatch(/arn:|123456789012|alice/);
  });

  it('3. a team member’s done page leads back to the member’s own checklist, so what they do next is recorded as them', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
    const membersLink = await actionLink(wait, GRACE.email);
    const done = await page('POST', `/a/${membersLink}`, membersLink, { alias: 'ACME' });
    expect(done.statusCode).toBe(200);
    const back = (done.body ?? '').match(/\/p\/([A-Za-z0-9_-]{43})/)?.[1] as string;
    expect(back).toBeDefined();
    const viewLink = await h.deps.store.getViewLink(sha256Hex(back));
    expect(viewLink).toMatchObject({ recipient: GRACE.email, onboardingId: onboarding.id, opensSteps: true });
    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.decision?.actor.id).toBe(GRACE.email);
  });

  it('4. after ops hands the contact’s provider step to a team member, the contact’s old link can neither see nor record it', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'provider-agreement');
    const contactsLink = await actionLink(wait);
    await handOverStep(h.deps, {
      onboardingId: onboarding.id,
      waitKey: wait.waitKey,
      fields: { to: GRACE.email },
      by: OPS,
    });
    const before = await snapshot();

    const shown = await page('GET', `/a/${contactsLink}`, contactsLink);
    expect(shown.statusCode).toBe(410);
    const posted = await page('POST', `/a/${contactsLink}`, contactsLink, AGREEMENT);
    expect(posted.statusCode).toBe(410);
    expect(await snapshot()).toEqual(before);
    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.status).toBe('pending');
  });

  it('5. a staff step cannot be handed to the provider from its page', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'provider-credit');
    const repsLink = await actionLink(wait);
    const before = await snapshot();
    for (const to of [onboarding.contactEmail, GRACE.email, 'outsider@elsewhere.example']) {
      const refused = await page('POST', `/a/${repsLink}/hand-over`, repsLink, { to });
      expect(refused.statusCode, to).toBe(400);
      expect(refused.body).toMatch(/acts for the provider|not a marketplace staff address/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('6. a rep cannot make themselves (or any staff address) the provider contact from the queue', async () => {
    const repsQueue = await queue(onboarding.repEmail);
    const before = await snapshot();
    for (const email of [onboarding.repEmail, 'platform@marketplace.example']) {
      const refused = await page('POST', `/r/${repsQueue}/contact`, repsQueue, {
        onboarding: onboarding.id,
        name: 'Rep Self',
        email,
        reason: 'Taking over',
      });
      expect(refused.statusCode, email).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('7. a checklist link from an email with the rep in copy shows the checklist but adds, invites and removes nothing', async () => {
    const copied = await checklist(onboarding.contactEmail, false);
    const before = await snapshot();
    const shown = await page('GET', `/p/${copied}`, copied);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toContain(`/p/${copied}/invite`);
    expect(shown.body).not.toContain(`/p/${copied}/products`);
    for (const [path, body] of [
      [`/p/${copied}/products`, { product: 'Acme Mail', confirm: 'yes' }],
      [`/p/${copied}/invite`, { name: 'Eve', email: 'eve@acme.example' }],
      [`/p/${copied}/team/remove`, { email: GRACE.email }],
    ] as const) {
      const refused = await page('POST', path, copied, body);
      expect(refused.statusCode, path).toBe(403);
      expect(refused.body).toContain('This link can only show the checklist');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('8. a stopped onboarding’s contact cannot be changed from the rep’s queue (ops may, before resuming)', async () => {
    const stopped = await seedOnboarding(h.deps.store, { id: 'stopped-abcdefgh', status: 'stopped' });
    const repsQueue = await queue(stopped.repEmail);
    const refused = await page('POST', `/r/${repsQueue}/contact`, repsQueue, {
      onboarding: stopped.id,
      name: 'Nora New',
      email: 'new@acme.example',
      reason: 'Ada left',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('This onboarding was stopped');
    expect((await h.deps.store.getOnboarding(stopped.id))?.contactEmail).toBe(stopped.contactEmail);
  });
});

describe('who may act: removing a colleague and cross-site forms', () => {
  it('the contact removes a colleague: every link of theirs stops working at once, and a step they held comes back', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'provider-agreement');
    await handOverStep(h.deps, {
      onboardingId: onboarding.id,
      waitKey: wait.waitKey,
      fields: { to: GRACE.email },
      by: OPS,
    });
    const gracesChecklist = await checklist(GRACE.email);
    const gracesStep = await actionLink({ ...wait, recipient: GRACE.email });
    const contacts = await checklist(onboarding.contactEmail);

    const asMember = await page('POST', `/p/${gracesChecklist}/team/remove`, gracesChecklist, {
      email: GRACE.email,
    });
    expect(asMember.statusCode).toBe(403);
    const removed = await page('POST', `/p/${contacts}/team/remove`, contacts, { email: GRACE.email });
    expect(removed.statusCode, h.logLines.join('\n')).toBe(200);
    expect(removed.body).toContain('Grace Hopper is no longer on your team');

    expect((await page('GET', `/p/${gracesChecklist}`, gracesChecklist)).statusCode).toBe(410);
    expect((await page('POST', `/a/${gracesStep}`, gracesStep, AGREEMENT)).statusCode).toBe(410);
    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.recipient).toBe(
      onboarding.contactEmail,
    );
    const events = await h.deps.store.listEvents(onboarding.id);
    expect(events.find((event) => event.type === 'team-member-removed')).toMatchObject({
      actor: onboarding.contactEmail,
    });
    await expect(
      removeMember(h.deps, { onboardingId: onboarding.id, fields: { email: GRACE.email }, by: OPS }),
    ).rejects.toThrow('is not on the team');
  });

  it('refuses a POST a browser says came from another site, on every link route, before any work', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
    const link = await actionLink(wait);
    const contacts = await checklist(onboarding.contactEmail);
    const before = await snapshot();
    const routes: [string, string, Record<string, string>][] = [
      [`/a/${link}`, link, { alias: 'ACME' }],
      [`/a/${link}/renew`, link, {}],
      [`/p/${contacts}/invite`, contacts, { name: 'Eve', email: 'eve@acme.example' }],
      [`/p/${contacts}/team/remove`, contacts, { email: GRACE.email }],
      [`/p/${contacts}/open`, contacts, { onboarding: onboarding.id, wait: wait.waitKey }],
    ];
    const crossSite: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site', origin: 'null' },
    ];
    for (const headers of crossSite) {
      for (const [path, id, body] of routes) {
        const refused = await page('POST', path, id, body, headers);
        expect(refused.statusCode, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(refused.body).toContain('sent from another website');
      }
    }
    expect(await snapshot()).toEqual(before);
    // The same form from our own page goes through.
    const own = await page(
      'POST',
      `/a/${link}`,
      link,
      { alias: 'ACME' },
      {
        'sec-fetch-site': 'same-origin',
        origin: 'https://onboarding.test.example',
      },
    );
    expect(own.statusCode).toBe(200);
  });
});
