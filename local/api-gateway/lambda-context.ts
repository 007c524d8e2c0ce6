import type { Context } from 'aws-lambda';

/** The HTTP API's integration timeout (and this stack's function timeout ceiling): 30 seconds. */
const INVOCATION_BUDGET_MS = 30_000;

/**
 * A Lambda-like context for one invocation. The function name is derived from the route (the
 * local runtime has no function names); the remaining time counts down from the API's 30-second
 * integration timeout so code that budgets its work behaves as on AWS.
 */
export function lambdaContext(options: {
  routeKey: string;
  /** Lambda's own request id: not API Gateway's, as on AWS. */
  awsRequestId: string;
  region: string;
  accountId: string;
}): Context {
  const functionName = `local-${options.routeKey.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
  const deadline = Date.now() + INVOCATION_BUDGET_MS;
  const unsupported = () => {
    throw new Error('The callback-style context methods are not supported: return a promise.');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region}:${options.accountId}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: options.awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
