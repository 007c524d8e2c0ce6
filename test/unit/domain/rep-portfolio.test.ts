import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../../functions/adapters/dynamodb-store.ts';
import type { Onboarding } from '../../../functions/domain/model.ts';
import { changeContact } from '../../../functions/domain/people/change-contact.ts';
import { PORTFOLIO_PAGE_SIZE, portfolioRow, repPortfolio } from '../../../functions/domain/rep-portfolio.ts';
import { sampleOnboarding, seedOnboarding } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const REP = 'rep@marketplace.example';
const OTHER_REP = 'other-rep@marketplace.example';
const DAY = 86_400_000;

let h: UnitHarness;
let calls: string[];

beforeEach(async () => {
  h = await unitHarness();
  // As in a warm process: "usually takes" comes from stage durations read at most every few minutes.
  h.deps.store = createDynamoDbStore({
    client: h.table.documentClient,
    tableName: h.table.tableName,
    stageDurationsMaxAgeSeconds: 300,
  });
  await h.deps.store.getStageDurations();
  calls = [];
  h.table.documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'countPortfolioCalls' },
  );
});
afterEach(() => h.table.stop());

/** The onboarding `n` of a rep, started `n` minutes after a fixed time (so newest first is n descending). */
function numbered(n: number, overrides: Partial<Onboarding> = {}): Onboarding {
  const at = new Date(Date.parse('2026-11-01T00:00:00Z') + n * 60_000).toISOString();
  return sampleOnboarding({
    id: `provider-${String(n).padStart(3, '0')}-abcdefgh`,
    executionName: `provider-${n}`,
    company: `Provider ${n}`,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  });
}

async function counted<T>(action: () => Promise<T>): Promise<{ result: T; operations: string[] }> {
  calls = [];
  const result = await action();
  return { result, operations: [...calls] };
}

describe("a rep's portfolio", () => {
  it('of 500 onboardings: the first page is one Query, and the cursor pages through all of them once, newest first', async () => {
    const all = Array.from({ length: 500 }, (_, n) => numbered(n));
    for (let start = 0; start < all.length; start += 50) {
      await Promise.all(
        all.slice(start, start + 50).map((onboarding) => h.deps.store.createOnboarding(onboarding)),
      );
    }
    await seedOnboarding(h.deps.store, numbered(900, { repEmail: OTHER_REP }));

    const first = await counted(() => repPortfolio(h.deps, REP));
    expect(first.operations).toEqual(['Query']);
    expect(first.result.rows).toHaveLength(PORTFOLIO_PAGE_SIZE);
    expect(first.result.rows[0]?.onboarding.company).toBe('Provider 499');

    const seen = first.result.rows.map((row) => row.onboarding.id);
    let cursor = first.result.cursor;
    let pages = 1;
    while (cursor) {
      const next = await counted(() => repPortfolio(h.deps, REP, cursor));
      expect(next.operations).toEqual(['Query']);
      seen.push(...next.result.rows.map((row) => row.onboarding.id));
      cursor = next.result.cursor;
      pages += 1;
    }

    expect(seen).toEqual(all.map((onboarding) => onboarding.id).reverse());
    expect(pages).toBeLessThanOrEqual(500 / PORTFOLIO_PAGE_SIZE + 1);
  });

  it('holds in-progress, stopped and recently completed onboardings, not ones completed over 90 days ago', async () => {
    const now = h.now.value.getTime();
    const ago = (days: number) => new Date(now - days * DAY).toISOString();
    await seedOnboarding(h.deps.store, numbered(1, { status: 'in-progress', stage: 'cloud-account' }));
    await seedOnboarding(h.deps.store, numbered(2, { status: 'stopped', stage: 'cloud-account' }));
    await seedOnboarding(
      h.deps.store,
      numbered(3, { status: 'completed', stage: 'completed', updatedAt: ago(89) }),
    );
    await seedOnboarding(
      h.deps.store,
      numbered(4, { status: 'completed', stage: 'completed', updatedAt: ago(91) }),
    );

    const { rows } = await repPortfolio(h.deps, REP.toUpperCase());

    expect(rows.map((row) => [row.onboarding.company, row.status])).toEqual([
      ['Provider 3', 'completed'],
      ['Provider 2', 'stopped'],
      ['Provider 1', 'in-progress'],
    ]);
  });

  it('follows a change of rep: the onboarding leaves the old portfolio and joins the new one', async () => {
    const onboarding = await seedOnboarding(h.deps.store, numbered(1));
    expect((await repPortfolio(h.deps, REP)).rows.map((row) => row.onboarding.id)).toEqual([onboarding.id]);

    await changeContact(h.deps, {
      onboardingId: onboarding.id,
      who: 'rep',
      fields: { email: OTHER_REP },
      by: 'ops',
    });

    expect((await repPortfolio(h.deps, REP)).rows).toEqual([]);
    const moved = (await repPortfolio(h.deps, OTHER_REP)).rows;
    expect(moved.map((row) => [row.onboarding.id, row.onboarding.repEmail])).toEqual([
      [onboarding.id, OTHER_REP],
    ]);
  });

  it('refuses a cursor of another rep, in plain words', async () => {
    const all = [1, 2, 3].map((n) => numbered(n, { repEmail: OTHER_REP }));
    for (const onboarding of all) await h.deps.store.createOnboarding(onboarding);
    const page = await repPortfolio(h.deps, OTHER_REP, undefined, 1);
    expect(page.cursor).toBeDefined();

    await expect(repPortfolio(h.deps, REP, page.cursor)).rejects.toThrow(
      'The page cursor is not valid: it does not belong to this listing. Start again from the first page.',
    );
  });
});

describe('a portfolio row', () => {
  const expected = { 'cloud-account': { seconds: 2 * 86_400, basis: 'default' } } as never;
  const now = '2026-11-24T10:00:00.000Z';

  it('says who an onboarding in progress waits on, and whether its stage takes longer than usual', () => {
    const fresh = portfolioRow(sampleOnboarding({ updatedAt: '2026-11-23T10:00:00.000Z' }), expected, now);
    const late = portfolioRow(sampleOnboarding({ updatedAt: '2026-11-20T10:00:00.000Z' }), expected, now);

    expect(fresh).toMatchObject({
      stageTitle: 'Cloud account',
      waitsOn: 'provider',
      comparison: { kind: 'within' },
    });
    expect(late.comparison.kind).toBe('longer');
    expect(fresh).toMatchObject({ openQuestions: 0, deliveryProblems: 0 });
  });

  it('waits on nobody once stopped or completed', () => {
    const stopped = portfolioRow(sampleOnboarding({ status: 'stopped' }), expected, now);
    const completed = portfolioRow(
      sampleOnboarding({ status: 'completed', stage: 'completed' }),
      expected,
      now,
    );

    expect(stopped).toMatchObject({ comparison: { kind: 'over' }, stageTitle: 'Cloud account' });
    expect(completed).toMatchObject({ comparison: { kind: 'over' }, stageTitle: 'Completed' });
    expect([stopped.waitsOn, completed.waitsOn]).toEqual([undefined, undefined]);
  });
});
