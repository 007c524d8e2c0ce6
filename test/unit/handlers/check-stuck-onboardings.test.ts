import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Onboarding } from '../../../functions/domain/model.ts';
import type { OnboardingStore } from '../../../functions/domain/ports.ts';
import { createRecordingMetrics } from '../../../functions/observability/metrics.ts';
import { checkStuckOnboardingsHandler } from '../../../functions/tasks/check-stuck-onboardings-handler.ts';
import { lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

let h: UnitHarness;
let metrics: ReturnType<typeof createRecordingMetrics>;
let stageQueries: string[];

const NOW = '2026-11-24T10:00:00.000Z';
const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

beforeEach(async () => {
  h = await unitHarness();
  h.now.value = new Date(NOW);
  metrics = createRecordingMetrics();
  stageQueries = [];
});
afterEach(() => h.table.stop());

const seed = (id: string, overrides: Partial<Onboarding>) =>
  seedOnboarding(h.deps.store, { id: `${id}-abcdefgh`, executionName: `${id}-abcdefgh`, ...overrides });

/** The real store, with each by-stage query noted (the check may only Query the index, page by page). */
function countingStore(): Pick<OnboardingStore, 'listOnboardingsByStage'> {
  return {
    listOnboardingsByStage: (stage, limit, cursor) => {
      stageQueries.push(`${stage}${cursor ? ' (next page)' : ''}`);
      return h.deps.store.listOnboardingsByStage(stage, limit, cursor);
    },
  };
}

function check(stuckAfterDays = 14, pageSize = 1000) {
  return checkStuckOnboardingsHandler({
    store: countingStore(),
    clock: h.deps.clock,
    logger: h.deps.logger,
    metrics,
    stuckAfterDays,
    pageSize,
  })({} as never, lambdaContext);
}

describe('the stuck-onboarding check', () => {
  it('finds in-progress onboardings without progress for longer than N days, per stage, while they wait', async () => {
    await seed('fresh', { stage: 'cloud-account', updatedAt: daysAgo(2) });
    await seed('stale', { stage: 'cloud-account', updatedAt: daysAgo(20) });
    await seed('stuck-rep', { stage: 'portal-access', updatedAt: daysAgo(15) });
    await seed('edge', { stage: 'product-content', updatedAt: daysAgo(13.9) });
    await seed('finished', { stage: 'completed', status: 'completed', updatedAt: daysAgo(90) });
    await seed('halted', { stage: 'provider-credit', status: 'stopped', updatedAt: daysAgo(90) });

    const result = await check();

    expect(result.stuck.map((s) => [s.onboardingId, s.stage, s.days]).sort()).toEqual([
      ['stale-abcdefgh', 'cloud-account', 20],
      ['stuck-rep-abcdefgh', 'portal-access', 15],
    ]);
    expect(result.inStage).toMatchObject({
      'cloud-account': 2,
      'portal-access': 1,
      'product-content': 1,
      'provider-credit': 0,
    });
  });

  it('publishes the funnel and the stuck count per stage, and the stuck total the alarm watches', async () => {
    await seed('stale', { stage: 'cloud-account', updatedAt: daysAgo(20) });
    await seed('fresh', { stage: 'marketplace-approval', updatedAt: daysAgo(1) });

    await check();

    const gauge = (name: string, stage?: string) =>
      metrics.recorded.filter((m) => m.name === name && m.stage === stage).map((m) => m.value);
    expect(gauge('StuckOnboardings')).toEqual([1]);
    expect(gauge('StuckOnboardings', 'cloud-account')).toEqual([1]);
    expect(gauge('StuckOnboardings', 'marketplace-approval')).toEqual([0]);
    expect(gauge('OnboardingsInStage', 'cloud-account')).toEqual([1]);
    expect(gauge('OnboardingsInStage', 'marketplace-approval')).toEqual([1]);
    // Every stage gets a value, zeros included: the widgets and the alarm never lack data.
    expect(gauge('OnboardingsInStage', 'billing-integration')).toEqual([0]);
  });

  it('publishes zero when nothing is stuck, so the alarm returns to OK', async () => {
    await seed('fresh', { stage: 'cloud-account', updatedAt: daysAgo(1) });
    await check();
    expect(metrics.recorded.filter((m) => m.name === 'StuckOnboardings' && !m.stage)).toEqual([
      { name: 'StuckOnboardings', value: 0 },
    ]);
  });

  it('logs each stuck onboarding by id and stage, so ops can find it', async () => {
    await seed('stale', { stage: 'provider-agreement', updatedAt: daysAgo(30) });

    await check();

    const lines = h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'Onboarding stuck in stage',
        action: 'check-stuck-onboardings',
        onboardingId: 'stale-abcdefgh',
        stage: 'provider-agreement',
        since: daysAgo(30),
        days: 30,
      }),
    );
    expect(lines.at(-1)).toMatchObject({
      message: 'Stuck onboarding check done',
      stuck: 1,
      stuckAfterDays: 14,
    });
  });

  it('takes N from its settings', async () => {
    await seed('week-old', { stage: 'cloud-account', updatedAt: daysAgo(8) });
    expect((await check(14)).stuck).toHaveLength(0);
    expect((await check(7)).stuck).toHaveLength(1);
  });

  it('queries the by-stage index once per stage, following every page', async () => {
    for (let i = 0; i < 5; i++)
      await seed(`acme-${i}`, { stage: 'cloud-account', updatedAt: daysAgo(30 + i) });

    const result = await check(14, 2);

    expect(result.stuck).toHaveLength(5);
    expect(stageQueries.filter((q) => q.startsWith('cloud-account'))).toEqual([
      'cloud-account',
      'cloud-account (next page)',
      'cloud-account (next page)',
    ]);
    expect(new Set(stageQueries.map((q) => q.split(' ')[0])).size).toBe(11);
  });
});
