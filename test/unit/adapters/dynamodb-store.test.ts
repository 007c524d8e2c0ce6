import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../../functions/adapters/dynamodb-store.ts';
import { keys } from '../../../functions/adapters/table-design.ts';
import { TransientError } from '../../../functions/adapters/transient-error.ts';
import { InvalidInputError, OnboardingNotFoundError } from '../../../functions/domain/errors.ts';
import type { ActionLink } from '../../../functions/domain/model.ts';
import type { OnboardingStore } from '../../../functions/domain/ports.ts';
import {
  createLocalTable,
  type DynaliteServer,
  type LocalTable,
  startDynaliteServer,
} from '../../support/dynalite.ts';
import { anOnboarding, aWait, uniqueId } from './dynamodb-fixtures.ts';

let server: DynaliteServer;
let table: LocalTable;
let store: OnboardingStore;

beforeAll(async () => {
  server = await startDynaliteServer();
  table = await createLocalTable(server.endpoint);
  store = createDynamoDbStore({ client: table.documentClient, tableName: table.tableName });
});
afterAll(async () => {
  await table.stop();
  await server.stop();
});

async function rawItem(key: { pk: string; sk: string }) {
  return (await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: key }))).Item;
}

describe('onboardings', () => {
  it('creates an onboarding once and reads it back without any DynamoDB attribute', async () => {
    const onboarding = anOnboarding();

    expect(await store.createOnboarding(onboarding)).toBe('created');
    expect(await store.createOnboarding({ ...onboarding, company: 'Other' })).toBe('exists');

    expect(await store.getOnboarding(onboarding.id)).toStrictEqual(onboarding);
    expect(await rawItem(keys.onboarding(onboarding.id))).toMatchObject({
      ...keys.stageIndex('cloud-account', onboarding.updatedAt, onboarding.id),
      version: 1,
    });
  });

  it('returns undefined for an unknown onboarding', async () => {
    expect(await store.getOnboarding(uniqueId())).toBeUndefined();
  });

  it('updates stage, status and alias and keeps the stage index in step', async () => {
    const onboarding = anOnboarding();
    await store.createOnboarding(onboarding);

    await store.updateOnboarding(
      onboarding.id,
      { stage: 'portal-access', alias: 'acme-prod' },
      '2026-01-02T00:00:00.000Z',
    );

    expect(await store.getOnboarding(onboarding.id)).toStrictEqual({
      ...onboarding,
      stage: 'portal-access',
      alias: 'acme-prod',
      updatedAt: '2026-01-02T00:00:00.000Z',
    });
    expect(await rawItem(keys.onboarding(onboarding.id))).toMatchObject({
      ...keys.stageIndex('portal-access', '2026-01-02T00:00:00.000Z', onboarding.id),
      version: 2,
    });
  });

  it('refuses to update an onboarding that does not exist (and does not create one)', async () => {
    const id = uniqueId();
    await expect(
      store.updateOnboarding(id, { status: 'stopped' }, '2026-01-02T00:00:00.000Z'),
    ).rejects.toThrow(OnboardingNotFoundError);
    expect(await store.getOnboarding(id)).toBeUndefined();
  });

  it('sets product statuses in request order, replacing by name', async () => {
    const onboarding = anOnboarding();
    await store.createOnboarding(onboarding);

    await store.setProductStatus(onboarding.id, { name: 'B', status: 'requested', updatedAt: 't1' }, 't1');
    await store.setProductStatus(onboarding.id, { name: 'A', status: 'requested', updatedAt: 't2' }, 't2');
    await store.setProductStatus(onboarding.id, { name: 'B', status: 'published', updatedAt: 't3' }, 't3');

    const read = await store.getOnboarding(onboarding.id);
    expect(read?.products).toEqual([
      { name: 'B', status: 'published', updatedAt: 't3' },
      { name: 'A', status: 'requested', updatedAt: 't2' },
    ]);
    expect(read?.updatedAt).toBe('t3');
  });

  it('keeps every product when statuses of many products are set at once', async () => {
    const onboarding = anOnboarding();
    await store.createOnboarding(onboarding);
    const names = ['One', 'Two', 'Three', 'Four', 'Five', 'Six'];

    await Promise.all(
      names.map((name) =>
        store.setProductStatus(onboarding.id, { name, status: 'in-integration', updatedAt: 't' }, 't'),
      ),
    );

    const products = (await store.getOnboarding(onboarding.id))?.products ?? [];
    expect(products.map((p) => p.name).sort()).toEqual([...names].sort());
  });

  it('moves two products into their stages at once from the same read, losing neither', async () => {
    const requested = (name: string) => ({ name, status: 'requested' as const, updatedAt: 't0' });
    const onboarding = { ...anOnboarding(), products: [requested('One'), requested('Two')] };
    await store.createOnboarding(onboarding);
    const known = (await store.readOnboarding(onboarding.id))?.onboarding;
    if (!known) throw new Error('the onboarding was not read back');

    await Promise.all([
      store.moveToStage(
        onboarding.id,
        {
          stage: 'technical-integration',
          product: { name: 'One', status: 'in-integration', updatedAt: 't1' },
        },
        't1',
        known,
      ),
      store.moveToStage(
        onboarding.id,
        {
          stage: 'technical-integration',
          product: { name: 'Two', status: 'in-integration', updatedAt: 't1' },
        },
        't1',
        known,
      ),
    ]);

    const read = await store.getOnboarding(onboarding.id);
    expect(read).toMatchObject({
      stage: 'technical-integration',
      products: [
        { name: 'One', status: 'in-integration', updatedAt: 't1' },
        { name: 'Two', status: 'in-integration', updatedAt: 't1' },
      ],
    });
    expect(
      (await store.listOnboardingsByStage('technical-integration', 10)).items.map((o) => o.id),
    ).toContain(onboarding.id);
  });

  it('moves a product read before its list was replaced by reading again, never writing a wrong entry', async () => {
    const onboarding = {
      ...anOnboarding(),
      products: [{ name: 'Old', status: 'requested' as const, updatedAt: 't0' }],
    };
    await store.createOnboarding(onboarding);
    const stale = { products: [{ name: 'New', status: 'requested' as const, updatedAt: 't0' }] };
    await store.updateOnboarding(
      onboarding.id,
      { products: [{ name: 'Other', status: 'requested', updatedAt: 't0' }, ...stale.products] },
      't0',
    );

    await store.setProductStatus(
      onboarding.id,
      { name: 'New', status: 'in-review', updatedAt: 't2' },
      't2',
      stale,
    );

    expect((await store.getOnboarding(onboarding.id))?.products).toEqual([
      { name: 'Other', status: 'requested', updatedAt: 't0' },
      { name: 'New', status: 'in-review', updatedAt: 't2' },
    ]);
  });

  it('refuses a product status for an unknown onboarding', async () => {
    await expect(
      store.setProductStatus(uniqueId(), { name: 'A', status: 'published', updatedAt: 't' }, 't'),
    ).rejects.toThrow(OnboardingNotFoundError);
  });

  it('deletes an onboarding with everything in its partition', async () => {
    const onboarding = anOnboarding();
    await store.createOnboarding(onboarding);
    await store.appendEvent({ onboardingId: onboarding.id, type: 'onboarding-started', at: 't' });
    await store.openWait(aWait({ onboardingId: onboarding.id }));

    await store.deleteOnboarding(onboarding.id);

    expect(await store.getOnboarding(onboarding.id)).toBeUndefined();
    expect(await store.listEvents(onboarding.id)).toEqual([]);
    expect(await store.listWaits(onboarding.id)).toEqual([]);
    expect(await store.getCurrentWait(onboarding.id, 'portal-access')).toBeUndefined();
  });
});

