import type { IncomingMessage } from 'node:http';
import type { APIGatewayEventRequestContextIAMAuthorizer, APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseQueryString } from './query-string.ts';
import { isTextualContentType } from './request-body.ts';
import type { RouteMatch } from './routes.ts';

export interface HttpEventInput {
  request: IncomingMessage;
  rawPath: string;
  rawQueryString: string;
  match: RouteMatch;
  body: Buffer;
  requestId: string;
  receivedAt: Date;
  accountId: string;
  /** Set for `iam` routes once the signature checked out. */
  authorizer?: APIGatewayEventRequestContextIAMAuthorizer;
}

/** The API Gateway HTTP API (payload format 2.0) event for a request, shaped as AWS delivers it. */
export function buildHttpEvent(input: HttpEventInput): APIGatewayProxyEventV2 {
  const { request, match, body } = input;
  const { headers, cookies } = eventHeaders(request);
  const query = parseQueryString(input.rawQueryString);
  const domainName = headers.host ?? '';
  const textual = isTextualContentType(headers['content-type']);

  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath: input.rawPath,
    rawQueryString: input.rawQueryString,
    // Optional fields are left out, not set to undefined or empty, as in AWS's events.
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query.size > 0
      ? {
          queryStringParameters: Object.fromEntries(
            [...query].map(([name, values]) => [name, values.join(',')]),
          ),
        }
      : {}),
    requestContext: {
      accountId: input.accountId,
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0]?.split(':')[0] ?? '',
      http: {
        method: request.method ?? 'GET',
        path: input.rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: sourceIpOf(request),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: input.requestId,
      routeKey: match.routeKey,
      stage: '$default',
      time: accessLogTime(input.receivedAt),
      timeEpoch: input.receivedAt.getTime(),
      ...(input.authorizer ? { authorizer: input.authorizer } : {}),
    },
    ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
    ...(body.length > 0 ? { body: body.toString(textual ? 'utf8' : 'base64') } : {}),
    isBase64Encoded: body.length > 0 && !textual,
  };
  return event;
}

/**
 * Header names lower-cased and repeated headers joined with commas (payload 2.0 has no
 * multiValueHeaders). Cookies move to their own field, one entry per cookie, as AWS does.
 */
function eventHeaders(request: IncomingMessage): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, values] of Object.entries(request.headersDistinct)) {
    if (!values) continue;
    if (name === 'cookie') {
      for (const value of values) {
        cookies.push(
          ...value
            .split(';')
            .map((cookie) => cookie.trim())
            .filter((cookie) => cookie !== ''),
        );
      }
      continue;
    }
    headers[name] = values.join(',');
  }
  return { headers, cookies };
}

/** The client's address; an IPv4 client on a dual-stack socket shows as `::ffff:a.b.c.d`. */
function sourceIpOf(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `24/Nov/2026:19:00:00 +0000`: the CLF-style time API Gateway puts in `requestContext.time`. */
function accessLogTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
