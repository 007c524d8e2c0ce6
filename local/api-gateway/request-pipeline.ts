import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handlerInvocations } from '../handler-invocations.ts';
import { GATEWAY_RESPONSES, type GatewayResponse, sendGatewayResponse } from './gateway-responses.ts';
import { type HttpAnswer, MalformedResultError, toHttpAnswer } from './handler-result.ts';
import { buildHttpEvent } from './http-event.ts';
import { lambdaContext } from './lambda-context.ts';
import { PayloadTooLargeError, readRequestBody } from './request-body.ts';
import { RouteTable } from './routes.ts';
import { createSigV4Verifier } from './sigv4-verifier.ts';
import type { ApiGatewayOptions } from './types.ts';

type PipelineOptions = Required<Pick<ApiGatewayOptions, 'routes' | 'credentials' | 'region' | 'accountId'>> &
  Pick<ApiGatewayOptions, 'onLog' | 'extraHandlers'>;

/**
 * One request, as API Gateway handles it: route, size limit, IAM check, Lambda invocation, answer.
 * Logs name the route key (`POST /a/{id}`), never the path: an action link's id is its credential.
 */
export function requestPipeline(options: PipelineOptions) {
  const routes = new RouteTable(options.routes);
  const verify = createSigV4Verifier(options);
  const log = options.onLog ?? (() => {});

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const receivedAt = new Date();
    const method = request.method ?? 'GET';
    let label = `${method} (no route)`;
    const finish = (statusCode: number, note = '') =>
      log(`${label} ${statusCode} ${Date.now() - receivedAt.getTime()}ms${note ? ` (${note})` : ''}`);
    const refuse = (gatewayResponse: GatewayResponse, note = '') => {
      sendGatewayResponse(response, gatewayResponse, requestId);
      finish(gatewayResponse.statusCode, note);
    };

    try {
      for (const extra of options.extraHandlers ?? []) if (extra(request, response)) return;

      const target = request.url ?? '/';
      const queryStart = target.indexOf('?');
      const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
      const rawQueryString = queryStart === -1 ? '' : target.slice(queryStart + 1);
      const match = routes.match(method, rawPath);
      if (!match) return refuse(GATEWAY_RESPONSES.notFound);
      label = match.routeKey;

      let body: Buffer;
      try {
        body = await readRequestBody(request);
      } catch (error) {
        if (error instanceof PayloadTooLargeError) return refuse(GATEWAY_RESPONSES.payloadTooLarge);
        throw error;
      }

      let authorizer: Parameters<typeof buildHttpEvent>[0]['authorizer'];
      if (match.route.auth === 'iam') {
        const verification = await verify({
          method,
          rawPath,
          rawQueryString,
          headers: request.headersDistinct,
          body,
        });
        if (!verification.ok) {
          return refuse(
            verification.failure === 'missing'
              ? GATEWAY_RESPONSES.missingAuthenticationToken
              : GATEWAY_RESPONSES.invalidSignature,
            verification.reason,
          );
        }
        authorizer = verification.authorizer;
      }

      const event = buildHttpEvent({
        request,
        rawPath,
        rawQueryString,
        match,
        body,
        requestId,
        receivedAt,
        accountId: options.accountId,
        ...(authorizer ? { authorizer } : {}),
      });
      const context = lambdaContext({
        routeKey: match.routeKey,
        awsRequestId: randomUUID(),
        region: options.region,
        accountId: options.accountId,
      });
      const result = await handlerInvocations.tracePromise(async () => match.route.handler(event, context), {
        kind: 'http',
        name: match.routeKey,
      });
      const answer = toHttpAnswer(result);
      for (const warning of answer.warnings) log(`${label} ${warning}`);
      writeAnswer(response, answer, requestId);
      finish(answer.statusCode);
    } catch (error) {
      // The client learns nothing; the log gets the error's kind and where it was thrown, not its
      // message: messages can quote request data (JSON.parse quotes the body, for one).
      log(`${label} failed: ${describeFailure(error)}`);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      refuse(GATEWAY_RESPONSES.internalServerError);
    }
  };
}

function writeAnswer(response: ServerResponse, answer: HttpAnswer, requestId: string): void {
  response.statusCode = answer.statusCode;
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  if (answer.cookies.length > 0) response.setHeader('set-cookie', answer.cookies);
  response.setHeader('content-length', answer.body.length);
  response.setHeader('apigw-requestid', requestId);
  response.end(answer.body);
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 5)
    .map((line) => line.trim());
  // Our own message about a malformed result quotes no request data: it is safe and useful.
  const name = error instanceof MalformedResultError ? `${error.name}: ${error.message}` : error.name;
  return [name, ...frames].join('\n  ');
}
