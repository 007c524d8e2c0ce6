import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { StarterDependencies } from '../domain/dependencies.ts';
import { ConflictError, DuplicateStartError, ForbiddenError, InvalidInputError } from '../domain/errors.ts';
import { CLIENT_TOKEN, CLIENT_TOKEN_RULE } from '../domain/start-onboarding-rules.ts';
import { startOnboardingOnce } from '../domain/start-once.ts';
import { appendLogContext, requestIdOf, withLogContext } from '../observability/log-context.ts';
import { jsonApi } from './json-errors.ts';
import { parseRequestBody } from './request-body.ts';
import { iamPrincipalOf } from './request-context.ts';
import { jsonResponse } from './responses.ts';

/**
 * POST /onboardings (IAM): ops start an onboarding; answers 201 with its id and execution name, or
 * 200 with the same onboarding when a request with the same idempotency key (`Idempotency-Key`
 * header or `clientToken` field) and the same body is repeated.
 */
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
      // Imported on the first request: the schema brings zod, which the cold start need not evaluate.
      const { parseStartRequest } = await import('../domain/start-onboarding-request.ts');
      const request = parseStartRequest(parseRequestBody(event, { accept: ['json'] }));
      const clientToken = idempotencyKeyOf(event, request.clientToken);
      const started = await startOnboardingOnce(deps, { ...request, clientToken }).catch(inApiTerms);
      appendLogContext({ onboardingId: started.onboardingId, execution: started.executionName });
      deps.logger.info(started.replayed ? 'Start repeated: same onboarding' : 'Start requested', {
        principal,
      });
      const { replayed, ...body } = started;
      return jsonResponse(replayed ? 200 : 201, body);
    }),
  );
}

/** A duplicate start, with how to start a second one anyway in this API's terms. */
function inApiTerms(error: unknown): never {
  if (error instanceof DuplicateStartError) {
    throw new ConflictError(
      `${error.situation} To start a second one anyway, send the same request with "force": true.`,
    );
  }
  throw error;
}

/** The key from the header or the body; both may be given only if they agree. */
function idempotencyKeyOf(event: APIGatewayProxyEventV2, fromBody: string | undefined): string | undefined {
  const header = event.headers?.['idempotency-key'];
  if (header === undefined) return fromBody;
  if (!CLIENT_TOKEN.test(header)) throw new InvalidInputError(`Idempotency-Key: ${CLIENT_TOKEN_RULE}`);
  if (fromBody !== undefined && fromBody !== header) {
    throw new InvalidInputError('The Idempotency-Key header and the clientToken field differ: send one key.');
  }
  return header;
}
