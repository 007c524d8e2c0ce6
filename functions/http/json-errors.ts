import middy, { type MiddlewareObj } from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InvalidInputError } from '../domain/errors.ts';
import type { Logger } from '../observability/logger.ts';
import { jsonResponse } from './responses.ts';
import { asUserFacing } from './user-facing.ts';

/**
 * Turns errors a person can act on into JSON answers (`message`, and `fieldErrors` for bad input).
 * Anything else is left to http-error-handler, which answers a generic 500 and logs the detail.
 */
export function jsonUserErrors(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: (request) => {
      const error = asUserFacing(request.error);
      if (!error) return;
      const body =
        error instanceof InvalidInputError && Object.keys(error.fieldErrors).length > 0
          ? { message: error.message, fieldErrors: error.fieldErrors }
          : { message: error.message };
      request.response = jsonResponse(error.statusCode, body);
    },
  };
}

/**
 * The middleware every JSON route uses, in middy's order: http-error-handler first so it runs last
 * (only 4xx messages reach callers), then header normalisation, then user-facing errors as JSON.
 */
export function jsonApi(logger: Logger) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrorHandler({ logger: (error) => logger.error('Unhandled error', { error }) }))
    .use(httpHeaderNormalizer())
    .use(jsonUserErrors());
}
