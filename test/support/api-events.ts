import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface ApiEventOptions {
  method: string;
  path: string;
  pathParameters?: Record<string, string>;
  body?: string;
  contentType?: string;
  /** Adds the IAM authorizer context API Gateway sets for a SigV4-signed request. */
  iamPrincipal?: string;
  headers?: Record<string, string>;
  sourceIp?: string;
  userAgent?: string;
  /** The query string's parameters (decoded), as API Gateway parses them. */
  query?: Record<string, string>;
}

/** An API Gateway HTTP API (payload v2) event, as the Lambda integration delivers it. */
export function apiEvent(options: ApiEventOptions): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = { ...options.headers };
  if (options.contentType) headers['Content-Type'] = options.contentType;
  const event = {
    version: '2.0',
    routeKey: `${options.method} ${options.path}`,
    rawPath: options.path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    ...(options.query ? { queryStringParameters: options.query } : {}),
    headers,
    pathParameters: options.pathParameters,
    body: options.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'onboarding.test.example',
      domainPrefix: 'onboarding',
      requestId: 'request-1',
      routeKey: `${options.method} ${options.path}`,
      stage: '$default',
      time: '24/Nov/2026:19:00:00 +0000',
      timeEpoch: 1_795_546_800_000,
      http: {
        method: options.method,
        path: options.path,
        protocol: 'HTTP/1.1',
        sourceIp: options.sourceIp ?? '203.0.113.7',
        userAgent: options.userAgent ?? 'Mozilla/5.0 (test)',
      },
      ...(options.iamPrincipal
        ? {
            authorizer: {
              iam: {
                accessKey: 'AKIA',
                accountId: '123456789012',
                callerId: 'AIDA',
                principalOrgId: null,
                userArn: options.iamPrincipal,
                userId: 'AIDA',
                cognitoIdentity: null,
              },
            },
          }
        : {}),
    },
  };
  return event as unknown as APIGatewayProxyEventV2;
}

export function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params.toString();
}

/** Minimal Lambda context for invoking middy handlers directly. */
export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test',
  memoryLimitInMB: '512',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/test',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 10_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
};
