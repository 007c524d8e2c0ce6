import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { TABLE_DESIGN } from './table-design.ts';

/**
 * The CreateTable request for the one table, built from `TABLE_DESIGN` so the local runtime and the
 * tests create exactly the keys and index the CDK stack declares. TTL is not part of CreateTable (and
 * dynalite has no TTL): it is cleanup on AWS only, the code checks expiry itself.
 */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, stageIndex } = TABLE_DESIGN;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [partitionKey, sortKey, stageIndex.partitionKey, stageIndex.sortKey].map(
      (name) => ({
        AttributeName: name,
        AttributeType: 'S' as const,
      }),
    ),
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
    ],
  };
}
