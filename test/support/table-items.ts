import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalTable } from './dynalite.ts';

/** Every item in a test table, sorted: tests compare before/after to prove nothing was written. */
export async function tableItems(table: LocalTable): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.documentClient.send(
      new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}
