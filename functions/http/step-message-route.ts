import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type LinkState, resolveLinkToAct } from '../domain/action-link-flow.ts';
import { postMessage } from '../domain/conversation/post-message.ts';
import type { Dependencies } from '../domain/dependencies.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { type ActionPageView, renderActionPage } from '../pages/action-page.ts';
import { actionPageView } from './action-page-views.ts';
import { conversationView } from './conversation-views.ts';
import { PAGE_HEADERS } from './page-headers.ts';
import { parseRequestBody } from './request-body.ts';

type Result = APIGatewayProxyStructuredResultV2;
type OpenState = Extract<LinkState, { kind: 'open' }>;

/**
 * `POST /a/{id}/messages`: a question or an answer on the step, from its own page. The step does not
 * change; the page comes back (303) at its conversation, so reloading it sends nothing twice. A
 * message with a problem shows the page again with the problem by the message box and the text kept.
 */
export function stepMessageRoute(
  deps: Dependencies,
  page: {
    page: (statusCode: number, body: string) => Result;
    renderState: (state: LinkState, linkId: string) => Result;
    withHandOver: <T extends object>(view: T, state: OpenState, linkId: string) => T;
  },
) {
  return async (event: APIGatewayProxyEventV2, linkId: string): Promise<Result> => {
    const state = await resolveLinkToAct(deps, linkId, 'post-message');
    if (state.kind !== 'open') return page.renderState(state, linkId);
    const fields = parseRequestBody(event);
    try {
      await postMessage(deps, {
        credential: 'step-link',
        holder: state.link.recipient,
        linkRole: state.link.role,
        record: state,
        wait: state.wait,
        fields,
      });
      return {
        statusCode: 303,
        headers: { ...PAGE_HEADERS, location: `/a/${linkId}#conversation` },
        body: '',
      };
    } catch (error) {
      if (!(error instanceof InvalidInputError) || Object.keys(error.fieldErrors).length === 0) throw error;
      const typed = (fields ?? {}) as Record<string, unknown>;
      const view: ActionPageView = withConversation(
        deps,
        page.withHandOver(actionPageView(deps, state), state, linkId),
        state,
        linkId,
        {
          error: Object.values(error.fieldErrors).join(' '),
          value: typeof typed.message === 'string' ? typed.message : undefined,
        },
      );
      return page.page(400, renderActionPage({ ...view, errorSummary: 'Your message was not sent.' }));
    }
  };
}

/** The step's conversation on its own page: the holder writes on it from the same link. */
export function withConversation<T extends object>(
  deps: Pick<Dependencies, 'config'>,
  view: T,
  state: OpenState,
  linkId: string,
  form?: { error?: string; value?: string },
): T {
  const conversation = conversationView(
    deps,
    {
      onboarding: state.onboarding,
      wait: state.wait,
      waits: state.waits,
      messages: state.messages,
      credential: 'step-link',
      holder: state.link.recipient,
      linkRole: state.link.role,
    },
    { anchor: 'conversation', formAction: `/a/${linkId}/messages`, form },
  );
  return { ...view, conversation };
}
