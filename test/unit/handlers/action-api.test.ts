import { MessageRejected, SendEmailCommand } from '@aws-sdk/client-ses';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mintLinkId, mintSecretId, sha256Hex } from '../../../functions/domain/action-links.ts';
import type { Onboarding, Wait } from '../../../functions/domain/model.ts';
import { actionApiHandler } from '../../../functions/http/action-api-handler.ts';
import { apiEvent, formBody, lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { tableItems } from '../../support/table-items.ts';
import { ACTION_URL, ses, sfn, type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

let h: UnitHarness;
let onboarding: Onboarding;
let handler: ReturnType<typeof actionApiHandler>;

beforeEach(async () => {
  h = await unitHarness();
  sfn.on(SendTaskSuccessCommand).resolves({});
  onboarding = await seedOnboarding(h.deps.store);
  handler = actionApiHandler(h.deps);
});
afterEach(() => h.table.stop());

async function issueLink(
  wait: Wait,
  overrides: { expiresAt?: string; role?: Wait['role'] } = {},
): Promise<string> {
  const linkId = mintLinkId(wait.onboardingId);
  await h.deps.store.putLink({
    idHash: sha256Hex(linkId),
    onboardingId: wait.onboardingId,
    waitKey: wait.waitKey,
    stage: wait.stage,
    role: overrides.role ?? wait.role,
    recipient: wait.recipient,
    createdAt: '2026-11-24T09:30:00.000Z',
    expiresAt: overrides.expiresAt ?? '2026-12-24T09:30:00.000Z',
  });
  return linkId;
}

function request(
  method: string,
  linkId: string,
  body?: string,
  contentType = 'application/x-www-form-urlencoded',
) {
  const renew = method === 'RENEW';
  const path = `/a/${linkId}${renew ? '/renew' : ''}`;
  return handler(
    apiEvent({
      method: renew ? 'POST' : method,
      path,
      pathParameters: { id: linkId },
      body,
      contentType: body === undefined ? undefined : contentType,
    }),
    lambdaContext,
  );
}

describe('GET and HEAD /a/{id}', () => {
  it('renders the form and changes nothing, with the security headers', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account', { taskToken: 'secret-token-1' });
    const linkId = await issueLink(wait);
    const before = await tableItems(h.table);

    const page = await request('GET', linkId);
    const head = await request('HEAD', linkId);

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="alias"');
    expect(page.body).not.toContain('secret-token-1');
    expect(page.headers).toMatchObject({
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
    });
    expect(page.headers?.['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers?.['content-security-policy']).not.toContain('script-src');
    expect(head).toMatchObject({ statusCode: 200, body: '' });
    expect(await tableItems(h.table)).toEqual(before);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it.each([
    ['a well-formed id that was never issued', mintLinkId('acme-software-abcdefgh')],
    ['a well-formed old-style id that was never issued', mintSecretId()],
    ['an id naming an onboarding that does not exist', mintLinkId('nobody-abcdefgh')],
    ['a truncated id', mintLinkId('acme-software-abcdefgh').slice(0, 40)],
    ['a tampered id with markup', '<script>alert(1)</script>'],
  ])('answers 404 with an explanation for %s', async (_name, linkId) => {
    const page = await request('GET', linkId);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('This link is not valid');
    expect(page.body).not.toContain('<script>alert');
  });
});

describe('POST /a/{id}', () => {
  it('records the decision once, completes the task, and keeps who, when, IP and user agent', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account', { taskToken: 'secret-token-1' });
    const linkId = await issueLink(wait);

    const page = await request('POST', linkId, formBody({ alias: 'acme' }));

    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('secret-token-1');
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input)).toEqual([
      { taskToken: 'secret-token-1', output: JSON.stringify({ outcome: 'submitted' }) },
    ]);
    expect((await h.deps.store.getOnboarding(onboarding.id))?.alias).toBe('ACME');
    const recorded = (await h.deps.store.listEvents(onboarding.id)).find(
      (event) => event.type === 'decision-recorded',
    );
    expect(recorded).toMatchObject({
      actor: 'ada@acme.example',
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (test)',
    });
  });

  it('answers a second click with "already done" and completes nothing more', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
    const linkId = await issueLink(wait);
    await request('POST', linkId, formBody({ alias: 'ACME' }));

    const second = await request('POST', linkId, formBody({ alias: 'OTHER' }));

    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('ada@acme.example');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
    expect((await h.deps.store.getOnboarding(onboarding.id))?.alias).toBe('ACME');
  });

  it('uses the rotated token when a reminder replaced it between the read and the decision', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'provider-credit', { taskToken: 'old-token' });
    const linkId = await issueLink(wait);
    sfn
      .on(SendTaskSuccessCommand, { taskToken: 'old-token' })
      .rejects(Object.assign(new Error('closed'), { name: 'TaskTimedOut' }));
    sfn.on(SendTaskSuccessCommand, { taskToken: 'new-token' }).resolves({});
    // The reminder re-entered the wait with a new token just before the rep clicked.
    await h.deps.store.openWait({ ...wait, taskToken: 'new-token' });

    const page = await request('POST', linkId, formBody({ amount: '2500.00', currency: 'USD' }));

    expect(page.statusCode).toBe(200);
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input.taskToken)).toEqual([
      'new-token',
    ]);
  });

  it('keeps a decision no task took (its token closed) undelivered, with its audit and the end of its queue entry', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'provider-credit', { taskToken: 'closed-token' });
    const linkId = await issueLink(wait);
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('closed'), { name: 'TaskTimedOut' }));

    const page = await request('POST', linkId, formBody({ amount: '2500.00', currency: 'USD' }));

    expect(page.statusCode).toBe(200);
    // No settled note: the next entry of this wait completes from the record.
    const saved = await h.deps.store.getWait(onboarding.id, wait.waitKey);
    expect(saved?.status).toBe('decided');
    expect(saved?.deliveredAt).toBeUndefined();
    expect(await h.deps.store.listPendingWaitsFor(wait.recipient)).toEqual([]);
    const recorded = (await h.deps.store.listEvents(onboarding.id)).filter(
      (event) => event.type === 'decision-recorded',
    );
    expect(recorded).toHaveLength(1);
  });

  const badForms: [string, string, Record<string, string | string[]>][] = [
    ['an alias that is too long', 'cloud-account', { alias: 'ACMESOFTWARE' }],
    ['an alias with markup', 'cloud-account', { alias: '<b>AC</b>' }],
    ['an extra field', 'cloud-account', { alias: 'ACME', admin: 'yes' }],
    ['an empty form', 'cloud-account', {}],
    [
      'markup in the signer name',
      'provider-agreement',
      {
        signerName: '<img src=x onerror=alert(1)>',
        signerTitle: 'CEO',
        agreementVersion: '2019-01',
        accept: 'yes',
      },
    ],
    [
      'a CR/LF in the signer title',
      'provider-agreement',
      {
        signerName: 'Ada',
        signerTitle: 'CEO\r\nBcc: x@y.example',
        agreementVersion: '2019-01',
        accept: 'yes',
      },
    ],
    [
      'an agreement not accepted',
      'provider-agreement',
      { signerName: 'Ada', signerTitle: 'CEO', agreementVersion: '2019-01' },
    ],
    [
      'an old agreement version',
      'provider-agreement',
      { signerName: 'Ada', signerTitle: 'CEO', agreementVersion: '2010-01', accept: 'yes' },
    ],
    ['an absurd credit amount', 'provider-credit', { amount: '1e309' }],
    ['a negative credit amount', 'provider-credit', { amount: '-5' }],
    ['a send-back without a reason', 'portal-access', { decision: 'send-back' }],
    ['an unknown decision', 'portal-access', { decision: 'maybe' }],
    ['a product name with bidi override characters', 'product-content', { products: 'Acme\u202eKcab' }],
    [
      'twenty-one products',
      'product-content',
      { products: Array.from({ length: 21 }, (_, i) => `Product ${i}`).join('\n') },
    ],
  ];

  it.each(badForms)(
    'refuses %s: 400 with the form again, nothing written, nothing sent',
    async (_name, stage, fields) => {
      const wait = await seedWait(h.deps.store, onboarding, stage as Wait['stage']);
      const linkId = await issueLink(wait);
      const before = await tableItems(h.table);

      const page = await request('POST', linkId, formBody(fields));

      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('<form');
      expect(page.body).not.toMatch(/<img src=x|<b>AC<\/b>/);
      expect(await tableItems(h.table)).toEqual(before);
      expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    },
  );

  it.each([
    ['malformed JSON', '{"alias":', 'application/json', 400],
    ['an unsupported content type', 'alias=ACME', 'text/plain', 415],
    ['an oversized body', `alias=${'A'.repeat(40_000)}`, 'application/x-www-form-urlencoded', 413],
  ])('answers %s with a readable page and writes nothing', async (_name, body, contentType, status) => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
    const linkId = await issueLink(wait);
    const before = await tableItems(h.table);

    const page = await request('POST', linkId, body, contentType);

    expect(page.statusCode).toBe(status);
    expect(page.headers?.['content-type']).toContain('text/html');
    expect(await tableItems(h.table)).toEqual(before);
  });

  it('refuses a provider-role link pointed at a rep step', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'portal-access');
    const linkId = await issueLink(wait, { role: 'provider' });
    const before = await tableItems(h.table);

    const page = await request('POST', linkId, formBody({ decision: 'approve' }));

    expect(page.statusCode).toBe(403);
    expect(await tableItems(h.table)).toEqual(before);
  });

  it('says a step is no longer needed once its product was withdrawn', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'billing-integration', { product: 'Acme Backup' });
    const linkId = await issueLink(wait);
    await h.deps.store.closeWait(onboarding.id, wait.waitKey);

    const page = await request('POST', linkId, formBody({ decision: 'approve' }));

    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('no longer needed');
  });
});

