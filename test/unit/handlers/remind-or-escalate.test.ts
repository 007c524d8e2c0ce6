import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { remindOrEscalateHandler } from '../../../functions/tasks/remind-or-escalate-handler.ts';
import { lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { tableItems } from '../../support/table-items.ts';
import { ACTION_URL, type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

let h: UnitHarness;
let onboarding: Onboarding;
let handler: ReturnType<typeof remindOrEscalateHandler>;

beforeEach(async () => {
  h = await unitHarness({ MAX_REMINDERS: '2' });
  onboarding = await seedOnboarding(h.deps.store);
  handler = remindOrEscalateHandler(h.deps);
});
afterEach(() => h.table.stop());

const remind = (payload: Record<string, unknown>) =>
  handler({ onboardingId: onboarding.id, ...payload } as never, lambdaContext);

describe('the remind-or-escalate task', () => {
  it('reminds the provider with a fresh link and tells the state machine which wait to re-enter', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'provider-agreement');

    const result = await remind({ stage: 'provider-agreement' });

    expect(result).toEqual({ reentryOf: wait.waitKey, action: 'reminded' });
    const [email] = h.sentEmails();
    expect(email?.to).toEqual(['ada@acme.example']);
    expect(email?.subject).toMatch(/reminder/i);
    expect(email?.text).toMatch(ACTION_URL);
    expect((await h.deps.store.getCurrentWait(onboarding.id, 'provider-agreement'))?.reminders).toBe(1);
  });

  it('escalates a provider wait to the rep once the reminders run out, then counts again', async () => {
    await seedWait(h.deps.store, onboarding, 'cloud-account');
    await remind({ stage: 'cloud-account' });
    await remind({ stage: 'cloud-account' });

    const third = await remind({ stage: 'cloud-account' });

    expect(third.action).toBe('escalated');
    const escalation = h.sentEmails()[2];
    expect(escalation?.to).toEqual(['rep@marketplace.example']);
    expect(escalation?.text).not.toMatch(ACTION_URL);
    const wait = await h.deps.store.getCurrentWait(onboarding.id, 'cloud-account');
    expect(wait).toMatchObject({ reminders: 0, escalations: 1 });
    expect((await remind({ stage: 'cloud-account' })).action).toBe('reminded');
  });

  it('escalates a team wait to ops', async () => {
    await seedWait(h.deps.store, onboarding, 'billing-integration', {
      product: 'Acme Backup',
      recipient: 'billing@marketplace.example',
    });
    await remind({ stage: 'billing-integration', product: 'Acme Backup' });
    await remind({ stage: 'billing-integration', product: 'Acme Backup' });

    await remind({ stage: 'billing-integration', product: 'Acme Backup' });

    expect(h.sentEmails()[2]?.to).toEqual(['ops@marketplace.example']);
    const events = (await h.deps.store.listEvents(onboarding.id)).map((event) => event.type);
    expect(events.filter((type) => type === 'reminder-sent')).toHaveLength(2);
    expect(events).toContain('escalated');
  });

  it('sends nothing when the decision landed as the wait timed out', async () => {
    const wait = await seedWait(h.deps.store, onboarding, 'portal-access');
    await h.deps.store.decideWait(onboarding.id, wait.waitKey, {
      outcome: 'approved',
      fields: { decision: 'approve' },
      actor: { id: 'rep@marketplace.example', role: 'rep', via: 'link' },
      at: '2026-11-24T10:00:00.000Z',
    });

    expect(await remind({ stage: 'portal-access' })).toEqual({
      reentryOf: wait.waitKey,
      action: 'nothing-to-do',
    });
    expect(h.sentEmails()).toHaveLength(0);
  });

  it('refuses an invalid payload and writes nothing', async () => {
    await seedWait(h.deps.store, onboarding, 'cloud-account');
    const before = await tableItems(h.table);
    await expect(remind({ stage: 'nonsense' })).rejects.toMatchObject({ name: 'InvalidTaskInput' });
    expect(await tableItems(h.table)).toEqual(before);
  });
});
