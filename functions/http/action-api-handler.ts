import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { stageDefinition } from '../checklist/stages.ts';
import {
  type LinkState,
  renewLink,
  resolveLink,
  resolveLinkToAct,
  submitAction,
} from '../domain/action-link-flow.ts';
import { RefusedError } from '../domain/authority/refused-error.ts';
import type { Dependencies } from '../domain/dependencies.ts';
import { InvalidInputError, UserFacingError } from '../domain/errors.ts';
import type { Wait } from '../domain/model.ts';
import { onwardsFromLink } from '../domain/onwards-link.ts';
import { handOverFromLink } from '../domain/people/hand-over-from-link.ts';
import { type OrphanSweepDependencies, resumeIfOrphaned } from '../domain/sweep-orphans.ts';
import { requestIdOf, withLogContext } from '../observability/log-context.ts';
import type { LogKeys } from '../observability/logger.ts';
import { formatDateTime } from '../pages/format.ts';
import { renderHandOverPage } from '../pages/hand-over-page.ts';
import {
  renderActionPage,
  renderDonePage,
  renderExpiredPage,
  renderMessagePage,
  renderRenewSentPage,
} from '../pages/index.ts';
import { actionPageView, donePageView } from './action-page-views.ts';
import { refuseCrossSite } from './cross-site.ts';
import { PAGE_HEADERS } from './page-headers.ts';
import { parseRequestBody } from './request-body.ts';
import { requesterOf } from './request-context.ts';
import { htmlResponse } from './responses.ts';
import { stepMessageRoute, withConversation } from './step-message-route.ts';
import { asUserFacing } from './user-facing.ts';

type Result = APIGatewayProxyStructuredResultV2;

/**
 * The action links people follow from emails. GET and HEAD only render (email scanners open every
 * link); only the page's POST acts. Every answer is a page a person can read.
 */
/** Starting and describing executions: with it, an answer to a decided step whose execution is gone resumes it. */
export type OrphanRecovery = Pick<OrphanSweepDependencies, 'starter' | 'executions'>;

