import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbStore } from '../../functions/adapters/dynamodb-store.ts';
import { keys } from '../../functions/adapters/table-design.ts';
import { STAGE_KEYS } from '../../functions/checklist/stages.ts';
import { LOCAL_AWS } from '../../local/config.ts';
import { ProgressBar } from '../progress.ts';
import { type Distribution, distribution, round } from '../stats.ts';

export interface ListingResult {
  onboardingsInTable: number;
  seeded: number;
  seedSeconds: number;
  pageSize: number;
  /** First page of one stage (newest first), repeated over every stage. */
  firstPageMs: Distribution;
  /** Every page of the busiest stage, following cursors to the end. */
  pagingOneStage: {
    stage: string;
    onboardings: number;
    pages: number;
    seconds: number;
    pageMs: Distribution;
  };
  errors: number;
}

const FIRST_PAGE_ROUNDS = 5;
const SEED_BATCH = 25;

/**
 * Ops listing with a full table: `total` onboardings spread over the stages (the end-to-end ones
 * included), then the product's own `listOnboardingsByStage` (a Query on the by-stage index) for
 * the first page of each stage and for every page of one stage.
 */
export async function runListing(
  dynamodbUrl: string,
  options: { total: number; alreadyInTable: number; pageSize: number },
): Promise<ListingResult> {
  const client = new DynamoDBClient({
    endpoint: dynamodbUrl,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
  });
  const documents = createDocumentClient(client);
  const store = createDynamoDbStore({ client: documents, tableName: LOCAL_AWS.tableName });
  const stages = STAGE_KEYS.filter((stage) => stage !== 'published');
  const toSeed = Math.max(0, options.total - options.alreadyInTable);

  const seedStarted = performance.now();
  const progress = new ProgressBar('listing: onboardings written', toSeed);
  await seed(documents, toSeed, stages, (written) => progress.tick(written));
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  progress.finish();

  let errors = 0;
  const timed = async <T>(run: () => Promise<T>): Promise<[T | undefined, number]> => {
    const started = performance.now();
    try {
      const value = await run();
      return [value, performance.now() - started];
    } catch {
      errors += 1;
      return [undefined, performance.now() - started];
    }
  };

  const firstPages: number[] = [];
  for (let round = 0; round < FIRST_PAGE_ROUNDS; round++) {
    for (const stage of stages) {
      const [, ms] = await timed(() => store.listOnboardingsByStage(stage, options.pageSize));
      firstPages.push(ms);
    }
  }

  const stage = stages[0] as string;
  const pageTimes: number[] = [];
  let listed = 0;
  let cursor: string | undefined;
  const pagingStarted = performance.now();
  do {
    const [page, ms] = await timed(() => store.listOnboardingsByStage(stage, options.pageSize, cursor));
    pageTimes.push(ms);
    listed += page?.items.length ?? 0;
    cursor = page?.cursor;
  } while (cursor);
  const pagingSeconds = (performance.now() - pagingStarted) / 1000;
  client.destroy();

  return {
    onboardingsInTable: options.alreadyInTable + toSeed,
    seeded: toSeed,
    seedSeconds: round(seedSeconds, 1),
    pageSize: options.pageSize,
    firstPageMs: distribution(firstPages),
    pagingOneStage: {
      stage,
      onboardings: listed,
      pages: pageTimes.length,
      seconds: round(pagingSeconds, 2),
      pageMs: distribution(pageTimes),
    },
    errors,
  };
}

/** Onboarding profile items as the product writes them (keys from table-design.ts), 25 per batch. */
async function seed(
  client: DynamoDBDocumentClient,
  count: number,
  stages: readonly string[],
  onWritten: (items: number) => void,
): Promise<void> {
  const base = Date.parse('2026-01-01T00:00:00Z');
  let next = 0;
  const worker = async () => {
    for (let start = next; start < count; start = next) {
      next += SEED_BATCH;
      const requests: { PutRequest: { Item: Record<string, unknown> } }[] = [];
      for (let i = start; i < Math.min(count, start + SEED_BATCH); i++) {
        const id = `listing-${String(i).padStart(7, '0')}`;
        const stage = stages[i % stages.length] as string;
        const at = new Date(base + i * 60_000).toISOString();
        const item = {
          id,
          executionName: id,
          company: `Listing Company ${i}`,
          contactName: 'Ada Lovelace',
          contactEmail: `contact-${i}@listing.example`,
          repEmail: 'rep@marketplace.example',
          stage,
          status: 'in-progress',
          products: [],
          createdAt: at,
          updatedAt: at,
          version: 1,
          ...keys.stageIndex(stage, at, id),
          ...keys.onboarding(id),
        };
        requests.push({ PutRequest: { Item: item } });
      }
      let unprocessed: typeof requests = requests;
      while (unprocessed.length > 0) {
        const result = await client.send(
          new BatchWriteCommand({ RequestItems: { [LOCAL_AWS.tableName]: unprocessed } }),
        );
        unprocessed = (result.UnprocessedItems?.[LOCAL_AWS.tableName] ?? []) as typeof requests;
      }
      onWritten(requests.length);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}
