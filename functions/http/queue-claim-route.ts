import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Dependencies } from '../domain/dependencies.ts';
import { claimStep, releaseClaim } from '../domain/step-claims.ts';
import { PAGE_HEADERS } from './page-headers.ts';
import { parseRequestBody } from './request-body.ts';

type Result = APIGatewayProxyStructuredResultV2;

/**
 * `POST /r/{id}/claim` ("I'm on it") and `POST /r/{id}/release` on a team mailbox's queue page. Each
 * answers with the queue page again (303), which shows where the step stands now: a double click,
 * a colleague's claim or a decision in between all end on the same honest page.
 */
export function queueClaimRoute(deps: Dependencies, expired: () => Result) {
  return async (event: APIGatewayProxyEventV2, linkId: string, queueUrl: string): Promise<Result> => {
    const request = { linkId, fields: parseRequestBody(event) };
    const outcome = event.rawPath.endsWith('/release')
      ? await releaseClaim(deps, request)
      : await claimStep(deps, request);
    if (outcome.kind === 'expired') return expired();
    return { statusCode: 303, headers: { ...PAGE_HEADERS, location: queueUrl }, body: '' };
  };
}
