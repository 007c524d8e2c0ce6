import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Dependencies } from '../domain/dependencies.ts';
import { changeContactFromQueue } from '../domain/people/change-contact-from-queue.ts';
import { formatDateTime } from '../pages/format.ts';
import { renderMessagePage } from '../pages/message-page.ts';
import { PAGE_HEADERS } from './page-headers.ts';
import { parseRequestBody } from './request-body.ts';
import { htmlResponse } from './responses.ts';

type Result = APIGatewayProxyStructuredResultV2;

/** `POST /r/{id}/contact`: a rep replaces an onboarding's provider contact from their queue. */
export function queueContactRoute(deps: Dependencies, expired: () => Result) {
  const resources = deps.config.resources;
  return async (event: APIGatewayProxyEventV2, linkId: string): Promise<Result> => {
    const outcome = await changeContactFromQueue(deps, { linkId, fields: parseRequestBody(event) });
    if (outcome.kind === 'expired') return expired();
    const [status, title, message] =
      outcome.kind === 'changed'
        ? [
            200,
            'Provider contact changed',
            `${outcome.to} is now the provider contact of ${outcome.company}'s onboarding, in place of ${outcome.from}. ${outcome.stepsHandedOver} waiting step(s) moved to them, each with a link of its own.`,
          ]
        : [
            429,
            'Please wait a little',
            `This onboarding's contact was changed, or that address emailed, a short while ago. Nothing changed this time; try again after ${formatDateTime(outcome.retryAt)}.`,
          ];
    return htmlResponse(
      status,
      renderMessagePage({ title, message: `${message}`, status, resources }),
      PAGE_HEADERS,
    );
  };
}
