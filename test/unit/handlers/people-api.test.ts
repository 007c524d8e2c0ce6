import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditPack } from '../../../functions/domain/audit-pack.ts';
import type { Onboarding, ProductState, Wait } from '../../../functions/domain/model.ts';
import { peopleApiHandler } from '../../../functions/http/people-api-handler.ts';
import { apiEvent, lambdaContext } from '../../support/api-events.ts';
import { ILL_FORMED } from '../../support/ill-formed-text.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const OPS = 'arn:aws:iam::123456789012:user/ops-alice';
const COLLEAGUE = 'colleague@marketplace.example';
const product = (name: string, status: ProductState['status'] = 'requested'): ProductState => ({
  name,
  status,
  updatedAt: '2026-11-24T09:00:00.000Z',
});

/** Route keys as API Gateway sends them, by the CLI's name for each change. */
const ROUTES = {
  'hand-over': { method: 'POST', path: '/onboardings/{onboardingId}/hand-over' },
  'out-of-office': { method: 'POST', path: '/out-of-office' },
  contact: { method: 'POST', path: '/onboardings/{onboardingId}/contact' },
  rep: { method: 'POST', path: '/onboardings/{onboardingId}/rep' },
  products: { method: 'POST', path: '/onboardings/{onboardingId}/products' },
  audit: { method: 'GET', path: '/onboardings/{onboardingId}/audit' },
} as const;
type RouteName = keyof typeof ROUTES;

/** A valid body of each POST route, for an onboarding waiting at portal-access with one product. */
const VALID: Record<Exclude<RouteName, 'audit'>, Record<string, unknown>> = {
  'hand-over': { stage: 'portal-access', to: COLLEAGUE, note: 'On holiday' },
  'out-of-office': { from: 'rep@marketplace.example', to: COLLEAGUE, note: 'Away' },
  contact: { email: 'grace@acme.example', name: 'Grace Hopper', reason: 'Ada left' },
  rep: { email: 'newrep@marketplace.example', reason: 'Reorganised' },
  products: { product: 'Acme Mail' },
};
/** The free-text fields of each POST route, poisoned one at a time below. */
const TEXT_FIELDS: Record<Exclude<RouteName, 'audit'>, string[]> = {
  'hand-over': ['to', 'note', 'product'],
  'out-of-office': ['from', 'to', 'note'],
  contact: ['email', 'name', 'reason'],
  rep: ['email', 'reason'],
  products: ['product'],
};

