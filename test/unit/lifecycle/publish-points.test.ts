import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkStuckOnboardings,
  STUCK_ANNOUNCE_WINDOW_MS,
} from '../../../functions/domain/check-stuck-onboardings.ts';
import { postMessage } from '../../../functions/domain/conversation/post-message.ts';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { recordProductOutcome } from '../../../functions/domain/record-product-outcome.ts';
import { stopOnboarding } from '../../../functions/domain/stop-onboarding.ts';
import type { LifecycleEvent } from '../../../functions/lifecycle/lifecycle-events.ts';
import { createLogger } from '../../../functions/observability/logger.ts';
import { schemaProblems } from '../../support/lifecycle-schemas.ts';
import { sampleOnboarding, seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const DAY_MS = 86_400_000;

function recordingPublisher() {
  const published: LifecycleEvent[] = [];
  return { published, publish: async (event: LifecycleEvent) => void published.push(event) };
}

describe('"Onboarding Stuck"', () => {
  const stuckSince = '2026-11-01T00:00:00.000Z';
  const onboarding = sampleOnboarding({ stage: 'provider-agreement', updatedAt: stuckSince });
  const check = (at: number) => {
    const events = recordingPublisher();
    return checkStuckOnboardings({
      store: {
        listOnboardingsByStage: async (stage) => ({
          items: stage === onboarding.stage ? [onboarding as Onboarding] : [],
        }),
      },
      clock: () => new Date(at),
      logger: createLogger({}, () => {}),
      stuckAfterDays: 14,
      events,
    }).then(() => events.published);
  };
  const becameStuck = Date.parse(stuckSince) + 14 * DAY_MS;

  it('is announced by the checks that run just after the onboarding became stuck, under one id', async () => {
    const first = await check(becameStuck + 60_000);
    const second = await check(becameStuck + STUCK_ANNOUNCE_WINDOW_MS - 60_000);
    expect(first).toHaveLength(1);
    expect(first[0]?.detail).toMatchObject({ stage: 'provider-agreement', since: stuckSince, days: 14 });
    expect(second[0]?.detail.id).toBe(first[0]?.detail.id);
    expect(first.flatMap(schemaProblems)).toEqual([]);
  });

  it('is not announced again by every later check while it stays stuck, nor before it is stuck', async () => {
    expect(await check(becameStuck + STUCK_ANNOUNCE_WINDOW_MS + 60_000)).toEqual([]);
    expect(await check(becameStuck + 3 * DAY_MS)).toEqual([]);
    expect(await check(becameStuck - 60_000)).toEqual([]);
  });
});

describe('publish points on the store', () => {
  let harness: UnitHarness;
  beforeAll(async () => {
    harness = await unitHarness();
  });
  afterAll(() => harness.table.stop());

  it('"Onboarding Stopped" names the execution it stopped: stopping twice is the same fact, the same id', async () => {
    const onboarding = await seedOnboarding(harness.deps.store, {
      id: 'stop-events-abcdefgh',
      executionName: 'stop-events-abcdefgh',
    });
    const events = recordingPublisher();
    const deps = { ...harness.deps, events };
    const request = {
      onboardingId: onboarding.id,
      by: 'ops@marketplace.example',
      stopExecutions: async () => 1,
    };
    await stopOnboarding(deps, request);
    await stopOnboarding(deps, request);
    expect(events.published.map((event) => event.detailType)).toEqual([
      'Onboarding Stopped',
      'Onboarding Stopped',
    ]);
    expect(events.published[0]?.detail).toMatchObject({ executionName: 'stop-events-abcdefgh' });
    expect(events.published[1]?.detail.id).toBe(events.published[0]?.detail.id);
    // Who stopped it is in the audit trail, not in the event.
    expect(JSON.stringify(events.published)).not.toContain('ops@marketplace.example');
    expect(events.published.flatMap(schemaProblems)).toEqual([]);
  });

  it('"Product Published" goes out after its audit and before the status that ends the task; a retry after that publishes nothing more', async () => {
    const onboarding = await seedOnboarding(harness.deps.store, {
      id: 'publish-events-abcdefgh',
      products: [{ name: 'Acme Backup', status: 'in-review', updatedAt: '2026-11-24T09:00:00.000Z' }],
    });
    const order: string[] = [];
    const store = new Proxy(harness.deps.store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (name !== 'appendEvent' && name !== 'setProductStatus') return value;
        return (...args: unknown[]) => {
          order.push(name);
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
    const events = {
      publish: async (event: LifecycleEvent) => {
        order.push(`publish ${event.detailType}`);
      },
    };
    const input = { onboardingId: onboarding.id, product: 'Acme Backup', outcome: 'published' as const };
    await recordProductOutcome({ ...harness.deps, store, events }, input);
    await recordProductOutcome({ ...harness.deps, store, events }, input);
    expect(order).toEqual(['appendEvent', 'publish Product Published', 'setProductStatus']);
  });

  it('"Question Asked" and "Question Answered" go out once each message is recorded; the answer names its question; a repeat is the same fact', async () => {
    const onboarding = await seedOnboarding(harness.deps.store, { id: 'question-events-abcdefgh' });
    const wait = await seedWait(harness.deps.store, onboarding, 'portal-access', {
      recipient: onboarding.repEmail,
    });
    const events = recordingPublisher();
    const deps = { ...harness.deps, events };
    const post = async (
      credential: 'queue' | 'checklist',
      holder: string,
      message: string,
      submission: string,
    ) => {
      const record = await harness.deps.store.readOnboarding(onboarding.id);
      const current = record?.waits.find((candidate) => candidate.waitKey === wait.waitKey);
      if (!record || !current) throw new Error('no step');
      return postMessage(deps, {
        credential,
        holder,
        record,
        wait: current,
        fields: { message, submission },
      });
    };
    await post('checklist', onboarding.contactEmail, 'Which account do you mean?', 'question-submission-01');
    await post('queue', onboarding.repEmail, 'The production one.', 'answer-submission-0001');
    await post('queue', onboarding.repEmail, 'The production one.', 'answer-submission-0001');

    expect(events.published.map((event) => event.detailType)).toEqual([
      'Question Asked',
      'Question Answered',
    ]);
    const [asked, answered] = events.published;
    expect(asked?.detail).toMatchObject({
      stage: 'portal-access',
      waitKey: wait.waitKey,
      questionId: 'question-submission-01',
    });
    expect(answered?.detail).toMatchObject({ waitKey: wait.waitKey, questionId: 'question-submission-01' });
    expect(answered?.detail.id).not.toBe(asked?.detail.id);
    // No words, no people: what was asked is read through the product.
    expect(JSON.stringify(events.published)).not.toMatch(/Which account|production one|@/);
    expect(events.published.flatMap(schemaProblems)).toEqual([]);
  });
});
