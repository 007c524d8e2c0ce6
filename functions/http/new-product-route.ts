import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Dependencies } from '../domain/dependencies.ts';
import { addProductFromChecklist } from '../domain/people/add-product-from-checklist.ts';
import type { WorkflowStarter, WorkflowStopper } from '../domain/ports.ts';
import { renderNewProductPage, renderProductRequestedPage } from '../pages/new-product-page.ts';
import { checklistFormRefused } from './checklist-form-refusal.ts';
import { PAGE_HEADERS } from './page-headers.ts';
import { parseRequestBody } from './request-body.ts';
import { requesterOf } from './request-context.ts';
import { htmlResponse } from './responses.ts';

type Result = APIGatewayProxyStructuredResultV2;

/** What starting and stopping executions needs: the view pages' Lambda has both for this one form. */
export interface WorkflowControl {
  starter: WorkflowStarter;
  stopper: WorkflowStopper;
}

/** `POST /p/{id}/products`: "Publish another product" from the provider's checklist. */
export function newProductRoute(deps: Dependencies, control: WorkflowControl, expired: () => Result) {
  const resources = deps.config.resources;
  const page = (statusCode: number, body: string): Result => htmlResponse(statusCode, body, PAGE_HEADERS);
  return async (event: APIGatewayProxyEventV2, linkId: string): Promise<Result> => {
    const checklistUrl = `/p/${linkId}`;
    const fields = parseRequestBody(event);
    try {
      const outcome = await addProductFromChecklist(
        { ...deps, ...control, waits: deps.config.waits },
        { linkId, fields, ...requesterOf(event) },
      );
      if (outcome.kind === 'expired') return expired();
      return page(200, renderProductRequestedPage({ product: outcome.product, checklistUrl, resources }));
    } catch (error) {
      return checklistFormRefused(deps, { linkId, error, fields, expired }, (form) =>
        renderNewProductPage({ ...form, productUrl: `${checklistUrl}/products`, checklistUrl, resources }),
      );
    }
  };
}
