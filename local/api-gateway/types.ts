import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';

/**
 * A Lambda handler behind a route. It may return a structured result (`statusCode`, `headers`,
 * `cookies`, `body`, `isBase64Encoded`) or any JSON value, which API Gateway turns into 200 + JSON.
 */
export type RouteHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2<unknown> | undefined>;

export interface Route {
  method: 'GET' | 'HEAD' | 'POST';
  /** A path pattern as in the HTTP API: literal segments and `{name}` segments (`/a/{id}/renew`). */
  path: string;
  /** `iam` mirrors the HttpIamAuthorizer: the request must carry a valid SigV4 signature. */
  auth: 'none' | 'iam';
  handler: RouteHandler;
}

/** A raw node handler tried before routing; returns true when it answered the request. */
export type ExtraHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

export interface ApiGatewayOptions {
  port: number;
  /** Loopback by default: the local runtime is for this machine only. */
  host?: string;
  routes: Route[];
  /** The only credentials `iam` routes accept (the local runtime's fixed keys). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  accountId?: string;
  /** One line per request (route key, status, time) and per failure; never a body or a link id. */
  onLog?: (line: string) => void;
  extraHandlers?: ExtraHandler[];
}

export interface ApiGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}