describe('temporary failures', () => {
  it('answer 503 "try again" when DynamoDB throttles, and leave the step open', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
    const linkId = await issueLink(wait);
    const throttled = mockClient(h.table.documentClient);
    throttled.onAnyCommand().rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const page = await request('POST', linkId, formBody({ alias: 'ACME' }));
    throttled.restore();

    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('try again');
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.status).toBe('pending');
  });
});

describe('a decision whose delivery to Step Functions failed', () => {
  const busy = () =>
    Object.assign(new Error('busy'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });

  it('is retried a few times before the person is asked to try again', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account', { taskToken: 'token-1' });
    const linkId = await issueLink(wait);
    sfn.on(SendTaskSuccessCommand).rejectsOnce(busy()).resolves({});

    const page = await request('POST', linkId, formBody({ alias: 'ACME' }));

    expect(page.statusCode).toBe(200);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(2);
  });

  it('is kept, and the next click finishes the delivery instead of asking again', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account', { taskToken: 'token-1' });
    const linkId = await issueLink(wait);
    sfn.on(SendTaskSuccessCommand).rejectsOnce(busy()).rejectsOnce(busy()).rejectsOnce(busy()).resolves({});

    const first = await request('POST', linkId, formBody({ alias: 'ACME' }));
    const second = await request('POST', linkId, formBody({ alias: 'OTHER' }));

    expect(first.statusCode).toBe(503);
    expect(second.statusCode).toBe(409);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(4);
    const saved = await h.deps.store.getWait(onboarding.id, wait.waitKey);
    expect(saved?.deliveredAt).toBeDefined();
    expect(saved?.decision?.fields.alias).toBe('ACME');
    const recorded = (await h.deps.store.listEvents(onboarding.id)).filter(
      (event) => event.type === 'decision-recorded',
    );
    expect(recorded).toHaveLength(1);
    expect((await request('POST', linkId, formBody({ alias: 'ACME' }))).statusCode).toBe(409);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(4);
  });

  it('is not delivered twice by a concurrent click while the first is still delivering', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account', { taskToken: 'token-1' });
    const linkId = await issueLink(wait);
    // The first request recorded its decision a moment ago and is delivering it right now (recorded
    // without its audit event, as before decisions carried theirs: whoever finishes it writes it).
    await h.deps.store.decideWait(onboarding.id, wait.waitKey, {
      outcome: 'submitted',
      fields: { alias: 'ACME' },
      actor: { id: 'ada@acme.example', role: 'provider', via: 'link' },
      at: h.now.value.toISOString(),
    });
    sfn.on(SendTaskSuccessCommand).resolves({});

    const concurrent = await request('POST', linkId, formBody({ alias: 'ACME' }));
    h.now.value = new Date(h.now.value.getTime() + 15_000);
    const muchLater = await request('POST', linkId, formBody({ alias: 'ACME' }));

    expect([concurrent.statusCode, muchLater.statusCode]).toEqual([409, 409]);
    // Only once the grace period passed without a delivery did a click take it over.
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.deliveredAt).toBeDefined();
    const recorded = (await h.deps.store.listEvents(onboarding.id)).filter(
      (event) => event.type === 'decision-recorded',
    );
    expect(recorded).toHaveLength(1);
  });
});

