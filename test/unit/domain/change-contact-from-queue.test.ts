import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../functions/domain/errors.ts';
import type { Onboarding, Wait } from '../../../functions/domain/model.ts';
import { changeContactFromQueue } from '../../../functions/domain/people/change-contact-from-queue.ts';
import { mintViewLink } from '../../../functions/domain/view-links.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const GRACE = { name: 'Grace Hopper', email: 'grace@acme.example', reason: 'Ada left' };

describe('a rep changes the provider contact from their queue', () => {
  let h: UnitHarness;
  let onboarding: Onboarding;
  let wait: Wait;
  beforeEach(async () => {
    h = await unitHarness();
    onboarding = await seedOnboarding(h.deps.store, { stage: 'provider-agreement' });
    wait = await seedWait(h.deps.store, onboarding, 'provider-agreement');
  });
  afterEach(() => h.table.stop());

  const queueOf = async (recipient: string) => {
    const url = await mintViewLink(h.deps, { view: 'queue', recipient, opensSteps: true });
    return url.slice(url.lastIndexOf('/') + 1);
  };
  const change = async (fields: Record<string, string>, recipient = onboarding.repEmail) =>
    changeContactFromQueue(h.deps, {
      linkId: await queueOf(recipient),
      fields: { onboarding: onboarding.id, ...fields },
    });

  it('hands the waiting provider step to the new contact, with the rep as the actor on record', async () => {
    expect(await change(GRACE)).toMatchObject({
      kind: 'changed',
      from: onboarding.contactEmail,
      to: GRACE.email,
      stepsHandedOver: 1,
    });
    expect(await h.deps.store.getOnboarding(onboarding.id)).toMatchObject({
      contactEmail: GRACE.email,
      contactName: GRACE.name,
    });
    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.recipient).toBe(GRACE.email);
    const events = await h.deps.store.listEvents(onboarding.id);
    expect(events.find((event) => event.type === 'contact-changed')?.actor).toBe(onboarding.repEmail);
    expect(h.sentEmails().map((email) => email.to)).toEqual([[GRACE.email]]);
  });

  it('refuses in plain words and changes nothing: no reason, no name, a bad address, not this onboarding’s rep', async () => {
    for (const [fields, message] of [
      [{ ...GRACE, reason: '' }, /Reason is required/],
      [{ email: GRACE.email, reason: 'x' }, /Name is required/],
      [{ ...GRACE, email: 'grace' }, /single email address/],
    ] as const) {
      const attempt = change(fields);
      await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
      await expect(attempt).rejects.toThrow(message);
    }
    // The policy's refusal: a queue that is not this onboarding's rep's may not change its contact.
    await expect(change(GRACE, 'someone-else@marketplace.example')).rejects.toMatchObject({
      statusCode: 403,
      refusal: { reason: 'not-allowed' },
    });
    await expect(
      changeContactFromQueue(h.deps, { linkId: await queueOf(onboarding.repEmail), fields: GRACE }),
    ).rejects.toThrow('Use the form on your queue page');
    expect((await h.deps.store.getOnboarding(onboarding.id))?.contactEmail).toBe(onboarding.contactEmail);
    expect(h.sentEmails()).toEqual([]);
  });

  it('is throttled like other routes that email on request: one change per onboarding every 5 minutes', async () => {
    expect((await change(GRACE)).kind).toBe('changed');
    expect((await change({ ...GRACE, email: 'alan@acme.example' })).kind).toBe('suppressed');
    expect((await h.deps.store.getOnboarding(onboarding.id))?.contactEmail).toBe(GRACE.email);
  });
});
