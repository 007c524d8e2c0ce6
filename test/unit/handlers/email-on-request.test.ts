import { MessageRejected, SendEmailCommand } from '@aws-sdk/client-ses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mintLinkId, sha256Hex } from '../../../functions/domain/action-links.ts';
import { EMAIL_ON_REQUEST_LIMITS, emailLinkOnRequest } from '../../../functions/domain/email-on-request.ts';
import type { Wait } from '../../../functions/domain/model.ts';
import { actionApiHandler } from '../../../functions/http/action-api-handler.ts';
import { apiEvent, formBody, lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { tableItems } from '../../support/table-items.ts';
import { ses, type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

let h: UnitHarness;
let handler: ReturnType<typeof actionApiHandler>;

beforeEach(async () => {
  h = await unitHarness();
  handler = actionApiHandler(h.deps);
});
afterEach(() => h.table.stop());

/** An expired link for the wait: what "send me a new link" is offered on. */
async function expiredLink(wait: Wait): Promise<string> {
  const linkId = mintLinkId(wait.onboardingId);
  await h.deps.store.putLink({
    idHash: sha256Hex(linkId),
    onboardingId: wait.onboardingId,
    waitKey: wait.waitKey,
    stage: wait.stage,
    role: wait.role,
    recipient: wait.recipient,
    createdAt: '2026-11-20T09:00:00.000Z',
    expiresAt: '2026-11-21T09:00:00.000Z',
  });
  return linkId;
}

function renew(linkId: string) {
  return handler(
    apiEvent({
      method: 'POST',
      path: `/a/${linkId}/renew`,
      pathParameters: { id: linkId },
      body: formBody({}),
      contentType: 'application/x-www-form-urlencoded',
    }),
    lambdaContext,
  );
}

async function eventsOfType(onboardingId: string, type: string) {
  return (await h.deps.store.listEvents(onboardingId)).filter((event) => event.type === type);
}

describe('emails sent on request are limited', () => {
  it('sends one new link for 100 concurrent renewals of one expired link, and shows each the same calm page', async () => {
    const onboarding = await seedOnboarding(h.deps.store);
    const link = await expiredLink(await seedWait(h.deps.store, onboarding, 'cloud-account'));

    const answers = await Promise.all(Array.from({ length: 100 }, () => renew(link)));

    expect(h.sentEmails()).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.statusCode))).toEqual(new Set([200]));
    expect(new Set(answers.map((answer) => answer.body))).toHaveLength(1);
    expect(answers[0]?.body).toContain('We have just sent a link');
    expect(answers[0]?.body).toContain(h.deps.config.resources.contactEmail);
    // One audit event for the whole suppressed burst, and one for the link that was sent.
    expect(await eventsOfType(onboarding.id, 'email-suppressed')).toHaveLength(1);
    expect(await eventsOfType(onboarding.id, 'link-renewed')).toHaveLength(1);
  });

  it('sends the step a new link again once its window has passed', async () => {
    const onboarding = await seedOnboarding(h.deps.store);
    const link = await expiredLink(await seedWait(h.deps.store, onboarding, 'cloud-account'));
    await renew(link);
    await renew(link);
    expect(h.sentEmails()).toHaveLength(1);

    h.now.value = new Date(h.now.value.getTime() + EMAIL_ON_REQUEST_LIMITS.perStep.windowSeconds * 1000 + 1);
    await renew(link);

    expect(h.sentEmails()).toHaveLength(2);
  });

  it('caps one recipient across all their steps, under 50-way concurrency', async () => {
    // Eight onboardings with the same rep, each waiting on the rep, each with an expired link.
    const links: string[] = [];
    for (let n = 0; n < 8; n += 1) {
      const onboarding = await seedOnboarding(h.deps.store, {
        id: `acme-${n}-abcdefgh`,
        executionName: `acme-${n}`,
      });
      links.push(await expiredLink(await seedWait(h.deps.store, onboarding, 'portal-access')));
    }

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, n) => renew(links[n % links.length] as string)),
    );

    const toRep = h.sentEmails().filter((email) => email.to.includes('rep@marketplace.example'));
    expect(toRep).toHaveLength(EMAIL_ON_REQUEST_LIMITS.perRecipient.limit);
    expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
  });

  it('limits the ops console resend the same way', async () => {
    const onboarding = await seedOnboarding(h.deps.store);
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');

    const first = await emailLinkOnRequest(h.deps, { onboarding, wait, via: 'ops console' });
    const second = await emailLinkOnRequest(h.deps, { onboarding, wait, via: 'ops console' });

    expect([first, second]).toEqual(['sent', 'suppressed']);
    expect(h.sentEmails()).toHaveLength(1);
    const [suppressed] = await eventsOfType(onboarding.id, 'email-suppressed');
    expect(suppressed?.detail).toContain('ops console');
  });

  it('does not count refused requests: a link for a finished step sends nothing and uses no allowance', async () => {
    const onboarding = await seedOnboarding(h.deps.store);
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
    const link = await expiredLink(wait);
    await h.deps.store.closeWait(onboarding.id, wait.waitKey);

    expect((await renew(link)).statusCode).toBe(409);
    expect(h.sentEmails()).toHaveLength(0);
    const items = await tableItems(h.table);
    expect(items.filter((item) => String(item.pk).startsWith('ALLOWANCE#'))).toEqual([]);
  });

  it('gives the sends back when SES refuses the link for good, so a resend after the fix goes out at once', async () => {
    const onboarding = await seedOnboarding(h.deps.store);
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: ['ada@acme.example'] } })
      .rejectsOnce(
        new MessageRejected({
          message: 'Email address is not verified.',
          $metadata: { httpStatusCode: 400 },
        }),
      )
      .resolves({ MessageId: 'after-the-fix' });

    const refused = await emailLinkOnRequest(h.deps, { onboarding, wait, via: 'ops console' });
    const afterFix = await emailLinkOnRequest(h.deps, { onboarding, wait, via: 'ops console' });

    expect([refused, afterFix]).toEqual(['not-sent', 'sent']);
    expect(await eventsOfType(onboarding.id, 'email-suppressed')).toEqual([]);
  });
});
