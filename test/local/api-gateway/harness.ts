import { type OutgoingHttpHeaders, request } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach } from 'vitest';
import { Sha256 } from '../../../functions/runtime/sha256.ts';
import { type ApiGateway, type Route, startApiGateway } from '../../../local/api-gateway/index.ts';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local-key', secretAccessKey: 'local-secret' };
export const REGION = 'eu-west-1';
export const ACCOUNT_ID = '111122223333';

/** A route handler that records what it was invoked with and answers what the test says. */
export class StubHandler {
  readonly events: APIGatewayProxyEventV2[] = [];
  readonly contexts: Context[] = [];

  constructor(
    private readonly reply: (event: APIGatewayProxyEventV2) => unknown = () => ({ statusCode: 200 }),
  ) {}

  readonly handler: Route['handler'] = async (event, context) => {
    this.events.push(event);
    this.contexts.push(context);
    return this.reply(event) as Awaited<ReturnType<Route['handler']>>;
  };

  get lastEvent(): APIGatewayProxyEventV2 {
    const event = this.events.at(-1);
    if (!event) throw new Error('The handler was not invoked');
    return event;
  }
}

const running: ApiGateway[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.close()));
});

/** A gateway on a free port with the given routes, closed after each test; its log lines collected. */
export async function gatewayWith(
  routes: Route[],
  options: Partial<Parameters<typeof startApiGateway>[0]> = {},
): Promise<{ gateway: ApiGateway; logs: string[] }> {
  const logs: string[] = [];
  const gateway = await startApiGateway({
    port: 0,
    routes,
    credentials: LOCAL_CREDENTIALS,
    region: REGION,
    accountId: ACCOUNT_ID,
    onLog: (line) => logs.push(line),
    ...options,
  });
  running.push(gateway);
  return { gateway, logs };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/**
 * Sends a request with node:http, which (unlike fetch) sends repeated headers as separate lines and
 * adds nothing of its own beyond Host and Content-Length.
 */
export function send(
  gateway: ApiGateway,
  options: { method?: string; path: string; headers?: OutgoingHttpHeaders; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${gateway.url}${options.path}`,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
            text: body.toString(),
          });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

export function jsonOf(response: RawResponse): unknown {
  return JSON.parse(response.text) as unknown;
}

/**
 * Signs a request the way an AWS SDK client does (the real SignatureV4, service execute-api, with the
 * default x-amz-content-sha256 header) and returns the headers to send.
 */
export async function signedHeaders(
  gateway: ApiGateway,
  options: {
    method: string;
    path: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
    region?: string;
    signingDate?: Date;
    applyChecksum?: boolean;
  },
): Promise<Record<string, string>> {
  const host = new URL(gateway.url).host;
  const signer = new SignatureV4({
    credentials: options.credentials ?? LOCAL_CREDENTIALS,
    region: options.region ?? REGION,
    service: 'execute-api',
    sha256: Sha256,
    applyChecksum: options.applyChecksum ?? true,
  });
  const signed = await signer.sign(
    {
      method: options.method,
      protocol: 'http:',
      hostname: new URL(gateway.url).hostname,
      port: gateway.port,
      path: options.path,
      query: options.query ?? {},
      headers: { host, ...options.headers },
      body: options.body,
    },
    { signingDate: options.signingDate ?? new Date() },
  );
  return Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name, String(value)]));
}
