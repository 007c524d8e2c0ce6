import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Onboarding, Wait } from '../../../functions/domain/model.ts';
import { providerChecklist } from '../../../functions/domain/provider-checklist.ts';
import { claimStep, releaseClaim } from '../../../functions/domain/step-claims.ts';
import { mintViewLink } from '../../../functions/domain/view-links.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const PLATFORM = 'platform@marketplace.example';

let h: UnitHarness;
let onboarding: Onboarding;
let wait: Wait;
let teamQueue: string;

const idOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

beforeEach(async () => {
  h = await unitHarness();
  onboarding = await seedOnboarding(h.deps.store, { stage: 'technical-integration' });
  wait = await seedWait(h.deps.store, onboarding, 'technical-integration', {
    product: 'Widget',
    recipient: PLATFORM,
  });
  teamQueue = idOf(await mintViewLink(h.deps, { view: 'queue', recipient: PLATFORM, opensSteps: true }));
});
afterEach(() => h.table.stop());

const claim = (name: string, linkId = teamQueue) =>
  claimStep(h.deps, { linkId, fields: { onboarding: onboarding.id, wait: wait.waitKey, name } });
const claimEvents = async () =>
  (await h.deps.store.listEvents(onboarding.id))
    .filter((event) => event.type === 'step-claimed' || event.type === 'claim-released')
    .map((event) => `${event.type}: ${event.detail} (${event.actor})`);
const onItOnTheChecklist = async () =>
  (await providerChecklist(h.deps, onboarding.id))?.theirSteps.map((step) => step.onIt);

describe("I'm on it", () => {
  it('names the member to the team and on the checklist, once however often it is pressed', async () => {
    const first = await claim('Ana');
    const again = await claim('Ana');

    expect(first).toMatchObject({ kind: 'claimed', claim: { name: 'Ana', via: PLATFORM } });
    expect(again.kind).toBe('unchanged');
    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.claim?.name).toBe('Ana');
    expect(await onItOnTheChecklist()).toEqual(['Ana from the Platform Enablement team is on it']);
    expect(await claimEvents()).toEqual([
      `step-claimed: Ana from the Platform Enablement team is on it (${PLATFORM})`,
    ]);
  });

  it('never blocks a colleague: another member takes it over, and the audit says in place of whom', async () => {
    await claim('Ana');
    h.now.value = new Date(h.now.value.getTime() + 60_000);
    const taken = await claim('Bo');

    expect(taken).toMatchObject({ kind: 'claimed', replaced: { name: 'Ana' } });
    expect(await onItOnTheChecklist()).toEqual(['Bo from the Platform Enablement team is on it']);
    expect((await claimEvents()).at(-1)).toBe(
      `step-claimed: Bo from the Platform Enablement team is on it (in place of Ana) (${PLATFORM})`,
    );
  });

  it('is released once; a release of a claim already taken over changes nothing', async () => {
    const ana = await claim('Ana');
    const claimedAt = ana.kind === 'claimed' ? ana.claim.at : '';
    const release = () =>
      releaseClaim(h.deps, {
        linkId: teamQueue,
        fields: { onboarding: onboarding.id, wait: wait.waitKey, claimedAt },
      });

    expect(await release()).toMatchObject({ kind: 'released', claim: { name: 'Ana' } });
    expect(await release()).toMatchObject({ kind: 'unchanged' });
    expect(await onItOnTheChecklist()).toEqual([undefined]);

    h.now.value = new Date(h.now.value.getTime() + 60_000);
    await claim('Bo');
    expect((await release()).kind).toBe('unchanged');
    expect(await onItOnTheChecklist()).toEqual(['Bo from the Platform Enablement team is on it']);
    expect((await claimEvents()).filter((line) => line.startsWith('claim-released'))).toEqual([
      `claim-released: Ana is no longer on it (${PLATFORM})`,
    ]);
  });

  it('does not stop whoever decides; once decided there is nothing to be on', async () => {
    await claim('Ana');

    const decided = await h.deps.store.decideWait(onboarding.id, wait.waitKey, {
      outcome: 'approved',
      fields: {},
      actor: { id: PLATFORM, role: 'platform-enablement', via: 'link' },
      at: h.now.value.toISOString(),
    });

    expect(decided.kind).toBe('decided');
    expect((await claim('Bo')).kind).toBe('not-pending');
    expect((await providerChecklist(h.deps, onboarding.id))?.theirSteps).toEqual([]);
  });

  it('asks for a name in plain words and changes nothing without one', async () => {
    const cases: [string, string][] = [
      ['', 'Your name is required.'],
      ['Ana <b>', 'Your name cannot contain < or >.'],
      ['A'.repeat(81), 'Your name must be at most 80 characters.'],
    ];
    for (const [name, problem] of cases) {
      await expect(claim(name)).rejects.toThrow(`Nobody was marked as on it: name: ${problem}`);
    }
    expect(await claimEvents()).toEqual([]);
    expect((await h.deps.store.getWait(onboarding.id, wait.waitKey))?.claim).toBeUndefined();
  });

  it("is refused on a rep's own step: claims are for a team's steps", async () => {
    const repWait = await seedWait(h.deps.store, onboarding, 'portal-access');
    const repQueue = idOf(
      await mintViewLink(h.deps, { view: 'queue', recipient: onboarding.repEmail, opensSteps: true }),
    );

    await expect(
      claimStep(h.deps, {
        linkId: repQueue,
        fields: { onboarding: onboarding.id, wait: repWait.waitKey, name: 'Ana' },
      }),
    ).rejects.toThrow('Only the team this step is waiting on can say one of them is on it.');
    // Who may act is decided first: without a name, the answer is still the refusal.
    await expect(
      claimStep(h.deps, {
        linkId: repQueue,
        fields: { onboarding: onboarding.id, wait: repWait.waitKey, name: '' },
      }),
    ).rejects.toThrow('Only the team this step is waiting on can say one of them is on it.');
    expect(await claimEvents()).toEqual([]);
  });
});
