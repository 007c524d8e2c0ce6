import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { StarterDependencies } from '../domain/dependencies.ts';
import { ForbiddenError } from '../domain/errors.ts';
import { parseStartRequest, startOnboarding } from '../domain/start-onboarding.ts';
import { jsonUserErrors } from './json-errors.ts';
import { parseRequestBody } from './request-body.ts';
import { iamPrincipalOf } from './request-context.ts';
import { jsonResponse } from './responses.ts';

/** POST /onboardings (IAM): ops start an onboarding; answers 201 with its id and execution name. */
export function startOnboardingHandler(deps: StarterDependencies) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrorHandler({ logger: (error) => deps.logger.error('Unhandled error', { error }) }))
    .use(httpHeaderNormalizer())
    .use(jsonUserErrors())
    .handler(async (event) => {
      const principal = iamPrincipalOf(event);
      if (!principal)
        throw new ForbiddenError('Sign the request with AWS credentials (SigV4) to start an onboarding.');
      const request = parseStartRequest(parseRequestBody(event));
      const started = await startOnboarding(deps, request);
      deps.logger.info('Start requested', { onboardingId: started.onboardingId, principal });
      return jsonResponse(201, started);
    });
}
