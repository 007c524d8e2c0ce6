import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StageKey, stageDefinition } from '../../../functions/checklist/stages.ts';
import { durationWords, expectedTimes, MIN_SAMPLES } from '../../../functions/domain/expected-times.ts';
import { recordDecision } from '../../../functions/domain/record-decision.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { sfn, type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const DAY = 86_400;
let h: UnitHarness;

beforeEach(async () => {
  h = await unitHarness();
});
afterEach(() => h.table.stop());

/** Seeds the history of one stage as decisions would: one sample per completed wait, oldest first. */
let seeded = 0;
async function seedHistory(stage: StageKey, days: number[]) {
  const stageDurations = days.map((value) => {
    seeded += 1;
    return {
      stage,
      seconds: value * DAY,
      at: new Date(Date.UTC(2026, 0, 1) + seeded * 60_000).toISOString(),
      onboardingId: `seeded-${seeded}`,
      waitKey: `${stage}#-#${seeded}`,
    };
  });
  await h.deps.store.writeRecords({ stageDurations });
}

describe('how long a stage usually takes', () => {
  it('uses the configured default while fewer than ten stages are on record', async () => {
    await seedHistory(
      'portal-access',
      Array.from({ length: MIN_SAMPLES - 1 }, () => 9),
    );

    const expected = await expectedTimes(h.deps);

    expect(expected['portal-access']).toEqual({
      seconds: stageDefinition('portal-access').usualDays * DAY,
      basis: 'default',
    });
    expect(expected['cloud-account'].basis).toBe('default');
  });

  it('uses the median of this marketplace’s own stages from the tenth on', async () => {
    await seedHistory('portal-access', [1, 9, 2, 8, 3, 7, 4, 6, 5, 30]);
    await seedHistory('provider-credit', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

    const expected = await expectedTimes(h.deps);

    expect(expected['portal-access']).toEqual({ seconds: 5.5 * DAY, basis: 'history' });
    expect(expected['provider-credit']).toEqual({ seconds: 6 * DAY, basis: 'history' });
    expect(durationWords(expected['portal-access'].seconds)).toBe('about 6 days');
  });

  it('counts only the last hundred, however long the history grows', async () => {
    // 160 old, slow stages, then 100 quick ones: only the quick ones count.
    await seedHistory(
      'product-content',
      Array.from({ length: 160 }, () => 40),
    );
    await seedHistory(
      'product-content',
      Array.from({ length: 100 }, () => 2),
    );

    const durations = await h.deps.store.getStageDurations();

    expect(durations['product-content']).toHaveLength(100);
    expect((await expectedTimes(h.deps))['product-content']).toEqual({ seconds: 2 * DAY, basis: 'history' });
  });

  it('notes the time from entering a stage to its decision, and not for a send-back', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    const onboarding = await seedOnboarding(h.deps.store);
    const approved = await seedWait(h.deps.store, onboarding, 'portal-access');
    h.now.value = new Date(Date.parse(approved.enteredAt) + 3 * DAY * 1000);
    const actor = { id: 'rep@marketplace.example', role: 'rep' as const, via: 'link' as const };

    await recordDecision(h.deps, { wait: approved, fields: { decision: 'approve' }, actor });
    const sentBack = await seedWait(h.deps.store, onboarding, 'portal-access', { entry: 'e2' });
    await recordDecision(h.deps, {
      wait: sentBack,
      fields: { decision: 'send-back', reason: 'No such alias.' },
      actor,
    });

    expect((await h.deps.store.getStageDurations())['portal-access']).toEqual([3 * DAY]);
  });
  it('stores a decision written again (a retry, a delivery from the record) as one sample', async () => {
    const sample = {
      stage: 'portal-access' as const,
      seconds: 2 * DAY,
      at: '2026-11-20T10:00:00.000Z',
      onboardingId: 'acme',
      waitKey: 'portal-access#-#entry-1',
    };

    await h.deps.store.writeRecords({ stageDurations: [sample] });
    await h.deps.store.writeRecords({ stageDurations: [sample] });

    expect((await h.deps.store.getStageDurations())['portal-access']).toEqual([2 * DAY]);
  });
});

describe('durations in words', () => {
  it.each([
    [20 * 60, 'less than an hour'],
    [3600, 'about 1 hour'],
    [5 * 3600, 'about 5 hours'],
    [3 * DAY, 'about 3 days'],
    [1.6 * DAY, 'about 2 days'],
  ])('%i seconds read "%s"', (seconds, words) => {
    expect(durationWords(seconds)).toBe(words);
  });
});
