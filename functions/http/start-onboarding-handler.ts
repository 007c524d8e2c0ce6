import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { StarterDependencies } from '../domain/dependencies.ts';
import { ForbiddenError } from '../domain/errors.ts';
import { parseStartRequest, startOnboarding } from '../domain/start-onboarding.ts';
import { appendLogContext, requestIdOf, withLogContext } from '../observability/log-context.ts';
import { jsonApi } from './json-errors.ts';
import { parseRequestBody } from './request-body.ts';
import { iamPrincipalOf } from './request-context.ts';
import { jsonResponse } from './responses.ts';

/** POST /onboardings (IAM): ops start an onboarding; answers 201 with its id and execution name. */
export function startOnboardingHandler(deps: StarterDependencies) {
  return withLogContext(
    (_event: APIGatewayProxyEventV2, context: Context) => ({
      action: 'start-onboarding',
      requestId: requestIdOf(context),
    }),
    jsonApi(deps.logger).handler(async (event) => {
      const principal = iamPrincipalOf(event);
      if (!principal)
        throw new ForbiddenError('Sign the request with AWS credentials (SigV4) to start an onboarding.');
      const request = parseStartRequest(parseRequestBody(event, { accept: ['json'] }));
      const started = await startOnboarding(deps, request);
      appendLogContext({ onboardingId: started.onboardingId, execution: started.executionName });
      deps.logger.info('Start requested', { principal });
      return jsonResponse(201, started);
    }),
  );
}