export function actionApiHandler(deps: Dependencies, recovery?: OrphanRecovery) {
  const page = (statusCode: number, body: string): Result => htmlResponse(statusCode, body, PAGE_HEADERS);
  const resources = deps.config.resources;

  const renderState = (state: LinkState, linkId: string): Result => {
    switch (state.kind) {
      case 'open':
        return page(
          200,
          renderActionPage(
            withConversation(deps, withHandOver(actionPageView(deps, state), state, linkId), state, linkId),
          ),
        );
      case 'decided':
        return page(
          200,
          renderDonePage({
            ...donePageView(deps, state.wait, state.onboarding, false),
            onwardsAction: `/a/${linkId}`,
          }),
        );
      case 'expired':
        return page(
          410,
          renderExpiredPage({ stage: stageOf(state.wait), resources, renewUrl: `/a/${linkId}/renew` }),
        );
      case 'handed-over':
        return page(
          410,
          renderMessagePage({
            title: 'This step was handed over',
            message: state.handover
              ? `${state.handover.by === state.handover.from ? 'You' : 'The Marketplace team'} handed this step over to ${state.handover.to} on ${formatDateTime(state.handover.at)}${state.handover.note ? ` (“${state.handover.note}”)` : ''}. They have their own link for it; nothing more is needed from you here.`
              : `This step is now with ${state.wait.recipient}, who has their own link for it. Nothing more is needed from you here.`,
            status: 410,
            resources,
          }),
        );
      case 'closed':
        return page(
          410,
          renderMessagePage({
            title: 'This step is no longer needed',
            message:
              'The product this step was for was withdrawn, or the onboarding was stopped. Nothing more is needed from you here.',
            status: 410,
            resources,
            onwardsAction: `/a/${linkId}`,
            backLabel:
              state.wait.role === 'provider'
                ? 'Go to your onboarding checklist'
                : 'Go to everything waiting on you',
          }),
        );
    }
  };

  const postOnStep = stepMessageRoute(deps, { page, renderState, withHandOver });

  return withLogContext(
    actionLogKeys,
    middy<APIGatewayProxyEventV2, Result>()
      .use(httpErrorHandler({ logger: (error) => deps.logger.error('Unhandled error', { error }) }))
      .use(httpHeaderNormalizer())
      .use(refuseCrossSite(deps.config.publicBaseUrl))
      .use({
        onError: (request) => {
          const error = asUserFacing(request.error);
          if (!error) return;
          request.response = page(
            error.statusCode,
            renderMessagePage({
              title: error instanceof RefusedError ? error.refusal.title : titleFor(error.statusCode),
              message: error.message,
              status: error.statusCode,
              resources,
            }),
          );
        },
      })
      .handler(async (event) => {
        const method = event.requestContext.http.method.toUpperCase();
        const linkId = event.pathParameters?.id ?? '';
        const renewing = event.rawPath.endsWith('/renew');
        if (event.rawPath.endsWith('/hand-over')) return handOver(event, method, linkId);
        if (event.rawPath.endsWith('/messages')) {
          if (method !== 'POST')
            throw new UserFacingError('Use the form on the step page to write a message.', 405);
          return postOnStep(event, linkId);
        }

        if (method === 'GET' || method === 'HEAD') {
          if (renewing) throw new UserFacingError('Use the button on the page to ask for a new link.', 405);
          const response = renderState(await resolveLink(deps, linkId), linkId);
          return method === 'HEAD' ? { ...response, body: '' } : response;
        }
        if (method !== 'POST')
          throw new UserFacingError('This address only answers GET, HEAD and POST.', 405);

        if (renewing) {
          await renewLink(deps, linkId);
          return page(200, renderRenewSentPage({ resources }));
        }
        return submit(event, linkId);
      }),
  );

  /** `/a/{id}/hand-over`: GET shows the form, POST hands the staff step to the address given. */
  async function handOver(event: APIGatewayProxyEventV2, method: string, linkId: string): Promise<Result> {
    const formPage = (
      state: Extract<LinkState, { kind: 'open' }>,
      status: number,
      errors?: Record<string, string>,
      values?: Record<string, string | string[]>,
    ) =>
      page(
        status,
        renderHandOverPage({
          company: state.onboarding.company,
          stage: stageOf(state.wait),
          product: state.wait.product,
          holder: state.link.recipient,
          stepUrl: `/a/${linkId}`,
          resources,
          opsEmail: deps.config.teams.ops,
          errors,
          values,
        }),
      );
    if (method === 'GET' || method === 'HEAD') {
      const state = await resolveLinkToAct(deps, linkId, 'hand-over-step');
      if (state.kind !== 'open') return renderState(state, linkId);
      const response = formPage(state, 200);
      return method === 'HEAD' ? { ...response, body: '' } : response;
    }
    if (method !== 'POST') throw new UserFacingError('This address only answers GET, HEAD and POST.', 405);
    const fields = parseRequestBody(event);
    try {
      const outcome = await handOverFromLink(deps, { linkId, fields });
      if (outcome.kind === 'not-open') return renderState(outcome.state, linkId);
      return page(
        200,
        renderMessagePage({
          title: 'Handed over',
          message: `${outcome.result.handover.to} now has this step and was emailed their own link to it. Your link no longer works for it; nothing more is needed from you.`,
          status: 200,
          resources,
        }),
      );
    } catch (error) {
      if (!(error instanceof InvalidInputError) || Object.keys(error.fieldErrors).length === 0) throw error;
      const state = await resolveLink(deps, linkId);
      if (state.kind !== 'open') return renderState(state, linkId);
      const values = Object.fromEntries(
        Object.entries((fields ?? {}) as Record<string, unknown>).map(([key, value]) => [key, String(value)]),
      );
      return formPage(state, 400, error.fieldErrors, values);
    }
  }

  async function submit(event: APIGatewayProxyEventV2, linkId: string): Promise<Result> {
    const fields = parseRequestBody(event);
    if (isOnwards(fields)) {
      const onwards = await onwardsFromLink(deps, linkId);
      if (onwards.kind === 'none') return renderState(onwards.state, linkId);
      return {
        statusCode: 303,
        headers: { ...PAGE_HEADERS, location: new URL(onwards.url).pathname },
        body: '',
      };
    }
    try {
      const outcome = await submitAction(deps, { linkId, fields, ...requesterOf(event) });
      switch (outcome.kind) {
        case 'recorded':
          return page(
            200,
            renderDonePage({
              ...donePageView(deps, outcome.wait, outcome.onboarding, true),
              overviewUrl: outcome.overviewUrl,
            }),
          );
        case 'already-decided':
          if (recovery && outcome.onboarding.status === 'in-progress') {
            await resumeIfOrphaned({ ...deps, ...recovery, waits: deps.config.waits }, outcome.onboarding.id);
          }
          return page(
            409,
            renderDonePage({
              ...donePageView(deps, outcome.wait, outcome.onboarding, false),
              onwardsAction: `/a/${linkId}`,
            }),
          );
        default:
          return renderState(outcome, linkId);
      }
    } catch (error) {
      if (!(error instanceof InvalidInputError) || Object.keys(error.fieldErrors).length === 0) throw error;
      // Show the form again with the answers kept and each problem next to its field.
      const state = await resolveLink(deps, linkId);
      if (state.kind !== 'open') return renderState(state, linkId);
      const values = Object.fromEntries(
        Object.entries((fields ?? {}) as Record<string, unknown>).map(([key, value]) => [
          key,
          Array.isArray(value) ? value.map(String) : String(value),
        ]),
      );
      return page(
        400,
        renderActionPage({ ...actionPageView(deps, state), errors: error.fieldErrors, values }),
      );
    }
  }
}

/**
 * Every log line of a request says what it was (view, submit, renew); the onboarding and stage are
 * added once the link is resolved (see `resolveLink`). Never the link id: it is the credential.
 */
function actionLogKeys(event: APIGatewayProxyEventV2, context: unknown): LogKeys {
  const method = event.requestContext?.http?.method?.toUpperCase();
  const path = event.rawPath ?? '';
  const action =
    method !== 'POST'
      ? 'view-link'
      : path.endsWith('/renew')
        ? 'renew-link'
        : path.endsWith('/hand-over')
          ? 'hand-over'
          : path.endsWith('/messages')
            ? 'post-message'
            : 'submit-decision';
  return { action, requestId: requestIdOf(context) };
}

/** Staff steps offer a hand-over from their page; provider steps stay with the provider's people. */
export function withHandOver<T extends object>(
  view: T,
  state: Extract<LinkState, { kind: 'open' }>,
  linkId: string,
): T {
  return state.wait.role === 'provider' ? view : { ...view, handOverUrl: `/a/${linkId}/hand-over` };
}

/** The "Go to your checklist" button of a step that is over: its only field. */
function isOnwards(fields: unknown): boolean {
  return (
    typeof fields === 'object' && fields !== null && (fields as Record<string, unknown>).onwards === 'yes'
  );
}

function stageOf(wait: Wait) {
  return stageDefinition(wait.stage);
}

function titleFor(statusCode: number): string {
  if (statusCode === 404) return 'Link not found';
  if (statusCode === 403) return 'Not allowed';
  if (statusCode === 409) return 'Already done';
  if (statusCode === 413) return 'Too much data';
  if (statusCode === 503) return 'Please try again';
  return 'Something needs fixing';
}
