import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbStore } from '../../../functions/adapters/dynamodb-store.ts';
import { keys } from '../../../functions/adapters/table-design.ts';
import type { Wait } from '../../../functions/domain/model.ts';
import type { OnboardingStore } from '../../../functions/domain/ports.ts';
import {
  createLocalTable,
  type LocalTable,
  localDynamoDbClient,
  startDynalite,
} from '../../support/dynalite.ts';
import { aDecision, aWait, uniqueId } from './dynamodb-fixtures.ts';

let table: LocalTable;
let store: OnboardingStore;

beforeAll(async () => {
  table = await startDynalite();
  store = createDynamoDbStore({ client: table.documentClient, tableName: table.tableName });
});
afterAll(() => table.stop());

const freshWait = (overrides: Partial<Wait> & { entry?: string } = {}) =>
  aWait({ onboardingId: uniqueId(), ...overrides });

describe('openWait', () => {
  it('creates a new wait, queues it for its recipient and writes the records that travel with it', async () => {
    const wait = freshWait({
      product: 'Widget Cloud',
      stage: 'technical-integration',
      recipient: `${uniqueId()}@example.com`,
    });
    const entered = { onboardingId: wait.onboardingId, type: 'stage-entered' as const, at: wait.enteredAt };

    const result = await store.openWait(wait, { events: [entered] });

    expect(result).toEqual({ kind: 'created', wait });
    expect(await store.getWait(wait.onboardingId, wait.waitKey)).toStrictEqual(wait);
    expect(await store.getCurrentWait(wait.onboardingId, wait.stage, wait.product)).toStrictEqual(wait);
    expect(await store.listPendingWaitsFor(wait.recipient)).toStrictEqual([wait]);
    expect(await store.listEvents(wait.onboardingId)).toStrictEqual([entered]);
  });

  it('answers "retry" to the same task entry and changes nothing', async () => {
    const wait = freshWait();
    await store.openWait(wait);
    await store.markNotified(wait.onboardingId, wait.waitKey, 'hash-of-token-1');

    const result = await store.openWait({ ...wait, deadline: '2030-01-01T00:00:00.000Z' });

    expect(result).toEqual({ kind: 'retry', wait: { ...wait, notifiedTokenHash: 'hash-of-token-1' } });
    expect((await store.getWait(wait.onboardingId, wait.waitKey))?.deadline).toBe(wait.deadline);
  });

  it('rotates the token of a pending wait re-entered after a reminder, keeping its history and its original due date', async () => {
    const wait = freshWait();
    await store.openWait(wait);
    await store.recordReminder(wait.onboardingId, wait.waitKey, { reminders: 1, escalations: 0 });

    const result = await store.openWait({
      ...wait,
      taskToken: 'token-2',
      enteredAt: '2026-01-05T09:00:01.000Z',
      deadline: '2026-01-08T09:00:01.000Z',
      timeoutSeconds: 100,
    });

    const expected = {
      ...wait,
      taskToken: 'token-2',
      timeoutSeconds: 100,
      reminders: 1,
    };
    expect(result).toEqual({ kind: 'reentered', wait: expected });
    expect(await store.getWait(wait.onboardingId, wait.waitKey)).toStrictEqual(expected);
    expect(await store.getCurrentWait(wait.onboardingId, wait.stage)).toStrictEqual(expected);
  });

  it('answers "already-decided" with the recorded decision when the wait was decided', async () => {
    const wait = freshWait();
    await store.openWait(wait);
    const decision = aDecision();
    await store.decideWait(wait.onboardingId, wait.waitKey, decision);

    const result = await store.openWait({ ...wait, taskToken: 'token-2' });

    expect(result.kind).toBe('already-decided');
    expect(result.wait).toMatchObject({ status: 'decided', taskToken: 'token-1' });
    expect(result.wait.decision).toEqual(decision);
  });

  it('answers "closed" for a closed wait and leaves it closed', async () => {
    const wait = freshWait();
    await store.openWait(wait);
    await store.closeWait(wait.onboardingId, wait.waitKey);

    const result = await store.openWait({ ...wait, taskToken: 'token-2' });

    expect(result).toEqual({ kind: 'closed', wait: { ...wait, status: 'closed' } });
    expect((await store.getCurrentWait(wait.onboardingId, wait.stage))?.status).toBe('closed');
  });

  it('finds a wait whose first attempt crashed before anything followed it, and answers "retry"', async () => {
    const wait = freshWait();
    // As if the first attempt crashed right after writing the wait (no queue entry, no records).
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...wait, ...keys.wait(wait.onboardingId, wait.waitKey) },
      }),
    );
    expect(await store.getCurrentWait(wait.onboardingId, wait.stage)).toStrictEqual(wait);

    expect(await store.openWait(wait)).toEqual({ kind: 'retry', wait });
  });

  it("takes a stage's latest entry as its current wait, whatever order retries come in", async () => {
    const first = freshWait({ entry: 'first' });
    const second = {
      ...first,
      waitKey: 'portal-access#-#second',
      taskToken: 'token-b',
      enteredAt: '2026-02-01T00:00:00.000Z',
    };
    await store.openWait(first);
    await store.decideWait(first.onboardingId, first.waitKey, aDecision());
    await store.openWait(second);

    // A late retry of the first entry must not make it current again.
    await store.openWait({ ...first, status: 'pending' });

    expect((await store.getCurrentWait(first.onboardingId, first.stage))?.waitKey).toBe(second.waitKey);
  });

  it('refuses a wait key that belongs to another stage', async () => {
    const wait = freshWait();
    await expect(store.openWait({ ...wait, stage: 'provider-credit' })).rejects.toThrow(
      /does not belong to stage/,
    );
  });
});

