import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../../functions/adapters/dynamodb-store.ts';
import { createTableInput } from '../../../functions/adapters/dynamodb-table.ts';
import { mintViewLink } from '../../../functions/domain/view-links.ts';
import { viewPagesHandler } from '../../../functions/http/view-pages-handler.ts';
import { apiEvent, lambdaContext } from '../../support/api-events.ts';
import { seedOnboarding, seedWait } from '../../support/seed.ts';
import { type UnitHarness, unitHarness } from '../../support/unit-deps.ts';

const REP = 'rep@marketplace.example';
const PLATFORM = 'platform@marketplace.example';

let harness: UnitHarness;
beforeEach(async () => {
  harness = await unitHarness();
});
afterEach(() => harness.table.stop());

const idOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

async function queuePage(recipient: string, query?: Record<string, string>) {
  const id = idOf(await mintViewLink(harness.deps, { view: 'queue', recipient, opensSteps: true }));
  const result = (await viewPagesHandler(harness.deps)(
    apiEvent({ method: 'GET', path: `/r/${id}`, pathParameters: { id }, query }),
    lambdaContext,
  )) as APIGatewayProxyStructuredResultV2;
  return { id, status: result.statusCode, body: String(result.body) };
}

/** The text of the portfolio section (after its heading), tags removed. */
function portfolioText(body: string): string {
  const start = body.indexOf('<h2 id="portfolio-heading">');
  return start === -1
    ? ''
    : body
        .slice(start)
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ');
}

describe("the rep's queue page with the rep's portfolio", () => {
  it('keeps the steps waiting now on top, then lists every onboarding of the rep and no other', async () => {
    const waiting = await seedOnboarding(harness.deps.store, {
      id: 'waiting-co-abcdefgh',
      company: 'Waiting Co',
      createdAt: '2026-11-20T09:00:00.000Z',
    });
    await seedWait(harness.deps.store, waiting, 'portal-access');
    await seedOnboarding(harness.deps.store, {
      id: 'stopped-co-abcdefgh',
      company: 'Stopped Co',
      status: 'stopped',
      createdAt: '2026-11-21T09:00:00.000Z',
    });
    await seedOnboarding(harness.deps.store, {
      id: 'elsewhere-abcdefgh',
      company: 'Someone Else Co',
      repEmail: 'other-rep@marketplace.example',
    });

    const page = await queuePage(REP.toUpperCase());

    expect(page.status).toBe(200);
    expect(page.body.indexOf('Waiting Co: Provider Portal access')).toBeGreaterThan(-1);
    expect(page.body.indexOf('Waiting Co: Provider Portal access')).toBeLessThan(
      page.body.indexOf('Your onboardings'),
    );
    const portfolio = portfolioText(page.body);
    expect(portfolio).toMatch(/Stopped Co Stopped .*Waiting Co In progress Stage Cloud account/);
    expect(portfolio).toContain('Waiting on Provider');
    expect(portfolio).toContain('Usually takes about 2 days');
    expect(page.body).not.toContain('Someone Else Co');
  });

  it('pages with a link to the next page, and refuses a tampered cursor in plain words', async () => {
    for (let n = 0; n < 30; n++) {
      await seedOnboarding(harness.deps.store, {
        id: `provider-${String(n).padStart(2, '0')}-abcdefgh`,
        company: `Provider ${n}`,
        createdAt: new Date(Date.parse('2026-11-01T00:00:00Z') + n * 60_000).toISOString(),
      });
    }

    const first = await queuePage(REP);
    const next = first.body.match(/href="(\/r\/[^"?]+\?portfolio=[^"]+)">Next page/)?.[1];
    expect(portfolioText(first.body)).toContain('Provider 29');
    expect(portfolioText(first.body)).not.toContain('Provider 4 ');
    expect(next).toBeDefined();

    const cursor = decodeURIComponent(
      new URL(`https://x${next?.replaceAll('&amp;', '&')}`).searchParams.get('portfolio') ?? '',
    );
    const second = await queuePage(REP, { portfolio: cursor });
    expect(portfolioText(second.body)).toContain('Provider 4 ');
    expect(portfolioText(second.body)).not.toContain('Provider 29');

    const tampered = await queuePage(REP, { portfolio: 'not-a-cursor' });
    expect(tampered.status).toBe(400);
    expect(tampered.body).toContain('The page cursor is not valid');
  });

  it('leaves the portfolio out, and still shows the queue, on a table made before the by-rep index', async () => {
    // An old local data folder: dynalite cannot add an index to a table that exists.
    const tableName = `before-by-rep-${Date.now()}`;
    const input = createTableInput(tableName);
    await harness.table.client.send(
      new CreateTableCommand({
        ...input,
        AttributeDefinitions: input.AttributeDefinitions?.filter((a) => !a.AttributeName?.startsWith('gsi2')),
        GlobalSecondaryIndexes: input.GlobalSecondaryIndexes?.filter((index) => index.IndexName !== 'by-rep'),
      }),
    );
    await expect
      .poll(
        async () =>
          (await harness.table.client.send(new DescribeTableCommand({ TableName: tableName }))).Table
            ?.TableStatus,
      )
      .toBe('ACTIVE');
    harness.deps.store = createDynamoDbStore({ client: harness.table.documentClient, tableName });
    await seedOnboarding(harness.deps.store);

    const page = await queuePage(REP);

    expect(page.status).toBe(200);
    expect(page.body).toContain('Steps waiting on the Marketplace representative');
    expect(page.body).not.toContain('Your onboardings');
    expect(harness.logLines.some((line) => line.includes('the table has no by-rep index'))).toBe(true);
  });

  it('is not shown on a team mailbox queue', async () => {
    await seedOnboarding(harness.deps.store);

    const page = await queuePage(PLATFORM);

    expect(page.status).toBe(200);
    expect(page.body).not.toContain('Your onboardings');
  });
});

