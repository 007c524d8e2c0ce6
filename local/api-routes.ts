import type { Route, RouteHandler } from './api-gateway/types.ts';

/** The Lambda handlers behind the local API Gateway's routes. */
export interface ApiRouteHandlers {
  actionApi: RouteHandler;
  viewPages: RouteHandler;
  startOnboarding: RouteHandler;
  repCallback: RouteHandler;
  peopleApi: RouteHandler;
  sesEvents: RouteHandler;
}

/**
 * The route table of the web server `npm start` runs: the product's HTTP API routes, as on AWS, and
 * the local bounce endpoint. One table, so whatever checks every route (the loopback guard's test)
 * reads the routes from here and covers a new one without being told.
 */
export function apiRoutes(handlers: ApiRouteHandlers): Route[] {
  return [
    { method: 'GET', path: '/a/{id}', auth: 'none', handler: handlers.actionApi },
    { method: 'HEAD', path: '/a/{id}', auth: 'none', handler: handlers.actionApi },
    { method: 'POST', path: '/a/{id}', auth: 'none', handler: handlers.actionApi },
    { method: 'POST', path: '/a/{id}/renew', auth: 'none', handler: handlers.actionApi },
    { method: 'GET', path: '/a/{id}/hand-over', auth: 'none', handler: handlers.actionApi },
    { method: 'HEAD', path: '/a/{id}/hand-over', auth: 'none', handler: handlers.actionApi },
    { method: 'POST', path: '/a/{id}/hand-over', auth: 'none', handler: handlers.actionApi },
    // A question or an answer on a step: from its page, the checklist or the queue.
    { method: 'POST', path: '/a/{id}/messages', auth: 'none', handler: handlers.actionApi },
    { method: 'POST', path: '/p/{id}/messages', auth: 'none', handler: handlers.viewPages },
    { method: 'POST', path: '/r/{id}/messages', auth: 'none', handler: handlers.viewPages },
    // The provider's checklist and a rep's (or team's) queue, from the links in their emails.
    { method: 'GET', path: '/p/{id}', auth: 'none', handler: handlers.viewPages },
    { method: 'HEAD', path: '/p/{id}', auth: 'none', handler: handlers.viewPages },
    { method: 'POST', path: '/p/{id}/open', auth: 'none', handler: handlers.viewPages },
    { method: 'POST', path: '/p/{id}/invite', auth: 'none', handler: handlers.viewPages },
    { method: 'POST', path: '/p/{id}/products', auth: 'none', handler: handlers.viewPages },
    { method: 'POST', path: '/p/{id}/team/remove', auth: 'none', handler: handlers.viewPages },
    // The primary contact confirms a new team member (only the POST adds them).
    { method: 'GET', path: '/t/{id}', auth: 'none', handler: handlers.viewPages },
    { method: 'HEAD', path: '/t/{id}', auth: 'none', handler: handlers.viewPages },
    { method: 'POST', path: '/t/{id}', auth: 'none', handler: handlers.viewPages },
    { method: 'GET', path: '/r/{id}', auth: 'none', handler: handlers.viewPages },
    { method: 'HEAD', path: '/r/{id}', auth: 'none', handler: handlers.viewPages },
    { method: 'POST', path: '/r/{id}/open', auth: 'none', handler: handlers.viewPages },
    { method: 'POST', path: '/r/{id}/contact', auth: 'none', handler: handlers.viewPages },
    { method: 'POST', path: '/r/{id}/claim', auth: 'none', handler: handlers.viewPages },
    { method: 'POST', path: '/r/{id}/release', auth: 'none', handler: handlers.viewPages },
    { method: 'POST', path: '/onboardings', auth: 'iam', handler: handlers.startOnboarding },
    { method: 'POST', path: '/callbacks/{onboardingId}', auth: 'iam', handler: handlers.repCallback },
    // The signed ops API for people who change, as on AWS (the CLI's people commands without --local).
    ...(
      [
        ['POST', '/onboardings/{onboardingId}/hand-over'],
        ['POST', '/out-of-office'],
        ['POST', '/onboardings/{onboardingId}/contact'],
        ['POST', '/onboardings/{onboardingId}/rep'],
        ['POST', '/onboardings/{onboardingId}/products'],
        ['POST', '/onboardings/{onboardingId}/team/remove'],
        ['POST', '/onboardings/{onboardingId}/messages'],
        ['POST', '/onboardings/{onboardingId}/stop'],
        ['POST', '/onboardings/{onboardingId}/resend'],
        ['GET', '/onboardings/{onboardingId}/audit'],
      ] as const
    ).map(([method, path]) => ({ method, path, auth: 'iam' as const, handler: handlers.peopleApi })),
    // Local stand-in for SES -> SNS -> Lambda: bounce and complaint events (loopback only).
    {
      method: 'POST',
      path: '/local/ses-events',
      auth: 'none',
      handler: handlers.sesEvents,
    },
  ];
}
