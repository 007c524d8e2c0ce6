import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Dependencies } from '../domain/dependencies.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { resolveViewLink } from '../domain/view-links.ts';
import { PAGE_HEADERS } from './page-headers.ts';
import { htmlResponse } from './responses.ts';

type Result = APIGatewayProxyStructuredResultV2;

/** Form fields as strings, to show a person's answers again next to their problems. */
export function keptValues(fields: unknown): Record<string, string> {
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return {};
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, String(value)]));
}

/**
 * A form posted from the provider's checklist and refused with a problem per field: the form again
 * (400), rendered for the onboarding's company with the answers kept; a checklist link that expired
 * meanwhile answers as expired. Any other error is rethrown for the handler's own error pages.
 */
export async function checklistFormRefused(
  deps: Pick<Dependencies, 'store' | 'clock'>,
  request: { linkId: string; error: unknown; fields: unknown; expired: () => Result },
  render: (form: {
    company: string;
    errors: Record<string, string>;
    values: Record<string, string>;
  }) => string,
): Promise<Result> {
  const { error } = request;
  if (!(error instanceof InvalidInputError) || Object.keys(error.fieldErrors).length === 0) throw error;
  const state = await resolveViewLink(deps, 'checklist', request.linkId);
  if (state.kind === 'expired') return request.expired();
  const onboarding = state.link.onboardingId && (await deps.store.getOnboarding(state.link.onboardingId));
  const body = render({
    company: onboarding ? onboarding.company : '',
    errors: error.fieldErrors,
    values: keptValues(request.fields),
  });
  return htmlResponse(400, body, PAGE_HEADERS);
}
