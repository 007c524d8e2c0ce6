import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ROLE_LABELS } from '../checklist/stages.ts';
import { authorize } from '../domain/authority/authorize.ts';
import type { Action } from '../domain/authority/policy.ts';
import { assertAllowed, RefusedError } from '../domain/authority/refused-error.ts';
import { conversationOfQuery } from '../domain/conversation/conversation-links.ts';
import type { Dependencies } from '../domain/dependencies.ts';
import { IndexMissingError, UserFacingError } from '../domain/errors.ts';
import { expectedTimes } from '../domain/expected-times.ts';
import { credentialOf, openStepFromView } from '../domain/open-step.ts';
import { providerChecklist } from '../domain/provider-checklist.ts';
import { repPortfolio } from '../domain/rep-portfolio.ts';
import { staffQueue } from '../domain/staff-queue.ts';
import { resolveViewLink, type ViewKind } from '../domain/view-links.ts';
import { requestIdOf, withLogContext } from '../observability/log-context.ts';
import type { LogKeys } from '../observability/logger.ts';
import { renderChecklistPage } from '../pages/checklist-page.ts';
import { renderMessagePage, renderRenewSentPage } from '../pages/index.ts';
import { renderQueuePage } from '../pages/queue-page.ts';
import { checklistConversations, conversationRoute } from './conversation-route.ts';
import { refuseCrossSite } from './cross-site.ts';
import { newProductRoute, type WorkflowControl } from './new-product-route.ts';
import { PAGE_HEADERS } from './page-headers.ts';
import { queueClaimRoute } from './queue-claim-route.ts';
import { queueContactRoute } from './queue-contact-route.ts';
import { queueConversation } from './queue-conversation-view.ts';
import { parseRequestBody } from './request-body.ts';
import { htmlResponse } from './responses.ts';
import { teamRoutes } from './team-routes.ts';
import { asUserFacing } from './user-facing.ts';

type Result = APIGatewayProxyStructuredResultV2;

const PREFIX: Record<ViewKind, string> = { checklist: '/p/', queue: '/r/' };
/** The primary contact's link to confirm a new team member (see `team-routes.ts`). */
const TEAM_INVITATION = '/t/';

/**
 * The read-only pages behind the links in provider and staff emails: `GET /p/{id}` (the provider's
 * checklist) and `GET /r/{id}` (everything waiting on a rep or team mailbox). GET and HEAD only read.
 * `POST .../open` is a page button: it issues a fresh action link for one of the person's own
 * pending steps and sends them to it (303), so the step's own page and rules still decide.
 */
/** Every log line says which page or button it served; never the link id (it is the credential). */
function viewLogKeys(event: APIGatewayProxyEventV2, context: unknown): LogKeys {
  const path = event.rawPath ?? '';
  const view = path.startsWith(PREFIX.queue) ? 'queue' : 'checklist';
  return {
    action: path.startsWith(TEAM_INVITATION)
      ? 'team-invitation'
      : path.endsWith('/open')
        ? `open-step-from-${view}`
        : path.endsWith('/invite')
          ? 'invite-colleague'
          : path.endsWith('/team/remove')
            ? 'remove-colleague'
            : path.endsWith('/products')
              ? 'add-product-from-checklist'
              : path.endsWith('/contact')
                ? 'change-contact-from-queue'
                : path.endsWith('/messages')
                  ? `post-message-from-${view}`
                  : `view-${view}`,
    requestId: requestIdOf(context),
  };
}

/**
 * `control` (starting and stopping executions) enables "Publish another product" on the checklist;
 * without it the form is not offered.
 */
