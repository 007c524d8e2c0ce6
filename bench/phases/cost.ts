import {
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { LOCAL_AWS } from '../../local/config.ts';
import { ASSUMED_LAMBDA_MS, LAMBDA_MEMORY_GB, US_EAST_1 } from '../prices.ts';
import { median, round } from '../stats.ts';
import type { EndToEndResult } from './end-to-end.ts';

export interface CostResult {
  /** Per happy-path onboarding with one product. */
  perOnboarding: {
    stateTransitions: number;
    lambdaInvocations: { workflow: number; api: number };
    apiRequests: number;
    dynamodb: { calls: Record<string, number>; writeUnits: number; readUnits: number };
    emails: number;
  };
  executionsSampled: number;
  /** Dollars per 1,000 onboardings, by service. */
  dollarsPer1000: Record<string, number> & { total: number };
  assumptions: string[];
}

const SAMPLE = 5;

/**
 * What one happy-path onboarding costs on AWS: state transitions and workflow Lambda invocations
 * counted from the local execution history (GetExecutionHistory), API requests and DynamoDB/SES calls
 * from the end-to-end run, priced at published us-east-1 prices (bench/prices.ts).
 */
export async function runCost(sfnUrl: string, endToEnd: EndToEndResult): Promise<CostResult> {
  const sfn = new SFNClient({
    endpoint: sfnUrl,
    region: LOCAL_AWS.region,
    credentials: { accessKeyId: LOCAL_AWS.accessKeyId, secretAccessKey: LOCAL_AWS.secretAccessKey },
  });
  const { executions = [] } = await sfn.send(
    new ListExecutionsCommand({
      stateMachineArn: `arn:aws:states:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:stateMachine:${LOCAL_AWS.stateMachineName}`,
      statusFilter: 'SUCCEEDED',
      maxResults: SAMPLE,
    }),
  );
  const transitions: number[] = [];
  const invocations: number[] = [];
  for (const execution of executions) {
    const events = await history(sfn, execution.executionArn as string);
    transitions.push(events.filter((event) => event.stateEnteredEventDetails).length);
    invocations.push(
      events.filter(
        (event) =>
          event.type === 'TaskScheduled' && event.taskScheduledEventDetails?.resourceType === 'lambda',
      ).length,
    );
  }
  sfn.destroy();

  const completed = Math.max(1, endToEnd.completed);
  const per = (value: number) => value / completed;
  const calls = Object.fromEntries(
    Object.entries(endToEnd.runtime.dynamodb).map(([operation, entry]) => [
      operation,
      round(per(entry.count), 1),
    ]),
  );
  const { writeUnits, readUnits } = requestUnits(endToEnd.runtime.dynamodb);
  const stateTransitions = median(transitions);
  const workflowInvocations = median(invocations);
  const apiRequests = endToEnd.requests.start + endToEnd.requests.get + endToEnd.requests.post;
  const emails = per(endToEnd.runtime.emails.count);
  const lambdaInvocations = workflowInvocations + apiRequests;

  const prices = US_EAST_1;
  const perThousand = (dollars: number) => round(dollars * 1000, 4);
  const dollars = {
    stepFunctions: perThousand(stateTransitions * prices.stepFunctionsPerStateTransition),
    lambda: perThousand(
      lambdaInvocations *
        (prices.lambdaPerRequest +
          LAMBDA_MEMORY_GB * (ASSUMED_LAMBDA_MS / 1000) * prices.lambdaArmPerGbSecond),
    ),
    dynamodb: perThousand(
      per(writeUnits) * prices.dynamodbPerWriteRequestUnit +
        per(readUnits) * prices.dynamodbPerReadRequestUnit,
    ),
    ses: perThousand(emails * prices.sesPerEmail),
    apiGateway: perThousand(apiRequests * prices.httpApiPerRequest),
  };
  return {
    perOnboarding: {
      stateTransitions,
      lambdaInvocations: { workflow: workflowInvocations, api: round(apiRequests, 1) },
      apiRequests: round(apiRequests, 1),
      dynamodb: { calls, writeUnits: round(per(writeUnits), 1), readUnits: round(per(readUnits), 1) },
      emails: round(emails, 1),
    },
    executionsSampled: transitions.length,
    dollarsPer1000: {
      ...dollars,
      total: round(
        Object.values(dollars).reduce((sum, value) => sum + value, 0),
        4,
      ),
    },
    assumptions: [
      `Lambda: ${LAMBDA_MEMORY_GB * 1024} MB arm64, ${ASSUMED_LAMBDA_MS} ms billed per invocation (assumed; local action POST p50 was ${endToEnd.postActionMs.p50} ms end to end)`,
      'DynamoDB writes: 1 WRU per started KB of request body per item written (an upper bound on item size; a BatchWriteItem is billed per item); writes to onboarding profile items count 2 more WRU (by-stage index delete + put)',
      'DynamoDB reads: 1 RRU per started 4 KB of the answer to a strongly consistent GetItem or Query (at least 1)',
      'Free tiers, storage, data transfer, CloudWatch logs/metrics and X-Ray are not included',
    ],
  };
}

async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

function requestUnits(calls: EndToEndResult['runtime']['dynamodb']): {
  writeUnits: number;
  readUnits: number;
} {
  let writeUnits = 0;
  let readUnits = 0;
  for (const [operation, entry] of Object.entries(calls)) {
    if (entry.count === 0) continue;
    // Each item written is billed on its own (a batch of five is five writes), by its size in KB.
    const items = entry.items || entry.count;
    const kilobytes = Math.max(1, Math.ceil(entry.bytes / items / 1024));
    if (/^(Put|Update|Delete)Item$|^BatchWriteItem$/.test(operation)) {
      writeUnits += items * kilobytes + entry.indexedWrites * 2;
    } else if (/^(GetItem|Query|BatchGetItem|Scan)$/.test(operation)) {
      readUnits += entry.readUnits || entry.count;
    }
  }
  return { writeUnits, readUnits };
}
