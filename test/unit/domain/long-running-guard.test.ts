import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LongRunningGuardDependencies } from '../../../functions/domain/long-running-guard.ts';
import { handOverReason } from '../../../functions/domain/long-running-guard.ts';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { createRecordingMetrics } from '../../../functions/observability/metrics.ts';
import { checkStuckOnboardingsHandler } from '../../../functions/tasks/check-stuck-onboardings-handler.ts';
import { lambdaContext } from '../../support/api-events.ts';
import { sampleOnboarding, seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const NOW = '2026-11-24T10:00:00.000Z';
const LIMITS = { maxDays: 300, maxReminderLoops: 1000 };
const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

const onboarding = (overrides: Partial<Onboarding>) =>
  sampleOnboarding({ createdAt: daysAgo(400), updatedAt: daysAgo(1), ...overrides });

describe('when the long-running guard hands an execution over', () => {
  it('does so once the execution is older than the limit, not before', () => {
    const now = new Date(NOW);
    expect(handOverReason(onboarding({ executionStartedAt: daysAgo(299) }), now, LIMITS)).toBeUndefined();
    expect(handOverReason(onboarding({ executionStartedAt: daysAgo(300) }), now, LIMITS)).toMatch(
      /run 300 days \(limit 300\)/,
    );
    // Records from before the field existed count from the onboarding's creation.
    expect(handOverReason(onboarding({}), now, LIMITS)).toMatch(/run 400 days/);
  });

  it('does so once the execution looped through too many reminders (history events add up)', () => {
    const now = new Date(NOW);
    const recent = { executionStartedAt: daysAgo(1) };
    expect(handOverReason(onboarding({ ...recent, reminderLoops: 999 }), now, LIMITS)).toBeUndefined();
    expect(handOverReason(onboarding({ ...recent, reminderLoops: 1000 }), now, LIMITS)).toMatch(
      /1000 reminders \(limit 1000\)/,
    );
  });

  it('never for an onboarding that is not in progress', () => {
    const now = new Date(NOW);
    for (const status of ['completed', 'stopped'] as const) {
      expect(handOverReason(onboarding({ status, reminderLoops: 5000 }), now, LIMITS)).toBeUndefined();
    }
  });
});

describe('the hourly check with the long-running guard', () => {
  let h: UnitHarness;
  let calls: string[];
  beforeEach(async () => {
    h = await unitHarness();
    h.now.value = new Date(NOW);
    calls = [];
  });
  afterEach(() => h.table.stop());

  function guard(options: { failStart?: boolean } = {}): LongRunningGuardDependencies {
    return {
      store: h.deps.store,
      clock: h.deps.clock,
      logger: h.deps.logger,
      waits: { providerWaitSeconds: 3600, teamWaitSeconds: 3600 },
      limits: LIMITS,
      stopper: {
        stopExecution: async (name, reason) => {
          calls.push(`stop ${name}: ${reason.error}`);
          return true;
        },
      },
      starter: {
        startExecution: async ({ name, input }) => {
          if (options.failStart) throw new Error('throttled');
          calls.push(`start ${name} at ${(input as { startAt: string }).startAt}`);
          return { executionArn: `arn:aws:states:us-east-1:123456789012:execution:m:${name}` };
        },
      },
    };
  }

  it('stops the old execution, then resumes at the exact wait; the new execution is recorded', async () => {
    const old = await seedOnboarding(h.deps.store, {
      stage: 'provider-agreement',
      executionStartedAt: daysAgo(301),
      reminderLoops: 4,
    });
    const pending = await seedWait(h.deps.store, old, 'provider-agreement');
    await seedOnboarding(h.deps.store, {
      id: 'young-software-abcdefgh',
      executionName: 'young-software-abcdefgh',
      executionStartedAt: daysAgo(10),
    });
    const metrics = createRecordingMetrics();

    const result = await checkStuckOnboardingsHandler({
      store: h.deps.store,
      clock: h.deps.clock,
      logger: h.deps.logger,
      metrics,
      stuckAfterDays: 14,
      guard: guard(),
    })({} as never, lambdaContext);

    expect(calls).toEqual([
      `stop ${old.id}: Onboarding.HandedOver`,
      `start ${old.id}-resume-1 at provider-agreement`,
    ]);
    expect(result.handedOver).toEqual([
      {
        onboardingId: old.id,
        executionName: `${old.id}-resume-1`,
        reason: expect.stringMatching(/301 days/),
      },
    ]);
    expect(await h.deps.store.getOnboarding(old.id)).toMatchObject({
      executionName: `${old.id}-resume-1`,
      executionStartedAt: NOW,
      reminderLoops: 0,
      // A hand-over is not progress: the stuck check still sees the same last progress.
      updatedAt: old.updatedAt,
    });
    const resumed = (await h.deps.store.listEvents(old.id)).find((e) => e.type === 'onboarding-resumed');
    expect(resumed?.detail).toBe(`${old.id}-resume-1 at provider-agreement`);
    expect(pending.status).toBe('pending');
    expect(metrics.recorded.filter((m) => m.name === 'HandedOver')).toHaveLength(1);
  });

  it('goes on with the other onboardings when one hand-over fails, and tries again next time', async () => {
    await seedOnboarding(h.deps.store, { executionStartedAt: daysAgo(301) });
    const check = (failStart: boolean) =>
      checkStuckOnboardingsHandler({
        store: h.deps.store,
        clock: h.deps.clock,
        logger: h.deps.logger,
        stuckAfterDays: 14,
        guard: guard({ failStart }),
      })({} as never, lambdaContext);

    expect((await check(true)).handedOver).toEqual([]);
    expect(h.logLines.join('\n')).toContain('could not be handed over');
    expect((await check(false)).handedOver).toHaveLength(1);
  });
});