export function viewPagesHandler(deps: Dependencies, control?: WorkflowControl) {
  const page = (statusCode: number, body: string): Result => htmlResponse(statusCode, body, PAGE_HEADERS);
  const resources = deps.config.resources;
  const message = (status: number, title: string, text: string) =>
    page(status, renderMessagePage({ title, message: text, status, resources }));
  const expired = () =>
    message(
      410,
      'This link has expired',
      'Links in our emails work for a limited time. Open the link in our most recent email, or write to us at the address below for a new one.',
    );

  const team = teamRoutes(deps, expired);
  const newProduct = control && newProductRoute(deps, control, expired);
  const queueContact = queueContactRoute(deps, expired);
  const queueClaim = queueClaimRoute(deps, expired);
  const conversation = conversationRoute(deps, expired);

  const handler = middy<APIGatewayProxyEventV2, Result>()
    .use(httpErrorHandler({ logger: (error) => deps.logger.error('Unhandled error', { error }) }))
    .use(httpHeaderNormalizer())
    .use(refuseCrossSite(deps.config.publicBaseUrl))
    .use({
      // People's mistakes and temporary trouble (503 "try again", as the action pages answer) get a
      // page with the security headers; anything else is a 500 whose detail goes only to the log.
      onError: (request) => {
        const error = asUserFacing(request.error);
        if (!error) return;
        const title = error instanceof RefusedError ? error.refusal.title : titleFor(error.statusCode);
        request.response = message(error.statusCode, title, error.message);
      },
    })
    .handler(async (event) => {
      const method = event.requestContext.http.method.toUpperCase();
      if (event.rawPath.startsWith(TEAM_INVITATION)) {
        return team.invitation(event, method, event.pathParameters?.id ?? '');
      }
      const view: ViewKind = event.rawPath.startsWith(PREFIX.queue) ? 'queue' : 'checklist';
      const linkId = event.pathParameters?.id ?? '';
      const opening = event.rawPath.endsWith('/open');
      const base = `${PREFIX[view]}${linkId}`;
      if (view === 'checklist' && event.rawPath.endsWith('/team/remove')) {
        if (method !== 'POST') throw new UserFacingError('Use the form on your checklist.', 405);
        return team.remove(event, linkId);
      }
      if (view === 'checklist' && event.rawPath.endsWith('/invite')) {
        if (method !== 'POST') throw new UserFacingError('Use the form on your checklist.', 405);
        return team.invite(event, linkId);
      }
      if (event.rawPath.endsWith('/messages')) {
        if (method !== 'POST') throw new UserFacingError('Use the form on the page to write a message.', 405);
        return conversation(event, view, linkId);
      }
      if (view === 'queue' && event.rawPath.endsWith('/contact')) {
        if (method !== 'POST') throw new UserFacingError('Use the form on your queue page.', 405);
        return queueContact(event, linkId);
      }
      if (view === 'queue' && (event.rawPath.endsWith('/claim') || event.rawPath.endsWith('/release'))) {
        if (method !== 'POST') throw new UserFacingError('Use the buttons on your queue page.', 405);
        return queueClaim(event, linkId, base);
      }
      if (view === 'checklist' && event.rawPath.endsWith('/products')) {
        if (method !== 'POST') throw new UserFacingError('Use the form on your checklist.', 405);
        if (!newProduct)
          throw new UserFacingError('Products cannot be added here; ask your marketplace contact.', 404);
        return newProduct(event, linkId);
      }

      if (opening) {
        if (method !== 'POST') throw new UserFacingError('Use the buttons on the page to open a step.', 405);
        const outcome = await openStepFromView(deps, { view, linkId, fields: parseRequestBody(event) });
        switch (outcome.kind) {
          case 'opened':
            return {
              statusCode: 303,
              headers: { ...PAGE_HEADERS, location: `/a/${outcome.linkId}` },
              body: '',
            };
          case 'not-pending':
            return { statusCode: 303, headers: { ...PAGE_HEADERS, location: base }, body: '' };
          case 'emailed':
            return page(200, renderRenewSentPage({ resources }));
          case 'expired':
            return expired();
        }
      }
      if (method !== 'GET' && method !== 'HEAD') {
        throw new UserFacingError('This address only answers GET and HEAD.', 405);
      }
      const response = await render(view, linkId, base, event.queryStringParameters);
      return method === 'HEAD' ? { ...response, body: '' } : response;
    });
  return withLogContext(viewLogKeys, handler);

  /** A local table made before the by-rep index: the queue still shows, without the portfolio. */
  function withoutMissingIndex(error: unknown): undefined {
    if (!(error instanceof IndexMissingError)) throw error;
    deps.logger.warn('Rep portfolio not shown: the table has no by-rep index', { reason: error.message });
    return undefined;
  }

  async function render(
    view: ViewKind,
    linkId: string,
    base: string,
    query: Record<string, string | undefined> | undefined,
  ): Promise<Result> {
    const state = await resolveViewLink(deps, view, linkId);
    if (state.kind === 'expired') return expired();
    const { link } = state;
    if (view === 'queue') {
      // A rep's queue also lists the rep's own onboardings (the index is keyed by the link's holder,
      // so it shows only theirs); a team mailbox has no portfolio.
      const portfolioCursor = query?.portfolio;
      const isRep = teamOf(deps, link.recipient) === undefined;
      const [items, portfolio, sections] = await Promise.all([
        staffQueue(deps, link.recipient),
        isRep ? repPortfolio(deps, link.recipient, portfolioCursor).catch(withoutMissingIndex) : undefined,
        queueConversation(deps, link.recipient, conversationOfQuery(query), `${base}/messages`),
      ]);
      return page(
        200,
        renderQueuePage({
          recipient: link.recipient,
          items,
          resources,
          openUrl: `${base}/open`,
          opensSteps: link.opensSteps,
          now: deps.clock().toISOString(),
          who: mailboxName(deps, link.recipient),
          opsEmail: deps.config.teams.ops,
          contactUrl: `${base}/contact`,
          claimUrls: isRep ? undefined : { claim: `${base}/claim`, release: `${base}/release` },
          portfolio: portfolio && {
            page: portfolio,
            nextUrl: portfolio.cursor && `${base}?portfolio=${encodeURIComponent(portfolio.cursor)}`,
            firstUrl: portfolioCursor === undefined ? undefined : base,
          },
          sections,
        }),
      );
    }
    const [checklist, expected, record] = await Promise.all([
      link.onboardingId ? providerChecklist(deps, link.onboardingId) : undefined,
      expectedTimes(deps),
      // The steps' conversations (one Query: the onboarding's partition holds them with its waits).
      link.onboardingId ? deps.store.readOnboarding(link.onboardingId) : undefined,
    ]);
    if (!checklist) return message(404, 'Onboarding not found', 'This onboarding no longer exists.');
    // The one decision point: a former contact or member sees that the link is no longer theirs, and nothing else.
    const credential = credentialOf(link);
    assertAllowed(deps.config, {
      credential,
      holder: link.recipient,
      action: 'view-checklist',
      onboarding: checklist.onboarding,
    });
    // Forms are offered only where the policy would take them: never on a link sent with others in copy.
    const offers = (action: Action) =>
      authorize(deps.config, {
        credential,
        holder: link.recipient,
        action,
        onboarding: checklist.onboarding,
      }).allowed;
    return page(
      200,
      renderChecklistPage({
        checklist,
        resources,
        openUrl: `${base}/open`,
        opensSteps: link.opensSteps,
        expected,
        now: deps.clock().toISOString(),
        inviteUrl: offers('invite-colleague') ? `${base}/invite` : undefined,
        productUrl: control && offers('add-product') ? `${base}/products` : undefined,
        removeUrl: offers('remove-member') ? `${base}/team/remove` : undefined,
        conversations:
          record &&
          checklistConversations(deps, record, {
            credential,
            holder: link.recipient,
            formAction: `${base}/messages`,
          }),
      }),
    );
  }
}

function titleFor(statusCode: number): string {
  if (statusCode === 404) return 'Link not found';
  if (statusCode === 403) return 'Not allowed';
  if (statusCode === 503) return 'Please try again';
  return 'Something needs fixing';
}

/** A team mailbox by its team's name; any other address is a marketplace representative's. */
function mailboxName(deps: Pick<Dependencies, 'config'>, recipient: string): string {
  const team = teamOf(deps, recipient);
  return team ? ROLE_LABELS[team] : ROLE_LABELS.rep;
}

/** The team whose mailbox `recipient` is, if any. */
function teamOf(deps: Pick<Dependencies, 'config'>, recipient: string): keyof typeof ROLE_LABELS | undefined {
  const address = recipient.toLowerCase();
  const team = (Object.entries(deps.config.teams) as [keyof typeof ROLE_LABELS, string][]).find(
    ([, mailbox]) => mailbox.toLowerCase() === address,
  );
  return team?.[0];
}