describe('the signed people API (POST /onboardings/{id}/…, POST /out-of-office, GET …/audit)', () => {
  let h: UnitHarness;
  let onboarding: Onboarding;
  let wait: Wait;
  let started: string[];
  let stopped: string[];
  let handler: ReturnType<typeof peopleApiHandler>;

  beforeEach(async () => {
    h = await unitHarness();
    onboarding = await seedOnboarding(h.deps.store, { products: [product('Acme Backup')] });
    wait = await seedWait(h.deps.store, onboarding, 'portal-access');
    started = [];
    stopped = [];
    handler = peopleApiHandler(h.deps, {
      starter: {
        startExecution: async ({ name }) => {
          started.push(name);
          return { executionArn: `arn:aws:states:us-east-1:123456789012:execution:x:${name}` };
        },
      },
      stopper: {
        stopExecution: async (name) => {
          stopped.push(name);
          return true;
        },
      },
    });
  });
  afterEach(() => h.table.stop());

  async function call(
    route: RouteName,
    body?: unknown,
    options: { onboardingId?: string; principal?: string | null; contentType?: string } = {},
  ) {
    const { method, path } = ROUTES[route];
    const onboardingId = options.onboardingId ?? onboarding.id;
    const response = await handler(
      apiEvent({
        method,
        path,
        ...(path.includes('{onboardingId}') ? { pathParameters: { onboardingId } } : {}),
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        contentType: options.contentType ?? (method === 'POST' ? 'application/json' : undefined),
        iamPrincipal: options.principal === null ? undefined : (options.principal ?? OPS),
      }),
      lambdaContext,
    );
    return {
      status: response.statusCode,
      body: JSON.parse(response.body as string) as Record<string, unknown> & {
        message: string;
        fieldErrors?: Record<string, string>;
      },
    };
  }

  /** Everything a refused request must leave as it was. */
  async function snapshot() {
    return {
      onboarding: await h.deps.store.getOnboarding(onboarding.id),
      waits: await h.deps.store.listWaits(onboarding.id),
      events: await h.deps.store.listEvents(onboarding.id),
      emails: h.sentEmails().length,
      executions: [...started, ...stopped],
    };
  }

  describe('POST /onboardings/{id}/hand-over', () => {
    it('moves the step to the new holder, emails them a link and records the IAM caller as the actor', async () => {
      const answer = await call('hand-over', VALID['hand-over']);

      expect(answer).toEqual({
        status: 200,
        body: { onboardingId: onboarding.id, stage: 'portal-access', outcome: 'handed-over', to: COLLEAGUE },
      });
      expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.recipient).toBe(COLLEAGUE);
      const [email, ...others] = h.sentEmails();
      expect(others).toEqual([]);
      expect(email).toMatchObject({ to: [COLLEAGUE], subject: expect.stringMatching(/^Handed to you: /) });
      expect(email?.text).toContain('On holiday');
      const events = await h.deps.store.listEvents(onboarding.id);
      expect(events.find((event) => event.type === 'step-handed-over')).toMatchObject({ actor: OPS });
    });

    it('answers a repeat with "already handed over" and sends nothing more', async () => {
      await call('hand-over', VALID['hand-over']);
      const repeat = await call('hand-over', VALID['hand-over']);

      expect(repeat).toMatchObject({ status: 200, body: { outcome: 'already-handed-over', to: COLLEAGUE } });
      expect(h.sentEmails()).toHaveLength(1);
    });

    it('finds a product step by its product', async () => {
      const integration = await seedWait(h.deps.store, onboarding, 'technical-integration', {
        product: 'Acme Backup',
      });

      const answer = await call('hand-over', {
        stage: 'technical-integration',
        product: 'Acme Backup',
        to: COLLEAGUE,
      });

      expect(answer).toMatchObject({ status: 200, body: { product: 'Acme Backup', outcome: 'handed-over' } });
      expect((await h.deps.store.getWait(onboarding.id, integration.waitKey))?.recipient).toBe(COLLEAGUE);
    });

    it('refuses a stage with nothing waiting (409), an unknown stage (400) and the holder’s own address (409)', async () => {
      const before = await snapshot();
      expect(await call('hand-over', { stage: 'provider-credit', to: COLLEAGUE })).toMatchObject({
        status: 409,
        body: { message: `Nothing is waiting at provider-credit in ${onboarding.id}.` },
      });
      const unknown = await call('hand-over', { stage: 'launch', to: COLLEAGUE });
      expect(unknown.status).toBe(400);
      expect(unknown.body.fieldErrors?.stage).toMatch(/^Stage is one of: cloud-account, /);
      expect(await call('hand-over', { stage: 'portal-access', to: onboarding.repEmail })).toMatchObject({
        status: 409,
        body: { message: `This step is already with ${onboarding.repEmail}.` },
      });
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('POST /out-of-office', () => {
    it('moves every step waiting on the address, across onboardings, and counts them', async () => {
      const other = await seedOnboarding(h.deps.store, { id: 'beta-soft-abcdefgh', executionName: 'beta' });
      const otherWait = await seedWait(h.deps.store, other, 'portal-access');

      const answer = await call('out-of-office', VALID['out-of-office']);

      expect(answer).toEqual({
        status: 200,
        body: { from: 'rep@marketplace.example', to: COLLEAGUE, handedOver: 2, skipped: 0 },
      });
      expect((await h.deps.store.getWait(other.id, otherWait.waitKey))?.recipient).toBe(COLLEAGUE);
      expect(h.sentEmails().map((email) => email.to)).toEqual([[COLLEAGUE], [COLLEAGUE]]);
    });
  });

  describe('POST /onboardings/{id}/contact and /rep', () => {
    it('replaces the provider contact and hands their waiting steps over', async () => {
      await seedWait(h.deps.store, onboarding, 'cloud-account');

      const answer = await call('contact', VALID.contact);

      expect(answer).toEqual({
        status: 200,
        body: {
          onboardingId: onboarding.id,
          from: 'ada@acme.example',
          to: 'grace@acme.example',
          stepsHandedOver: 1,
        },
      });
      expect(await h.deps.store.getOnboarding(onboarding.id)).toMatchObject({
        contactEmail: 'grace@acme.example',
        contactName: 'Grace Hopper',
      });
      const events = await h.deps.store.listEvents(onboarding.id);
      expect(events.find((event) => event.type === 'contact-changed')).toMatchObject({ actor: OPS });
    });

    it('replaces the rep, whose portal-access step follows', async () => {
      const answer = await call('rep', VALID.rep);

      expect(answer).toMatchObject({
        status: 200,
        body: { to: 'newrep@marketplace.example', stepsHandedOver: 1 },
      });
      expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.recipient).toBe(
        'newrep@marketplace.example',
      );
    });

    it('refuses a name for the rep, the same person again, and a completed onboarding (409)', async () => {
      const before = await snapshot();
      const named = await call('rep', { ...VALID.rep, name: 'New Rep' });
      expect(named.status).toBe(400);
      expect(named.body.fieldErrors).toEqual({ name: 'Not a field this takes.' });
      expect(await call('rep', { email: onboarding.repEmail })).toMatchObject({
        status: 409,
        body: { message: `${onboarding.repEmail} is already the rep.` },
      });
      expect(await call('contact', { email: onboarding.contactEmail })).toMatchObject({ status: 409 });
      expect(await snapshot()).toEqual(before);

      const done = await seedOnboarding(h.deps.store, {
        id: 'done-ltd-abcdefgh',
        status: 'completed',
        stage: 'completed',
      });
      expect(await call('contact', VALID.contact, { onboardingId: done.id })).toMatchObject({
        status: 409,
        body: { message: 'This onboarding is complete, so this can no longer be done. Nothing was changed.' },
      });
    });
  });

  describe('POST /onboardings/{id}/products', () => {
    it('adds the product, and the onboarding continues in a new execution (201)', async () => {
      const answer = await call('products', VALID.products);

      expect(answer).toEqual({
        status: 201,
        body: { onboardingId: onboarding.id, product: 'Acme Mail', executionName: started[0] },
      });
      expect(stopped).toEqual([onboarding.executionName]);
      expect((await h.deps.store.getOnboarding(onboarding.id))?.products.map((p) => p.name)).toEqual([
        'Acme Backup',
        'Acme Mail',
      ]);
      const events = await h.deps.store.listEvents(onboarding.id);
      expect(events.find((event) => event.type === 'product-added')).toMatchObject({ actor: OPS });
    });

    it('refuses a name already used and an onboarding before its publication request (409)', async () => {
      const before = await snapshot();
      expect(await call('products', { product: 'acme backup' })).toMatchObject({
        status: 409,
        body: { message: 'Acme Software already has a product named "Acme Backup".' },
      });
      expect(await snapshot()).toEqual(before);
      const fresh = await seedOnboarding(h.deps.store, { id: 'fresh-ltd-abcdefgh', products: [] });
      expect(await call('products', VALID.products, { onboardingId: fresh.id })).toMatchObject({
        status: 409,
        body: { message: expect.stringContaining('has not requested publication yet') },
      });
      expect(started).toEqual([]);
    });
  });

  describe('GET /onboardings/{id}/audit', () => {
    it('answers the audit pack as JSON', async () => {
      await call('hand-over', VALID['hand-over']);

      const answer = await call('audit');

      expect(answer.status).toBe(200);
      const pack = answer.body as unknown as AuditPack;
      expect(pack.onboarding).toMatchObject({ id: onboarding.id, company: 'Acme Software' });
      expect(pack.handovers).toEqual([
        expect.objectContaining({ stage: 'portal-access', to: COLLEAGUE, by: OPS, note: 'On holiday' }),
      ]);
    });
  });

  describe('every route', () => {
    const ALL = Object.keys(ROUTES) as RouteName[];
    const POSTS = ALL.filter((route) => route !== 'audit') as Exclude<RouteName, 'audit'>[];

    it.each(ALL)('%s refuses an unsigned request (403) and changes nothing', async (route) => {
      const before = await snapshot();
      const answer = await call(route, route === 'audit' ? undefined : VALID[route], { principal: null });
      expect(answer).toEqual({
        status: 403,
        body: { message: 'Sign the request with AWS credentials (SigV4) to change people.' },
      });
      expect(await snapshot()).toEqual(before);
    });

    it.each(ALL.filter((route) => route !== 'out-of-office'))(
      '%s answers 404 for an onboarding that does not exist, or a malformed id',
      async (route) => {
        const before = await snapshot();
        for (const id of ['nobody-abcdefgh', '../../etc/passwd']) {
          const answer = await call(route, route === 'audit' ? undefined : VALID[route], {
            onboardingId: id,
          });
          expect(answer).toEqual({ status: 404, body: { message: `There is no onboarding "${id}".` } });
        }
        expect(await snapshot()).toEqual(before);
      },
    );

    it.each(POSTS)(
      '%s refuses bad JSON, a body that is not an object, and another content type',
      async (route) => {
        const before = await snapshot();
        expect(await call(route, '{"to":')).toEqual({
          status: 400,
          body: { message: 'The request body is not valid JSON.' },
        });
        expect((await call(route, '')).status).toBe(400);
        for (const body of [[VALID[route]], 42, null]) {
          const answer = await call(route, body);
          expect(answer.status).toBe(400);
          expect(answer.body.message.length).toBeGreaterThan(10);
        }
        const form = await call(route, 'to=x', { contentType: 'application/x-www-form-urlencoded' });
        expect(form).toEqual({
          status: 415,
          body: { message: 'Unsupported content type: send application/json.' },
        });
        expect(await snapshot()).toEqual(before);
      },
    );

    it.each(POSTS)('%s refuses an unknown field, naming it', async (route) => {
      const before = await snapshot();
      const answer = await call(route, { ...VALID[route], isAdmin: true });
      expect(answer.status).toBe(400);
      expect(answer.body.fieldErrors).toEqual({ isAdmin: 'Not a field this takes.' });
      expect(await snapshot()).toEqual(before);
    });

    it.each(POSTS.flatMap((route) => TEXT_FIELDS[route].map((field) => [route, field] as const)))(
      '%s refuses ill-formed text in %s with the one text check’s words, changing nothing',
      async (route, field) => {
        const before = await snapshot();
        const body = { ...VALID[route] };
        if (route === 'hand-over' && field === 'product')
          Object.assign(body, { stage: 'technical-integration' });
        for (const [label, value] of ILL_FORMED) {
          const poisoned =
            field === 'to' || field === 'from' || field === 'email' ? `a${value}@b.example` : value;
          const answer = await call(route, { ...body, [field]: poisoned });
          expect(answer.status, `${field} with ${label}`).toBe(400);
          expect(answer.body.fieldErrors?.[field], `${field} with ${label}`).toMatch(
            /contains .+ Retype it|single email address/,
          );
          expect(answer.body.message).not.toMatch(/Invalid|expected|received|Unrecognized/);
        }
        expect(await snapshot()).toEqual(before);
      },
    );
  });
});