describe('decideWait', () => {
  it('records the decision once and returns the wait with its current token', async () => {
    const wait = freshWait();
    await store.openWait(wait);
    const decision = aDecision();

    const result = await store.decideWait(wait.onboardingId, wait.waitKey, decision);

    expect(result).toEqual({ kind: 'decided', wait: { ...wait, status: 'decided', decision } });
    expect(result.wait).not.toHaveProperty('decidedAt');
    expect(await store.getCurrentWait(wait.onboardingId, wait.stage)).toEqual(result.wait);
  });

  it('lets exactly one of 25 concurrent decisions win; the others see the winner', async () => {
    const wait = freshWait();
    await store.openWait(wait);

    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.decideWait(wait.onboardingId, wait.waitKey, aDecision(`person-${i}@example.com`)),
      ),
    );

    const winners = results.filter((r) => r.kind === 'decided');
    expect(winners).toHaveLength(1);
    const winner = winners[0]?.wait.decision;
    expect(results.filter((r) => r.kind === 'already-decided')).toHaveLength(24);
    for (const result of results) expect(result.wait.decision).toEqual(winner);
    expect((await store.getWait(wait.onboardingId, wait.waitKey))?.decision).toEqual(winner);
  });

  it('reports a closed wait as already-decided, with status closed and no decision', async () => {
    const wait = freshWait();
    await store.openWait(wait);
    await store.closeWait(wait.onboardingId, wait.waitKey);

    const result = await store.decideWait(wait.onboardingId, wait.waitKey, aDecision());

    expect(result.kind).toBe('already-decided');
    expect(result.wait.status).toBe('closed');
    expect(result.wait.decision).toBeUndefined();
  });

  it("keeps the decision's audit event on the wait, written by the same write, and lists it once", async () => {
    const wait = freshWait();
    await store.openWait(wait);
    const decision = aDecision();
    const audit = {
      onceKey: `decision#${wait.waitKey}`,
      onboardingId: wait.onboardingId,
      type: 'decision-recorded',
      at: decision.at,
      stage: wait.stage,
      actor: decision.actor.id,
      outcome: decision.outcome,
    } as const;

    const result = await store.decideWait(wait.onboardingId, wait.waitKey, decision, audit);
    await store.decideWait(wait.onboardingId, wait.waitKey, aDecision('late@example.com'), audit);

    expect(result.wait.decisionAudited).toBe(true);
    expect((await store.getWait(wait.onboardingId, wait.waitKey))?.decisionAudited).toBe(true);
    const { onceKey: _onceKey, ...listed } = audit;
    expect(await store.listEvents(wait.onboardingId)).toEqual([listed]);
  });

  it('fails loudly for a wait that does not exist', async () => {
    await expect(store.decideWait(uniqueId(), 'portal-access#-#nope', aDecision())).rejects.toThrow(
      /does not exist/,
    );
  });
});