describe('listOnboardingsByStage', () => {
  // A table of its own: listings read the whole index partition of a stage.
  let listing: LocalTable;
  let listingStore: OnboardingStore;
  const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

  beforeAll(async () => {
    listing = await createLocalTable(server.endpoint);
    listingStore = createDynamoDbStore({ client: listing.documentClient, tableName: listing.tableName });
    for (let i = 1; i <= 5; i++) {
      await listingStore.createOnboarding(
        anOnboarding({ id: `p${i}`, stage: 'provider-credit', updatedAt: at(i) }),
      );
    }
    await listingStore.createOnboarding(
      anOnboarding({ id: 'other', stage: 'product-content', updatedAt: at(9) }),
    );
  });
  afterAll(() => listing.stop());

  it('pages through a stage newest first, the last page without a cursor', async () => {
    const first = await listingStore.listOnboardingsByStage('provider-credit', 2);
    const second = await listingStore.listOnboardingsByStage('provider-credit', 2, first.cursor);
    const third = await listingStore.listOnboardingsByStage('provider-credit', 2, second.cursor);

    expect([first, second, third].map((page) => page.items.map((o) => o.id))).toEqual([
      ['p5', 'p4'],
      ['p3', 'p2'],
      ['p1'],
    ]);
    expect(first.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(third.cursor).toBeUndefined();
    expect(first.items[0]).not.toHaveProperty('gsi1pk');
  });

  it('gives no cursor when a page holds the whole stage exactly', async () => {
    const page = await listingStore.listOnboardingsByStage('provider-credit', 5);
    expect(page.items).toHaveLength(5);
    expect(page.cursor).toBeUndefined();
  });

  it('moves an onboarding between listings when its stage changes', async () => {
    await listingStore.updateOnboarding('p1', { stage: 'product-content' }, at(30));

    const content = await listingStore.listOnboardingsByStage('product-content', 10);
    const credit = await listingStore.listOnboardingsByStage('provider-credit', 10);

    expect(content.items.map((o) => o.id)).toEqual(['p1', 'other']);
    expect(credit.items.map((o) => o.id)).toEqual(['p5', 'p4', 'p3', 'p2']);
  });

  it('rejects a tampered cursor with a clear message', async () => {
    const { cursor } = await listingStore.listOnboardingsByStage('provider-credit', 1);
    const decoded = JSON.parse(Buffer.from(cursor ?? '', 'base64url').toString('utf8')) as Record<
      string,
      string
    >;
    const forged = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

    const attempts = [
      `${cursor}x!`,
      'bm90IGpzb24',
      forged({ ...decoded, extra: 'x' }),
      forged({ ...decoded, pk: 42 }),
      forged({ ...decoded, gsi1sk: '2026#someone-else' }),
    ];
    for (const attempt of attempts) {
      await expect(listingStore.listOnboardingsByStage('provider-credit', 1, attempt)).rejects.toThrow(
        /page cursor is not valid/,
      );
    }
  });

  it('rejects a cursor from another stage listing', async () => {
    const { cursor } = await listingStore.listOnboardingsByStage('provider-credit', 1);
    await expect(listingStore.listOnboardingsByStage('product-content', 1, cursor)).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });

  it('rejects a page size out of range', async () => {
    await expect(listingStore.listOnboardingsByStage('provider-credit', 0)).rejects.toThrow(/page size/);
    await expect(listingStore.listOnboardingsByStage('provider-credit', 1.5)).rejects.toThrow(/page size/);
  });
});

describe('action links', () => {
  const link = (overrides: Partial<ActionLink> = {}): ActionLink => ({
    idHash: 'a'.repeat(64),
    onboardingId: uniqueId(),
    waitKey: 'portal-access#-#e1',
    stage: 'portal-access',
    role: 'rep',
    recipient: 'rep@marketplace.example',
    createdAt: '2026-01-02T09:00:00.000Z',
    expiresAt: '2026-02-01T09:00:00.000Z',
    ...overrides,
  });

  it("round-trips a link by its id hash with its onboarding, in the onboarding's partition, with the TTL attribute kept out of it", async () => {
    const onboarding = anOnboarding();
    await store.createOnboarding(onboarding);
    const wait = aWait({ onboardingId: onboarding.id });
    await store.openWait(wait);
    const stored = link({ idHash: uniqueId('hash'), onboardingId: onboarding.id, waitKey: wait.waitKey });
    await store.putLink(stored);

    const read = await store.readLinkWithOnboarding(onboarding.id, stored.idHash);
    expect(read.link).toStrictEqual(stored);
    expect(read.record?.onboarding).toStrictEqual(onboarding);
    expect(read.record?.waits.map((w) => w.waitKey)).toStrictEqual([wait.waitKey]);
    expect(await rawItem(keys.stepLink(onboarding.id, stored.idHash))).toMatchObject({
      expiresAtEpoch: Date.parse('2026-02-01T09:00:00.000Z') / 1000,
    });
    // The onboarding read alone is unchanged by the links stored with it.
    expect(await store.readOnboarding(onboarding.id)).toStrictEqual(read.record);
  });

  it('returns expired links too (the caller decides what expiry means) and no link for unknown ones', async () => {
    const expired = link({ idHash: uniqueId('hash'), expiresAt: '2000-01-01T00:00:00.000Z' });
    await store.putLink(expired);

    expect((await store.readLinkWithOnboarding(expired.onboardingId, expired.idHash)).link).toStrictEqual(
      expired,
    );
    expect((await store.readLinkWithOnboarding(expired.onboardingId, uniqueId('hash'))).link).toBeUndefined();
    // Another onboarding's partition never answers for it.
    expect((await store.readLinkWithOnboarding(uniqueId(), expired.idHash)).link).toBeUndefined();
  });

  it('still reads a link stored on its own, as links were before they moved in with their onboarding', async () => {
    const older = link({ idHash: uniqueId('hash') });
    await table.documentClient.send(
      new PutCommand({ TableName: table.tableName, Item: { ...older, ...keys.link(older.idHash) } }),
    );

    expect(await store.getLink(older.idHash)).toStrictEqual(older);
    expect(await store.getLink(uniqueId('hash'))).toBeUndefined();
  });
});

describe('audit events', () => {
  it('lists events in time order, keeping events of the same instant apart', async () => {
    const onboardingId = uniqueId();
    await store.appendEvent({
      onboardingId,
      type: 'stage-entered',
      at: '2026-01-02T00:00:00.000Z',
      stage: 'cloud-account',
    });
    await store.appendEvent({
      onboardingId,
      type: 'onboarding-started',
      at: '2026-01-01T00:00:00.000Z',
      detail: undefined,
    });
    await store.appendEvent({ onboardingId, type: 'email-sent', at: '2026-01-02T00:00:00.000Z' });

    const events = await store.listEvents(onboardingId);

    expect(events.map((e) => e.type)).toEqual([
      'onboarding-started',
      expect.stringMatching(/stage-entered|email-sent/),
      expect.stringMatching(/stage-entered|email-sent/),
    ]);
    expect(new Set(events.map((e) => e.type)).size).toBe(3);
    expect(events[0]).toStrictEqual({
      onboardingId,
      type: 'onboarding-started',
      at: '2026-01-01T00:00:00.000Z',
    });
  });

  it('reads every page of a long history', async () => {
    const onboardingId = uniqueId();
    const detail = 'x'.repeat(20_000); // ~60 events of 20 kB pass DynamoDB's 1 MB page limit
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        store.appendEvent({
          onboardingId,
          type: 'email-sent',
          at: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`,
          detail,
        }),
      ),
    );

    const events = await store.listEvents(onboardingId);

    expect(events).toHaveLength(60);
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort());
  });
});

describe('errors', () => {
  it('lets non-transient DynamoDB errors through unchanged', async () => {
    const broken = createDynamoDbStore({ client: table.documentClient, tableName: 'no-such-table' });
    const failure = await broken.getOnboarding('x').catch((err: unknown) => err);
    expect(failure).not.toBeInstanceOf(TransientError);
    expect((failure as Error).name).toBe('ResourceNotFoundException');
  });
});
