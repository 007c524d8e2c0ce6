import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DESIGN } from './table-design.ts';

/**
 * The CreateTable request for the one table, built from `TABLE_DESIGN` so the local runtime and the
 * tests create exactly the keys and index the CDK stack declares. TTL is not part of CreateTable (and
 * dynalite has no TTL): it is cleanup on AWS only, the code checks expiry itself.
 */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, stageIndex, repIndex } = TABLE_DESIGN;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      partitionKey,
      sortKey,
      stageIndex.partitionKey,
      stageIndex.sortKey,
      repIndex.partitionKey,
      repIndex.sortKey,
    ].map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: stageIndex.name,
        KeySchema: [
          { AttributeName: stageIndex.partitionKey, KeyType: 'HASH' },
          { AttributeName: stageIndex.sortKey, KeyType: 'RANGE' },
        ],
        // Ops listings show whole onboardings: projecting everything saves a GetItem per row.
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: repIndex.name,
        KeySchema: [
          { AttributeName: repIndex.partitionKey, KeyType: 'HASH' },
          { AttributeName: repIndex.sortKey, KeyType: 'RANGE' },
        ],
        // A portfolio row is the whole profile (stage, since when, status): no GetItem per row.
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

/**
 * Creates the table if it is missing and returns once it is ACTIVE. dynalite, like DynamoDB, answers
 * CreateTable while the table is still CREATING; writing before it turns ACTIVE fails with
 * ResourceNotFoundException (seen on a loaded CI machine), so the local runtime and tests wait.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  timeoutMs = 10_000,
): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline)
      throw new Error(`Table ${tableName} is still ${Table?.TableStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