describe('reminder re-entry racing a decision', () => {
  it('decision first: the re-entry finds it and the wait keeps the decision', async () => {
    const wait = freshWait();
    await store.openWait(wait);
    const decided = await store.decideWait(wait.onboardingId, wait.waitKey, aDecision());

    const reentry = await store.openWait({ ...wait, taskToken: 'token-2' });

    expect(decided.kind).toBe('decided');
    expect(reentry.kind).toBe('already-decided');
    expect(reentry.wait.decision).toEqual(decided.wait.decision);
  });

  it('re-entry first: the decision returns the new token, so the caller completes the live task', async () => {
    const wait = freshWait();
    await store.openWait(wait);
    await store.openWait({ ...wait, taskToken: 'token-2' });

    const decided = await store.decideWait(wait.onboardingId, wait.waitKey, aDecision());

    expect(decided.kind).toBe('decided');
    expect(decided.wait.taskToken).toBe('token-2');
  });

  it('decision landing between the re-entry read and its write: the re-entry reports already-decided', async () => {
    const wait = freshWait();
    await store.openWait(wait);
    // A store on its own client whose token-rotating update is preceded by someone else's decision.
    const racingClient = createDocumentClient(localDynamoDbClient(table.endpoint));
    let interleaved = false;
    racingClient.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { ExpressionAttributeNames?: Record<string, string> };
        const rotatesToken = Object.values(input.ExpressionAttributeNames ?? {}).includes('taskToken');
        if (rotatesToken && !interleaved) {
          interleaved = true;
          await store.decideWait(wait.onboardingId, wait.waitKey, aDecision('fast@example.com'));
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    const racingStore = createDynamoDbStore({ client: racingClient, tableName: table.tableName });

    try {
      const result = await racingStore.openWait({ ...wait, taskToken: 'token-2' });

      expect(interleaved).toBe(true);
      expect(result.kind).toBe('already-decided');
      expect(result.wait.decision?.actor.id).toBe('fast@example.com');
      expect(result.wait.taskToken).toBe('token-1');
    } finally {
      racingClient.destroy();
    }
  });
});

describe('wait bookkeeping', () => {
  it('counts reminders only while pending', async () => {
    const wait = freshWait();
    await store.openWait(wait);
    await store.recordReminder(wait.onboardingId, wait.waitKey, { reminders: 2, escalations: 1 });
    await store.decideWait(wait.onboardingId, wait.waitKey, aDecision());
    await store.recordReminder(wait.onboardingId, wait.waitKey, { reminders: 3, escalations: 1 });

    expect(await store.getWait(wait.onboardingId, wait.waitKey)).toMatchObject({
      reminders: 2,
      escalations: 1,
    });
  });

  it('never closes a decided wait', async () => {
    const wait = freshWait();
    await store.openWait(wait);
    await store.decideWait(wait.onboardingId, wait.waitKey, aDecision());
    await store.closeWait(wait.onboardingId, wait.waitKey);

    expect((await store.getWait(wait.onboardingId, wait.waitKey))?.status).toBe('decided');
  });

  it('marks a wait notified, and ignores a wait that does not exist', async () => {
    const wait = freshWait();
    await store.openWait(wait);
    await store.markNotified(wait.onboardingId, wait.waitKey, 'abc123');
    await store.markNotified(wait.onboardingId, 'portal-access#-#missing', 'abc123');

    expect((await store.getWait(wait.onboardingId, wait.waitKey))?.notifiedTokenHash).toBe('abc123');
    expect(await store.getWait(wait.onboardingId, 'portal-access#-#missing')).toBeUndefined();
  });

  it("keeps an action request's email-sent event on the note, listed with the events in time order", async () => {
    const wait = freshWait();
    const { onboardingId, waitKey } = wait;
    await store.openWait(wait);
    const sent = (at: string, detail: string) =>
      ({ onboardingId, type: 'email-sent', at, stage: wait.stage, actor: wait.recipient, detail }) as const;
    await store.appendEvent({ onboardingId, type: 'stage-entered', at: '2026-01-02T00:00:00.000Z' });
    await store.appendEvent({ onboardingId, type: 'decision-recorded', at: '2026-01-02T00:00:03.000Z' });
    await store.markNotified(onboardingId, waitKey, 'first', sent('2026-01-02T00:00:01.000Z', 'first'));
    await store.markNotified(onboardingId, waitKey, 'second', sent('2026-01-02T00:00:02.000Z', 'second'));

    expect((await store.getWait(onboardingId, waitKey))?.notifiedTokenHash).toBe('second');
    expect(Object.keys((await store.getWait(onboardingId, waitKey)) ?? {})).not.toContain('notedEvents');
    expect((await store.listEvents(onboardingId)).map((event) => event.detail ?? event.type)).toEqual([
      'stage-entered',
      'first',
      'second',
      'decision-recorded',
    ]);
    expect((await store.listEvents(onboardingId))[1]).toEqual(sent('2026-01-02T00:00:01.000Z', 'first'));
  });

  it('lists every wait of an onboarding, and only waits', async () => {
    const onboardingId = uniqueId();
    const waits = [
      aWait({ onboardingId, stage: 'cloud-account', entry: 'a' }),
      aWait({ onboardingId, stage: 'technical-integration', product: 'One', entry: 'b' }),
      aWait({ onboardingId, stage: 'billing-integration', product: 'One', entry: 'c' }),
    ];
    for (const wait of waits) await store.openWait(wait);
    await store.appendEvent({ onboardingId, type: 'stage-entered', at: '2026-01-01T00:00:00.000Z' });

    const listed = await store.listWaits(onboardingId);

    expect(listed.map((w) => w.waitKey).sort()).toEqual(waits.map((w) => w.waitKey).sort());
    expect(listed.every((w) => !('pk' in w) && !('sk' in w))).toBe(true);
  });

  it("reads a decision's settled note back as its wait's deliveredAt, from every reader of waits", async () => {
    const wait = freshWait();
    const other = freshWait({ onboardingId: wait.onboardingId, stage: 'cloud-account' });
    await store.openWait(wait);
    await store.openWait(other);
    await store.decideWait(wait.onboardingId, wait.waitKey, aDecision());
    await store.decideWait(other.onboardingId, other.waitKey, aDecision());
    const deliveredAt = '2026-01-03T00:00:00.000Z';

    await store.writeRecords({
      settled: [{ onboardingId: wait.onboardingId, waitKey: wait.waitKey, deliveredAt }],
    });

    const delivered = { waitKey: wait.waitKey, deliveredAt };
    expect(await store.getWait(wait.onboardingId, wait.waitKey)).toMatchObject(delivered);
    expect(await store.getCurrentWait(wait.onboardingId, wait.stage)).toMatchObject(delivered);
    expect(await store.listWaits(wait.onboardingId)).toEqual(
      expect.arrayContaining([expect.objectContaining(delivered)]),
    );
    // The other wait has no note of its own: undelivered.
    expect((await store.getWait(other.onboardingId, other.waitKey))?.deliveredAt).toBeUndefined();
    expect((await store.listWaits(wait.onboardingId)).map((w) => w.waitKey).sort()).toEqual(
      [wait.waitKey, other.waitKey].sort(),
    );

    await store.markDelivered(other.onboardingId, other.waitKey, deliveredAt);
    expect((await store.getCurrentWait(other.onboardingId, other.stage))?.deliveredAt).toBe(deliveredAt);
  });

  it('still counts a deliveredAt written on the wait item itself (before settled notes)', async () => {
    const wait = freshWait({
      status: 'decided',
      decision: aDecision(),
      deliveredAt: '2026-01-02T00:00:00.000Z',
    });
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...wait, ...keys.wait(wait.onboardingId, wait.waitKey) },
      }),
    );

    expect(await store.getWait(wait.onboardingId, wait.waitKey)).toEqual(wait);
    expect(await store.listWaits(wait.onboardingId)).toEqual([wait]);
  });

  it('finds no current wait for a stage never entered', async () => {
    expect(await store.getCurrentWait(uniqueId(), 'provider-agreement')).toBeUndefined();
  });
});

describe('the shared test server', () => {
  it('gives each table its own name, so test files can share one server', async () => {
    const other = await createLocalTable(table.endpoint);
    try {
      expect(other.tableName).not.toBe(table.tableName);
      const otherStore = createDynamoDbStore({ client: other.documentClient, tableName: other.tableName });
      const wait = freshWait();
      await store.openWait(wait);
      expect(await otherStore.getWait(wait.onboardingId, wait.waitKey)).toBeUndefined();
    } finally {
      await other.stop();
    }
  });
});