describe('expired links', () => {
  it('explain themselves, refuse to act, and send a new link to the address on file', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
    const linkId = await issueLink(wait, { expiresAt: '2026-11-24T09:59:00.000Z' });
    const before = await tableItems(h.table);

    const get = await request('GET', linkId);
    const post = await request('POST', linkId, formBody({ alias: 'ACME' }));

    expect(get.statusCode).toBe(410);
    expect(get.body).toContain(`/a/${linkId}/renew`);
    expect(post.statusCode).toBe(410);
    expect(await tableItems(h.table)).toEqual(before);

    const renewed = await request('RENEW', linkId, formBody({ email: 'attacker@evil.example' }));

    expect(renewed.statusCode).toBe(200);
    const emails = ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.Destination?.ToAddresses).toEqual(['ada@acme.example']);
    const newLink = emails[0]?.Message?.Body?.Text?.Data?.match(ACTION_URL)?.[0] ?? '';
    const fresh = await request('GET', newLink.split('/a/')[1] as string);
    expect(fresh.statusCode).toBe(200);
  });

  it('say plainly when SES refuses the new link for good; the step is flagged and the rep and ops told', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
    const linkId = await issueLink(wait, { expiresAt: '2026-11-24T09:59:00.000Z' });
    ses.on(SendEmailCommand, { Destination: { ToAddresses: ['ada@acme.example'] } }).rejects(
      new MessageRejected({
        message:
          'Email address is not verified. The following identities failed the check in region US-EAST-1: ada@acme.example',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const renewed = await request('RENEW', linkId, formBody({}));

    expect(renewed.statusCode).toBe(422);
    expect(renewed.body).toContain('We could not email a new link to the address on file');
    expect(renewed.headers?.['content-security-policy']).toContain("default-src 'none'");
    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.deliveryProblem).toMatchObject({
      kind: 'not-sent',
      reason: 'recipient-not-verified',
    });
    const alerted = ses
      .commandCalls(SendEmailCommand)
      .flatMap((call) => call.args[0].input.Destination?.ToAddresses);
    expect(alerted).toEqual(['ada@acme.example', 'rep@marketplace.example', 'ops@marketplace.example']);
  });

  it('show "already done" rather than "expired" once the step was completed', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'cloud-account');
    const linkId = await issueLink(wait);
    await request('POST', linkId, formBody({ alias: 'ACME' }));
    h.now.value = new Date('2027-02-01T00:00:00Z');

    const page = await request('GET', linkId);

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ada@acme.example');
    expect((await request('RENEW', linkId)).statusCode).toBe(409);
  });
});
