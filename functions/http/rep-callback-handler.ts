import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Dependencies } from '../domain/dependencies.ts';
import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import { ONBOARDING_ID } from '../domain/onboarding-ids.ts';
import { submitCallback } from '../domain/rep-callback.ts';
import { requestIdOf, withLogContext } from '../observability/log-context.ts';
import { jsonApi } from './json-errors.ts';
import { parseRequestBody } from './request-body.ts';
import { iamPrincipalOf, requesterOf } from './request-context.ts';
import { jsonResponse } from './responses.ts';

/** POST /callbacks/{onboardingId} (IAM): staff systems record a decision on a waiting step. */
export function repCallbackHandler(deps: Dependencies) {
  return withLogContext(
    (event: APIGatewayProxyEventV2, context: Context) => ({
      action: 'record-callback',
      onboardingId: ONBOARDING_ID.test(event.pathParameters?.onboardingId ?? '')
        ? event.pathParameters?.onboardingId
        : undefined,
      requestId: requestIdOf(context),
    }),
    jsonApi(deps.logger).handler(async (event) => {
      const principal = iamPrincipalOf(event);
      if (!principal)
        throw new ForbiddenError('Sign the request with AWS credentials (SigV4) to record a decision.');
      const onboardingId = event.pathParameters?.onboardingId ?? '';
      if (!ONBOARDING_ID.test(onboardingId))
        throw new NotFoundError(`There is no onboarding "${onboardingId.slice(0, 60)}".`);
      const recorded = await submitCallback(deps, {
        onboardingId,
        body: parseRequestBody(event, { accept: ['json'] }),
        caller: { principal, ...requesterOf(event) },
      });
      return jsonResponse(200, { onboardingId, ...recorded });
    }),
  );
}
