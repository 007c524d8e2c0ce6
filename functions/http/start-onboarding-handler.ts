import type { StarterDependencies } from '../domain/dependencies.ts';
import { ForbiddenError } from '../domain/errors.ts';
import { parseStartRequest, startOnboarding } from '../domain/start-onboarding.ts';
import { jsonApi } from './json-errors.ts';
import { parseRequestBody } from './request-body.ts';
import { iamPrincipalOf } from './request-context.ts';
import { jsonResponse } from './responses.ts';

/** POST /onboardings (IAM): ops start an onboarding; answers 201 with its id and execution name. */
export function startOnboardingHandler(deps: StarterDependencies) {
  return jsonApi(deps.logger).handler(async (event) => {
    const principal = iamPrincipalOf(event);
    if (!principal)
      throw new ForbiddenError('Sign the request with AWS credentials (SigV4) to start an onboarding.');
    const request = parseStartRequest(parseRequestBody(event));
    const started = await startOnboarding(deps, request);
    deps.logger.info('Start requested', { onboardingId: started.onboardingId, principal });
    return jsonResponse(201, started);
  });
}
