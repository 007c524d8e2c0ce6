import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findActionLink } from '../../../functions/domain/find-action-link.ts';
import { mintViewLink } from '../../../functions/domain/view-links.ts';
import { viewPagesHandler } from '../../../functions/http/view-pages-handler.ts';
import { apiEvent, formBody, lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

let harness: UnitHarness;
beforeEach(async () => {
  harness = await unitHarness();
});
afterEach(async () => {
  await harness.table.stop();
});

const idOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

async function call(method: string, path: string, id: string, body?: Record<string, string>) {
  const handler = viewPagesHandler(harness.deps);
  return (await handler(
    apiEvent({
      method,
      path,
      pathParameters: { id },
      ...(body ? { body: formBody(body), contentType: 'application/x-www-form-urlencoded' } : {}),
    }),
    lambdaContext,
  )) as APIGatewayProxyStructuredResultV2;
}

describe('checklist and queue pages', () => {
  it('shows the provider every stage, escapes every value, and changes nothing on GET', async () => {
    const onboarding = await seedOnboarding(harness.deps.store, {
      company: 'Acme <script>alert(1)</script> & Co',
    });
    await seedWait(harness.deps.store, onboarding, 'cloud-account');
    const url = await mintViewLink(harness.deps, {
      view: 'checklist',
      onboardingId: onboarding.id,
      recipient: onboarding.contactEmail,
      opensSteps: true,
    });
    const eventsBefore = await harness.deps.store.listEvents(onboarding.id);

    const page = await call('GET', `/p/${idOf(url)}`, idOf(url));

    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers?.['cache-control']).toBe('no-store');
    expect(page.body).toContain('Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(page.body).not.toContain('<script>');
    for (const title of [
      'Cloud account',
      'Provider Portal access',
      'Marketplace Provider Agreement',
      'Publication request',
    ])
      expect(page.body).toContain(title);
    expect(page.body).toContain('Waiting on you');
    expect(await harness.deps.store.listEvents(onboarding.id)).toEqual(eventsBefore);
  });

  it("lists a rep's pending steps oldest first and drops them once decided or closed", async () => {
    const older = await seedOnboarding(harness.deps.store, { id: 'older-co-abcdefgh', company: 'Older Co' });
    const newer = await seedOnboarding(harness.deps.store, { id: 'newer-co-abcdefgh', company: 'Newer Co' });
    const first = await seedWait(harness.deps.store, older, 'portal-access');
    await harness.deps.store.openWait({
      ...first,
      onboardingId: newer.id,
      waitKey: 'provider-credit#-#e1',
      stage: 'provider-credit',
      enteredAt: '2026-11-24T11:00:00.000Z',
    });

    const queue = await harness.deps.store.listPendingWaitsFor('REP@marketplace.example');
    expect(queue.map((wait) => wait.onboardingId)).toEqual([older.id, newer.id]);

    await harness.deps.store.closeWait(older.id, first.waitKey);
    expect(
      (await harness.deps.store.listPendingWaitsFor(first.recipient)).map((w) => w.onboardingId),
    ).toEqual([newer.id]);
  });

  it('opens only the holder’s own step: a fresh action link for it, never one of another role', async () => {
    const onboarding = await seedOnboarding(harness.deps.store);
    const providerWait = await seedWait(harness.deps.store, onboarding, 'cloud-account');
    const repWait = await seedWait(harness.deps.store, onboarding, 'portal-access');
    const checklist = idOf(
      await mintViewLink(harness.deps, {
        view: 'checklist',
        onboardingId: onboarding.id,
        recipient: onboarding.contactEmail,
        opensSteps: true,
      }),
    );

    const opened = await call('POST', `/p/${checklist}/open`, checklist, {
      onboarding: onboarding.id,
      wait: providerWait.waitKey,
    });
    expect(opened.statusCode).toBe(303);
    const location = String(opened.headers?.location);
    expect(location).toMatch(/^\/a\/[A-Za-z0-9_-]{43,}$/);
    expect(await findActionLink(harness.deps.store, idOf(location))).toMatchObject({
      waitKey: providerWait.waitKey,
      role: 'provider',
      recipient: onboarding.contactEmail,
    });

    const refused = await call('POST', `/p/${checklist}/open`, checklist, {
      onboarding: onboarding.id,
      wait: repWait.waitKey,
    });
    expect(refused.statusCode).toBe(403);
  });

  it('emails the step link instead when the view link went to others in copy', async () => {
    const onboarding = await seedOnboarding(harness.deps.store);
    const wait = await seedWait(harness.deps.store, onboarding, 'cloud-account');
    const id = idOf(
      await mintViewLink(harness.deps, {
        view: 'checklist',
        onboardingId: onboarding.id,
        recipient: onboarding.contactEmail,
        opensSteps: false,
      }),
    );

    const answer = await call('POST', `/p/${id}/open`, id, { onboarding: onboarding.id, wait: wait.waitKey });

    expect(answer.statusCode).toBe(200);
    expect(harness.sentEmails().map((email) => email.to)).toEqual([[onboarding.contactEmail]]);
  });

  it('answers unknown, wrong-kind and expired links with a page, not a crash', async () => {
    const onboarding = await seedOnboarding(harness.deps.store);
    const queueId = idOf(
      await mintViewLink(harness.deps, { view: 'queue', recipient: onboarding.repEmail, opensSteps: true }),
    );
    expect((await call('GET', `/p/${queueId}`, queueId)).statusCode).toBe(404);
    expect((await call('GET', '/p/nonsense', 'nonsense')).statusCode).toBe(404);
    harness.now.value = new Date(harness.now.value.getTime() + 400 * 24 * 3600 * 1000);
    expect((await call('GET', `/r/${queueId}`, queueId)).statusCode).toBe(410);
  });
});

describe('temporary failures', () => {
  it.each([
    ['GET', '/p/', ''],
    ['POST', '/p/', '/open'],
  ])(
    'answer %s %s… with a 503 "try again" page with the security headers when DynamoDB throttles',
    async (method, prefix, suffix) => {
      const onboarding = await seedOnboarding(harness.deps.store);
      const url = await mintViewLink(harness.deps, {
        view: 'checklist',
        onboardingId: onboarding.id,
        recipient: onboarding.contactEmail,
        opensSteps: true,
      });
      const throttled = mockClient(harness.table.documentClient);
      throttled.onAnyCommand().rejects(
        Object.assign(new Error('Rate exceeded'), {
          name: 'ThrottlingException',
          $metadata: { httpStatusCode: 400 },
        }),
      );

      const page = await call(
        method,
        `${prefix}${idOf(url)}${suffix}`,
        idOf(url),
        method === 'POST' ? {} : undefined,
      );
      throttled.restore();

      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('Please try again');
      expect(page.body).toContain('try again in a minute');
      expect(page.headers?.['content-security-policy']).toContain("default-src 'none'");
      expect(page.headers?.['x-frame-options']).toBe('DENY');
      expect(page.headers?.['cache-control']).toBe('no-store');
    },
  );
});
