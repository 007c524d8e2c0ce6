import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { completeOnboardingHandler } from '../../../functions/tasks/complete-onboarding-handler.ts';
import { recordProductOutcomeHandler } from '../../../functions/tasks/record-product-outcome-handler.ts';
import { lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { tableItems } from '../../support/table-items.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

let h: UnitHarness;
let onboarding: Onboarding;

beforeEach(async () => {
  h = await unitHarness();
  onboarding = await seedOnboarding(h.deps.store, {
    products: [
      { name: 'Acme Backup', status: 'in-review', updatedAt: '2026-11-24T09:00:00.000Z' },
      { name: 'Acme Monitor', status: 'in-integration', updatedAt: '2026-11-24T09:00:00.000Z' },
    ],
  });
});
afterEach(() => h.table.stop());

const recordOutcome = (product: string, outcome: string) =>
  recordProductOutcomeHandler(h.deps)(
    { onboardingId: onboarding.id, product, outcome } as never,
    lambdaContext,
  );

describe('the record-product-outcome task', () => {
  it('records a publication and tells the provider and the rep, each in an email of their own, once', async () => {
    await recordOutcome('Acme Backup', 'published');
    await recordOutcome('Acme Backup', 'published');

    const emails = h.sentEmails();
    expect(emails).toHaveLength(2);
    expect(emails[0]).toMatchObject({ to: ['ada@acme.example'], cc: [] });
    expect(emails[1]).toMatchObject({ to: ['rep@marketplace.example'], cc: [] });
    // Links are personal: the two emails carry different checklist links.
    const linkOf = (text = '') => text.match(/\/p\/[A-Za-z0-9_-]{43}/)?.[0];
    expect(linkOf(emails[0]?.text)).toBeDefined();
    expect(linkOf(emails[0]?.text)).not.toBe(linkOf(emails[1]?.text));
    expect(emails[0]?.text).toContain('Acme Backup');
    const product = (await h.deps.store.getOnboarding(onboarding.id))?.products.find(
      (p) => p.name === 'Acme Backup',
    );
    expect(product?.status).toBe('published');
  });

  it('closes the links still open for a withdrawn product', async () => {
    await seedWait(h.deps.store, onboarding, 'billing-integration', { product: 'Acme Monitor' });

    await recordOutcome('Acme Monitor', 'withdrawn');

    expect(
      (await h.deps.store.getCurrentWait(onboarding.id, 'billing-integration', 'Acme Monitor'))?.status,
    ).toBe('closed');
    const events = (await h.deps.store.listEvents(onboarding.id)).map((event) => event.type);
    expect(events).toContain('product-withdrawn');
  });

  it('refuses an unknown outcome and writes nothing', async () => {
    const before = await tableItems(h.table);
    await expect(recordOutcome('Acme Backup', 'launched')).rejects.toMatchObject({
      name: 'InvalidTaskInput',
    });
    expect(await tableItems(h.table)).toEqual(before);
  });
});

describe('the complete-onboarding task', () => {
  it('marks the onboarding complete and sends one summary to the contact and one to the rep', async () => {
    await recordOutcome('Acme Backup', 'published');
    await recordOutcome('Acme Monitor', 'withdrawn');
    const complete = completeOnboardingHandler(h.deps);

    await complete({ onboardingId: onboarding.id }, lambdaContext);
    await complete({ onboardingId: onboarding.id }, lambdaContext);

    const saved = await h.deps.store.getOnboarding(onboarding.id);
    expect(saved).toMatchObject({ status: 'completed', stage: 'completed' });
    // Two outcome emails per product (contact, rep), then the summary to each.
    const summaries = h.sentEmails().slice(4);
    expect(summaries.map((email) => email.to)).toEqual([['ada@acme.example'], ['rep@marketplace.example']]);
    expect(summaries[0]?.text).toContain('Acme Backup');
    expect(summaries[0]?.text).toContain('Acme Monitor');
  });

  it('audits each outcome and the completion once, even when run again', async () => {
    await recordOutcome('Acme Backup', 'published');
    await recordOutcome('Acme Backup', 'published');
    await recordOutcome('Acme Monitor', 'withdrawn');
    await completeOnboardingHandler(h.deps)({ onboardingId: onboarding.id }, lambdaContext);
    await completeOnboardingHandler(h.deps)({ onboardingId: onboarding.id }, lambdaContext);

    // The clock stands still here, so events of one instant come in any order.
    const events = await h.deps.store.listEvents(onboarding.id);
    expect(events.map((event) => `${event.type} ${event.product ?? '-'}`).sort()).toEqual([
      'onboarding-completed -',
      'product-published Acme Backup',
      'product-withdrawn Acme Monitor',
    ]);
    expect(events.find((event) => event.type === 'onboarding-completed')?.detail).toMatch(
      /^2 product\(s\); email /,
    );
  });

  it('fails with OnboardingNotFound for an unknown onboarding', async () => {
    await expect(
      completeOnboardingHandler(h.deps)({ onboardingId: 'ghost-abcdefgh' }, lambdaContext),
    ).rejects.toMatchObject({
      name: 'OnboardingNotFound',
    });
  });
});