describe('a team\'s queue page with "I\'m on it"', () => {
  async function post(id: string, route: string, fields: Record<string, string>) {
    return (await viewPagesHandler(harness.deps)(
      apiEvent({
        method: 'POST',
        path: `/r/${id}/${route}`,
        pathParameters: { id },
        body: new URLSearchParams(fields).toString(),
        contentType: 'application/x-www-form-urlencoded',
      }),
      lambdaContext,
    )) as APIGatewayProxyStructuredResultV2;
  }

  it('offers the button on each team step, shows who is on it after a claim, and the release takes it off', async () => {
    const onboarding = await seedOnboarding(harness.deps.store, { stage: 'technical-integration' });
    const wait = await seedWait(harness.deps.store, onboarding, 'technical-integration', {
      product: 'Widget',
      recipient: PLATFORM,
    });
    const before = await queuePage(PLATFORM);
    expect(before.body).toContain('Nobody has said they are on it yet.');
    expect(before.body).toContain('I’m on it</button>');

    const claimed = await post(before.id, 'claim', {
      onboarding: onboarding.id,
      wait: wait.waitKey,
      name: 'Ana',
    });
    expect(claimed.statusCode).toBe(303);
    expect(claimed.headers?.location).toBe(`/r/${before.id}`);
    const after = await queuePage(PLATFORM);
    expect(after.body).toContain('<strong>Ana from the Platform Enablement team is on it</strong>');
    expect(after.body).toContain('I’m on it instead</button>');

    const claimedAt = after.body.match(/name="claimedAt" value="([^"]+)"/)?.[1] ?? '';
    const released = await post(before.id, 'release', {
      onboarding: onboarding.id,
      wait: wait.waitKey,
      claimedAt,
    });
    expect(released.statusCode).toBe(303);
    expect((await queuePage(PLATFORM)).body).toContain('Nobody has said they are on it yet.');
  });

  it('answers a claim without a name with the problem in plain words', async () => {
    const onboarding = await seedOnboarding(harness.deps.store, { stage: 'technical-integration' });
    const wait = await seedWait(harness.deps.store, onboarding, 'technical-integration', {
      product: 'Widget',
      recipient: PLATFORM,
    });
    const { id } = await queuePage(PLATFORM);

    const answer = await post(id, 'claim', { onboarding: onboarding.id, wait: wait.waitKey, name: '  ' });

    expect(answer.statusCode).toBe(400);
    expect(String(answer.body)).toContain('Your name is required.');
    expect((await harness.deps.store.getWait(onboarding.id, wait.waitKey))?.claim).toBeUndefined();
  });
});
