import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_AWS } from '../../local/config.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { STATE_MACHINE_ARN } from '../support/onboarding-driver.ts';

/**
 * Everything that could change when someone acts: every table item, every execution with its
 * status and history length, and the number of emails sent. Tests compare two snapshots.
 */
export async function systemState(
  clients: { documents: DynamoDBDocumentClient; sfn: SFNClient },
  sesUrl: string,
) {
  const items: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await clients.documents.send(
      new ScanCommand({ TableName: LOCAL_AWS.tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []).map((item) => JSON.stringify(item, Object.keys(item).sort())));
    start = page.LastEvaluatedKey;
  } while (start);

  const executions: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN, nextToken }),
    );
    for (const execution of page.executions ?? []) {
      const { status } = await clients.sfn.send(
        new DescribeExecutionCommand({ executionArn: execution.executionArn }),
      );
      const history = await clients.sfn.send(
        new GetExecutionHistoryCommand({ executionArn: execution.executionArn, maxResults: 1000 }),
      );
      executions.push(`${execution.name} ${status} ${history.events?.length ?? 0}`);
    }
    nextToken = page.nextToken;
  } while (nextToken);

  return { items: items.sort(), executions: executions.sort(), emails: (await readInbox(sesUrl)).length };
}

/** The local engine's task tokens all start like this: none may ever appear where people or logs can see. */
export const LOCAL_TASK_TOKEN = /lsfn1\.[A-Za-z0-9_-]{20,}/;
