import type middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError } from '../domain/errors.ts';

/** Browsers say where a request came from; these values mean "this site" or "typed or bookmarked". */
const OWN_SITE = new Set(['same-origin', 'none']);

export const CROSS_SITE_REFUSAL =
  'This form was sent from another website, so nothing was done. Open the link from your email and use the button on our page.';

/**
 * Refuses a POST that a browser says came from another site (`Sec-Fetch-Site`, or an `Origin` that
 * is neither this host nor the public base URL), before any work: a page elsewhere cannot make a
 * person's browser act with a link it knows. Clients that send neither header (scripts, the CLI,
 * mail tools) are not browsers a page can drive, and the link's own rules still apply to them.
 */
export function refuseCrossSite(publicBaseUrl: string): middy.MiddlewareObj<APIGatewayProxyEventV2> {
  const publicHost = hostOf(publicBaseUrl);
  return {
    before: (request) => {
      const event = request.event;
      if (event.requestContext.http.method.toUpperCase() !== 'POST') return;
      const headers = event.headers ?? {};
      // Where the browser says which site sent it, that decides (our pages send no referrer, so a
      // browser's Origin on our own forms is "null"; Sec-Fetch-Site still says same-origin).
      const site = headers['sec-fetch-site']?.toLowerCase();
      if (site !== undefined) {
        if (!OWN_SITE.has(site)) throw new ForbiddenError(CROSS_SITE_REFUSAL);
        return;
      }
      const origin = headers.origin;
      if (origin === undefined || origin === 'null') return;
      const from = hostOf(origin);
      const own = [headers.host?.toLowerCase(), publicHost].filter(Boolean);
      if (!from || !own.includes(from)) throw new ForbiddenError(CROSS_SITE_REFUSAL);
    },
  };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}
