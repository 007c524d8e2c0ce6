import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../../functions/adapters/dynamodb-store.ts';
import type { OnboardingStore } from '../../../functions/domain/ports.ts';
import { type LocalTable, startDynalite } from '../../support/dynalite.ts';

let table: LocalTable;
let store: OnboardingStore;
let keyNumber = 0;
const T0 = new Date('2026-11-24T10:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
/** A fresh key per test, so tests never share an allowance. */
const allowance = (limit: number, windowSeconds: number) => ({
  key: `test#${++keyNumber}`,
  limit,
  windowSeconds,
});

beforeAll(async () => {
  table = await startDynalite();
  store = createDynamoDbStore({ client: table.documentClient, tableName: table.tableName });
});
afterAll(() => table.stop());

describe('sliding-window allowances on dynalite', () => {
  it('grants up to the limit, refuses the rest, and grants again once the oldest send leaves the window', async () => {
    const hourly = allowance(2, 3600);

    expect(await store.takeAllowance(hourly, T0)).toEqual({ granted: true });
    expect(await store.takeAllowance(hourly, later(600))).toEqual({ granted: true });
    expect(await store.takeAllowance(hourly, later(1200))).toEqual({
      granted: false,
      firstRefusal: true,
      retryAt: later(3600).toISOString(),
    });
    // The first send leaves the window an hour after it was made: the window is checked in code.
    expect(await store.takeAllowance(hourly, later(3601))).toEqual({ granted: true });
    expect((await store.takeAllowance(hourly, later(3602))).granted).toBe(false);
  });

  it('marks only the first refusal of a burst, and starts a new burst after the next send', async () => {
    const perStep = allowance(1, 300);
    await store.takeAllowance(perStep, T0);

    const burst = [];
    for (let second = 1; second <= 5; second += 1)
      burst.push(await store.takeAllowance(perStep, later(second)));
    expect(burst.map((result) => !result.granted && result.firstRefusal)).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);

    expect(await store.takeAllowance(perStep, later(301))).toEqual({ granted: true });
    const next = await store.takeAllowance(perStep, later(302));
    expect(next).toMatchObject({ granted: false, firstRefusal: true });
  });

  it('never overdraws under 50 concurrent takers, and marks one refusal among them', async () => {
    const cap = allowance(5, 3600);

    const results = await Promise.all(Array.from({ length: 50 }, () => store.takeAllowance(cap, T0)));

    expect(results.filter((result) => result.granted)).toHaveLength(5);
    expect(results.filter((result) => !result.granted && result.firstRefusal)).toHaveLength(1);
  });

  it('holds a limit of one under 100 concurrent takers', async () => {
    const perStep = allowance(1, 300);

    const results = await Promise.all(Array.from({ length: 100 }, () => store.takeAllowance(perStep, T0)));

    expect(results.filter((result) => result.granted)).toHaveLength(1);
  });
});
