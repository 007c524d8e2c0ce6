import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../functions/domain/errors.ts';
import type { Onboarding, Wait } from '../../../functions/domain/model.ts';
import { changeContact } from '../../../functions/domain/people/change-contact.ts';
import { handOverQueue } from '../../../functions/domain/people/hand-over-queue.ts';
import { handOverStep } from '../../../functions/domain/people/hand-over-step.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const COLLEAGUE = 'colleague@marketplace.example';

describe('handing a step to someone else', () => {
  let h: UnitHarness;
  let onboarding: Onboarding;
  let wait: Wait;
  beforeEach(async () => {
    h = await unitHarness();
    onboarding = await seedOnboarding(h.deps.store);
    wait = await seedWait(h.deps.store, onboarding, 'portal-access', { recipient: onboarding.repEmail });
  });
  afterEach(() => h.table.stop());

  const handOver = (fields: unknown, from?: string) =>
    handOverStep(h.deps, { onboardingId: onboarding.id, waitKey: wait.waitKey, fields, by: 'ops', from });

  it('moves it exactly once under ten concurrent requests: one email, one audit event, queues follow', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => handOver({ to: COLLEAGUE, note: 'Holiday' })),
    );

    expect(results.filter((result) => result.kind === 'handed-over')).toHaveLength(1);
    expect(results.every((result) => result.wait.recipient === COLLEAGUE)).toBe(true);
    const emails = h.sentEmails().filter((email) => email.to.includes(COLLEAGUE));
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toMatch(/^Handed to you: /);
    expect(emails[0]?.text).toContain('Holiday');
    const events = (await h.deps.store.listEvents(onboarding.id)).filter(
      (e) => e.type === 'step-handed-over',
    );
    expect(events).toHaveLength(1);
    expect(await h.deps.store.listPendingWaitsFor(onboarding.repEmail)).toEqual([]);
    expect((await h.deps.store.listPendingWaitsFor(COLLEAGUE)).map((w) => w.waitKey)).toEqual([wait.waitKey]);
  });

  it('refuses a bad address in plain words and changes nothing', async () => {
    const attempt = handOver({ to: 'not an address' });
    await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
    await expect(attempt).rejects.toThrow(/New address/);
    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.recipient).toBe(onboarding.repEmail);
    expect(h.sentEmails()).toEqual([]);
  });

  it('refuses a step that is done, or no longer the holder’s', async () => {
    await handOver({ to: COLLEAGUE });
    await expect(handOver({ to: 'third@marketplace.example' }, onboarding.repEmail)).rejects.toThrow(
      `no longer yours to hand over: it is with ${COLLEAGUE}`,
    );
    await h.deps.store.decideWait(onboarding.id, wait.waitKey, {
      outcome: 'approved',
      fields: {},
      actor: { id: COLLEAGUE, role: 'rep', via: 'link' },
      at: new Date().toISOString(),
    });
    await expect(handOver({ to: 'third@marketplace.example' })).rejects.toThrow('already done');
  });

  it('hands every step of a queue over (out of office), skipping none that are still waiting', async () => {
    const other = await seedOnboarding(h.deps.store, {
      id: 'other-software-abcdefgh',
      executionName: 'other-software-abcdefgh',
    });
    await seedWait(h.deps.store, other, 'provider-credit', { recipient: onboarding.repEmail });

    const result = await handOverQueue(h.deps, {
      from: onboarding.repEmail,
      fields: { to: COLLEAGUE },
      by: 'ops',
    });

    expect(result).toEqual({ handedOver: 2, skipped: 0 });
    expect(await h.deps.store.listPendingWaitsFor(COLLEAGUE)).toHaveLength(2);
  });

  it('a new rep takes over every step waiting on the old one; the onboarding names the new rep', async () => {
    const result = await changeContact(h.deps, {
      onboardingId: onboarding.id,
      who: 'rep',
      fields: { email: COLLEAGUE, reason: 'Territory change' },
      by: 'ops',
    });

    expect(result).toEqual({ from: onboarding.repEmail, to: COLLEAGUE, stepsHandedOver: 1 });
    expect((await h.deps.store.getOnboarding(onboarding.id))?.repEmail).toBe(COLLEAGUE);
    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.handovers?.[0]).toMatchObject({
      from: onboarding.repEmail,
      to: COLLEAGUE,
      note: 'Territory change',
    });
  });
});
