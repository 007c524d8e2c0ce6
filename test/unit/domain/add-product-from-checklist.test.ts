import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PRODUCTS } from '../../../functions/checklist/decision-forms.ts';
import { ConflictError, InvalidInputError } from '../../../functions/domain/errors.ts';
import type { Onboarding, ProductState } from '../../../functions/domain/model.ts';
import { addProductFromChecklist } from '../../../functions/domain/people/add-product-from-checklist.ts';
import { mintViewLink } from '../../../functions/domain/view-links.ts';
import { seedOnboarding } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const published = (name: string): ProductState => ({
  name,
  status: 'published',
  updatedAt: '2026-11-24T09:00:00.000Z',
});

describe('"Publish another product" from the provider’s checklist', () => {
  let h: UnitHarness;
  let onboarding: Onboarding;
  let started: string[];
  let stopped: string[];
  beforeEach(async () => {
    h = await unitHarness();
    onboarding = await seedOnboarding(h.deps.store, {
      status: 'completed',
      stage: 'completed',
      products: [published('Acme Backup')],
    });
    started = [];
    stopped = [];
  });
  afterEach(() => h.table.stop());

  const deps = () => ({
    ...h.deps,
    waits: h.deps.config.waits,
    starter: {
      startExecution: async ({ name }: { name: string }) => {
        started.push(name);
        return { executionArn: `arn:aws:states:us-east-1:1:execution:x:${name}` };
      },
    },
    stopper: {
      stopExecution: async (name: string) => {
        stopped.push(name);
        return true;
      },
    },
  });
  const checklistOf = async (target: Onboarding, recipient = target.contactEmail) => {
    const url = await mintViewLink(h.deps, {
      view: 'checklist',
      onboardingId: target.id,
      recipient,
      opensSteps: true,
    });
    return url.slice(url.lastIndexOf('/') + 1);
  };
  const add = async (fields: unknown, target = onboarding, recipient?: string) =>
    addProductFromChecklist(deps(), {
      linkId: await checklistOf(target, recipient),
      fields,
      ip: '203.0.113.9',
      userAgent: 'test',
    });

  it('adds the product once when ten requests for it arrive at once (a double click, two tabs)', async () => {
    const links = await Promise.all(Array.from({ length: 10 }, () => checklistOf(onboarding)));

    const outcomes = await Promise.allSettled(
      links.map((linkId) =>
        addProductFromChecklist(deps(), {
          linkId,
          fields: { product: 'Acme Mail', confirm: 'yes' },
          ip: '203.0.113.9',
          userAgent: 'test',
        }),
      ),
    );

    const added = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(added).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(ConflictError);
      expect((reason as Error).message).toContain('already has a product named "Acme Mail"');
    }
    expect(started).toEqual([`${onboarding.id}-resume-1`]);
    const after = await h.deps.store.getOnboarding(onboarding.id);
    expect(after?.products.map((product) => product.name)).toEqual(['Acme Backup', 'Acme Mail']);
    const events = await h.deps.store.listEvents(onboarding.id);
    expect(events.filter((event) => event.type === 'product-added')).toHaveLength(1);
  });

  it('records the provider’s content and publication request under their name, then resumes with the new product', async () => {
    const outcome = await add({ product: 'Acme Mail', notes: 'Ready in staging.', confirm: 'yes' });

    expect(outcome).toEqual({
      kind: 'added',
      product: 'Acme Mail',
      executionName: `${onboarding.id}-resume-1`,
    });
    expect(started).toEqual([`${onboarding.id}-resume-1`]);
    expect(stopped).toEqual([]); // completed: no execution to stop
    const after = await h.deps.store.getOnboarding(onboarding.id);
    expect(after?.products.map((product) => [product.name, product.status])).toEqual([
      ['Acme Backup', 'published'],
      ['Acme Mail', 'requested'],
    ]);
    const events = (await h.deps.store.listEvents(onboarding.id)).filter(
      (event) => event.product === 'Acme Mail',
    );
    expect(events.map((event) => [event.type, event.stage, event.actor])).toEqual(
      expect.arrayContaining([
        ['decision-recorded', 'product-content', onboarding.contactEmail],
        ['decision-recorded', 'publication-request', onboarding.contactEmail],
        ['product-added', undefined, onboarding.contactEmail],
      ]),
    );
    expect(events.find((event) => event.stage === 'product-content')).toMatchObject({
      ip: '203.0.113.9',
      detail: expect.stringContaining('Ready in staging.'),
    });
  });

  it('stops the running execution first when the onboarding is still in progress', async () => {
    const running = await seedOnboarding(h.deps.store, {
      id: 'running-abcdefgh',
      executionName: 'running-abcdefgh',
      stage: 'technical-integration',
      products: [{ name: 'Acme Backup', status: 'in-integration', updatedAt: '2026-11-24T09:00:00.000Z' }],
    });
    await add({ product: 'Acme Mail', confirm: 'yes', notes: '' }, running);
    expect(stopped).toEqual(['running-abcdefgh']);
  });

  it('refuses in plain words, and changes nothing: bad input, stopped, name taken, before the publication request, too many products, not the provider', async () => {
    const before = await h.deps.store.getOnboarding(onboarding.id);
    await expect(add({ product: 'Acme Mail' })).rejects.toThrow(
      'Tick the box to confirm the publication request.',
    );
    await expect(add({ product: '', confirm: 'yes' })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(add({ product: 'Acme\u202eMail', confirm: 'yes' })).rejects.toThrow(/reverse the direction/);
    await expect(add({ product: 'acme backup', confirm: 'yes' })).rejects.toThrow(
      'Acme Software already has a product named "Acme Backup".',
    );
    const halted = await seedOnboarding(h.deps.store, {
      id: 'halted-abcdefgh',
      status: 'stopped',
      products: [published('Acme Backup')],
    });
    await expect(add({ product: 'Acme Mail', confirm: 'yes' }, halted)).rejects.toThrow(/was stopped/);
    const early = await seedOnboarding(h.deps.store, { id: 'early-abcdefgh', stage: 'product-content' });
    await expect(add({ product: 'Acme Mail', confirm: 'yes' }, early)).rejects.toThrow(
      /has not requested publication yet/,
    );
    const full = await seedOnboarding(h.deps.store, {
      id: 'full-abcdefgh',
      status: 'completed',
      products: Array.from({ length: MAX_PRODUCTS }, (_, i) => published(`Product ${i}`)),
    });
    const tooMany = add({ product: 'Acme Mail', confirm: 'yes' }, full);
    await expect(tooMany).rejects.toBeInstanceOf(ConflictError);
    await expect(tooMany).rejects.toThrow(
      `${MAX_PRODUCTS} products on this onboarding, the most it can have`,
    );
    await expect(
      add({ product: 'Acme Mail', confirm: 'yes' }, onboarding, 'rep@marketplace.example'),
    ).rejects.toMatchObject({ statusCode: 410, refusal: { reason: 'no-longer-yours' } });

    expect(await h.deps.store.getOnboarding(onboarding.id)).toEqual(before);
    expect(await h.deps.store.listEvents(onboarding.id)).toEqual([]);
    expect(started).toEqual([]);
    expect(stopped).toEqual([]);
  });
});
